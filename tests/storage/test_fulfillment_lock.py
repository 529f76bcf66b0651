"""Fulfillments of one line item change under the item's row lock (decision OF7).

One transaction raises a delivery's quantity (4 of 5) and holds its transaction open; a
second, at the same time, delivers 2 more of the same item. With the lock the second
waits for the first to commit, then reads its fulfillments and is refused (4 + 2 > 5).
Without it, both would read the fulfillments as they were (2) and both succeed: 6 of 5
delivered. SQLite serializes writers (BEGIN IMMEDIATE), so the race is PostgreSQL's alone.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest

from tests.storage.test_order_store import make_order
from tests.storage.test_subscription_store import make_tenant
from tests.support.line_items import line_item
from zorders.bootstrap import Container
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.model import BillingRule, ItemState
from zorders.services.line_items.fulfillment_commands import (
    CreateFulfillments,
    NewFulfillment,
    UpdateFulfillment,
)
from zorders.services.line_items.fulfillments import create_fulfillments, update_fulfillment


def test_concurrent_fulfillments_of_one_item_serialize(container: Container) -> None:
    if container.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serializes writers")
    tenant = make_tenant(container)
    ctx = container.tenant_clock.context(tenant, "lock-test")
    order = make_order("O-LOCK-1")
    item = line_item(
        order_id=order.id,
        order_number=order.number,
        state=ItemState.BOOKED,
        billing_rule=BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS,
    )

    def deliver(quantity: int) -> CreateFulfillments:
        return CreateFulfillments((NewFulfillment(item.id, Decimal(quantity), date(2025, 7, 2)),))

    with container.uow_factory() as uow:
        uow.orders.add(tenant, order)
        uow.line_items.add_many(tenant, [item])
        [first] = create_fulfillments(uow, ctx, deliver(2)).fulfillments
        uow.commit()

    outcome: list[object] = []
    started = threading.Event()

    def second() -> None:
        started.set()
        try:
            with container.uow_factory() as uow:
                create_fulfillments(uow, ctx, deliver(2))
                uow.commit()
            outcome.append("created")
        except BaseException as err:  # surfaced below, not lost in the thread
            outcome.append(err)

    with container.uow_factory() as uow:
        update_fulfillment(uow, ctx, UpdateFulfillment(first.number, quantity=Decimal(4)))
        thread = threading.Thread(target=second)
        thread.start()
        started.wait(10)
        thread.join(0.5)
        assert thread.is_alive(), outcome  # waiting for the item's row
        uow.commit()
    thread.join(30)
    [error] = outcome
    assert isinstance(error, DomainError), error
    assert error.code is ErrorCode.FULFILLMENT_QUANTITY_EXCEEDED
    assert "would deliver 6" in error.message
    with container.uow_factory(read_only=True) as uow:
        stored = uow.line_items.get(tenant, item.id)
        assert stored is not None
        assert (stored.quantity_fulfilled, stored.quantity_pending_fulfillment) == (4, 1)
        assert [f.quantity for f in uow.line_items.fulfillments_of(tenant, item.id)] == [4]
