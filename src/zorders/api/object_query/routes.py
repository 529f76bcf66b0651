"""`GET /object-query/{objects}` and `GET /object-query/{objects}/{key}` (Zuora's Object
Queries API): `fields[]` / `<object>.fields[]`, `<related>.fields[]`, `expand[]`,
`filter[]`, `sort[]`, `pageSize`, `cursor`, `includeNullFields`, read by the shared
selection machinery; a list is one SQL page of the object's rows (filters, sort and the
cursor's keyset pushed down), then the page's objects read by id."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.object_query.billing import (
    CREDIT_MEMOS,
    INVOICE_ITEMS,
    INVOICES,
    PAYMENT_METHODS,
    PAYMENTS,
)
from zorders.api.object_query.catalog import PRODUCT_RATE_PLAN_CHARGES, PRODUCT_RATE_PLANS, PRODUCTS
from zorders.api.object_query.customers import ACCOUNTS, CONTACTS, SUBSCRIPTIONS
from zorders.api.object_query.dialect import OBJECT_QUERY, for_object
from zorders.api.object_query.objects import ObjectSpec, cursor_value
from zorders.api.object_query.orders import ORDER_ACTIONS, ORDERS
from zorders.api.object_query.subscription_plans import RATE_PLAN_CHARGES, RATE_PLANS
from zorders.api.selection.paging import cursor_of
from zorders.api.selection.query import Filter, Query, parse_query, select
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import object_query
from zorders.services.ports.object_rows import RowCondition, RowOrder, RowQuery

router = APIRouter(prefix="/object-query", tags=["Object Queries"], route_class=ZuoraRoute)

OBJECTS: dict[str, ObjectSpec] = {
    o.path: o
    for o in (
        ACCOUNTS,
        CONTACTS,
        SUBSCRIPTIONS,
        PRODUCTS,
        PRODUCT_RATE_PLANS,
        PRODUCT_RATE_PLAN_CHARGES,
        INVOICES,
        CREDIT_MEMOS,
        PAYMENTS,
        ORDERS,
        ORDER_ACTIONS,
        INVOICE_ITEMS,
        PAYMENT_METHODS,
        RATE_PLANS,
        RATE_PLAN_CHARGES,
    )
}


def _spec(objects: str) -> ObjectSpec:
    spec = OBJECTS.get(objects)
    if spec is None:
        raise DomainError(
            ErrorCode.RESOURCE_NOT_FOUND, f"'{objects}' is not an object Object Query reads"
        )
    return spec


def _include_nulls(request: Request) -> bool:
    values = request.query_params.getlist("includeNullFields")
    if not values:
        return False
    text = values[-1].strip().lower()
    if text not in ("true", "false"):
        raise OBJECT_QUERY.bad("includeNullFields", f"'{values[-1]}' is not a boolean")
    return text == "true"


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _answer(obj: dict[str, Any], query: Query, spec: ObjectSpec, nulls: bool) -> dict[str, Any]:
    if query.fields is not None:
        # An expansion is answered whatever `fields[]` names.
        # A nested expansion (`rateplans.rateplancharges`) answers its first object too.
        expanded = {r.split(".")[0] for r in query.expand}
        query = replace(query, fields=query.fields | {r for r in expanded if r in obj})
    chosen = select(obj, query, spec.resource)
    return chosen if nulls else _without_nulls(chosen)


def _condition(spec: ObjectSpec, f: Filter) -> RowCondition:
    return RowCondition(spec.column(f.field), f.op, f.value)


def _after(spec: ObjectSpec, query: Query) -> tuple[tuple[Any, ...], str] | None:
    if query.after is None:
        return None
    values, last_id = query.after
    try:
        typed = tuple(
            cursor_value(v, spec.kind(k.field)) for k, v in zip(query.sort, values, strict=True)
        )
    except (ValueError, TypeError, ArithmeticError):
        raise OBJECT_QUERY.bad("cursor", "'cursor' is not a cursor of this list") from None
    return typed, str(last_id)


@router.get("/{objects}", summary="List objects")
def list_objects(objects: str, request: Request) -> ZuoraJSONResponse:
    spec = _spec(objects)
    dialect = for_object(spec.singular)
    query = parse_query(
        request.query_params.multi_items(), spec.resource, listing=True, dialect=dialect
    )
    nulls = _include_nulls(request)
    ctx = command_context(request)
    rows_query = RowQuery(
        table=spec.table,
        conditions=spec.fixed + tuple(_condition(spec, f) for f in query.filters),
        order=tuple(RowOrder(spec.column(k.field), k.descending) for k in query.sort),
        after=_after(spec, query),
        limit=query.page_size,
        columns=spec.fetch,
    )
    with dependencies(request).uow_factory(read_only=True) as uow:
        found = object_query.page_rows(uow, ctx, rows_query)
        views = spec.load(uow, ctx, query, found.rows)
    body: dict[str, Any] = {"data": [_answer(v, query, spec, nulls) for v in views]}
    if found.more and found.rows:
        last = found.rows[-1]
        keyed = {k.field: last[spec.column(k.field)] for k in query.sort} | {"id": last["id"]}
        # Absent on the last page, as the v1 lists leave out `nextPage` (README).
        body[dialect.next_page_key] = cursor_of(keyed, query.sort)
    return ZuoraJSONResponse(body)


@router.get("/{objects}/{key}", summary="Retrieve an object by id or number")
def get_object(objects: str, key: str, request: Request) -> ZuoraJSONResponse:
    spec = _spec(objects)
    dialect = for_object(spec.singular)
    query = parse_query(
        request.query_params.multi_items(), spec.resource, listing=False, dialect=dialect
    )
    nulls = _include_nulls(request)
    ctx = command_context(request)
    with dependencies(request).uow_factory(read_only=True) as uow:
        for column in spec.keys:
            found = object_query.page_rows(
                uow,
                ctx,
                RowQuery(
                    table=spec.table,
                    conditions=(*spec.fixed, RowCondition(column, "EQ", key)),
                    order=spec.key_order,
                    limit=1,
                    columns=spec.fetch,
                ),
            )
            if found.rows:
                obj = spec.load(uow, ctx, query, found.rows)[0]
                return ZuoraJSONResponse(_answer(obj, query, spec, nulls))
    raise DomainError(ErrorCode.RESOURCE_NOT_FOUND, f"No {spec.singular} found for '{key}'", "key")
