"""The v2 Orders family (spec §2.2, §12): `POST /v2/orders` and the reads and lifecycle
of orders, over the same services as `/v1/orders`."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.v2.order_commands import create_order as translate
from zorders.api.v2.order_models import CreateOrderIn
from zorders.api.v2.order_views import order_body
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.model import Order
from zorders.domain.subscription.model import Subscription
from zorders.services.billing import BillingOutcome
from zorders.services.context import CommandContext
from zorders.services.orders import lifecycle, reads
from zorders.services.orders.create import OrderOutcome, create_order
from zorders.services.ports import UnitOfWork

router = APIRouter(route_class=ZuoraRoute, tags=["v2 Orders"])

DEFAULT_PAGE_SIZE = 30


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
    items = (
        list(outcome.line_items)
        if outcome is not None
        else reads.line_items_of(uow, ctx, [order]).of(order)
    )
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
    versions = {v.number: v for v in outcome.versions}
    return _body(uow, ctx, outcome.order, versions=versions, outcome=outcome)


@router.post("/v2/orders", summary="Create an order")
def create(
    body: CreateOrderIn, request: Request, ctx: CommandContext = Depends(command_context)
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
    return ZuoraJSONResponse(answer)


def _offset(cursor: str | None) -> int:
    """The cursor is opaque to clients: the offset of the next page, base64 (QO6)."""
    if cursor is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode() + b"==").decode()
        if not text.startswith("o:") or not text[2:].isdigit():
            raise ValueError(cursor)
        return int(text[2:])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DomainError(
            ErrorCode.INVALID_QUERY_PARAMETER, f"'cursor' value '{cursor}' is not valid.", "cursor"
        ) from None


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


@router.get("/v2/orders", summary="List orders")
def list_all(
    request: Request,
    cursor: str | None = None,
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=99),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    offset = _offset(cursor)
    with dependencies(request).uow_factory(read_only=True) as uow:
        orders = reads.list_orders(uow, ctx, offset=offset, limit=page_size + 1)
        data = [_body(uow, ctx, o) for o in orders[:page_size]]
    more = len(orders) > page_size
    return ZuoraJSONResponse(
        {"next_page": _cursor(offset + page_size) if more else None, "data": data}
    )


@router.get("/v2/orders/{order_id}", summary="Retrieve an order")
def get(
    order_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        order = lifecycle.get_order(uow, ctx, order_id)
        return ZuoraJSONResponse(_body(uow, ctx, order))


@router.delete("/v2/orders/{order_id}", summary="Delete an order", status_code=204)
def delete(
    order_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> Response:
    with unit_of_work(request) as uow:
        lifecycle.delete_order(uow, ctx, lifecycle.get_order(uow, ctx, order_id).number)
    return Response(status_code=204)


@router.post("/v2/orders/{order_id}/activate", summary="Activate an order")
def activate(
    order_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        number = lifecycle.get_order(uow, ctx, order_id).number
        outcome = lifecycle.activate(
            uow, ctx, number, gateway=dependencies(request).payment_gateway
        )
        answer = _created(uow, ctx, outcome)
    return ZuoraJSONResponse(answer)


class CancelOrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cancel_reason: str | None = None


@router.post("/v2/orders/{order_id}/cancel", summary="Cancel an order")
def cancel(
    order_id: str,
    request: Request,
    body: CancelOrderIn | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        number = lifecycle.get_order(uow, ctx, order_id).number
        order, _ = lifecycle.cancel_order(uow, ctx, number, body.cancel_reason if body else None)
        answer = _body(uow, ctx, order)
    return ZuoraJSONResponse(answer)
