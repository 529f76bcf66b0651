"""The order's `state` (spec §10.2, decision OS6) from its status, whether it has order
actions, and its line items' states: the table."""

from __future__ import annotations

import pytest

from zorders.domain.line_items.model import ItemState
from zorders.domain.line_items.states import OrderState, order_state
from zorders.domain.orders.model import OrderStatus

E, B, S, C, X = (
    ItemState.EXECUTING,
    ItemState.BOOKED,
    ItemState.SENT_TO_BILLING,
    ItemState.COMPLETE,
    ItemState.CANCELED,
)
ST = OrderStatus

TABLE = [
    # status, has actions, line item states -> order state
    (ST.DRAFT, True, [], OrderState.DRAFT),
    (ST.CANCELLED, True, [], OrderState.CANCELED),
    (ST.SCHEDULED, True, [], OrderState.EXECUTING),
    (ST.EXECUTING, True, [], OrderState.EXECUTING),
    # A scheduled order that failed executes nothing (SO6).
    (ST.FAILED, True, [], OrderState.CANCELED),
    (ST.PENDING, True, [], OrderState.EXECUTING),
    (ST.COMPLETED, True, [], OrderState.COMPLETE),
    # Line items only (spec §10.2's four rules).
    (ST.COMPLETED, False, [E], OrderState.EXECUTING),
    (ST.COMPLETED, False, [S, C], OrderState.EXECUTING),
    (ST.COMPLETED, False, [B], OrderState.EXECUTING),
    (ST.COMPLETED, False, [C, C], OrderState.COMPLETE),
    (ST.COMPLETED, False, [X, X], OrderState.CANCELED),
    (ST.COMPLETED, False, [C, X], OrderState.COMPLETE),
    # Subscriptions and line items: the actions and every item must be done.
    (ST.COMPLETED, True, [C], OrderState.COMPLETE),
    (ST.COMPLETED, True, [C, X], OrderState.COMPLETE),
    (ST.COMPLETED, True, [X], OrderState.COMPLETE),
    (ST.COMPLETED, True, [E, C], OrderState.EXECUTING),
    (ST.PENDING, True, [C], OrderState.EXECUTING),
    (ST.PENDING, True, [X], OrderState.EXECUTING),
    # An order with nothing in it that completed has nothing left to do.
    (ST.COMPLETED, False, [], OrderState.COMPLETE),
]


@pytest.mark.parametrize(("status", "has_actions", "items", "expected"), TABLE)
def test_order_state(
    status: OrderStatus, has_actions: bool, items: list[ItemState], expected: OrderState
) -> None:
    assert order_state(status, has_actions=has_actions, item_states=items) is expected
