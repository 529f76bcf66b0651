"""A whole catalog from one document (`zorders catalog load FILE.yaml`).

The document speaks the REST words (camelCase keys, `FlatFee`, `IN_ADVANCE`; the CRUD
spellings are accepted too). Loading is an upsert in one transaction: an object with
an `id` is matched by it (and created with it when the tenant has none, decisions.md
CI2); else a product is matched by `sku`, a rate plan within its product by
`productRatePlanNumber` (else by `name`), a charge within its plan by
`productRatePlanChargeNumber` (else by `name`). Matched objects are updated, others
created; nothing is deleted. Any error rolls the
whole file back and names the offending path (`products[0].ratePlans[1].charges[0]...`).
The format is documented in docs/catalog-file.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from zorders.domain.catalog.enums import (
    ApplyDiscountTo,
    BillCycleType,
    BillingPeriod,
    BillingPeriodAlignment,
    BillingTiming,
    ChargeModel,
    ChargeType,
    DiscountLevel,
    EndDateCondition,
    ListPriceBase,
    PriceFormat,
    ProductCategory,
    TriggerEvent,
    UpToPeriodsType,
    WeeklyBillCycleDay,
)
from zorders.domain.catalog.model import ChargeTier, ProductRatePlan
from zorders.domain.errors import DomainError
from zorders.domain.limits import check_document
from zorders.services.catalog_nodes import LoadReport, Node, decimal_at, fail, located
from zorders.services.catalog_upsert import upsert_charge, upsert_plan, upsert_product
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

__all__ = ["LoadReport", "load_catalog"]

DEFAULT_START = date(2000, 1, 1)
DEFAULT_END = date(2099, 12, 31)

_PRODUCT_KEYS = (
    "id", "sku", "name", "description", "category", "productNumber", "effectiveStartDate",
    "effectiveEndDate", "allowFeatureChanges", "customFields", "ratePlans",
)  # fmt: skip
_PLAN_KEYS = (
    "id", "name", "productRatePlanNumber", "description", "activeCurrencies", "grade",
    "effectiveStartDate", "effectiveEndDate", "customFields", "charges",
)  # fmt: skip
_CHARGE_KEYS = (
    "id", "name", "productRatePlanChargeNumber", "description", "type", "model", "billingPeriod",
    "specificBillingPeriod", "billingTiming", "billCycleType", "billCycleDay",
    "weeklyBillCycleDay", "billingPeriodAlignment", "triggerEvent", "listPriceBase",
    "specificListPriceBase", "endDateCondition", "upToPeriods", "upToPeriodsType", "uom",
    "defaultQuantity", "minQuantity", "maxQuantity", "includedUnits", "applyDiscountTo",
    "discountLevel", "taxable", "taxCode", "price", "tiers", "overagePrice", "discountAmount",
    "discountPercentage", "customFields",
)  # fmt: skip
_TIER_KEYS = ("startingUnit", "endingUnit", "price", "priceFormat")


def load_catalog(uow: UnitOfWork, ctx: CommandContext, document: Any) -> LoadReport:
    # The limits of every API body hold for files too (numbers, dates, text).
    try:
        document = check_document(document)
    except DomainError as err:
        raise fail(err.field or "catalog", err.message) from err
    root = Node(document, "catalog", ("products",))
    report = LoadReport()
    seen: set[str] = set()
    for index, raw in enumerate(root.items("products")):
        node = Node(raw, f"products[{index}]", _PRODUCT_KEYS)
        sku = node.text("sku", required=True) or ""
        if sku in seen:
            raise fail(node.at("sku"), f"'{sku}' appears twice in the file")
        seen.add(sku)
        with located(node.path):
            _load_product(uow, ctx, node, sku, report)
    return report


def _load_product(
    uow: UnitOfWork, ctx: CommandContext, node: Node, sku: str, report: LoadReport
) -> None:
    values: dict[str, Any] = {
        "name": node.text("name", required=True),
        "sku": sku,
        "description": node.text("description") or "",
        "category": node.enum(ProductCategory, "category"),
        "product_number": node.text("productNumber"),
        "effective_start_date": node.day("effectiveStartDate") or DEFAULT_START,
        "effective_end_date": node.day("effectiveEndDate") or DEFAULT_END,
        "allow_feature_changes": bool(node.boolean("allowFeatureChanges")),
        "custom_fields": node.custom_fields(),
    }
    product = upsert_product(uow, ctx, node.text("id"), values, report)
    for index, raw in enumerate(node.items("ratePlans")):
        plan_node = Node(raw, f"{node.path}.ratePlans[{index}]", _PLAN_KEYS)
        with located(plan_node.path):
            _load_plan(uow, ctx, plan_node, product.id, report)


def _load_plan(
    uow: UnitOfWork,
    ctx: CommandContext,
    node: Node,
    product_id: str,
    report: LoadReport,
) -> None:
    name = node.text("name", required=True) or ""
    number = node.text("productRatePlanNumber")
    currencies = node.items("activeCurrencies")
    values: dict[str, Any] = {
        "name": name,
        "product_rate_plan_number": number,
        "description": node.text("description") or "",
        "active_currencies": tuple(str(c) for c in currencies),
        "grade": node.integer("grade"),
        "effective_start_date": node.day("effectiveStartDate"),
        "effective_end_date": node.day("effectiveEndDate"),
        "custom_fields": node.custom_fields(),
    }
    plan = upsert_plan(uow, ctx, node.text("id"), product_id, values, report)
    for index, raw in enumerate(node.items("charges")):
        charge_node = Node(raw, f"{node.path}.charges[{index}]", _CHARGE_KEYS)
        with located(charge_node.path):
            _load_charge(uow, ctx, charge_node, plan, report)


def _load_charge(
    uow: UnitOfWork,
    ctx: CommandContext,
    node: Node,
    plan: ProductRatePlan,
    report: LoadReport,
) -> None:
    name = node.text("name", required=True) or ""
    number = node.text("productRatePlanChargeNumber")
    model = node.enum(ChargeModel, "model", required=True)
    assert model is not None
    values: dict[str, Any] = {
        "name": name,
        "product_rate_plan_charge_number": number,
        "description": node.text("description") or "",
        "charge_type": node.enum(ChargeType, "type", required=True),
        "charge_model": model,
        "billing_period": node.enum(BillingPeriod, "billingPeriod") or BillingPeriod.MONTH,
        "specific_billing_period": node.integer("specificBillingPeriod"),
        "billing_timing": node.enum(BillingTiming, "billingTiming") or BillingTiming.IN_ADVANCE,
        "bill_cycle_type": node.enum(BillCycleType, "billCycleType")
        or BillCycleType.DEFAULT_FROM_CUSTOMER,
        "bill_cycle_day": node.integer("billCycleDay"),
        "weekly_bill_cycle_day": node.enum(WeeklyBillCycleDay, "weeklyBillCycleDay"),
        "billing_period_alignment": node.enum(BillingPeriodAlignment, "billingPeriodAlignment")
        or BillingPeriodAlignment.ALIGN_TO_CHARGE,
        "trigger_event": node.enum(TriggerEvent, "triggerEvent") or TriggerEvent.CONTRACT_EFFECTIVE,
        "list_price_base": node.enum(ListPriceBase, "listPriceBase")
        or ListPriceBase.PER_BILLING_PERIOD,
        "specific_list_price_base": node.integer("specificListPriceBase"),
        "end_date_condition": node.enum(EndDateCondition, "endDateCondition")
        or EndDateCondition.SUBSCRIPTION_END,
        "up_to_periods": node.integer("upToPeriods"),
        "up_to_periods_type": node.enum(UpToPeriodsType, "upToPeriodsType")
        or UpToPeriodsType.BILLING_PERIODS,
        "uom": node.text("uom"),
        "default_quantity": node.decimal("defaultQuantity"),
        "min_quantity": node.decimal("minQuantity"),
        "max_quantity": node.decimal("maxQuantity"),
        "included_units": node.decimal("includedUnits"),
        "apply_discount_to": node.enum(ApplyDiscountTo, "applyDiscountTo"),
        "discount_level": node.enum(DiscountLevel, "discountLevel"),
        "taxable": bool(node.boolean("taxable")),
        "tax_code": node.text("taxCode"),
        "custom_fields": node.custom_fields(),
        "tiers": _tiers(node, model, plan.active_currencies),
    }
    upsert_charge(uow, ctx, node.text("id"), plan.id, values, report)


def _per_currency(node: Node, key: str) -> dict[str, Decimal]:
    raw = node.value.get(key)
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise fail(node.at(key), "expected a price per currency, e.g. {USD: 10, EUR: 9}")
    out = {}
    for currency, amount in raw.items():
        value = decimal_at(amount, f"{node.at(key)}.{currency}")
        assert value is not None
        out[str(currency)] = value
    return out


def _tiers(node: Node, model: ChargeModel, currencies: Sequence[str]) -> tuple[ChargeTier, ...]:
    flat = PriceFormat.FLAT_FEE if model is ChargeModel.FLAT_FEE else PriceFormat.PER_UNIT
    if model is ChargeModel.DISCOUNT_PERCENTAGE:
        percentage = node.decimal("discountPercentage")
        if percentage is None:
            raise fail(node.at("discountPercentage"), "is required for DiscountPercentage")
        return tuple(
            ChargeTier(currency=c, tier=1, price=Decimal(0), discount_percentage=percentage)
            for c in currencies
        )
    if model is ChargeModel.DISCOUNT_FIXED_AMOUNT:
        amounts = _per_currency(node, "discountAmount")
        if not amounts:
            raise fail(node.at("discountAmount"), "is required for DiscountFixedAmount")
        return tuple(ChargeTier(currency=c, tier=1, price=a) for c, a in amounts.items())
    if not model.is_tiered:
        prices = _per_currency(node, "price")
        if not prices:
            raise fail(node.at("price"), f"is required for {model.value}")
        return tuple(
            ChargeTier(currency=c, tier=1, price=p, price_format=flat) for c, p in prices.items()
        )
    raw = node.value.get("tiers")
    if not isinstance(raw, Mapping) or not raw:
        raise fail(node.at("tiers"), f"tiers per currency are required for {model.value}")
    overage = _per_currency(node, "overagePrice")
    tiers: list[ChargeTier] = []
    for currency, rows in raw.items():
        path = f"{node.at('tiers')}.{currency}"
        if not isinstance(rows, list) or not rows:
            raise fail(path, "expected a list of tiers")
        for index, row in enumerate(rows):
            tier = Node(row, f"{path}[{index}]", _TIER_KEYS)
            price = tier.decimal("price")
            if price is None:
                raise fail(tier.at("price"), "is required")
            tiers.append(
                ChargeTier(
                    currency=str(currency),
                    tier=index + 1,
                    price=price,
                    price_format=tier.enum(PriceFormat, "priceFormat") or PriceFormat.PER_UNIT,
                    starting_unit=tier.decimal("startingUnit"),
                    ending_unit=tier.decimal("endingUnit"),
                )
            )
        if str(currency) in overage:
            tiers.append(
                ChargeTier(
                    currency=str(currency),
                    tier=len(rows) + 1,
                    price=overage[str(currency)],
                    is_overage_price=True,
                )
            )
    return tuple(tiers)
