"""The legacy subscription calls as orders (issue 14): each body becomes one
`POST /v1/orders` body (camelCase JSON), which the v1 order translator and the order
service then take as they take any order. Nothing here decides an order rule; it only
says which order actions a legacy call is (decisions LG1-LG6).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from zorders.api.schemas.legacy_subscriptions import (
    CancelSubscriptionIn,
    CreateSubscriptionIn,
    DatedCallIn,
    LegacyDatedIn,
    RenewSubscriptionIn,
    ResumeSubscriptionIn,
    SuspendSubscriptionIn,
    UpdateSubscriptionIn,
)
from zorders.api.v1.legacy_billing import Body, clean, processing
from zorders.api.v1.legacy_plans import (
    BlockOf,
    ChargeOf,
    charge_update,
    rate_plan,
    resolve_charge,
)
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.versions import ApiVersion

__all__ = [
    "cancel_order",
    "create_order",
    "renew_order",
    "resume_order",
    "suspend_order",
    "update_order",
]


def _order(order_date: date, account_number: str, subscription: Body, options: Body | None) -> Body:
    return clean(
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


def _renewal_terms(period: int | None, period_type: str | None, field: str) -> list[Body] | None:
    if period is None:
        if period_type is not None:
            raise DomainError(
                ErrorCode.MISSING_FIELD, f"'{field}' is needed with '{field}PeriodType'.", field
            )
        return None
    if period == 0:  # Zuora's default: no renewal term of its own (the order has none)
        return None
    return [clean({"period": period, "periodType": period_type or "Month"})]


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
    initial = clean(
        {
            "termType": b.term_type,
            "period": b.initial_term if b.term_type == "TERMED" else None,
            "periodType": (b.initial_term_period_type or "Month")
            if b.term_type == "TERMED"
            else None,
            "startDate": start,
        }
    )
    terms = clean(
        {
            "initialTerm": initial,
            "renewalSetting": b.renewal_setting,
            "renewalTerms": _renewal_terms(
                b.renewal_term, b.renewal_term_period_type, "renewalTerm"
            ),
            "autoRenew": b.auto_renew,
        }
    )
    create = clean(
        {
            "terms": terms,
            "subscribeToRatePlans": [rate_plan(p, block_of) for p in b.subscribe_to_rate_plans],
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
    subscription = clean({"orderActions": [action], "customFields": b.custom_fields()})
    options = processing(b, version, today=today, invoice_default=True)
    return _order(b.last_booking_date or today, account_number, subscription, options)


def update_order(
    b: UpdateSubscriptionIn,
    *,
    subscription_number: str,
    account_number: str,
    current_term_type: str,
    version: ApiVersion,
    today: date,
    block_of: BlockOf,
    charge_of: ChargeOf,
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
            last_term = clean(
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
                "termsAndConditions": clean(
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
        ref = clean(
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
            resolved = resolve_charge(charge_of, c.rate_plan_charge_id, where, block_of)
            updates.append(charge_update(c, resolved))
        ref = clean(
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
                "addProduct": rate_plan(a, block_of),
            }
        )
    if not actions:
        raise DomainError(
            ErrorCode.MISSING_FIELD,
            "The request changes nothing: give 'add', 'update', 'remove' or a term field.",
            "add",
        )
    subscription = clean(
        {
            "subscriptionNumber": subscription_number,
            "orderActions": actions,
            "customFields": b.custom_fields(),
            "notes": b.notes,
        }
    )
    return _order(order_date, account_number, subscription, processing(b, version, today=today))


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
    payload = clean(
        {
            "cancellationPolicy": b.cancellation_policy,
            "cancellationEffectiveDate": b.cancellation_effective_date,
        }
    )
    return _dated_order(b, [{"type": "CancelSubscription", "cancelSubscription": payload}], **where)


def renew_order(b: RenewSubscriptionIn, **where: Any) -> Body:
    return _dated_order(b, [{"type": "RenewSubscription", "renewSubscription": {}}], **where)


def _resume(b: ResumeSubscriptionIn | SuspendSubscriptionIn) -> Body:
    return clean(
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
    suspend = clean(
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
