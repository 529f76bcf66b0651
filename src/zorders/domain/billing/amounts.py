"""What one billing period of a charge segment costs (before proration), and the key of
the values it was priced with: the engine compares billed spans by it."""

from __future__ import annotations

from decimal import Decimal, localcontext

from zorders.domain.billing.periods import (
    months_per_period,
)
from zorders.domain.catalog.enums import (
    BillingPeriod,
    ChargeModel,
    ListPriceBase,
)
from zorders.domain.catalog.model import ChargeTier
from zorders.domain.catalog.pricing import price_for_quantity
from zorders.domain.limits import check_period_amount
from zorders.domain.money import MONEY_CONTEXT
from zorders.domain.subscription.model import Charge, Segment, Subscription


def values_key(charge: Charge, segment: Segment) -> str:
    tiers = ";".join(
        f"{t.tier}:{t.starting_unit}:{t.ending_unit}:{t.price}:{t.price_format.value}"
        for t in segment.tiers
    )
    return (
        f"{charge.charge_model.value}|q={segment.quantity}|p={segment.price}|t={tiers}"
        f"|o={segment.overage_price}|i={segment.included_units}|d={segment.discount_percentage}"
        f"|b={charge.list_price_base.value}:{charge.specific_list_price_base}"
    )


def period_amount(charge: Charge, segment: Segment) -> Decimal:
    """The price of one full billing period (or one occurrence of a one-time charge)."""
    model = charge.charge_model
    if model in (ChargeModel.FLAT_FEE, ChargeModel.DISCOUNT_FIXED_AMOUNT):
        base = segment.price or Decimal(0)
    elif model is ChargeModel.PER_UNIT:
        base = (segment.price or Decimal(0)) * (segment.quantity or Decimal(0))
    elif model.is_tiered:
        rows = segment.tiers
        if segment.overage_price is not None:
            last = max((t.tier for t in rows), default=0)
            rows = (*rows, ChargeTier("", last + 1, segment.overage_price, is_overage_price=True))
        base = price_for_quantity(model, rows, segment.quantity or Decimal(0))
    else:
        return Decimal(0)  # usage and percentage discounts price elsewhere
    return base * list_price_factor(charge)


def check_period_amounts(subscription: Subscription, field: str) -> None:
    """No charge of the subscription costs more than the limits allow for one period."""
    with localcontext(MONEY_CONTEXT):
        for charge in subscription.all_charges():
            for segment in charge.segments:
                check_period_amount(period_amount(charge, segment), field)


def list_price_factor(charge: Charge) -> Decimal:
    months = months_per_period(charge)
    base = charge.list_price_base
    if base is ListPriceBase.PER_MONTH and months:
        return Decimal(months)
    if base is ListPriceBase.PER_YEAR and months:
        return Decimal(months) / 12
    if base is ListPriceBase.PER_SPECIFIC_MONTHS and months and charge.specific_list_price_base:
        return Decimal(months) / charge.specific_list_price_base
    if base is ListPriceBase.PER_WEEK and charge.billing_period is BillingPeriod.SPECIFIC_WEEKS:
        return Decimal(charge.specific_billing_period or 1)
    return Decimal(1)
