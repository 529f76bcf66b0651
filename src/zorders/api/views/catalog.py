"""Catalog values in the CRUD words (`/v1/object/...`) and the REST words (`/v1/catalog/...`).

The REST catalog answers follow the official client's models (zuora-sdk 3.21.0), which
are strict: quantities and prices are strings there. A product's `productRatePlans` is
the URL of its plans from `Zuora-Version` 230.0 on, and the plans themselves below it and
with no header (gate `catalog_plan_urls` of `api/version_gates.py`; spec §13.2 describes
that older, nested shape).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from zorders.domain.catalog.enums import BillCycleType, ChargeModel, PriceFormat
from zorders.domain.catalog.model import (
    ChargeTier,
    Product,
    ProductRatePlan,
    ProductRatePlanCharge,
)
from zorders.domain.catalog.status import plan_status
from zorders.services.catalog import RatePlanTree


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _without_none(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if v is not None}


# -- CRUD ---------------------------------------------------------------------------------


def crud_product(p: Product) -> dict[str, Any]:
    return _without_none(
        {
            "Id": p.id,
            "Name": p.name,
            "SKU": p.sku,
            "ProductNumber": p.product_number,
            "Category": p.category.value if p.category else None,
            "Description": p.description,
            "EffectiveStartDate": p.effective_start_date,
            "EffectiveEndDate": p.effective_end_date,
            "AllowFeatureChanges": p.allow_feature_changes,
            "CreatedDate": p.created_at,
            "UpdatedDate": p.updated_at,
            **p.custom_fields,
        }
    )


def crud_plan(p: ProductRatePlan) -> dict[str, Any]:
    return _without_none(
        {
            "Id": p.id,
            "ProductId": p.product_id,
            "Name": p.name,
            "Description": p.description,
            "EffectiveStartDate": p.effective_start_date,
            "EffectiveEndDate": p.effective_end_date,
            "ActiveCurrencies": list(p.active_currencies),
            "ProductRatePlanNumber": p.product_rate_plan_number,
            "Grade": p.grade,
            "CreatedDate": p.created_at,
            "UpdatedDate": p.updated_at,
            **p.custom_fields,
        }
    )


def crud_tier_row(t: ChargeTier, model: ChargeModel) -> dict[str, Any]:
    row: dict[str, Any] = {
        "Id": t.id,
        "Tier": t.tier,
        "Currency": t.currency,
        "Price": t.price,
        "PriceFormat": t.price_format.crud,
        "StartingUnit": t.starting_unit,
        "EndingUnit": t.ending_unit,
        "IsOveragePrice": t.is_overage_price,
        "DiscountPercentage": t.discount_percentage,
    }
    if model is ChargeModel.DISCOUNT_FIXED_AMOUNT:
        row["DiscountAmount"] = t.price
    return _without_none(row)


def crud_charge(c: ProductRatePlanCharge) -> dict[str, Any]:
    def crud(e: Any) -> str | None:
        return e.crud if e is not None else None

    return _without_none(
        {
            "Id": c.id,
            "ProductRatePlanId": c.product_rate_plan_id,
            "Name": c.name,
            "ChargeType": c.charge_type.crud,
            "ChargeModel": c.charge_model.crud,
            "BillCycleType": c.bill_cycle_type.crud,
            "BillCycleDay": c.bill_cycle_day,
            "WeeklyBillCycleDay": crud(c.weekly_bill_cycle_day),
            "BillingPeriod": c.billing_period.crud,
            "SpecificBillingPeriod": c.specific_billing_period,
            "BillingPeriodAlignment": c.billing_period_alignment.crud,
            "BillingTiming": c.billing_timing.crud,
            "TriggerEvent": c.trigger_event.crud,
            "ListPriceBase": c.list_price_base.crud,
            "EndDateCondition": c.end_date_condition.crud,
            "UpToPeriods": c.up_to_periods,
            "UpToPeriodsType": c.up_to_periods_type.crud,
            "DefaultQuantity": c.default_quantity,
            "MinQuantity": c.min_quantity,
            "MaxQuantity": c.max_quantity,
            "IncludedUnits": c.included_units,
            "UOM": c.uom,
            "ApplyDiscountTo": crud(c.apply_discount_to),
            "DiscountLevel": crud(c.discount_level),
            "Description": c.description,
            "ProductRatePlanChargeNumber": c.product_rate_plan_charge_number,
            "Taxable": c.taxable,
            "TaxCode": c.tax_code,
            "CreatedDate": c.created_at,
            "UpdatedDate": c.updated_at,
            "ProductRatePlanChargeTierData": {
                "ProductRatePlanChargeTier": [
                    crud_tier_row(t, c.charge_model)
                    for t in sorted(c.tiers, key=lambda t: (t.currency, t.tier))
                ]
            },
            **c.custom_fields,
        }
    )


def crud_tier(t: ChargeTier, charge: ProductRatePlanCharge) -> dict[str, Any]:
    return _without_none(
        {
            **crud_tier_row(t, charge.charge_model),
            "CreatedDate": charge.created_at,
            "UpdatedDate": charge.updated_at,
        }
    )


# -- REST ---------------------------------------------------------------------------------


# Zuora's cap on embedded plans: at most 300 plans, and 300 charges across them.
MAX_EMBEDDED_PLANS = 300
MAX_EMBEDDED_CHARGES = 300


def embedded_plans(plans: Sequence[RatePlanTree], today: date) -> list[dict[str, Any]]:
    """The plans a product embeds below 230.0, each with its charges, within Zuora's caps."""
    out: list[dict[str, Any]] = []
    charges = 0
    for tree in plans[:MAX_EMBEDDED_PLANS]:
        if charges + len(tree.charges) > MAX_EMBEDDED_CHARGES:
            break
        charges += len(tree.charges)
        out.append(rest_plan(tree.plan, tree.charges, today))
    return out


def rest_product(
    p: Product, plans: Sequence[RatePlanTree] | None = None, today: date | None = None
) -> dict[str, Any]:
    """`plans` (with `today`, for their status) embeds them instead of their URL."""
    body = _rest_product(p)
    if plans is not None and today is not None:
        body["productRatePlans"] = embedded_plans(plans, today)
    return body


def _rest_product(p: Product) -> dict[str, Any]:
    return _without_none(
        {
            "id": p.id,
            "sku": p.sku,
            "productNumber": p.product_number,
            "name": p.name,
            "category": p.category.value if p.category else None,
            "description": p.description,
            "effectiveStartDate": p.effective_start_date,
            "effectiveEndDate": p.effective_end_date,
            "productRatePlans": f"/v1/rateplan/{p.id}/productRatePlan",
            **p.custom_fields,
        }
    )


def rest_plan(
    plan: ProductRatePlan, charges: tuple[ProductRatePlanCharge, ...] | None, today: date
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": plan.id,
        "productRatePlanNumber": plan.product_rate_plan_number,
        "name": plan.name,
        "description": plan.description,
        "effectiveStartDate": plan.effective_start_date,
        "effectiveEndDate": plan.effective_end_date,
        "grade": plan.grade,
        "status": plan_status(plan, today).value,
        **plan.custom_fields,
    }
    if charges is not None:
        payload["productRatePlanCharges"] = [rest_charge(c) for c in charges]
    return _without_none(payload)


def _billing_day(c: ProductRatePlanCharge) -> str:
    if c.bill_cycle_type is BillCycleType.SPECIFIC_DAY_OF_MONTH and c.bill_cycle_day:
        return str(c.bill_cycle_day)
    if c.bill_cycle_type is BillCycleType.SPECIFIC_DAY_OF_WEEK and c.weekly_bill_cycle_day:
        return c.weekly_bill_cycle_day.value
    return c.bill_cycle_type.value


def _pricing(c: ProductRatePlanCharge) -> list[dict[str, Any]]:
    out = []
    for currency in sorted(c.currencies):
        rows = c.tiers_in(currency)
        entry: dict[str, Any] = {"currency": currency}
        regular = [r for r in rows if not r.is_overage_price]
        overage = [r for r in rows if r.is_overage_price]
        model = c.charge_model
        if model is ChargeModel.DISCOUNT_PERCENTAGE:
            entry["discountPercentage"] = _text(rows[0].discount_percentage)
        elif model is ChargeModel.DISCOUNT_FIXED_AMOUNT:
            entry["discountAmount"] = _text(rows[0].price)
        elif model is ChargeModel.OVERAGE:
            entry["overagePrice"] = _text(rows[0].price)
            entry["includedUnits"] = _text(c.included_units or Decimal(0))
        elif model.is_tiered:
            entry["tiers"] = [
                _without_none(
                    {
                        "tier": r.tier,
                        "startingUnit": _text(r.starting_unit),
                        "endingUnit": _text(r.ending_unit),
                        "price": _text(r.price),
                        "priceFormat": r.price_format.value,
                    }
                )
                for r in regular
            ]
            if overage:
                entry["overagePrice"] = _text(overage[0].price)
        else:
            entry["price"] = _text(rows[0].price)
        out.append(_without_none(entry))
    return out


def _summary(c: ProductRatePlanCharge) -> list[str]:
    """One human line per currency, like Zuora's pricingSummary."""
    unit = f"/{c.uom}" if c.uom else ""
    lines = []
    for currency in sorted(c.currencies):
        rows = c.tiers_in(currency)
        model = c.charge_model
        if model is ChargeModel.DISCOUNT_PERCENTAGE:
            lines.append(f"{_text(rows[0].discount_percentage)}% discount")
        elif model is ChargeModel.DISCOUNT_FIXED_AMOUNT:
            lines.append(f"{currency}{_text(rows[0].price)} fixed discount")
        elif model is ChargeModel.FLAT_FEE:
            lines.append(f"{currency}{_text(rows[0].price)}")
        elif model in (ChargeModel.PER_UNIT, ChargeModel.OVERAGE):
            lines.append(f"{currency}{_text(rows[0].price)}{unit}")
        else:
            parts = []
            for r in rows:
                if r.is_overage_price:
                    parts.append(f"over: {currency}{_text(r.price)}{unit}")
                    continue
                end = _text(r.ending_unit) if r.ending_unit is not None else "+"
                flat = " flat fee" if r.price_format is PriceFormat.FLAT_FEE else unit
                parts.append(f"{_text(r.starting_unit)} to {end}: {currency}{_text(r.price)}{flat}")
            lines.append("; ".join(parts))
    return lines


def rest_charge(c: ProductRatePlanCharge) -> dict[str, Any]:
    def value(e: Any) -> str | None:
        return e.value if e is not None else None

    return _without_none(
        {
            "id": c.id,
            "name": c.name,
            "type": c.charge_type.value,
            "model": c.charge_model.value,
            "description": c.description,
            "productRatePlanChargeNumber": c.product_rate_plan_charge_number,
            "uom": c.uom,
            "pricingSummary": _summary(c),
            "pricing": _pricing(c),
            "defaultQuantity": _text(c.default_quantity),
            "minQuantity": _text(c.min_quantity),
            "maxQuantity": _text(c.max_quantity),
            "includedUnits": _text(c.included_units),
            "applyDiscountTo": value(c.apply_discount_to),
            "discountLevel": value(c.discount_level),
            "endDateCondition": c.end_date_condition.value,
            "upToPeriods": c.up_to_periods,
            "upToPeriodsType": c.up_to_periods_type.value,
            "billingDay": _billing_day(c),
            "listPriceBase": c.list_price_base.value,
            "billingTiming": c.billing_timing.value,
            "billingPeriod": c.billing_period.value,
            "billingPeriodAlignment": c.billing_period_alignment.value,
            "specificBillingPeriod": c.specific_billing_period,
            "triggerEvent": c.trigger_event.value,
            "taxable": c.taxable,
            "taxCode": c.tax_code,
            **c.custom_fields,
        }
    )
