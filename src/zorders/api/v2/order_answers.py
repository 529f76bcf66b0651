"""A v2 order's answer (spec §12.3): the order with the subscription versions it made or
reads, its line items, and what its processing options made; shared by the order routes
and the async requests' read (QP6)."""

from __future__ import annotations

from typing import Any

from zorders.api.v2.order_views import order_body
from zorders.domain.orders.model import Order
from zorders.domain.subscription.model import Subscription
from zorders.services.billing import BillingOutcome
from zorders.services.context import CommandContext
from zorders.services.orders import reads
from zorders.services.orders.create import OrderOutcome
from zorders.services.ports import UnitOfWork

__all__ = ["created_answer", "order_answer"]


def order_answer(
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


def created_answer(uow: UnitOfWork, ctx: CommandContext, outcome: OrderOutcome) -> dict[str, Any]:
    # The versions as stored, so that what the order's billing did shows (QL6).
    return order_answer(uow, ctx, outcome.order, outcome=outcome)
