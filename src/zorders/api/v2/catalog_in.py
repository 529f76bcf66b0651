"""v2 catalog bodies -> the values the catalog services take (`services/catalog.py`),
the same services the v1 CRUD routes call. Prices go through `catalog_prices`.

The services name fields in the CRUD words (`EffectiveStartDate`, `ProductId`);
`v2_parameter` renames a DomainError's field to the v2 word, so that a v2 client reads
`parameter: "start_date"`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn

from zorders.api.v2.catalog_bodies import PlanBody, ProductBody
from zorders.api.v2.catalog_words import PRODUCT_TYPE
from zorders.api.v2.errors import V2Error
from zorders.domain.catalog.model import Product, ProductRatePlan
from zorders.domain.errors import DomainError
from zorders.services import catalog
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

# A product's dates when a v2 body leaves them out (v1 requires both; QC1).
DEFAULT_END_DATE = date(2099, 12, 31)

# CRUD field names (as the services raise them) -> v2 parameters.
_PARAMETERS = {
    "Id": "id",
    "Name": "name",
    "SKU": "sku",
    "Description": "description",
    "Category": "type",
    "EffectiveStartDate": "start_date",
    "EffectiveEndDate": "end_date",
    "ProductId": "product_id",
    "ActiveCurrencies": "active_currencies",
    "ProductRatePlanId": "plan_id",
    "ProductRatePlanChargeTier": "tiers",
    "ProductRatePlanChargeTierData": "amounts",
    "Currency": "currency",
    "Price": "amounts",
    "DiscountAmount": "discount_amounts",
    "DiscountPercentage": "discount_percent",
    "StartingUnit": "tiers",
    "EndingUnit": "tiers",
    "IsOveragePrice": "tiers",
    "UOM": "unit_of_measure",
    "DefaultQuantity": "quantity",
    "MinQuantity": "min_quantity",
    "MaxQuantity": "max_quantity",
    "IncludedUnits": "overage",
    "ChargeType": "recurring",
    "ChargeModel": "tiers_mode",
    "TriggerEvent": "start_event",
    "BillCycleDay": "recurring.on",
    "WeeklyBillCycleDay": "recurring.on",
    "BillCycleType": "recurring.on",
    "BillingPeriod": "recurring.interval",
    "SpecificBillingPeriod": "recurring.interval_count",
    "UpToPeriods": "recurring.duration_interval_count",
    "SpecificListPriceBase": "price_base_interval",
}


# Field names a service message may quote, rewritten in the v2 words: the compound ones
# (`EffectiveEndDate`, `DefaultQuantity`) and the acronyms, not plain words like `Price`.
_IN_MESSAGES = re.compile(
    r"\b("
    + "|".join(k for k in _PARAMETERS if re.match(r"^([A-Z][a-z]+){2,}$|^[A-Z]{3}$", k))
    + r")\b"
)


@contextmanager
def v2_parameter() -> Iterator[None]:
    """Re-raise a catalog DomainError with its field (and the field names its message
    quotes) in the v2 words."""
    try:
        yield
    except DomainError as err:
        field = _PARAMETERS.get(err.field or "", err.field)
        message = _IN_MESSAGES.sub(lambda m: _PARAMETERS[m.group(1)], err.message)
        if (field, message) == (err.field, err.message):
            raise
        raise DomainError(err.code, message, field) from None


def bad(parameter: str, message: str, code: str = "invalid_parameter") -> NoReturn:
    raise V2Error("bad_request", code, parameter, message, 400)


def one_of(table: dict[str, Any], value: str, parameter: str) -> Any:
    if value not in table:
        bad(parameter, f"'{parameter}' must be one of: {', '.join(table)}")
    return table[value]


def custom_fields(values: dict[str, Any] | None) -> dict[str, Any]:
    """v2 `custom_fields` are the v1 object's `X__c` fields."""
    out = dict(values or {})
    for key, value in out.items():
        if not key.endswith("__c"):
            bad(f"custom_fields.{key}", "custom field names end with '__c'")
        if value is not None and not isinstance(value, str | int | bool | Decimal):
            bad(f"custom_fields.{key}", "a custom field is a string, a number, a boolean or null")
    return out


def _sent(body: Any, mapping: dict[str, str]) -> dict[str, Any]:
    return {
        domain: getattr(body, wire)
        for wire, domain in mapping.items()
        if wire in body.model_fields_set
    }


# -- products -----------------------------------------------------------------------------

_PRODUCT = {
    "name": "name",
    "sku": "sku",
    "description": "description",
    "start_date": "effective_start_date",
    "end_date": "effective_end_date",
}


def product_values(body: ProductBody, *, creating: bool, today: date) -> dict[str, Any]:
    """Create: `start_date` defaults to today, `end_date` to DEFAULT_END_DATE (QC1).
    PATCH: the fields sent change; `name` and the dates may not be set to null."""
    values = _sent(body, _PRODUCT)
    for wire in ("name", "start_date", "end_date"):
        if wire in body.model_fields_set and getattr(body, wire) is None and not creating:
            bad(wire, f"'{wire}' may not be null")
    if values.get("description", "") is None:
        values["description"] = ""
    if "type" in body.model_fields_set:
        values["category"] = one_of(PRODUCT_TYPE, body.type, "type") if body.type else None
    if body.custom_fields:
        values["custom_fields"] = custom_fields(body.custom_fields)
    if creating:
        if not (body.name or "").strip():
            bad("name", "'name' may not be null", "missing_parameter")
        values["effective_start_date"] = body.start_date or today
        values["effective_end_date"] = body.end_date or DEFAULT_END_DATE
    return values


def create_product(uow: UnitOfWork, ctx: CommandContext, body: ProductBody) -> Product:
    with v2_parameter():
        return catalog.create_product(
            uow, ctx, **product_values(body, creating=True, today=ctx.today)
        )


def update_product(
    uow: UnitOfWork, ctx: CommandContext, product: Product, body: ProductBody
) -> Product:
    with v2_parameter():
        values = product_values(body, creating=False, today=ctx.today)
        return catalog.update_product(uow, ctx, product.id, values)


def find_product(uow: UnitOfWork, ctx: CommandContext, key: str) -> Product:
    """A path's `product_id`: the product's id or SKU (as v1's product-key; QC1)."""
    product = uow.catalog.find_product(ctx.tenant_id, key)
    if product is None or key not in (product.id, product.sku):
        raise V2Error(
            "not_found",
            "resource_not_found",
            "product_id",
            f"Product '{key}' could not be found",
            404,
        )
    return product


# -- plans --------------------------------------------------------------------------------

_PLAN = {
    "name": "name",
    "product_id": "product_id",
    "plan_number": "product_rate_plan_number",
    "description": "description",
    "start_date": "effective_start_date",
    "end_date": "effective_end_date",
}


def plan_values(
    uow: UnitOfWork, ctx: CommandContext, body: PlanBody, *, creating: bool
) -> dict[str, Any]:
    values = _sent(body, _PLAN)
    if values.get("description", "") is None:
        values["description"] = ""
    if "active_currencies" in body.model_fields_set:
        values["active_currencies"] = tuple(c.upper() for c in body.active_currencies or ())
    if body.custom_fields:
        values["custom_fields"] = custom_fields(body.custom_fields)
    if creating:
        if not (body.name or "").strip():
            bad("name", "'name' may not be null", "missing_parameter")
        if not body.product_id:
            bad("product_id", "'product_id' may not be null", "missing_parameter")
    if "product_id" in values:
        if not creating:
            bad("product_id", "a plan does not move to another product")
        if uow.catalog.get_product(ctx.tenant_id, values["product_id"]) is None:
            bad(
                "product_id",
                f"Product '{values['product_id']}' could not be found",
                "resource_not_found",
            )
    number = values.get("product_rate_plan_number")
    if number:
        if "/" in number:
            bad("plan_number", "'plan_number' may not contain a slash")
        taken = uow.catalog.find_plan_by_number(ctx.tenant_id, number)
        if taken is not None:
            raise V2Error(
                "conflict",
                "in_use",
                "plan_number",
                f"A plan numbered '{number}' already exists",
                409,
            )
    return values


def create_plan(uow: UnitOfWork, ctx: CommandContext, body: PlanBody) -> ProductRatePlan:
    values = plan_values(uow, ctx, body, creating=True)
    with v2_parameter():
        return catalog.create_plan(uow, ctx, **values)


def update_plan(
    uow: UnitOfWork, ctx: CommandContext, plan: ProductRatePlan, body: PlanBody
) -> ProductRatePlan:
    values = plan_values(uow, ctx, body, creating=False)
    if values.get("product_rate_plan_number") == plan.product_rate_plan_number:
        values.pop("product_rate_plan_number", None)
    with v2_parameter():
        return catalog.update_plan(uow, ctx, plan.id, values)


def find_plan(uow: UnitOfWork, ctx: CommandContext, key: str) -> ProductRatePlan | None:
    """By id or plan number (Zuora: "The plan number or plan Id")."""
    return uow.catalog.get_plan(ctx.tenant_id, key) or uow.catalog.find_plan_by_number(
        ctx.tenant_id, key
    )


def plan_in_path(uow: UnitOfWork, ctx: CommandContext, key: str) -> ProductRatePlan:
    plan = find_plan(uow, ctx, key)
    if plan is None:
        raise V2Error(
            "not_found", "resource_not_found", "plan_id", f"Plan '{key}' could not be found", 404
        )
    return plan
