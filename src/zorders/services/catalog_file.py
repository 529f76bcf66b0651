"""A whole catalog from one document (`zorders catalog load FILE.yaml`).

The document speaks the REST words (camelCase keys, `FlatFee`, `IN_ADVANCE`; the CRUD
spellings are accepted too). Loading is an upsert in one transaction: a product is
matched by `sku`, a rate plan within its product by `productRatePlanNumber` (else by
`name`), a charge within its plan by `productRatePlanChargeNumber` (else by `name`).
Matched objects are updated, others created; nothing is deleted. Any error rolls the
whole file back and names the offending path (`products[0].ratePlans[1].charges[0]...`).
The format is documented in docs/catalog-file.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

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
    _DualEnum,
)
from zorders.domain.catalog.model import ChargeTier, ProductRatePlan, ProductRatePlanCharge
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_document
from zorders.services import catalog
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

DEFAULT_START = date(2000, 1, 1)
DEFAULT_END = date(2099, 12, 31)

E = TypeVar("E", bound=_DualEnum)


@dataclass
class LoadReport:
    products_created: int = 0
    products_updated: int = 0
    plans_created: int = 0
    plans_updated: int = 0
    charges_created: int = 0
    charges_updated: int = 0

    def __str__(self) -> str:
        return (
            f"products: {self.products_created} created, {self.products_updated} updated; "
            f"rate plans: {self.plans_created} created, {self.plans_updated} updated; "
            f"charges: {self.charges_created} created, {self.charges_updated} updated"
        )


def _fail(path: str, message: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_CATALOG_FILE, f"{path}: {message}", path)


class _Node:
    """One mapping of the document, with its path for error messages."""

    def __init__(self, value: Any, path: str, allowed: Sequence[str]) -> None:
        if not isinstance(value, Mapping):
            raise _fail(path, "expected a mapping")
        unknown = [k for k in value if k not in allowed and not str(k).endswith("__c")]
        if unknown:
            raise _fail(f"{path}.{unknown[0]}", f"unknown key (allowed: {', '.join(allowed)})")
        self.value = value
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def has(self, key: str) -> bool:
        return self.value.get(key) is not None

    def text(self, key: str, *, required: bool = False) -> str | None:
        raw = self.value.get(key)
        if raw is None:
            if required:
                raise _fail(self.at(key), "is required")
            return None
        if not isinstance(raw, str | int) or isinstance(raw, bool):
            raise _fail(self.at(key), "expected text")
        return str(raw)

    def integer(self, key: str) -> int | None:
        raw = self.value.get(key)
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
            raise _fail(self.at(key), "expected a whole number")
        if raw != int(raw):
            raise _fail(self.at(key), "expected a whole number")
        return int(raw)

    def decimal(self, key: str) -> Decimal | None:
        return _decimal(self.value.get(key), self.at(key))

    def boolean(self, key: str) -> bool | None:
        raw = self.value.get(key)
        if raw is not None and not isinstance(raw, bool):
            raise _fail(self.at(key), "expected true or false")
        return raw

    def day(self, key: str) -> date | None:
        raw = self.value.get(key)
        if raw is None or isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            raise _fail(self.at(key), "expected a date as YYYY-MM-DD") from None

    def enum(self, cls: type[E], key: str, *, required: bool = False) -> E | None:
        raw = self.text(key, required=required)
        if raw is None:
            return None
        for reader in (cls.from_rest, cls.from_crud):
            try:
                return reader(raw)
            except ValueError:
                continue
        raise _fail(self.at(key), f"should be one of: {', '.join(m.value for m in cls)}")

    def items(self, key: str) -> list[Any]:
        raw = self.value.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise _fail(self.at(key), "expected a list")
        return raw

    def custom_fields(self) -> dict[str, Any]:
        custom = {str(k): v for k, v in self.value.get("customFields", {}).items()}
        custom.update({str(k): v for k, v in self.value.items() if str(k).endswith("__c")})
        return {k: (str(v) if isinstance(v, Decimal | date) else v) for k, v in custom.items()}


def _decimal(raw: Any, path: str) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | str):
        raise _fail(path, "expected a number")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise _fail(path, "expected a number") from None
    if not value.is_finite():
        raise _fail(path, "expected a number")
    return value


_PRODUCT_KEYS = (
    "sku", "name", "description", "category", "productNumber", "effectiveStartDate",
    "effectiveEndDate", "allowFeatureChanges", "customFields", "ratePlans",
)  # fmt: skip
_PLAN_KEYS = (
    "name", "productRatePlanNumber", "description", "activeCurrencies", "grade",
    "effectiveStartDate", "effectiveEndDate", "customFields", "charges",
)  # fmt: skip
_CHARGE_KEYS = (
    "name", "productRatePlanChargeNumber", "description", "type", "model", "billingPeriod",
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
        raise _fail(err.field or "catalog", err.message) from err
    root = _Node(document, "catalog", ("products",))
    report = LoadReport()
    seen: set[str] = set()
    for index, raw in enumerate(root.items("products")):
        node = _Node(raw, f"products[{index}]", _PRODUCT_KEYS)
        sku = node.text("sku", required=True) or ""
        if sku in seen:
            raise _fail(node.at("sku"), f"'{sku}' appears twice in the file")
        seen.add(sku)
        with _located(node.path):
            _load_product(uow, ctx, node, sku, report)
    return report


@contextmanager
def _located(path: str) -> Iterator[None]:
    """A catalog rule broken inside `path` is reported with that path in front."""
    try:
        yield
    except DomainError as err:
        if err.code is ErrorCode.INVALID_CATALOG_FILE:
            raise
        where = f"{path} ({err.field})" if err.field else path
        raise _fail(where, err.message) from err


def _load_product(
    uow: UnitOfWork, ctx: CommandContext, node: _Node, sku: str, report: LoadReport
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
    existing = uow.catalog.find_product(ctx.tenant_id, sku)
    if existing is not None and existing.sku == sku:
        product = catalog.update_product(uow, ctx, existing.id, values)
        report.products_updated += 1
    else:
        product = catalog.create_product(uow, ctx, **values)
        report.products_created += 1
    plans = uow.catalog.list_plans(ctx.tenant_id, [product.id])
    for index, raw in enumerate(node.items("ratePlans")):
        plan_node = _Node(raw, f"{node.path}.ratePlans[{index}]", _PLAN_KEYS)
        with _located(plan_node.path):
            _load_plan(uow, ctx, plan_node, product.id, plans, report)


def _match(number: str | None, name: str, candidates: Sequence[Any], number_attr: str) -> Any:
    for candidate in candidates:
        if number is not None and getattr(candidate, number_attr) == number:
            return candidate
    if number is None:
        for candidate in candidates:
            if candidate.name == name:
                return candidate
    return None


def _load_plan(
    uow: UnitOfWork,
    ctx: CommandContext,
    node: _Node,
    product_id: str,
    plans: Sequence[ProductRatePlan],
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
    existing = _match(number, name, plans, "product_rate_plan_number")
    if existing is not None:
        plan = catalog.update_plan(uow, ctx, existing.id, values)
        report.plans_updated += 1
    else:
        plan = catalog.create_plan(uow, ctx, product_id=product_id, **values)
        report.plans_created += 1
    charges = uow.catalog.list_charges(ctx.tenant_id, [plan.id])
    for index, raw in enumerate(node.items("charges")):
        charge_node = _Node(raw, f"{node.path}.charges[{index}]", _CHARGE_KEYS)
        with _located(charge_node.path):
            _load_charge(uow, ctx, charge_node, plan, charges, report)


def _load_charge(
    uow: UnitOfWork,
    ctx: CommandContext,
    node: _Node,
    plan: ProductRatePlan,
    charges: Sequence[ProductRatePlanCharge],
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
    existing = _match(number, name, charges, "product_rate_plan_charge_number")
    if existing is not None:
        catalog.update_charge(uow, ctx, existing.id, values)
        report.charges_updated += 1
    else:
        catalog.create_charge(uow, ctx, product_rate_plan_id=plan.id, **values)
        report.charges_created += 1


def _per_currency(node: _Node, key: str) -> dict[str, Decimal]:
    raw = node.value.get(key)
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise _fail(node.at(key), "expected a price per currency, e.g. {USD: 10, EUR: 9}")
    out = {}
    for currency, amount in raw.items():
        value = _decimal(amount, f"{node.at(key)}.{currency}")
        assert value is not None
        out[str(currency)] = value
    return out


def _tiers(node: _Node, model: ChargeModel, currencies: Sequence[str]) -> tuple[ChargeTier, ...]:
    flat = PriceFormat.FLAT_FEE if model is ChargeModel.FLAT_FEE else PriceFormat.PER_UNIT
    if model is ChargeModel.DISCOUNT_PERCENTAGE:
        percentage = node.decimal("discountPercentage")
        if percentage is None:
            raise _fail(node.at("discountPercentage"), "is required for DiscountPercentage")
        return tuple(
            ChargeTier(currency=c, tier=1, price=Decimal(0), discount_percentage=percentage)
            for c in currencies
        )
    if model is ChargeModel.DISCOUNT_FIXED_AMOUNT:
        amounts = _per_currency(node, "discountAmount")
        if not amounts:
            raise _fail(node.at("discountAmount"), "is required for DiscountFixedAmount")
        return tuple(ChargeTier(currency=c, tier=1, price=a) for c, a in amounts.items())
    if not model.is_tiered:
        prices = _per_currency(node, "price")
        if not prices:
            raise _fail(node.at("price"), f"is required for {model.value}")
        return tuple(
            ChargeTier(currency=c, tier=1, price=p, price_format=flat) for c, p in prices.items()
        )
    raw = node.value.get("tiers")
    if not isinstance(raw, Mapping) or not raw:
        raise _fail(node.at("tiers"), f"tiers per currency are required for {model.value}")
    overage = _per_currency(node, "overagePrice")
    tiers: list[ChargeTier] = []
    for currency, rows in raw.items():
        path = f"{node.at('tiers')}.{currency}"
        if not isinstance(rows, list) or not rows:
            raise _fail(path, "expected a list of tiers")
        for index, row in enumerate(rows):
            tier = _Node(row, f"{path}[{index}]", _TIER_KEYS)
            price = tier.decimal("price")
            if price is None:
                raise _fail(tier.at("price"), "is required")
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
