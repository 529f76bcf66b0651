"""Object Query rate plans and rate plan charges of a subscription version (the official
client's `ExpandedRatePlan`, `ExpandedRatePlanCharge`), read from the version itself: a
subscription's `expand[]=rateplans` and `rateplans.rateplancharges` (decision OQ14)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zorders.api.object_query.objects import custom, view
from zorders.domain.subscription.model import Charge, RatePlan, Subscription

RATE_PLAN_FIELDS = (
    "id", "subscriptionId", "name", "productId", "productName", "productRatePlanId",
    "productRatePlanNumber", "subscriptionRatePlanNumber", "originalRatePlanId",
    "amendmentType", "removedDate", "createdDate", "ratePlanCharges",
)  # fmt: skip
CHARGE_FIELDS = (
    "id", "ratePlanId", "originalId", "chargeNumber", "name", "chargeType", "chargeModel",
    "productRatePlanChargeId", "description", "segment", "isLastSegment",
    "effectiveStartDate", "effectiveEndDate", "triggerEvent", "triggerDate",
    "billingPeriod", "billingTiming", "billingPeriodAlignment", "listPriceBase", "quantity",
    "price", "discountPercentage", "includedUnits", "overagePrice", "uOM",
    "chargedThroughDate", "processedThroughDate", "version", "createdDate",
)  # fmt: skip


TIER_FIELDS = ("id", "tier", "currency", "startingUnit", "endingUnit", "price", "priceFormat")


def tiers_view(c: Charge, today: date) -> list[dict[str, Any]]:
    """The price tiers of the charge's segment in force today, else its last (OQ16)."""
    segment = c.segment_on(today) or (c.segments[-1] if c.segments else None)
    return [
        view(
            id=t.id or None,
            tier=t.tier,
            currency=t.currency,
            startingUnit=t.starting_unit,
            endingUnit=t.ending_unit,
            price=t.price,
            priceFormat=t.price_format,
        )
        for t in (segment.tiers if segment else ())
    ]


def charge_view(
    s: Subscription, plan: RatePlan, c: Charge, today: date, created: Any = None
) -> dict[str, Any]:
    # The segment in force today, else the last one (a charge is one row here).
    segment = c.segment_on(today) or (c.segments[-1] if c.segments else None)
    return {
        **view(
            id=c.id,
            ratePlanId=plan.id,
            originalId=c.original_id,
            chargeNumber=c.number,
            name=c.name,
            chargeType=c.charge_type,
            chargeModel=c.charge_model,
            productRatePlanChargeId=c.product_rate_plan_charge_id,
            description=c.description or None,
            segment=segment.segment if segment else None,
            isLastSegment=segment is c.segments[-1] if segment else None,
            effectiveStartDate=segment.start if segment else None,
            effectiveEndDate=segment.end if segment else None,
            triggerEvent=c.trigger_event,
            triggerDate=c.trigger_date or c.specific_trigger_date,
            billingPeriod=c.billing_period,
            billingTiming=c.billing_timing,
            billingPeriodAlignment=c.billing_period_alignment,
            listPriceBase=c.list_price_base,
            quantity=segment.quantity if segment else None,
            price=segment.price if segment else None,
            discountPercentage=segment.discount_percentage if segment else None,
            includedUnits=segment.included_units if segment else None,
            overagePrice=segment.overage_price if segment else None,
            uOM=c.uom,
            chargedThroughDate=c.charged_through_date,
            processedThroughDate=c.processed_through_date,
            version=s.version,
            createdDate=created,
        ),
        **custom(c.custom_fields),
    }


def rate_plan_view(
    s: Subscription, plan: RatePlan, today: date, *, charges: bool, created: Any = None
) -> dict[str, Any]:
    one = {
        **view(
            id=plan.id,
            subscriptionId=s.id,
            name=plan.name,
            productId=plan.product_id,
            productName=plan.product_name,
            productRatePlanId=plan.product_rate_plan_id,
            productRatePlanNumber=plan.product_rate_plan_number,
            subscriptionRatePlanNumber=plan.subscription_rate_plan_number,
            originalRatePlanId=plan.original_id,
            amendmentType=plan.last_change_type,
            removedDate=plan.removed_date,
            createdDate=created,
        ),
        **custom(plan.custom_fields),
    }
    if charges:
        one["ratePlanCharges"] = [charge_view(s, plan, c, today, created) for c in plan.charges]
    return one


def rate_plans_view(
    s: Subscription, today: date, *, charges: bool, created: Any = None
) -> list[dict[str, Any]]:
    return [rate_plan_view(s, p, today, charges=charges, created=created) for p in s.rate_plans]
