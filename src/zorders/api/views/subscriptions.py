"""Subscription versions in the shape of GetSubscriptionResponse (spec §13.4).

Status is computed as of the tenant's today (decisions.md #15); MRR and TCV come from
`domain.subscription.metrics` and are rounded to the currency at this edge only. Values
read beside the version (`SubscriptionFacts`: when it was stored, its order's date, the
catalog charges) fill the keys Zuora documents for them (decision RS2).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from zorders.api.views.accounts import account_basic_info
from zorders.domain.accounts import Account
from zorders.domain.catalog.enums import BillCycleType, ChargeModel
from zorders.domain.catalog.model import ProductRatePlanCharge
from zorders.domain.money import quantize
from zorders.domain.subscription.delta_metrics import segment_deltas
from zorders.domain.subscription.metrics import (
    charge_mrr,
    charge_tcv,
    reference_day,
    subscription_metrics,
)
from zorders.domain.subscription.model import Charge, RatePlan, Segment, Subscription
from zorders.domain.subscription.net_metrics import mrr_taken_off, net_metrics
from zorders.domain.subscription.status_history import status_history
from zorders.services.orders.reads import SubscriptionFacts


class ChargeDetail(StrEnum):
    """`charge-detail`: which segments of each charge a read shows."""

    LAST_SEGMENT = "last-segment"
    ALL_SEGMENTS = "all-segments"
    CURRENT_SEGMENT = "current-segment"
    SPECIFIC_SEGMENT = "specific-segment"


def _pricing_summary(charge: Charge, segment: Segment, currency: str) -> str:
    unit = f"/{charge.uom}" if charge.uom else ""
    if segment.discount_percentage is not None:
        return f"{segment.discount_percentage}% discount"
    if segment.tiers:
        parts = []
        for t in segment.tiers:
            end = t.ending_unit if t.ending_unit is not None else "+"
            parts.append(f"{t.starting_unit} to {end}: {currency}{t.price}{unit}")
        return "; ".join(parts)
    if segment.overage_price is not None:
        return f"{currency}{segment.overage_price}{unit} over {segment.included_units or 0}"
    if segment.price is not None:
        return f"{currency}{segment.price}{unit if segment.quantity is not None else ''}"
    return ""


def _billing_day(charge: Charge) -> str:
    if charge.bill_cycle_type is BillCycleType.SPECIFIC_DAY_OF_MONTH and charge.bill_cycle_day:
        return str(charge.bill_cycle_day)
    if (
        charge.bill_cycle_type is BillCycleType.SPECIFIC_DAY_OF_WEEK
        and charge.weekly_bill_cycle_day
    ):
        return charge.weekly_bill_cycle_day.value
    return charge.bill_cycle_type.value


def _segments(charge: Charge, detail: ChargeDetail, as_of: date) -> list[Segment | None]:
    if not charge.segments:
        return [None]  # a pending charge: shown once, without dates
    if detail is ChargeDetail.ALL_SEGMENTS:
        return list(charge.segments)
    if detail in (ChargeDetail.CURRENT_SEGMENT, ChargeDetail.SPECIFIC_SEGMENT):
        found = charge.segment_on(as_of)
        if found is not None:
            return [found]
        # Before the charge starts: its first segment; after it ends: its last.
        return [charge.segments[0] if as_of < charge.segments[0].start else charge.last_segment]
    return [charge.last_segment]


def _list_price(catalog: ProductRatePlanCharge | None, currency: str) -> Decimal | None:
    """The catalog's price of a flat fee or per-unit charge in `currency`."""
    if catalog is None or catalog.charge_model not in (ChargeModel.FLAT_FEE, ChargeModel.PER_UNIT):
        return None
    tiers = catalog.tiers_in(currency)
    return tiers[0].price if len(tiers) == 1 else None


def charge_body(
    charge: Charge,
    segment: Segment | None,
    subscription: Subscription,
    currency: str,
    catalog: ProductRatePlanCharge | None = None,
) -> dict[str, Any]:
    values = segment or charge.pending_values or Segment(segment=1, start=date.min, end=None)
    dated = segment is not None
    mrr = quantize(charge_mrr(charge, segment.start), currency) if segment else Decimal(0)
    dmrc, dtcv = segment_deltas(charge, segment) if segment else (Decimal(0), Decimal(0))
    body: dict[str, Any] = {
        "id": charge.id,
        "originalChargeId": charge.original_id,
        "number": charge.number,
        "name": charge.name,
        "type": charge.charge_type.value,
        "model": charge.charge_model.value,
        "description": charge.description,
        "productRatePlanChargeId": charge.product_rate_plan_charge_id,
        "productRatePlanChargeNumber": catalog.product_rate_plan_charge_number if catalog else None,
        "originalListPrice": _list_price(catalog, currency),
        "taxable": catalog.taxable if catalog else None,
        "taxCode": catalog.tax_code if catalog else None,
        "version": subscription.version,
        "segment": values.segment if dated else 1,
        "isLastSegment": (segment is charge.last_segment) if dated else True,
        "effectiveStartDate": segment.start if segment else None,
        "effectiveEndDate": segment.end if segment else None,
        "triggerEvent": charge.trigger_event.value,
        "triggerDate": charge.trigger_date or charge.specific_trigger_date,
        "specificEndDate": charge.specific_end_date,
        "endDateCondition": "Specific_End_Date"
        if charge.specific_end_date
        else charge.end_date_condition.value,
        "upToPeriods": charge.up_to_periods,
        "upToPeriodsType": charge.up_to_periods_type.value,
        "billingDay": _billing_day(charge),
        "billingPeriod": charge.billing_period.value,
        "specificBillingPeriod": charge.specific_billing_period,
        "billingPeriodAlignment": charge.billing_period_alignment.value,
        "billingTiming": charge.billing_timing.value,
        "listPriceBase": charge.list_price_base.value,
        "quantity": values.quantity,
        "price": values.price if values.discount_percentage is None else None,
        "tiers": [
            {
                "tier": t.tier,
                "startingUnit": t.starting_unit,
                "endingUnit": t.ending_unit,
                "price": t.price,
                "priceFormat": t.price_format.value,
            }
            for t in values.tiers
        ]
        or None,
        "includedUnits": values.included_units,
        "overagePrice": values.overage_price,
        "discountPercentage": values.discount_percentage,
        "discountAmount": values.price
        if charge.charge_model.value == "DiscountFixedAmount"
        else None,
        "applyDiscountTo": charge.apply_discount_to.value if charge.apply_discount_to else None,
        "discountLevel": charge.discount_level.value if charge.discount_level else None,
        "uom": charge.uom,
        "currency": currency,
        "pricingSummary": _pricing_summary(charge, values, currency),
        "mrr": mrr,
        "tcv": quantize(charge_tcv(charge), currency),
        "dmrc": quantize(dmrc, currency),
        "dtcv": quantize(dtcv, currency),
        "chargedThroughDate": charge.charged_through_date,
        "processedThroughDate": charge.processed_through_date,
        "done": False,
        **charge.custom_fields,
    }
    return {k: v for k, v in body.items() if v is not None}


def rate_plan_body(
    plan: RatePlan,
    subscription: Subscription,
    detail: ChargeDetail,
    as_of: date,
    measured_on: date,
    facts: SubscriptionFacts | None = None,
    taken_off: dict[str, Decimal] | None = None,
) -> dict[str, Any]:
    """`taken_off`: by charge number, the MRR percentage discounts take off (RK6)."""
    currency = subscription.currency
    catalog = facts.catalog_charges if facts else {}
    charges = [
        charge_body(c, s, subscription, currency, catalog.get(c.product_rate_plan_charge_id))
        for c in plan.charges
        for s in _segments(c, detail, as_of)
    ]
    mrr = sum((charge_mrr(c, measured_on) for c in plan.charges), Decimal(0))
    off = sum(((taken_off or {}).get(c.number, Decimal(0)) for c in plan.charges), Decimal(0))
    body: dict[str, Any] = {
        "id": plan.id,
        "originalRatePlanId": plan.original_id,
        "subscriptionRatePlanNumber": plan.subscription_rate_plan_number,
        "lastChangeType": plan.last_change_type.value if plan.last_change_type else None,
        "productId": plan.product_id,
        "productName": plan.product_name,
        "productSku": plan.product_sku,
        "productRatePlanId": plan.product_rate_plan_id,
        "productRatePlanNumber": plan.product_rate_plan_number,
        "ratePlanName": plan.name,
        "contractedMrr": quantize(mrr, currency),
        # Less what percentage discounts take off this plan's charges, wherever the
        # discount sits (RK6): the plans' nets add up to the subscription's.
        "contractedNetMrr": quantize(mrr - off, currency),
        "ratePlanCharges": charges,
        **plan.custom_fields,
    }
    return {k: v for k, v in body.items() if v is not None}


def _stamp(value: datetime | None) -> str | None:
    """`yyyy-mm-dd HH:MM:SS`, in UTC (as GET order shows its timestamps)."""
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else None


def subscription_body(
    subscription: Subscription,
    *,
    today: date,
    latest_version: int,
    owner: Account | None,
    invoice_owner: Account | None,
    detail: ChargeDetail = ChargeDetail.LAST_SEGMENT,
    as_of: date | None = None,
    facts: SubscriptionFacts | None = None,
) -> dict[str, Any]:
    terms = subscription.terms
    facts = facts or SubscriptionFacts()
    measured_on = reference_day(subscription, as_of or today)
    metrics = subscription_metrics(subscription, measured_on)
    netted = net_metrics(subscription, metrics, measured_on)
    taken_off = mrr_taken_off(subscription, metrics, measured_on)
    # "As of day": the tenant's today, not clamped into the subscription's life (RK5).
    today_metrics = subscription_metrics(subscription, today)
    today_net = net_metrics(subscription, today_metrics, today)
    currency = subscription.currency
    renewal = terms.next_renewal_term()
    last_suspension = subscription.suspensions[-1] if subscription.suspensions else None
    body: dict[str, Any] = {
        "success": True,
        "id": subscription.id,
        "subscriptionNumber": subscription.number,
        "version": subscription.version,
        "revision": f"{subscription.version}.0",
        "isLatestVersion": subscription.version == latest_version,
        "status": subscription.status_on(today).value,
        "accountId": subscription.account_id,
        "accountNumber": owner.account_number if owner else None,
        "accountName": owner.name if owner else None,
        "invoiceOwnerAccountId": subscription.invoice_owner_account_id,
        "invoiceOwnerAccountNumber": invoice_owner.account_number if invoice_owner else None,
        "invoiceOwnerAccountName": invoice_owner.name if invoice_owner else None,
        "currency": currency,
        "contractEffectiveDate": subscription.contract_effective_date,
        "serviceActivationDate": subscription.service_activation_date,
        "customerAcceptanceDate": subscription.customer_acceptance_date,
        "subscriptionStartDate": subscription.subscription_start_date,
        "subscriptionEndDate": subscription.subscription_end_date,
        "termStartDate": terms.term_start_date,
        "termEndDate": terms.term_end_date,
        "termType": terms.term_type.value,
        "initialTerm": terms.initial_term.period if terms.initial_term else None,
        "initialTermPeriodType": terms.initial_term.period_type.value
        if terms.initial_term
        else None,
        "currentTerm": terms.current_term.period if terms.current_term else None,
        "currentTermPeriodType": terms.current_term.period_type.value
        if terms.current_term
        else None,
        "renewalTerm": renewal.period if renewal and terms.term_type.value == "TERMED" else None,
        "renewalTermPeriodType": renewal.period_type.value
        if renewal and terms.term_type.value == "TERMED"
        else None,
        "renewalSetting": terms.renewal_setting.value,
        "autoRenew": terms.auto_renew,
        "invoiceSeparately": subscription.invoice_separately,
        "notes": subscription.notes,
        "externallyManagedBy": subscription.externally_managed_by,
        "orderNumber": subscription.order_number,
        "cancelReason": subscription.cancel_reason,
        "scheduledCancelDate": subscription.cancelled_date
        if subscription.cancelled_date and subscription.cancelled_date > today
        else None,
        # The latest suspension's dates while they are ahead (a resume may be scheduled
        # with it, so it need not be open).
        "scheduledSuspendDate": last_suspension.suspend_date
        if last_suspension and last_suspension.suspend_date > today
        else None,
        "scheduledResumeDate": last_suspension.resume_date
        if last_suspension and last_suspension.resume_date and last_suspension.resume_date > today
        else None,
        # "For a subscription created or changed by an order, the order date."
        "lastBookingDate": facts.order_date,
        "createTime": _stamp(facts.stored_at),
        "updateTime": _stamp(facts.stored_at),
        "totalNumberOfChargeSegments": sum(
            len(c.segments) for p in subscription.rate_plans for c in p.charges
        ),
        "statusHistory": [
            {"startDate": p.start, "endDate": p.end, "status": p.status}
            for p in status_history(subscription)
        ],
        "contractedMrr": quantize(metrics.contracted_mrr, currency),
        "contractedNetMrr": quantize(netted.net_mrr, currency),
        "totalContractedValue": quantize(metrics.total_contracted_value, currency),
        "netTotalContractedValue": quantize(netted.net_tcv, currency),
        "asOfDayGrossMrr": quantize(today_metrics.contracted_mrr, currency),
        "asOfDayNetMrr": quantize(today_net.net_mrr, currency),
        "accountOwnerDetails": account_basic_info(owner) if owner else None,
        "invoiceOwnerAccountDetails": account_basic_info(invoice_owner) if invoice_owner else None,
        "ratePlans": [
            rate_plan_body(p, subscription, detail, as_of or today, measured_on, facts, taken_off)
            for p in subscription.rate_plans
        ],
        **subscription.custom_fields,
    }
    return {k: v for k, v in body.items() if v is not None}
