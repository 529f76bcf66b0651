"""Order line item and order state machines as data (spec §10.2, §10.4; decision O3).

A move not in the table is refused with a stable code. `Complete` is reached by billing
(an item without fulfillments when its invoice or credit memo is made) or, for an item
billed by its fulfillments, by the client once it is Booked.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from zorders.domain.line_items.model import BillingRule, FulfillmentState, ItemState

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
    *, draft: bool, actions_done: bool, has_actions: bool, item_states: Iterable[ItemState]
) -> OrderState:
    """Draft orders are Draft. Otherwise: Complete when every action is executed (the
    order is not Pending) and every line item is Complete or Canceled with at least one
    Complete (or the order has actions); Canceled when the order has no action and every
    line item is Canceled; Executing otherwise."""
    if draft:
        return OrderState.DRAFT
    states = list(item_states)
    if not has_actions and states and all(s is S.CANCELED for s in states):
        return OrderState.CANCELED
    if not actions_done:
        return OrderState.EXECUTING
    if all(s in (S.COMPLETE, S.CANCELED) for s in states):
        return OrderState.COMPLETE
    return OrderState.EXECUTING
