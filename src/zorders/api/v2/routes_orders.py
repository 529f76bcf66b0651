"""The v2 Orders family (spec §2.2, §12): `POST /v2/orders` and the reads and lifecycle
of orders, over the same services as `/v1/orders`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.v2.order_commands import create_order as translate
from zorders.api.v2.order_models import CreateOrderIn
from zorders.api.v2.order_resource import NESTED, ORDERS
from zorders.api.v2.order_views import order_body
from zorders.api.v2.paging import page
from zorders.api.v2.query import Query, query_of, select
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.orders.model import Order
from zorders.domain.subscription.model import Subscription
from zorders.services.billing import BillingOutcome
from zorders.services.context import CommandContext
from zorders.services.orders import lifecycle, reads
from zorders.services.orders.create import OrderOutcome, create_order
from zorders.services.ports import UnitOfWork

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


def _body(
    uow: UnitOfWork,
    ctx: CommandContext,
    order: Order,
    *,
    versions: dict[str, Subscription] | None = None,
    billing: BillingOutcome | None = None,
    outcome: OrderOutcome | None = None,
) -> dict[str, Any]:
    made = dict(versions or {})
    latest: dict[str, int] = {}
    for item in order.subscriptions:
        number = item.subscription_number
        if not number:
            continue
        newest = uow.subscriptions.latest(ctx.tenant_id, number)
        if newest is not None:
            latest[number] = newest.version
        if number not in made and item.new_version is not None:
            found = uow.subscriptions.version(ctx.tenant_id, number, item.new_version)
            if found is not None:
                made[number] = found
    # Read back, so that an item the order's billing moved on shows its state (QL6).
    items = reads.line_items_of(uow, ctx, [order]).of(order)
    return order_body(
        order,
        versions=made,
        latest=latest,
        line_items=items,
        today=ctx.today,
        billing=billing if outcome is None else outcome.billing,
        payment=None if outcome is None else outcome.payment,
    )


def _created(uow: UnitOfWork, ctx: CommandContext, outcome: OrderOutcome) -> dict[str, Any]:
    # The versions as stored, so that what the order's billing did shows (QL6).
    return _body(uow, ctx, outcome.order, outcome=outcome)


@router.post("/v2/orders", summary="Create an order")
def create(
    body: CreateOrderIn,
    request: Request,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    command = translate(body)
    with unit_of_work(request) as uow:
        outcome = create_order(
            uow,
            ctx,
            command,
            created_by=getattr(request.state, "client_id", None),
            gateway=dependencies(request).payment_gateway,
        )
        answer = _created(uow, ctx, outcome)
    return ZuoraJSONResponse(_selected(answer, query))


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
        views = [_body(uow, ctx, o) for o in orders]
    listed = page(views, query, ORDERS)
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
        answer = _body(uow, ctx, order)
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
        answer = _created(uow, ctx, outcome)
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
        answer = _body(uow, ctx, order)
    return ZuoraJSONResponse(_selected(answer, query))
