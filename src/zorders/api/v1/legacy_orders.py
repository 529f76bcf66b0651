"""The legacy subscription calls as orders (issue 14): each body becomes one
`POST /v1/orders` body (camelCase JSON), which the v1 order translator and the order
service then take as they take any order. Nothing here decides an order rule; it only
says which order actions a legacy call is (decisions LG1-LG6).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from zorders.api.schemas.legacy_subscriptions import (
    CancelSubscriptionIn,
    CreateSubscriptionIn,
    DatedCallIn,
    LegacyBilling,
    LegacyChargeIn,
    LegacyChargeUpdateIn,
    LegacyDatedIn,
    RenewSubscriptionIn,
    ResumeSubscriptionIn,
    SuspendSubscriptionIn,
    UpdateSubscriptionIn,
)
from zorders.api.version_gates import gate
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.versions import ApiVersion

Body = dict[str, Any]
# The v1 pricing block of a catalog charge (`recurringPerUnit`, `discount`, ...), by its id.
BlockOf = Callable[[str], str]

__all__ = [
    "cancel_order",
    "create_order",
    "renew_order",
    "resume_order",
    "suspend_order",
    "update_order",
]

# Which Zuora-Version takes which billing switch (decision LG2; the client's field notes).
RUN_BILLING_SINCE = gate("legacy_run_billing").since
INVOICE_SINCE = gate("legacy_invoice").since


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _clean(values: Mapping[str, Any]) -> Body:
    """Drops absent values; dates as ISO text (the v1 order body is JSON)."""
    out: Body = {}
    for key, value in values.items():
        if value is None or value == {} or value == []:
            continue
        out[key] = _json(value)
    return out


def _refuse(field: str, message: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_VALUE, message, field)


def processing(
    b: LegacyBilling, version: ApiVersion, *, today: date, invoice_default: bool = False
) -> Body | None:
    """The call's billing switches as the order's `processingOptions` (LG2)."""
    given = b.model_fields_set
    if gate("legacy_run_billing").applies(version):
        for name, wire in (
            ("invoice", "invoice"),
            ("invoice_collect", "invoiceCollect"),
            ("invoice_target_date", "invoiceTargetDate"),
        ):
            if name in given and getattr(b, name) is not None:
                raise _refuse(
                    wire,
                    f"'{wire}' is not available from Zuora-Version {RUN_BILLING_SINCE} on; "
                    "use 'runBilling' and 'targetDate'.",
                )
        run = bool(b.run_billing)
        collect = bool(b.collect)
        target = b.target_date
    else:
        for name, wire in (("run_billing", "runBilling"), ("target_date", "targetDate")):
            if name in given and getattr(b, name) is not None:
                raise _refuse(
                    wire,
                    f"'{wire}' needs Zuora-Version {RUN_BILLING_SINCE} or later; "
                    f"this request is processed at {version.minor}.",
                )
        if gate("legacy_invoice").applies(version):
            if b.invoice_collect is not None:
                raise _refuse(
                    "invoiceCollect",
                    "'invoiceCollect' is available with Zuora-Version 186.0 to 189.0 only; "
                    "use 'invoice' and 'collect'.",
                )
            run = invoice_default if b.invoice is None else b.invoice
            collect = bool(b.collect)
        else:
            if b.invoice is not None or b.collect is not None:
                wire = "invoice" if b.invoice is not None else "collect"
                raise _refuse(
                    wire,
                    f"'{wire}' needs Zuora-Version {INVOICE_SINCE} or later; use 'invoiceCollect'.",
                )
            run = collect = bool(b.invoice_collect)
        target = b.invoice_target_date
    if collect and not run:
        raise _refuse("collect", "'collect' needs the call to bill ('runBilling' or 'invoice').")
    if not run:
        return None
    billing = _clean(
        {
            "targetDate": target or today,
            "documentDate": b.document_date,
            "creditMemoReasonCode": b.credit_memo_reason_code,
        }
    )
    return _clean(
        {
            "runBilling": True,
            "collectPayment": collect or None,
            "applyCredit": b.apply_credit or None,
            "billingOptions": billing,
        }
    )


def _order(order_date: date, account_number: str, subscription: Body, options: Body | None) -> Body:
    return _clean(
        {
            "orderDate": order_date,
            "existingAccountNumber": account_number,
            "subscriptions": [subscription],
            "processingOptions": options,
        }
    )


def _triggers(
    d: LegacyDatedIn | DatedCallIn | CreateSubscriptionIn, default: date | None = None
) -> list[Body]:
    """The action's trigger dates (a cancel, renew, suspend or resume has only its contract
    effective date; the order's date stands in for it when absent)."""
    rows = [
        ("ContractEffective", d.contract_effective_date or default),
        ("ServiceActivation", getattr(d, "service_activation_date", None)),
        ("CustomerAcceptance", getattr(d, "customer_acceptance_date", None)),
    ]
    return [{"name": n, "triggerDate": v.isoformat()} for n, v in rows if v is not None]


def _pricing(block: str, values: Mapping[str, Any]) -> Body | None:
    priced = _clean(values)
    return {block: priced} if priced else None


def _price_values(c: LegacyChargeIn | LegacyChargeUpdateIn) -> Body:
    dumped = c.model_dump(mode="json", by_alias=True, exclude_none=True)
    values = {
        "listPrice": dumped.get("price"),
        "quantity": dumped.get("quantity"),
        "tiers": dumped.get("tiers"),
        "includedUnits": dumped.get("includedUnits"),
        "overagePrice": dumped.get("overagePrice"),
    }
    if isinstance(c, LegacyChargeIn):
        values.update(
            discountPercentage=dumped.get("discountPercentage"),
            discountAmount=dumped.get("discountAmount"),
            applyDiscountTo=dumped.get("applyDiscountTo"),
            discountLevel=dumped.get("discountLevel"),
            listPriceBase=dumped.get("listPriceBase"),
        )
    return values


def _start(event: str | None, day: date | None) -> Body:
    return _clean(
        {"triggerEvent": event or ("SpecificDate" if day else None), "specificTriggerDate": day}
    )


def charge_override(c: LegacyChargeIn, block_of: BlockOf) -> Body:
    """One flat CreateSubscriptionComponent as v1's nested charge override."""
    return _clean(
        {
            "productRatePlanChargeId": c.product_rate_plan_charge_id,
            "chargeNumber": c.number,
            "description": c.description,
            "billing": _clean(
                {
                    "billCycleDay": c.bill_cycle_day,
                    "billCycleType": c.bill_cycle_type,
                    "billingPeriod": c.billing_period,
                    "billingPeriodAlignment": c.billing_period_alignment,
                    "billingTiming": c.billing_timing,
                    "specificBillingPeriod": c.specific_billing_period,
                    "weeklyBillCycleDay": c.weekly_bill_cycle_day,
                }
            ),
            "startDate": _start(c.trigger_event, c.trigger_date),
            "endDate": _clean(
                {
                    "endDateCondition": c.end_date_condition,
                    "specificEndDate": c.specific_end_date,
                    "upToPeriods": c.up_to_periods,
                    "upToPeriodsType": c.up_to_periods_type,
                }
            ),
            "pricing": _pricing(block_of(c.product_rate_plan_charge_id), _price_values(c)),
        }
    )


def _rate_plan(p: Any, block_of: BlockOf) -> Body:
    return _clean(
        {
            "productRatePlanId": p.product_rate_plan_id,
            "productRatePlanNumber": p.product_rate_plan_number,
            "chargeOverrides": [charge_override(c, block_of) for c in p.charge_overrides or ()],
        }
    )


def _renewal_terms(period: int | None, period_type: str | None, field: str) -> list[Body] | None:
    if period is None:
        if period_type is not None:
            raise DomainError(
                ErrorCode.MISSING_FIELD, f"'{field}' is needed with '{field}PeriodType'.", field
            )
        return None
    if period == 0:  # Zuora's default: no renewal term of its own (the order has none)
        return None
    return [_clean({"period": period, "periodType": period_type or "Month"})]


def create_order(
    b: CreateSubscriptionIn,
    *,
    account_number: str,
    invoice_owner_number: str | None,
    version: ApiVersion,
    today: date,
    block_of: BlockOf,
) -> Body:
    """POST /v1/subscriptions: one CreateSubscription action."""
    start = b.term_start_date or b.contract_effective_date
    initial = _clean(
        {
            "termType": b.term_type,
            "period": b.initial_term if b.term_type == "TERMED" else None,
            "periodType": (b.initial_term_period_type or "Month")
            if b.term_type == "TERMED"
            else None,
            "startDate": start,
        }
    )
    terms = _clean(
        {
            "initialTerm": initial,
            "renewalSetting": b.renewal_setting,
            "renewalTerms": _renewal_terms(
                b.renewal_term, b.renewal_term_period_type, "renewalTerm"
            ),
            "autoRenew": b.auto_renew,
        }
    )
    create = _clean(
        {
            "terms": terms,
            "subscribeToRatePlans": [_rate_plan(p, block_of) for p in b.subscribe_to_rate_plans],
            "subscriptionNumber": b.subscription_number,
            "invoiceOwnerAccountNumber": invoice_owner_number,
            "invoiceSeparately": b.invoice_separately,
            "notes": b.notes,
            "externallyManagedBy": b.externally_managed_by,
        }
    )
    action = {
        "type": "CreateSubscription",
        "triggerDates": _triggers(b),
        "createSubscription": create,
    }
    subscription = _clean({"orderActions": [action], "customFields": b.custom_fields()})
    options = processing(b, version, today=today, invoice_default=True)
    return _order(b.last_booking_date or today, account_number, subscription, options)


def _charge_update(u: LegacyChargeUpdateIn, resolved: tuple[str, str]) -> Body:
    number, block = resolved
    return _clean(
        {
            "chargeNumber": number,
            "description": u.description,
            "pricing": _pricing(block, _price_values(u)),
            "effectiveDate": _start(u.trigger_event, u.trigger_date),
        }
    )


def update_order(
    b: UpdateSubscriptionIn,
    *,
    subscription_number: str,
    account_number: str,
    current_term_type: str,
    version: ApiVersion,
    today: date,
    block_of: BlockOf,
    charge_of: Callable[[str], tuple[str, str]],
) -> Body:
    """PUT /v1/subscriptions/{key}: one order whose actions are, in this order (LG3), the
    terms change, then each `remove[]`, `update[]` and `add[]` in request order."""
    order_date = b.booking_date or today
    dated = [*(b.remove or ()), *(b.update or ()), *(b.add or ())]
    actions: list[Body] = []
    term_fields = {
        "term_type",
        "current_term",
        "current_term_period_type",
        "term_start_date",
        "renewal_term",
        "renewal_term_period_type",
        "renewal_setting",
        "auto_renew",
        "invoice_separately",
    }
    if term_fields & {f for f in b.model_fields_set if getattr(b, f) is not None}:
        last_term = None
        if b.term_type or b.current_term or b.term_start_date or b.current_term_period_type:
            term_type = b.term_type or current_term_type
            last_term = _clean(
                {
                    "termType": term_type,
                    "period": b.current_term if term_type == "TERMED" else None,
                    "periodType": b.current_term_period_type if term_type == "TERMED" else None,
                    "startDate": b.term_start_date,
                }
            )
        effective = min((d.contract_effective_date for d in dated), default=order_date)
        actions.append(
            {
                "type": "TermsAndConditions",
                "triggerDates": [
                    {"name": "ContractEffective", "triggerDate": effective.isoformat()}
                ],
                "termsAndConditions": _clean(
                    {
                        "lastTerm": last_term,
                        "renewalSetting": b.renewal_setting,
                        "renewalTerms": _renewal_terms(
                            b.renewal_term, b.renewal_term_period_type, "renewalTerm"
                        ),
                        "autoRenew": b.auto_renew,
                        "invoiceSeparately": b.invoice_separately,
                    }
                ),
            }
        )
    for r in b.remove or ():
        ref = _clean(
            {
                "ratePlanId": r.rate_plan_id,
                "subscriptionRatePlanNumber": r.subscription_rate_plan_number,
            }
        )
        actions.append(
            {"type": "RemoveProduct", "triggerDates": _triggers(r), "removeProduct": ref}
        )
    for i, u in enumerate(b.update or ()):
        updates = []
        for j, c in enumerate(u.charge_update_details or ()):
            where = f"update[{i}].chargeUpdateDetails[{j}].ratePlanChargeId"
            resolved = _charge(charge_of, c.rate_plan_charge_id, where, block_of)
            updates.append(_charge_update(c, resolved))
        ref = _clean(
            {
                "ratePlanId": u.rate_plan_id,
                "subscriptionRatePlanNumber": u.subscription_rate_plan_number,
                "chargeUpdates": updates,
            }
        )
        actions.append(
            {"type": "UpdateProduct", "triggerDates": _triggers(u), "updateProduct": ref}
        )
    for a in b.add or ():
        actions.append(
            {
                "type": "AddProduct",
                "triggerDates": _triggers(a),
                "addProduct": _rate_plan(a, block_of),
            }
        )
    if not actions:
        raise DomainError(
            ErrorCode.MISSING_FIELD,
            "The request changes nothing: give 'add', 'update', 'remove' or a term field.",
            "add",
        )
    subscription = _clean(
        {
            "subscriptionNumber": subscription_number,
            "orderActions": actions,
            "customFields": b.custom_fields(),
            "notes": b.notes,
        }
    )
    return _order(order_date, account_number, subscription, processing(b, version, today=today))


def _charge(
    charge_of: Callable[[str], tuple[str, str]], key: str, where: str, block_of: BlockOf
) -> tuple[str, str]:
    """The subscription charge's number and the pricing block of its catalog charge."""
    try:
        number, catalog_id = charge_of(key)
    except KeyError:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"'{where}' names no charge of this subscription: '{key}'.",
            where,
        ) from None
    return number, block_of(catalog_id)


def _dated_order(
    b: DatedCallIn,
    actions: list[Body],
    *,
    subscription_number: str,
    account_number: str,
    version: ApiVersion,
    today: date,
) -> Body:
    order_date = b.order_date or b.booking_date or today
    for action in actions:
        action["triggerDates"] = _triggers(b)
    subscription = {"subscriptionNumber": subscription_number, "orderActions": actions}
    return _order(order_date, account_number, subscription, processing(b, version, today=today))


def cancel_order(b: CancelSubscriptionIn, **where: Any) -> Body:
    payload = _clean(
        {
            "cancellationPolicy": b.cancellation_policy,
            "cancellationEffectiveDate": b.cancellation_effective_date,
        }
    )
    return _dated_order(b, [{"type": "CancelSubscription", "cancelSubscription": payload}], **where)


def renew_order(b: RenewSubscriptionIn, **where: Any) -> Body:
    return _dated_order(b, [{"type": "RenewSubscription", "renewSubscription": {}}], **where)


def _resume(b: ResumeSubscriptionIn | SuspendSubscriptionIn) -> Body:
    return _clean(
        {
            "resumePolicy": b.resume_policy,
            "resumePeriods": b.resume_periods,
            "resumePeriodsType": b.resume_periods_type,
            "resumeSpecificDate": b.resume_specific_date,
            "extendsTerm": b.extends_term,
        }
    )


def resume_order(b: ResumeSubscriptionIn, **where: Any) -> Body:
    return _dated_order(b, [{"type": "Resume", "resume": _resume(b)}], **where)


def suspend_order(b: SuspendSubscriptionIn, **where: Any) -> Body:
    """A suspend; with `resume: true` the resume too, as the order's second action (LG4)."""
    suspend = _clean(
        {
            "suspendPolicy": b.suspend_policy,
            "suspendPeriods": b.suspend_periods,
            "suspendPeriodsType": b.suspend_periods_type,
            "suspendSpecificDate": b.suspend_specific_date,
        }
    )
    actions = [{"type": "Suspend", "suspend": suspend}]
    if b.resume:
        if b.resume_policy is None:
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                "'resumePolicy' is needed with 'resume: true'.",
                "resumePolicy",
            )
        actions.append({"type": "Resume", "resume": _resume(b)})
    return _dated_order(b, actions, **where)
