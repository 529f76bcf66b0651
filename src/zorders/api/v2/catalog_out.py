"""Catalog objects in the v2 words: `product`, `plan` and `price` (Zuora's Quickstart
models), built from the same domain values the v1 views read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from zorders.api.v2.catalog_words import (
    ALIGNMENT,
    CHARGE_MODEL,
    CHARGE_TYPE,
    DISCOUNT_LEVEL,
    DURATION_INTERVAL,
    PRICE_BASE_INTERVAL_READ,
    PRODUCT_TYPE,
    RECURRING_ON,
    START_EVENT,
    TIERS_MODE,
    TIMING,
    apply_discount_words,
    interval_of,
)
from zorders.api.v2.subscription_views import timestamp
from zorders.api.wire import to_wire
from zorders.domain.catalog.enums import (
    BillCycleType,
    ChargeModel,
    ChargeType,
    EndDateCondition,
    PriceFormat,
)
from zorders.domain.catalog.model import (
    ChargeTier,
    Product,
    ProductRatePlan,
    ProductRatePlanCharge,
)
from zorders.domain.catalog.status import PlanStatus, effective_status


def _reverse(table: dict[str, Any]) -> dict[Any, str]:
    return {v: k for k, v in table.items()}


_TYPE = _reverse(PRODUCT_TYPE)
_CHARGE_TYPE = _reverse(CHARGE_TYPE)
_CHARGE_MODEL = _reverse(CHARGE_MODEL)
_TIERS_MODE = _reverse(TIERS_MODE)
_START_EVENT = _reverse(START_EVENT)
_TIMING = _reverse(TIMING)
_ALIGNMENT = _reverse(ALIGNMENT)
_ON = _reverse(RECURRING_ON)
_LEVEL = _reverse(DISCOUNT_LEVEL)
_DURATION = _reverse(DURATION_INTERVAL)


def _json(view: dict[str, Any]) -> dict[str, Any]:
    """JSON-shaped (ISO dates and times, Decimals kept), as the query mechanism compares
    and pages on the values the client sees."""
    out: dict[str, Any] = to_wire(view)
    return out


def _active(start: date | None, end: date | None, today: date) -> bool:
    """Sellable between its dates (the end date excluded, as v1's plan status)."""
    return effective_status(start, end, today) is PlanStatus.ACTIVE


def _stamps(obj: Product | ProductRatePlan | ProductRatePlanCharge) -> dict[str, Any]:
    return {
        "id": obj.id,
        "created_by_id": None,
        "created_time": timestamp(obj.created_at),
        "updated_by_id": None,
        "updated_time": timestamp(obj.updated_at),
        "custom_fields": dict(obj.custom_fields),
    }


def product(p: Product, today: date) -> dict[str, Any]:
    return _json(
        {
            **_stamps(p),
            "name": p.name,
            "type": _TYPE.get(p.category) if p.category else None,
            "sku": p.sku,
            "description": p.description,
            "start_date": p.effective_start_date,
            "end_date": p.effective_end_date,
            "active": _active(p.effective_start_date, p.effective_end_date, today),
        }
    )


def plan(p: ProductRatePlan, today: date) -> dict[str, Any]:
    return _json(
        {
            **_stamps(p),
            "name": p.name,
            "plan_number": p.product_rate_plan_number,
            "description": p.description,
            "product_id": p.product_id,
            "active_currencies": list(p.active_currencies),
            "start_date": p.effective_start_date,
            "end_date": p.effective_end_date,
            "active": _active(p.effective_start_date, p.effective_end_date, today),
        }
    )


def _map(rows: list[ChargeTier]) -> dict[str, Decimal]:
    return {r.currency: r.price for r in sorted(rows, key=lambda r: r.currency)}


def _tiers(c: ProductRatePlanCharge) -> list[dict[str, Any]]:
    by_number: dict[int, list[ChargeTier]] = {}
    for row in c.tiers:
        by_number.setdefault(row.tier, []).append(row)
    out = []
    for number in sorted(by_number):
        rows = by_number[number]
        flat = rows[0].price_format is PriceFormat.FLAT_FEE
        up_to = None if rows[0].is_overage_price else rows[0].ending_unit
        entry: dict[str, Any] = {"up_to": up_to}
        entry["amounts" if flat else "unit_amounts"] = _map(rows)
        out.append(entry)
    return out


def _pricing(c: ProductRatePlanCharge) -> dict[str, Any]:
    model = c.charge_model
    rows = [r for r in c.tiers if r.tier == 1]
    money: dict[str, Any] = {
        "amounts": None,
        "unit_amounts": None,
        "discount_amounts": None,
        "discount_percent": None,
        "tiers_mode": None,
        "tiers": None,
        "overage": None,
    }
    if model is ChargeModel.OVERAGE:
        money["overage"] = {"included_units": c.included_units or Decimal(0)}
    if model is ChargeModel.FLAT_FEE:
        money["amounts"] = _map(rows)
    elif model in (ChargeModel.PER_UNIT, ChargeModel.OVERAGE):
        money["unit_amounts"] = _map(rows)
    elif model is ChargeModel.DISCOUNT_FIXED_AMOUNT:
        money["discount_amounts"] = _map(rows)
    elif model is ChargeModel.DISCOUNT_PERCENTAGE:
        money["discount_percent"] = rows[0].discount_percentage if rows else None
    else:
        money["tiers_mode"] = _TIERS_MODE.get(model)
        money["tiers"] = _tiers(c)
    return money


def _on(c: ProductRatePlanCharge) -> str:
    if c.bill_cycle_type is BillCycleType.SPECIFIC_DAY_OF_MONTH and c.bill_cycle_day:
        return f"_{c.bill_cycle_day}"
    if c.bill_cycle_type is BillCycleType.SPECIFIC_DAY_OF_WEEK and c.weekly_bill_cycle_day:
        return c.weekly_bill_cycle_day.value.lower()
    return _ON.get(c.bill_cycle_type, "account_cycle_date")


def recurring(c: ProductRatePlanCharge) -> dict[str, Any] | None:
    if c.charge_type is ChargeType.ONE_TIME:
        return None
    interval, count = interval_of(c.billing_period, c.specific_billing_period)
    fixed = c.end_date_condition is EndDateCondition.FIXED_PERIOD
    return {
        "interval": interval,
        "interval_count": count,
        "on": _on(c),
        "alignment_behavior": _ALIGNMENT[c.billing_period_alignment],
        "timing": _TIMING[c.billing_timing],
        "usage": c.charge_type is ChargeType.USAGE,
        "duration_interval": _DURATION[c.up_to_periods_type] if fixed else None,
        "duration_interval_count": c.up_to_periods if fixed else None,
    }


def price(c: ProductRatePlanCharge, product_id: str) -> dict[str, Any]:
    return _json(
        {
            **_stamps(c),
            "name": c.name,
            "description": c.description,
            "plan_id": c.product_rate_plan_id,
            "product_id": product_id,
            "charge_type": _CHARGE_TYPE[c.charge_type],
            "charge_model": _CHARGE_MODEL[c.charge_model],
            "recurring": recurring(c),
            "start_event": _START_EVENT[c.trigger_event],
            **_pricing(c),
            "unit_of_measure": c.uom,
            "quantity": c.default_quantity,
            "min_quantity": c.min_quantity,
            "max_quantity": c.max_quantity,
            "price_base_interval": PRICE_BASE_INTERVAL_READ.get(c.list_price_base),
            "apply_discount_to": apply_discount_words(c.apply_discount_to)
            if c.apply_discount_to
            else None,
            "discount_level": _LEVEL.get(c.discount_level) if c.discount_level else None,
            "tax_code": c.tax_code,
            "taxable": c.taxable,
        }
    )
