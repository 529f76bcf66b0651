"""Rate plans and charges of the legacy subscription calls as v1 order fields: the flat
CreateSubscriptionComponent / UpdateRatePlanCharge into v1's nested charge override and
charge update (decision LG1)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from zorders.api.schemas.legacy_subscriptions import LegacyChargeIn, LegacyChargeUpdateIn
from zorders.api.v1.legacy_billing import Body, clean
from zorders.domain.errors import DomainError, ErrorCode

# The v1 pricing block of a catalog charge (`recurringPerUnit`, `discount`, ...), by its id.
BlockOf = Callable[[str], str]
ChargeOf = Callable[[str], tuple[str, str]]


def _pricing(block: str, values: Mapping[str, Any]) -> Body | None:
    priced = clean(values)
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
    return clean(
        {"triggerEvent": event or ("SpecificDate" if day else None), "specificTriggerDate": day}
    )


def charge_override(c: LegacyChargeIn, block_of: BlockOf) -> Body:
    """One flat CreateSubscriptionComponent as v1's nested charge override."""
    return clean(
        {
            "productRatePlanChargeId": c.product_rate_plan_charge_id,
            "chargeNumber": c.number,
            "description": c.description,
            "billing": clean(
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
            "endDate": clean(
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


def rate_plan(p: Any, block_of: BlockOf) -> Body:
    return clean(
        {
            "productRatePlanId": p.product_rate_plan_id,
            "productRatePlanNumber": p.product_rate_plan_number,
            "chargeOverrides": [charge_override(c, block_of) for c in p.charge_overrides or ()],
        }
    )


def charge_update(u: LegacyChargeUpdateIn, resolved: tuple[str, str]) -> Body:
    number, block = resolved
    return clean(
        {
            "chargeNumber": number,
            "description": u.description,
            "pricing": _pricing(block, _price_values(u)),
            "effectiveDate": _start(u.trigger_event, u.trigger_date),
        }
    )


def resolve_charge(charge_of: ChargeOf, key: str, where: str, block_of: BlockOf) -> tuple[str, str]:
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
