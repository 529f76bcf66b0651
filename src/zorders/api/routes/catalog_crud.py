"""The catalog through Zuora's CRUD object API (spec §13.2), PascalCase words and
`{Success, Id}` answers: `/v1/object/product` and `/v1/object/product-rate-plan` here,
charges and tiers in `catalog_crud_charges`; the helpers both use."""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.schemas.catalog import (
    CrudBody,
    ProductBody,
    ProductRatePlanBody,
    check_custom_fields,
)
from zorders.api.views import catalog as views
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.catalog.enums import (
    ProductCategory,
    _DualEnum,
)
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import catalog
from zorders.services.context import CommandContext

router = APIRouter(route_class=ZuoraRoute, tags=["Catalog (CRUD)"])

E = TypeVar("E", bound=_DualEnum)


def crud_enum(cls: type[E], value: str, field: str) -> E:
    try:
        return cls.from_crud(value)
    except ValueError:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"'{field}' value should be one of: {', '.join(cls.crud_values())}",
            field,
        ) from None


def prepare(body: CrudBody, reject_unknown: bool) -> None:
    if reject_unknown:
        body.reject_unknown()


def ok(object_id: str) -> ZuoraJSONResponse:
    return ZuoraJSONResponse({"Success": True, "Id": object_id})


def deleted(object_id: str) -> ZuoraJSONResponse:
    return ZuoraJSONResponse({"id": object_id, "success": True})


def fields_filter(payload: dict[str, Any], fields: str | None) -> dict[str, Any]:
    """`?fields=Name,SKU` keeps those fields (and Id), as the CRUD API does."""
    if not fields:
        return payload
    wanted = {f.strip().lower() for f in fields.split(",") if f.strip()} | {"id"}
    return {k: v for k, v in payload.items() if k.lower() in wanted}


# -- products -----------------------------------------------------------------------------

_PRODUCT_FIELDS = {
    "Name": "name",
    "SKU": "sku",
    "ProductNumber": "product_number",
    "Description": "description",
    "EffectiveStartDate": "effective_start_date",
    "EffectiveEndDate": "effective_end_date",
    "AllowFeatureChanges": "allow_feature_changes",
}


def product_values(body: ProductBody) -> dict[str, Any]:
    sent = body.model_fields_set
    values: dict[str, Any] = {
        domain: getattr(body, wire) for wire, domain in _PRODUCT_FIELDS.items() if wire in sent
    }
    if values.get("description", "") is None:
        values["description"] = ""
    if values.get("allow_feature_changes", False) is None:
        values["allow_feature_changes"] = False
    if "Category" in sent:
        values["category"] = (
            crud_enum(ProductCategory, body.Category, "Category") if body.Category else None
        )
    custom = check_custom_fields(body.custom_fields())
    if custom:
        values["custom_fields"] = custom
    return values


@router.post("/v1/object/product", summary="CRUD: Create a product")
def create_product(
    body: ProductBody,
    request: Request,
    rejectUnknownFields: bool = False,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    prepare(body, rejectUnknownFields)
    with unit_of_work(request) as uow:
        product = catalog.create_product(uow, ctx, **product_values(body))
    return ok(product.id)


@router.get("/v1/object/product/{id}", summary="CRUD: Retrieve a product")
def get_product(
    id: str,
    request: Request,
    fields: str | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        product = catalog.get_product(uow, ctx, id)
    return ZuoraJSONResponse(fields_filter(views.crud_product(product), fields))


@router.put("/v1/object/product/{id}", summary="CRUD: Update a product")
def update_product(
    id: str,
    body: ProductBody,
    request: Request,
    rejectUnknownFields: bool = False,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    prepare(body, rejectUnknownFields)
    with unit_of_work(request) as uow:
        catalog.update_product(uow, ctx, id, product_values(body))
    return ok(id)


@router.delete("/v1/object/product/{id}", summary="CRUD: Delete a product")
def delete_product(
    id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        catalog.delete_product(uow, ctx, id)
    return deleted(id)


# -- product rate plans -------------------------------------------------------------------

_PLAN_FIELDS = {
    "Name": "name",
    "ProductId": "product_id",
    "Description": "description",
    "EffectiveStartDate": "effective_start_date",
    "EffectiveEndDate": "effective_end_date",
    "ProductRatePlanNumber": "product_rate_plan_number",
    "Grade": "grade",
}


def plan_values(body: ProductRatePlanBody) -> dict[str, Any]:
    sent = body.model_fields_set
    values: dict[str, Any] = {
        domain: getattr(body, wire) for wire, domain in _PLAN_FIELDS.items() if wire in sent
    }
    if values.get("description", "") is None:
        values["description"] = ""
    if "ActiveCurrencies" in sent:
        values["active_currencies"] = tuple(body.ActiveCurrencies or ())
    custom = check_custom_fields(body.custom_fields())
    if custom:
        values["custom_fields"] = custom
    return values


@router.post("/v1/object/product-rate-plan", summary="CRUD: Create a product rate plan")
def create_plan(
    body: ProductRatePlanBody,
    request: Request,
    rejectUnknownFields: bool = False,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    prepare(body, rejectUnknownFields)
    with unit_of_work(request) as uow:
        plan = catalog.create_plan(uow, ctx, **plan_values(body))
    return ok(plan.id)


@router.get("/v1/object/product-rate-plan/{id}", summary="CRUD: Retrieve a product rate plan")
def get_plan(
    id: str,
    request: Request,
    fields: str | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        plan = catalog.get_plan(uow, ctx, id)
    return ZuoraJSONResponse(fields_filter(views.crud_plan(plan), fields))


@router.put("/v1/object/product-rate-plan/{id}", summary="CRUD: Update a product rate plan")
def update_plan(
    id: str,
    body: ProductRatePlanBody,
    request: Request,
    rejectUnknownFields: bool = False,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    prepare(body, rejectUnknownFields)
    values = plan_values(body)
    if "product_id" in values and values["product_id"] is None:
        del values["product_id"]
    with unit_of_work(request) as uow:
        catalog.update_plan(uow, ctx, id, values)
    return ok(id)


@router.delete("/v1/object/product-rate-plan/{id}", summary="CRUD: Delete a product rate plan")
def delete_plan(
    id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        catalog.delete_plan(uow, ctx, id)
    return deleted(id)
