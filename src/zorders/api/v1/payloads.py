"""v1 order action objects (`createSubscription`, `addProduct`, ...) into the payloads of
`ActionCommand`: domain values, references left unresolved."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zorders.api.v1.values import amount, day, enum
from zorders.domain.calendar import PeriodType
from zorders.domain.catalog.enums import (
    ApplyDiscountTo,
    BillCycleType,
    BillingPeriod,
    BillingPeriodAlignment,
    BillingTiming,
    DiscountLevel,
    EndDateCondition,
    ListPriceBase,
    PriceFormat,
    UpToPeriodsType,
    WeeklyBillCycleDay,
)
from zorders.domain.catalog.model import ChargeTier
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_term
from zorders.domain.orders.actions import (
    BillingOverride,
    CancellationPolicy,
    CancelSubscription,
    ChangePlanEffectivePolicy,
    ChangePlanSubType,
    ChargeOverride,
    ChargeRef,
    ChargeUpdate,
    InitialTerms,
    LastTerm,
    OrderActionType,
    PricingOverride,
    RatePlanRef,
    RemoveProduct,
    RenewSubscription,
    Resume,
    ResumePolicy,
    Suspend,
    SuspendPolicy,
    TermsAndConditions,
    UpdateProduct,
)
from zorders.domain.subscription.model import (
    ExternallyManagedBy,
    RenewalSetting,
    TermLength,
    TermType,
    TriggerEvent,
)
from zorders.services.orders.commands import (
    AddProductCommand,
    ChangePlanCommand,
    CreateSubscriptionCommand,
    OwnerTransferCommand,
    PayloadCommand,
    PlanKey,
    RatePlanCommand,
)

Body = Mapping[str, Any]


def rate_plan_ref(body: Body) -> RatePlanRef:
    return RatePlanRef(
        rate_plan_id=body.get("ratePlanId"),
        subscription_rate_plan_number=body.get("subscriptionRatePlanNumber"),
        unique_token=body.get("uniqueToken"),
        product_rate_plan_id=body.get("productRatePlanId"),
        product_rate_plan_number=body.get("productRatePlanNumber"),
    )


def new_rate_plan(body: Body) -> RatePlanCommand:
    return RatePlanCommand(
        plan=PlanKey(body.get("productRatePlanId"), body.get("productRatePlanNumber")),
        charge_overrides=tuple(charge_override(c) for c in body.get("chargeOverrides") or ()),
        unique_token=body.get("uniqueToken"),
        subscription_rate_plan_number=body.get("subscriptionRatePlanNumber"),
        custom_fields=dict(body.get("customFields") or {}),
    )


def payload(kind: OrderActionType, b: Body) -> PayloadCommand:
    if kind is OrderActionType.CREATE_SUBSCRIPTION:
        return create_subscription(b)
    if kind is OrderActionType.ADD_PRODUCT:
        return AddProductCommand(new_rate_plan(b))
    if kind is OrderActionType.UPDATE_PRODUCT:
        return UpdateProduct(
            target=rate_plan_ref(b),
            charge_updates=tuple(charge_update(u) for u in b.get("chargeUpdates") or ()),
            custom_fields=dict(b.get("customFields") or {}),
        )
    if kind is OrderActionType.REMOVE_PRODUCT:
        return RemoveProduct(rate_plan_ref(b))
    if kind is OrderActionType.RENEW_SUBSCRIPTION:
        return RenewSubscription()
    if kind is OrderActionType.CANCEL_SUBSCRIPTION:
        return CancelSubscription(
            policy=CancellationPolicy(b["cancellationPolicy"]),
            effective_date=day(b.get("cancellationEffectiveDate")),
        )
    if kind is OrderActionType.SUSPEND:
        return Suspend(
            policy=SuspendPolicy(b["suspendPolicy"]),
            periods=b.get("suspendPeriods"),
            periods_type=enum(PeriodType, b.get("suspendPeriodsType")),
            specific_date=day(b.get("suspendSpecificDate")),
        )
    if kind is OrderActionType.RESUME:
        return Resume(
            policy=ResumePolicy(b["resumePolicy"]),
            periods=b.get("resumePeriods"),
            periods_type=enum(PeriodType, b.get("resumePeriodsType")),
            specific_date=day(b.get("resumeSpecificDate")),
            extends_term=bool(b.get("extendsTerm")),
        )
    if kind is OrderActionType.TERMS_AND_CONDITIONS:
        last = b.get("lastTerm")
        return TermsAndConditions(
            last_term=None
            if last is None
            else LastTerm(
                term_type=TermType(last["termType"]),
                period=None
                if last.get("period") is None
                else check_term(
                    int(last["period"]), last.get("periodType") or "Month", "lastTerm.period"
                ),
                period_type=enum(PeriodType, last.get("periodType")),
                start_date=day(last.get("startDate")),
            ),
            renewal_setting=enum(RenewalSetting, b.get("renewalSetting")),
            renewal_terms=None
            if b.get("renewalTerms") is None
            else tuple(
                _term_length(t, f"renewalTerms[{i}]") for i, t in enumerate(b["renewalTerms"])
            ),
            auto_renew=b.get("autoRenew"),
            invoice_separately=b.get("invoiceSeparately"),
        )
    if kind is OrderActionType.OWNER_TRANSFER:
        return OwnerTransferCommand(
            destination_account=b.get("destinationAccountNumber") or None,
            destination_invoice_account=b.get("destinationInvoiceAccountNumber") or None,
        )
    # ChangePlan
    new_plan = b.get("newProductRatePlan")
    if new_plan is None:
        raise DomainError(
            ErrorCode.MISSING_FIELD,
            "'newProductRatePlan' may not be null",
            "newProductRatePlan",
        )
    return ChangePlanCommand(
        target=rate_plan_ref(b),
        new_rate_plan=new_rate_plan(new_plan),
        effective_policy=enum(ChangePlanEffectivePolicy, b.get("effectivePolicy")),
        effective_date=day(b.get("effectiveDate")),
        sub_type=enum(ChangePlanSubType, b.get("subType")),
        reset_bcd=bool(b.get("resetBcd")),
    )


def create_subscription(b: Body) -> CreateSubscriptionCommand:
    terms = b.get("terms") or {}
    initial = terms.get("initialTerm")
    if not initial or not initial.get("termType"):
        raise DomainError(
            ErrorCode.MISSING_FIELD,
            "'terms.initialTerm.termType' may not be null",
            "termType",
        )
    term_type = TermType(initial["termType"])
    period = initial.get("period")
    owner = b.get("subscriptionOwnerAccountNumber")
    invoice_owner = b.get("invoiceOwnerAccountNumber")
    plans = list(b.get("subscribeToRatePlans") or ()) + list(b.get("subscribeToProducts") or ())
    managed = b.get("externallyManagedBy")
    return CreateSubscriptionCommand(
        terms=InitialTerms(
            term_type=term_type,
            initial_term=_term_length(initial, "terms.initialTerm") if period is not None else None,
            start_date=day(initial.get("startDate")),
            renewal_setting=RenewalSetting(
                terms.get("renewalSetting") or RenewalSetting.RENEW_WITH_SPECIFIC_TERM
            ),
            renewal_terms=tuple(
                _term_length(t, f"terms.renewalTerms[{i}]")
                for i, t in enumerate(terms.get("renewalTerms") or ())
            ),
            auto_renew=bool(terms.get("autoRenew")),
        ),
        rate_plans=tuple(new_rate_plan(p) for p in plans),
        owner_account=owner or None,
        invoice_owner_account=invoice_owner or None,
        currency=b.get("currency"),
        subscription_number=b.get("subscriptionNumber"),
        invoice_separately=bool(b.get("invoiceSeparately")),
        notes=b.get("notes"),
        externally_managed_by=ExternallyManagedBy(managed) if managed else None,
        unique_token=b.get("uniqueToken") or None,
    )


def pricing(block: Body | None) -> PricingOverride | None:
    """One model-specific block (`recurringPerUnit`, `discount`, ...) of `pricing`."""
    if not block:
        return None
    chosen = [v for v in block.values() if isinstance(v, Mapping)]
    if len(chosen) != 1:
        raise DomainError(
            ErrorCode.INVALID_PRICING_OVERRIDE,
            "'pricing' takes exactly one block, such as recurringPerUnit or discount.",
            "pricing",
        )
    p = chosen[0]
    tiers = p.get("tiers")
    return PricingOverride(
        quantity=amount(p.get("quantity")),
        list_price=amount(p.get("listPrice")),
        tiers=None if tiers is None else tuple(tier(t, i) for i, t in enumerate(tiers)),
        included_units=amount(p.get("includedUnits")),
        overage_price=amount(p.get("overagePrice")),
        discount_percentage=amount(p.get("discountPercentage")),
        discount_amount=amount(p.get("discountAmount")),
        list_price_base=enum(ListPriceBase, p.get("listPriceBase")),
        specific_list_price_base=p.get("specificListPriceBase"),
        apply_discount_to=enum(ApplyDiscountTo, p.get("applyDiscountTo")),
        discount_level=enum(DiscountLevel, p.get("discountLevel")),
    )


def tier(body: Body, index: int) -> ChargeTier:
    ending = amount(body.get("endingUnit"))
    return ChargeTier(
        currency="",
        tier=int(body.get("tier") or index + 1),
        price=amount(body.get("price")) or Decimal(0),
        price_format=PriceFormat(body.get("priceFormat") or "PerUnit"),
        starting_unit=amount(body.get("startingUnit")),
        # `endingUnit: -1` (or absent) is an open last tier.
        ending_unit=None if ending is not None and ending < 0 else ending,
    )


def charge_override(body: Body) -> ChargeOverride:
    billing = body.get("billing") or {}
    start = body.get("startDate") or {}
    end = body.get("endDate") or {}
    return ChargeOverride(
        product_rate_plan_charge_id=str(body.get("productRatePlanChargeId") or ""),
        charge_number=body.get("chargeNumber"),
        unique_token=body.get("uniqueToken"),
        description=body.get("description"),
        custom_fields=dict(body.get("customFields") or {}),
        billing=BillingOverride(
            bill_cycle_day=billing.get("billCycleDay"),
            bill_cycle_type=enum(BillCycleType, billing.get("billCycleType")),
            billing_period=enum(BillingPeriod, billing.get("billingPeriod")),
            billing_period_alignment=enum(
                BillingPeriodAlignment, billing.get("billingPeriodAlignment")
            ),
            billing_timing=enum(BillingTiming, billing.get("billingTiming")),
            specific_billing_period=billing.get("specificBillingPeriod"),
            weekly_bill_cycle_day=enum(WeeklyBillCycleDay, billing.get("weeklyBillCycleDay")),
        ),
        trigger_event=enum(TriggerEvent, start.get("triggerEvent")),
        specific_trigger_date=day(start.get("specificTriggerDate")),
        end_date_condition=_end_condition(end.get("endDateCondition")),
        specific_end_date=day(end.get("specificEndDate")),
        up_to_periods=end.get("upToPeriods"),
        up_to_periods_type=enum(UpToPeriodsType, end.get("upToPeriodsType")),
        pricing=pricing(body.get("pricing")),
    )


def charge_update(b: Body) -> ChargeUpdate:
    effective = b.get("effectiveDate") or {}
    return ChargeUpdate(
        ref=ChargeRef(
            charge_number=b.get("chargeNumber"),
            unique_token=b.get("uniqueToken"),
            product_rate_plan_charge_id=b.get("productRatePlanChargeId"),
        ),
        pricing=pricing(b.get("pricing")),
        trigger_event=enum(TriggerEvent, effective.get("triggerEvent")),
        specific_trigger_date=day(effective.get("specificTriggerDate")),
        description=b.get("description"),
        custom_fields=dict(b.get("customFields") or {}),
        billing_period_alignment=enum(
            BillingPeriodAlignment, (b.get("billing") or {}).get("billingPeriodAlignment")
        ),
    )


def _term_length(body: Body, field: str = "terms") -> TermLength:
    period_type = PeriodType(body.get("periodType") or "Month")
    period = check_term(int(body["period"]), period_type.value, f"{field}.period")
    return TermLength(period, period_type)


def _end_condition(value: Any) -> EndDateCondition | None:
    """`Specific_End_Date` is carried by the charge's specific end date."""
    if value is None or value == "Specific_End_Date":
        return None
    return EndDateCondition(value)
