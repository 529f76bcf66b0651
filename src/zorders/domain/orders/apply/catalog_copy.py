"""Copying a catalog plan onto a subscription: its charges, their pricing (with the order's
overrides) and their start."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from zorders.domain.catalog.enums import (
    ChargeModel,
    ChargeType,
)
from zorders.domain.catalog.enums import TriggerEvent as CatalogTriggerEvent
from zorders.domain.catalog.model import ChargeTier, ProductRatePlanCharge
from zorders.domain.catalog.pricing import price_for_quantity
from zorders.domain.errors import ErrorCode
from zorders.domain.orders.actions import (
    ChargeOverride,
    NewRatePlan,
    PricingOverride,
    TriggerDates,
)
from zorders.domain.orders.apply.common import ActionEnv, charge_end, fail, trigger_date_for
from zorders.domain.subscription.model import (
    ChangeType,
    Charge,
    RatePlan,
    Segment,
    TriggerEvent,
)

_CATALOG_TO_SUBSCRIPTION_TRIGGER = {
    CatalogTriggerEvent.CONTRACT_EFFECTIVE: TriggerEvent.CONTRACT_EFFECTIVE,
    CatalogTriggerEvent.SERVICE_ACTIVATION: TriggerEvent.SERVICE_ACTIVATION,
    CatalogTriggerEvent.CUSTOMER_ACCEPTANCE: TriggerEvent.CUSTOMER_ACCEPTANCE,
}


def _tiers_in(rows: Iterable[ChargeTier], currency: str) -> tuple[ChargeTier, ...]:
    return tuple(sorted((t for t in rows if t.currency == currency), key=lambda t: t.tier))


def initial_pricing(
    catalog: ProductRatePlanCharge, currency: str, pricing: PricingOverride | None
) -> Segment:
    """Segment values from the catalog price in `currency`, with the override applied."""
    rows = catalog.tiers_in(currency)
    if not rows:
        raise fail(
            ErrorCode.CURRENCY_MISMATCH,
            f"Charge '{catalog.name}' ({catalog.id}) has no price in {currency}.",
            "productRatePlanChargeId",
        )
    model = catalog.charge_model
    regular = tuple(t for t in rows if not t.is_overage_price)
    overage = next((t for t in rows if t.is_overage_price), None)
    segment = Segment(segment=1, start=date.min, end=None)
    if model in (ChargeModel.FLAT_FEE, ChargeModel.PER_UNIT, ChargeModel.DISCOUNT_FIXED_AMOUNT):
        segment = replace(segment, price=rows[0].price)
    elif model is ChargeModel.DISCOUNT_PERCENTAGE:
        segment = replace(segment, discount_percentage=rows[0].discount_percentage)
    elif model is ChargeModel.OVERAGE:
        segment = replace(
            segment,
            overage_price=rows[0].price,
            included_units=catalog.included_units or Decimal(0),
        )
    else:  # Tiered, Volume, Tiered with Overage
        segment = replace(segment, tiers=regular, overage_price=overage.price if overage else None)
    if model.needs_uom and catalog.charge_type is not ChargeType.USAGE:
        default = catalog.default_quantity
        segment = replace(segment, quantity=default if default is not None else Decimal(1))
    return apply_pricing(segment, model, pricing, catalog.min_quantity, catalog.max_quantity)


def apply_pricing(
    segment: Segment,
    model: ChargeModel,
    pricing: PricingOverride | None,
    min_quantity: Decimal | None = None,
    max_quantity: Decimal | None = None,
) -> Segment:
    """A pricing override on a segment's values, checked against the charge model."""
    if pricing is None:
        _check_priceable(segment, model)
        return segment
    changes: dict[str, Any] = {}
    if pricing.quantity is not None:
        if not model.needs_uom:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"A {model.value} charge has no quantity to override.",
                "quantity",
            )
        changes["quantity"] = pricing.quantity
    if pricing.list_price is not None:
        if model not in (ChargeModel.FLAT_FEE, ChargeModel.PER_UNIT):
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"listPrice applies to flat fee and per unit charges, not {model.value}.",
                "listPrice",
            )
        changes["price"] = pricing.list_price
    if pricing.tiers is not None:
        if not model.is_tiered:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"tiers apply to tiered and volume charges, not {model.value}.",
                "tiers",
            )
        changes["tiers"] = pricing.tiers
    if pricing.overage_price is not None:
        changes["overage_price"] = pricing.overage_price
    if pricing.included_units is not None:
        changes["included_units"] = pricing.included_units
    if pricing.discount_percentage is not None:
        if model is not ChargeModel.DISCOUNT_PERCENTAGE:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"discountPercentage applies to percentage discounts, not {model.value}.",
                "discountPercentage",
            )
        changes["discount_percentage"] = pricing.discount_percentage
    if pricing.discount_amount is not None:
        if model is not ChargeModel.DISCOUNT_FIXED_AMOUNT:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"discountAmount applies to fixed-amount discounts, not {model.value}.",
                "discountAmount",
            )
        changes["price"] = pricing.discount_amount
    segment = replace(segment, **changes)
    _check_segment(segment, min_quantity, max_quantity)
    _check_priceable(segment, model)
    return segment


def _check_priceable(segment: Segment, model: ChargeModel) -> None:
    """Tiers that cannot price the quantity (past a closed last tier, gaps) are refused
    when the order is placed, not when the charge is billed."""
    if not model.is_tiered or segment.quantity is None:
        return
    rows = segment.tiers
    if segment.overage_price is not None:
        last = max((t.tier for t in rows), default=0)
        rows = (*rows, ChargeTier(currency="", tier=last + 1, price=segment.overage_price,
                                  is_overage_price=True))  # fmt: skip
    try:
        price_for_quantity(model, rows, segment.quantity)
    except ValueError as err:
        raise fail(
            ErrorCode.INVALID_PRICING_OVERRIDE,
            f"The tiers cannot price a quantity of {segment.quantity}: {err}",
            "tiers",
        ) from err


def _check_segment(segment: Segment, low: Decimal | None, high: Decimal | None) -> None:
    q = segment.quantity
    if q is not None:
        if q < 0:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE, "quantity must be 0 or more.", "quantity"
            )
        if low is not None and q < low:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"quantity {q} is below the charge's minimum quantity {low}.",
                "quantity",
            )
        if high is not None and q > high:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"quantity {q} is above the charge's maximum quantity {high}.",
                "quantity",
            )
    for name in ("price", "overage_price", "included_units"):
        value = getattr(segment, name)
        if value is not None and value < 0:
            raise fail(ErrorCode.INVALID_PRICING_OVERRIDE, f"{name} must be 0 or more.", name)
    # 0 is allowed: a catalog's 0 % default, set per subscription (decisions.md CI3).
    if segment.discount_percentage is not None and not (0 <= segment.discount_percentage <= 100):
        raise fail(
            ErrorCode.INVALID_PRICING_OVERRIDE,
            "discountPercentage must be 0 to 100.",
            "discountPercentage",
        )
    if any(t.price < 0 for t in segment.tiers):
        raise fail(ErrorCode.INVALID_PRICING_OVERRIDE, "tier prices must be 0 or more.", "tiers")


def new_charge(
    catalog: ProductRatePlanCharge,
    override: ChargeOverride | None,
    currency: str,
    dates: TriggerDates,
    subscription_end: date | None,
    env: ActionEnv,
) -> Charge:
    override = override or ChargeOverride(product_rate_plan_charge_id=catalog.id)
    billing = override.billing
    first = initial_pricing(catalog, currency, override.pricing)
    pricing = override.pricing
    charge = Charge(
        id=env.ids.new_id(),
        original_id="",
        number=override.charge_number or env.ids.charge_number(),
        product_rate_plan_charge_id=catalog.id,
        name=catalog.name,
        charge_type=catalog.charge_type,
        charge_model=catalog.charge_model,
        segments=(),
        trigger_event=override.trigger_event
        or _CATALOG_TO_SUBSCRIPTION_TRIGGER[catalog.trigger_event],
        specific_trigger_date=override.specific_trigger_date,
        description=override.description
        if override.description is not None
        else catalog.description,
        uom=catalog.uom,
        bill_cycle_type=billing.bill_cycle_type or catalog.bill_cycle_type,
        bill_cycle_day=billing.bill_cycle_day
        if billing.bill_cycle_day is not None
        else catalog.bill_cycle_day,
        weekly_bill_cycle_day=billing.weekly_bill_cycle_day or catalog.weekly_bill_cycle_day,
        billing_period=billing.billing_period or catalog.billing_period,
        specific_billing_period=billing.specific_billing_period or catalog.specific_billing_period,
        billing_period_alignment=billing.billing_period_alignment
        or catalog.billing_period_alignment,
        billing_timing=billing.billing_timing or catalog.billing_timing,
        list_price_base=(pricing.list_price_base if pricing and pricing.list_price_base else None)
        or catalog.list_price_base,
        specific_list_price_base=(pricing.specific_list_price_base if pricing else None)
        or catalog.specific_list_price_base,
        end_date_condition=override.end_date_condition or catalog.end_date_condition,
        up_to_periods=override.up_to_periods or catalog.up_to_periods,
        up_to_periods_type=override.up_to_periods_type or catalog.up_to_periods_type,
        specific_end_date=override.specific_end_date,
        apply_discount_to=(pricing.apply_discount_to if pricing else None)
        or catalog.apply_discount_to,
        discount_level=(pricing.discount_level if pricing else None) or catalog.discount_level,
        custom_fields=dict(override.custom_fields),
        unique_token=override.unique_token,
    )
    charge = replace(charge, original_id=charge.id)
    return start_charge(charge, first, dates, subscription_end)


def start_charge(
    charge: Charge, values: Segment, dates: TriggerDates, subscription_end: date | None
) -> Charge:
    """Give a charge its first segment once its trigger date is known."""
    start = trigger_date_for(charge.trigger_event, dates, charge.specific_trigger_date)
    if start is None:
        return replace(charge, pending_values=values, segments=(), trigger_date=None)
    end = charge_end(charge, start, subscription_end)
    if end is not None and end <= start:
        end = start  # a charge starting on or after the subscription end bills nothing
    segment = replace(values, segment=1, start=start, end=end)
    return replace(charge, trigger_date=start, segments=(segment,), pending_values=None)


def new_rate_plan(
    spec: NewRatePlan,
    currency: str,
    dates: TriggerDates,
    subscription_end: date | None,
    env: ActionEnv,
) -> RatePlan:
    catalog = spec.catalog
    if currency not in catalog.plan.active_currencies:
        raise fail(
            ErrorCode.CURRENCY_MISMATCH,
            f"Product rate plan '{catalog.plan.name}' is not active in {currency} "
            f"(ActiveCurrencies: {', '.join(catalog.plan.active_currencies)}).",
            "productRatePlanId",
        )
    by_id = {c.id: c for c in catalog.charges}
    overrides: dict[str, ChargeOverride] = {}
    for override in spec.charge_overrides:
        if override.product_rate_plan_charge_id not in by_id:
            raise fail(
                ErrorCode.CATALOG_REFERENCE_NOT_FOUND,
                f"productRatePlanChargeId '{override.product_rate_plan_charge_id}' is not a "
                f"charge of product rate plan '{catalog.plan.name}'.",
                "productRatePlanChargeId",
            )
        overrides[override.product_rate_plan_charge_id] = override
    plan_id = env.ids.new_id()
    charges = tuple(
        new_charge(c, overrides.get(c.id), currency, dates, subscription_end, env)
        for c in catalog.charges
    )
    return RatePlan(
        id=plan_id,
        original_id=plan_id,
        product_id=catalog.product.id,
        product_name=catalog.product.name,
        product_sku=catalog.product.sku,
        product_rate_plan_id=catalog.plan.id,
        product_rate_plan_number=catalog.plan.product_rate_plan_number,
        name=catalog.plan.name,
        charges=charges,
        subscription_rate_plan_number=spec.subscription_rate_plan_number,
        last_change_type=ChangeType.ADD,
        custom_fields=dict(spec.custom_fields),
        unique_token=spec.unique_token,
        known_ids=(plan_id,),
    )
