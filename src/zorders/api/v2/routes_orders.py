"""The v2 Orders family (spec §2.2, §12): `POST /v2/orders` and the reads and lifecycle
of orders, over the same services as `/v1/orders`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.v2 import async_requests
from zorders.api.v2.errors import parameter_name
from zorders.api.v2.order_answers import created_answer, order_answer
from zorders.api.v2.order_commands import account_card
from zorders.api.v2.order_commands import create_order as translate
from zorders.api.v2.order_models import CreateOrderIn
from zorders.api.v2.order_resource import NESTED, ORDERS
from zorders.api.v2.order_views import order_fields
from zorders.api.v2.paging import page
from zorders.api.v2.query import Query, query_of, select
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.errors import DomainError
from zorders.services.context import CommandContext
from zorders.services.orders import lifecycle, reads
from zorders.services.orders.create import create_order

router = APIRouter(route_class=ZuoraRoute, tags=["v2 Orders"])


def _only(obj: dict[str, Any], names: frozenset[str] | None, key: str = "id") -> dict[str, Any]:
    return obj if names is None else {k: v for k, v in obj.items() if k in names or k == key}


def _nested(order: dict[str, Any], query: Query) -> dict[str, Any]:
    """`order_actions.fields[]`, `subscription_plans.fields[]`, `subscription_items.fields[]`
    on the lists inside `subscriptions` (the mechanism restricts top-level relations)."""
    wanted = query.related_fields
    if not any(name in wanted for name in NESTED) or not order.get("subscriptions"):
        return order
    subscriptions = []
    for sub in order["subscriptions"]:
        sub = dict(sub)
        if "actions" in sub:
            sub["actions"] = [
                _only(a, wanted.get("order_actions"), "action_id") for a in sub["actions"]
            ]
        if "subscription_plans" in sub:
            plans = []
            for plan in sub["subscription_plans"]:
                plan = _only(plan, wanted.get("subscription_plans"))
                if "subscription_items" in plan:
                    plan["subscription_items"] = [
                        _only(i, wanted.get("subscription_items"))
                        for i in plan["subscription_items"]
                    ]
                plans.append(plan)
            sub["subscription_plans"] = plans
        subscriptions.append(sub)
    return {**order, "subscriptions": subscriptions}


def _selected(order: dict[str, Any], query: Query) -> dict[str, Any]:
    return _nested(select(order, query, ORDERS), query)


_one = query_of(ORDERS, listing=False)
_many = query_of(ORDERS, listing=True)


@router.post("/v2/orders", summary="Create an order")
def create(
    body: CreateOrderIn,
    request: Request,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    command = translate(body)
    card = account_card(body)
    if async_requests.wants_async(request):  # 202 with the request id only (QP6)
        if card is not None:
            async_requests.refuse_card()
        return async_requests.accepted(async_requests.submit_create(request, ctx, command))
    with unit_of_work(request) as uow, _card_errors():
        outcome = create_order(
            uow,
            ctx,
            command,
            created_by=getattr(request.state, "client_id", None),
            gateway=dependencies(request).payment_gateway,
            card=card,
        )
        answer = created_answer(uow, ctx, outcome)
    return ZuoraJSONResponse(_selected(answer, query))


@contextmanager
def _card_errors() -> Iterator[None]:
    """The card service names its fields as an account's (`payment_method.card.*`); in an
    order they are under `account_data` (QP5)."""
    try:
        yield
    except DomainError as error:
        name = parameter_name(error.field) or ""
        if name.startswith("payment_method"):
            raise DomainError(error.code, error.message, f"account_data.{name}") from error
        raise


# Lists are paged by the query mechanism over the tenant's orders read whole (QO6).
_ALL_ORDERS = 100_000


@router.get("/v2/orders", summary="List orders")
def list_all(
    request: Request,
    query: Query = Depends(_many),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        orders = reads.list_orders(uow, ctx, offset=0, limit=_ALL_ORDERS)
        if query.related_filters:  # they read subscriptions and line items: whole views
            listed = page([order_answer(uow, ctx, o) for o in orders], query, ORDERS)
        else:
            # Filters and sorts read the order's own fields: the whole view (subscription
            # versions, line items: queries per order) only for the page's rows.
            by_id = {o.id: o for o in orders}

            def whole(rows: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
                return [order_answer(uow, ctx, by_id[r["id"]]) for r in rows]

            own = [order_fields(o, ctx.today) for o in orders]
            listed = page(own, query, ORDERS, complete=whole)
    listed["data"] = [_nested(o, query) for o in listed["data"]]
    return ZuoraJSONResponse(listed)


@router.get("/v2/orders/{order_id}", summary="Retrieve an order")
def get(
    order_id: str,
    request: Request,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        order = lifecycle.get_order(uow, ctx, order_id)
        answer = order_answer(uow, ctx, order)
    return ZuoraJSONResponse(_selected(answer, query))


@router.delete("/v2/orders/{order_id}", summary="Delete an order", status_code=204)
def delete(
    order_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> Response:
    with unit_of_work(request) as uow:
        lifecycle.delete_order(uow, ctx, lifecycle.get_order(uow, ctx, order_id).number)
    return Response(status_code=204)


@router.post("/v2/orders/{order_id}/activate", summary="Activate an order")
def activate(
    order_id: str,
    request: Request,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        number = lifecycle.get_order(uow, ctx, order_id).number
        outcome = lifecycle.activate(
            uow, ctx, number, gateway=dependencies(request).payment_gateway
        )
        answer = created_answer(uow, ctx, outcome)
    return ZuoraJSONResponse(_selected(answer, query))


class CancelOrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cancel_reason: str | None = None


@router.post("/v2/orders/{order_id}/cancel", summary="Cancel an order")
def cancel(
    order_id: str,
    request: Request,
    body: CancelOrderIn | None = None,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        number = lifecycle.get_order(uow, ctx, order_id).number
        order, _ = lifecycle.cancel_order(uow, ctx, number, body.cancel_reason if body else None)
        answer = order_answer(uow, ctx, order)
    return ZuoraJSONResponse(_selected(answer, query))
