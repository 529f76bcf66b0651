"""Order line item and order state machines as data (spec §10.2, §10.4; decision LI4).

A move not in the table is refused with a stable code. `Complete` is reached by billing
(an item without fulfillments when its invoice or credit memo is made) or, for an item
billed by its fulfillments, by the client once it is Booked.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from zorders.domain.line_items.model import BillingRule, FulfillmentState, ItemState
from zorders.domain.orders.model import OrderStatus

S = ItemState

# Moves a client may ask for (PUT / bulk update, or `itemState` on create), by billing rule.
CLIENT_MOVES: dict[BillingRule, dict[ItemState, frozenset[ItemState]]] = {
    # Zuora: "To cancel an existing order line item, its state must be Executing ... If
    # the order line item is already updated to SentToBilling, you cannot cancel it."
    BillingRule.TRIGGER_WITHOUT_FULFILLMENT: {
        S.EXECUTING: frozenset({S.EXECUTING, S.BOOKED, S.SENT_TO_BILLING, S.CANCELED}),
        S.BOOKED: frozenset({S.BOOKED, S.SENT_TO_BILLING}),
        S.SENT_TO_BILLING: frozenset({S.SENT_TO_BILLING}),
        S.COMPLETE: frozenset({S.COMPLETE}),
        S.CANCELED: frozenset({S.CANCELED}),
    },
    BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS: {
        S.EXECUTING: frozenset({S.EXECUTING, S.BOOKED, S.CANCELED}),
        S.BOOKED: frozenset({S.BOOKED, S.COMPLETE}),
        S.SENT_TO_BILLING: frozenset(),  # never reached by a fulfillment item
        S.COMPLETE: frozenset({S.COMPLETE}),
        S.CANCELED: frozenset({S.CANCELED}),
    },
}

# States a new line item may be created in (the create request's `itemState`).
CREATABLE: dict[BillingRule, frozenset[ItemState]] = {
    BillingRule.TRIGGER_WITHOUT_FULFILLMENT: frozenset(
        {S.EXECUTING, S.BOOKED, S.SENT_TO_BILLING, S.CANCELED}
    ),
    BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS: frozenset({S.EXECUTING, S.BOOKED, S.CANCELED}),
}

# The move billing makes.
BILLED_FROM = S.SENT_TO_BILLING
BILLED_TO = S.COMPLETE


def client_may_move(rule: BillingRule, current: ItemState, target: ItemState) -> bool:
    return target in CLIENT_MOVES[rule].get(current, frozenset())


F = FulfillmentState

FULFILLMENT_MOVES: dict[FulfillmentState, frozenset[FulfillmentState]] = {
    F.EXECUTING: frozenset({F.EXECUTING, F.BOOKED, F.SENT_TO_BILLING, F.CANCELLED}),
    F.BOOKED: frozenset({F.BOOKED, F.SENT_TO_BILLING, F.CANCELLED}),
    F.SENT_TO_BILLING: frozenset({F.SENT_TO_BILLING, F.CANCELLED}),
    F.COMPLETE: frozenset({F.COMPLETE}),
    F.CANCELLED: frozenset({F.CANCELLED}),
}


class OrderState(StrEnum):
    """The order's `state` (spec §10.2), distinct from its `status`."""

    DRAFT = "Draft"
    EXECUTING = "Executing"
    COMPLETE = "Complete"
    CANCELED = "Canceled"


def order_state(
    status: OrderStatus, *, has_actions: bool, item_states: Iterable[ItemState]
) -> OrderState:
    """The order's `state` (spec §10.2) from its status, whether it has order actions and
    its line items' states (decision OS6):

    - Draft is Draft; a cancelled order (a Draft or Scheduled one cancelled) is Canceled,
      and so is a Scheduled order that failed to execute (SO6).
    - An order with no action whose line items are all Canceled is Canceled.
    - Complete when every action is executed (the order is Completed, not Pending,
      Scheduled or Executing) and every line item is Complete or Canceled; an
      order with actions or at least one Complete item. An order without actions or line
      items that Completed is Complete (nothing is left to do).
    - Executing otherwise."""
    if status is OrderStatus.DRAFT:
        return OrderState.DRAFT
    if status in (OrderStatus.CANCELLED, OrderStatus.FAILED):
        # A Failed scheduled order will execute nothing, like a cancelled one (SO6).
        return OrderState.CANCELED
    states = list(item_states)
    if not has_actions and states and all(s is S.CANCELED for s in states):
        return OrderState.CANCELED
    if status is not OrderStatus.COMPLETED:
        return OrderState.EXECUTING
    if all(s in (S.COMPLETE, S.CANCELED) for s in states):
        return OrderState.COMPLETE
    return OrderState.EXECUTING
