"""Product catalog use cases: products, product rate plans, charges and tiers.

Each function works inside the caller's unit of work and does not commit, so that a
whole catalog file loads in one transaction and the API commits once per request.
Fields arrive as domain values; the API translates Zuora's two vocabularies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from zorders.domain.catalog.enums import ChargeModel, ChargeType
from zorders.domain.catalog.model import (
    ChargeTier,
    Product,
    ProductRatePlan,
    ProductRatePlanCharge,
)
from zorders.domain.catalog.rules import PERIODIC_SETTINGS, check_required, validate_charge
from zorders.domain.currency import validate_currency
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.numbering import NumberKind
from zorders.services.context import CommandContext
from zorders.services.ids import given_id
from zorders.services.numbering import next_number
from zorders.services.ports import UnitOfWork

# The currency a plan is active in when ActiveCurrencies is not given: the tenant's
# default currency, USD until tenants carry settings.
DEFAULT_CURRENCY = "USD"


@dataclass(frozen=True)
class RatePlanTree:
    plan: ProductRatePlan
    charges: tuple[ProductRatePlanCharge, ...]


@dataclass(frozen=True)
class ProductTree:
    product: Product
    plans: tuple[RatePlanTree, ...]


def _require_text(value: str | None, field: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(ErrorCode.MISSING_FIELD, f"'{field}' may not be null", field)
    if len(text) > max_length:
        raise DomainError(
            ErrorCode.INVALID_VALUE, f"'{field}' must be at most {max_length} characters", field
        )
    return text


def _check_dates(start: date | None, end: date | None, prefix: str = "") -> None:
    if start is not None and end is not None and end < start:
        raise DomainError(
            ErrorCode.INVALID_DATE_RANGE,
            f"{prefix}EffectiveEndDate {end} is before EffectiveStartDate {start}.",
            f"{prefix}EffectiveEndDate",
        )


def _apply(value: Any, changes: Mapping[str, Any]) -> Any:
    """PUT semantics: the given fields change; given custom fields merge into the old ones."""
    known = {f.name for f in fields(value)}
    unknown = set(changes) - known
    if unknown:
        raise ValueError(f"not fields of {type(value).__name__}: {sorted(unknown)}")
    changes = dict(changes)
    if "custom_fields" in changes:
        changes["custom_fields"] = {**value.custom_fields, **changes["custom_fields"]}
    return replace(value, **changes)


def _check_free(existing: object, what: str, id: str) -> None:
    if existing is not None:
        raise DomainError(ErrorCode.INVALID_VALUE, f"A {what} with id '{id}' already exists.", "Id")


# -- products -----------------------------------------------------------------------------


def _validated_product(uow: UnitOfWork, ctx: CommandContext, product: Product) -> Product:
    name = _require_text(product.name, "Name", 100)
    sku = product.sku.strip() if product.sku else ""
    if len(sku) > 50:
        raise DomainError(ErrorCode.INVALID_VALUE, "'SKU' must be at most 50 characters", "SKU")
    if not sku:
        sku = next_number(uow, ctx.tenant_id, NumberKind.PRODUCT_SKU)
        while uow.catalog.sku_in_use(ctx.tenant_id, sku):
            sku = next_number(uow, ctx.tenant_id, NumberKind.PRODUCT_SKU)
    elif uow.catalog.sku_in_use(ctx.tenant_id, sku, except_id=product.id):
        raise DomainError(ErrorCode.SKU_TAKEN, f"A product with SKU '{sku}' already exists.", "SKU")
    if len(product.description) > 500:
        raise DomainError(
            ErrorCode.INVALID_VALUE, "'Description' must be at most 500 characters", "Description"
        )
    _check_dates(product.effective_start_date, product.effective_end_date)
    return replace(product, name=name, sku=sku)


def create_product(uow: UnitOfWork, ctx: CommandContext, **values: Any) -> Product:
    """Name, EffectiveStartDate and EffectiveEndDate are required; SKU is generated
    (`SKU-00000001`) when absent."""
    for required in ("effective_start_date", "effective_end_date"):
        if values.get(required) is None:
            field = "EffectiveStartDate" if required.endswith("start_date") else "EffectiveEndDate"
            raise DomainError(ErrorCode.MISSING_FIELD, f"'{field}' may not be null", field)
    product = Product(
        id=given_id(values.pop("id", None)),
        name=values.pop("name", None) or "",
        sku=values.pop("sku", None) or "",
        created_at=ctx.now,
        updated_at=ctx.now,
        **values,
    )
    product = _validated_product(uow, ctx, product)
    _check_free(uow.catalog.get_product(ctx.tenant_id, product.id), "product", product.id)
    uow.catalog.add_product(ctx.tenant_id, product)
    return product


def update_product(
    uow: UnitOfWork, ctx: CommandContext, product_id: str, changes: Mapping[str, Any]
) -> Product:
    current = get_product(uow, ctx, product_id)
    product = _validated_product(uow, ctx, _apply(current, {**changes, "updated_at": ctx.now}))
    uow.catalog.update_product(ctx.tenant_id, product)
    return product


def get_product(uow: UnitOfWork, ctx: CommandContext, product_id: str) -> Product:
    product = uow.catalog.get_product(ctx.tenant_id, product_id)
    if product is None:
        raise DomainError(
            ErrorCode.PRODUCT_NOT_FOUND, f"Product '{product_id}' does not exist.", "Id"
        )
    return product


def find_product(uow: UnitOfWork, ctx: CommandContext, key: str) -> Product:
    """By id, SKU or product number."""
    product = uow.catalog.find_product(ctx.tenant_id, key)
    if product is None:
        raise DomainError(ErrorCode.PRODUCT_NOT_FOUND, f"Product '{key}' does not exist.")
    return product


def delete_product(uow: UnitOfWork, ctx: CommandContext, product_id: str) -> None:
    get_product(uow, ctx, product_id)
    uow.catalog.delete_product(ctx.tenant_id, product_id)


def product_tree(uow: UnitOfWork, ctx: CommandContext, product: Product) -> ProductTree:
    return product_trees(uow, ctx, [product])[0]


def product_trees(
    uow: UnitOfWork, ctx: CommandContext, products: Sequence[Product]
) -> list[ProductTree]:
    """Products with their plans and charges, in three queries whatever the count."""
    plans = uow.catalog.list_plans(ctx.tenant_id, [p.id for p in products])
    charges = uow.catalog.list_charges(ctx.tenant_id, [p.id for p in plans])
    by_plan: dict[str, list[ProductRatePlanCharge]] = {}
    for charge in charges:
        by_plan.setdefault(charge.product_rate_plan_id, []).append(charge)
    by_product: dict[str, list[RatePlanTree]] = {}
    for plan in plans:
        by_product.setdefault(plan.product_id, []).append(
            RatePlanTree(plan, tuple(by_plan.get(plan.id, [])))
        )
    return [ProductTree(p, tuple(by_product.get(p.id, []))) for p in products]


@dataclass(frozen=True)
class ProductPage:
    products: list[ProductTree]
    has_more: bool


def list_products(
    uow: UnitOfWork, ctx: CommandContext, *, page: int, page_size: int
) -> ProductPage:
    offset = (page - 1) * page_size
    rows = uow.catalog.list_products(ctx.tenant_id, offset=offset, limit=page_size + 1)
    return ProductPage(product_trees(uow, ctx, rows[:page_size]), len(rows) > page_size)


# -- product rate plans -------------------------------------------------------------------


def _validated_plan(uow: UnitOfWork, ctx: CommandContext, plan: ProductRatePlan) -> ProductRatePlan:
    name = _require_text(plan.name, "Name", 255)
    if uow.catalog.get_product(ctx.tenant_id, plan.product_id) is None:
        raise DomainError(
            ErrorCode.INVALID_VALUE, f"ProductId '{plan.product_id}' does not exist.", "ProductId"
        )
    currencies = tuple(dict.fromkeys(plan.active_currencies or (DEFAULT_CURRENCY,)))
    for code in currencies:
        validate_currency(code, "ActiveCurrencies")
    if plan.grade is not None and plan.grade < 1:
        raise DomainError(ErrorCode.INVALID_VALUE, "'Grade' must be a positive integer", "Grade")
    if len(plan.description) > 500:
        raise DomainError(
            ErrorCode.INVALID_VALUE, "'Description' must be at most 500 characters", "Description"
        )
    _check_dates(plan.effective_start_date, plan.effective_end_date)
    return replace(plan, name=name, active_currencies=currencies)


def create_plan(uow: UnitOfWork, ctx: CommandContext, **values: Any) -> ProductRatePlan:
    plan = ProductRatePlan(
        id=given_id(values.pop("id", None)),
        product_id=values.pop("product_id", None) or "",
        name=values.pop("name", None) or "",
        active_currencies=tuple(values.pop("active_currencies", None) or ()),
        created_at=ctx.now,
        updated_at=ctx.now,
        **values,
    )
    if not plan.product_id:
        raise DomainError(ErrorCode.MISSING_FIELD, "'ProductId' may not be null", "ProductId")
    plan = _validated_plan(uow, ctx, plan)
    _check_free(uow.catalog.get_plan(ctx.tenant_id, plan.id), "product rate plan", plan.id)
    uow.catalog.add_plan(ctx.tenant_id, plan)
    return plan


def update_plan(
    uow: UnitOfWork, ctx: CommandContext, plan_id: str, changes: Mapping[str, Any]
) -> ProductRatePlan:
    current = get_plan(uow, ctx, plan_id)
    plan = _validated_plan(uow, ctx, _apply(current, {**changes, "updated_at": ctx.now}))
    dropped = set(current.active_currencies) - set(plan.active_currencies)
    if dropped:
        for charge in uow.catalog.list_charges(ctx.tenant_id, [plan_id]):
            priced = charge.currencies & dropped
            if priced:
                raise DomainError(
                    ErrorCode.CURRENCY_IN_USE,
                    f"Charge '{charge.name}' is priced in {', '.join(sorted(priced))}; remove "
                    "those prices before removing the currency from ActiveCurrencies.",
                    "ActiveCurrencies",
                )
    uow.catalog.update_plan(ctx.tenant_id, plan)
    return plan


def get_plan(uow: UnitOfWork, ctx: CommandContext, plan_id: str) -> ProductRatePlan:
    plan = uow.catalog.get_plan(ctx.tenant_id, plan_id)
    if plan is None:
        raise DomainError(
            ErrorCode.PRODUCT_RATE_PLAN_NOT_FOUND,
            f"Product rate plan '{plan_id}' does not exist.",
            "Id",
        )
    return plan


def plan_tree(uow: UnitOfWork, ctx: CommandContext, plan_id: str) -> RatePlanTree:
    plan = get_plan(uow, ctx, plan_id)
    return RatePlanTree(plan, tuple(uow.catalog.list_charges(ctx.tenant_id, [plan.id])))


def delete_plan(uow: UnitOfWork, ctx: CommandContext, plan_id: str) -> None:
    get_plan(uow, ctx, plan_id)
    uow.catalog.delete_plan(ctx.tenant_id, plan_id)


# -- charges and tiers --------------------------------------------------------------------


def _validated_charge(
    uow: UnitOfWork, ctx: CommandContext, charge: ProductRatePlanCharge
) -> ProductRatePlanCharge:
    name = _require_text(charge.name, "Name", 100)
    plan = uow.catalog.get_plan(ctx.tenant_id, charge.product_rate_plan_id)
    if plan is None:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"ProductRatePlanId '{charge.product_rate_plan_id}' does not exist.",
            "ProductRatePlanId",
        )
    if (
        charge.default_quantity is None
        and charge.charge_model is ChargeModel.PER_UNIT
        and charge.charge_type is not ChargeType.USAGE  # usage quantities come from usage
    ):
        raise DomainError(
            ErrorCode.MISSING_FIELD,
            "'DefaultQuantity' may not be null for Per Unit Pricing charges",
            "DefaultQuantity",
        )
    charge = replace(charge, name=name)
    validate_charge(charge, plan.active_currencies)
    return charge


def create_charge(uow: UnitOfWork, ctx: CommandContext, **values: Any) -> ProductRatePlanCharge:
    check_required(values)  # by charge type (decision R6)
    # Periodic settings not given take their defaults (a OneTime charge does not use them).
    values = {k: v for k, v in values.items() if not (v is None and k in PERIODIC_SETTINGS)}
    model: ChargeModel = values["charge_model"]
    if values.get("default_quantity") is None and model in (ChargeModel.TIERED, ChargeModel.VOLUME):
        values["default_quantity"] = 0  # spec §13.2: defaults 0 for tiered and volume
    charge_id = given_id(values.pop("id", None))
    charge = ProductRatePlanCharge(
        id=charge_id, created_at=ctx.now, updated_at=ctx.now, **_with_decimal_quantities(values)
    )
    charge = _validated_charge(uow, ctx, charge)
    existing = uow.catalog.get_charge(ctx.tenant_id, charge.id)
    _check_free(existing, "product rate plan charge", charge.id)
    return uow.catalog.add_charge(ctx.tenant_id, charge)


def _with_decimal_quantities(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("default_quantity", "min_quantity", "max_quantity", "included_units"):
        if out.get(key) is not None:
            out[key] = Decimal(out[key])
    if "tiers" in out:
        out["tiers"] = tuple(out["tiers"])
    return out


def update_charge(
    uow: UnitOfWork, ctx: CommandContext, charge_id: str, changes: Mapping[str, Any]
) -> ProductRatePlanCharge:
    """PUT semantics: fields present change; tiers, when given, replace the charge's tiers
    (a row keeps its id when its currency and tier number stay)."""
    current = get_charge(uow, ctx, charge_id)
    changes = _with_decimal_quantities(dict(changes))
    if "tiers" in changes:
        ids = {(t.currency, t.tier): t.id for t in current.tiers}
        changes["tiers"] = tuple(
            replace(t, id=t.id or ids.get((t.currency, t.tier), "")) for t in changes["tiers"]
        )
    charge = _validated_charge(uow, ctx, _apply(current, {**changes, "updated_at": ctx.now}))
    return uow.catalog.update_charge(ctx.tenant_id, charge)


def get_charge(uow: UnitOfWork, ctx: CommandContext, charge_id: str) -> ProductRatePlanCharge:
    charge = uow.catalog.get_charge(ctx.tenant_id, charge_id)
    if charge is None:
        raise DomainError(
            ErrorCode.PRODUCT_RATE_PLAN_CHARGE_NOT_FOUND,
            f"Product rate plan charge '{charge_id}' does not exist.",
            "Id",
        )
    return charge


def delete_charge(uow: UnitOfWork, ctx: CommandContext, charge_id: str) -> None:
    get_charge(uow, ctx, charge_id)
    uow.catalog.delete_charge(ctx.tenant_id, charge_id)


def get_tier(
    uow: UnitOfWork, ctx: CommandContext, tier_id: str
) -> tuple[ChargeTier, ProductRatePlanCharge]:
    charge_id = uow.catalog.charge_id_of_tier(ctx.tenant_id, tier_id)
    charge = uow.catalog.get_charge(ctx.tenant_id, charge_id) if charge_id else None
    tier = next((t for t in charge.tiers if t.id == tier_id), None) if charge else None
    if charge is None or tier is None:
        raise DomainError(
            ErrorCode.CHARGE_TIER_NOT_FOUND,
            f"Product rate plan charge tier '{tier_id}' does not exist.",
            "Id",
        )
    return tier, charge


def update_tier(
    uow: UnitOfWork, ctx: CommandContext, tier_id: str, changes: Mapping[str, Any]
) -> ChargeTier:
    """A tier changes within its charge: the whole charge must stay valid."""
    tier, charge = get_tier(uow, ctx, tier_id)
    updated = _apply(tier, changes)
    tiers = tuple(updated if t.id == tier_id else t for t in charge.tiers)
    charge = _validated_charge(uow, ctx, replace(charge, tiers=tiers, updated_at=ctx.now))
    stored = uow.catalog.update_charge(ctx.tenant_id, charge)
    return next(t for t in stored.tiers if t.id == tier_id)
