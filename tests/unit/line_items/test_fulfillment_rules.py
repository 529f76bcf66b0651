"""Fulfillment rules as tables (spec §10.4; decisions OF1-OF6): the state moves, which line
items take a fulfillment, the quantity rules and what each state lets a PUT change."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tests.support.line_items import T0, line_item
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items import fulfillment_rules as rules
from zorders.domain.line_items.model import (
    BillingRule,
    Fulfillment,
    FulfillmentState,
    FulfillmentType,
    ItemState,
)

F = FulfillmentState
D = FulfillmentType.DELIVERY
R = FulfillmentType.RETURN
FULFILLED = BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS


def item(state: ItemState = ItemState.BOOKED, quantity: str = "5", **changes: object):  # type: ignore[no-untyped-def]
    return line_item(quantity=quantity, state=state, billing_rule=FULFILLED, **changes)


def fulfillment(kind: FulfillmentType, quantity: str, state: F = F.EXECUTING) -> Fulfillment:
    return Fulfillment(
        id="f" * 32,
        number="F-00000001",
        line_item_id="i" * 32,
        fulfillment_type=kind,
        state=state,
        quantity=Decimal(quantity),
    )


# (from, to): allowed. Every pair of the five states is listed.
MOVES = {
    (F.EXECUTING, F.EXECUTING): True,
    (F.EXECUTING, F.BOOKED): True,
    (F.EXECUTING, F.SENT_TO_BILLING): True,
    (F.EXECUTING, F.COMPLETE): False,  # billing's move, never the client's
    (F.EXECUTING, F.CANCELLED): True,
    (F.BOOKED, F.EXECUTING): False,
    (F.BOOKED, F.BOOKED): True,
    (F.BOOKED, F.SENT_TO_BILLING): True,
    (F.BOOKED, F.COMPLETE): False,
    (F.BOOKED, F.CANCELLED): True,
    (F.SENT_TO_BILLING, F.EXECUTING): False,
    (F.SENT_TO_BILLING, F.BOOKED): False,
    (F.SENT_TO_BILLING, F.SENT_TO_BILLING): True,
    (F.SENT_TO_BILLING, F.COMPLETE): False,
    (F.SENT_TO_BILLING, F.CANCELLED): True,
    (F.COMPLETE, F.EXECUTING): False,
    (F.COMPLETE, F.BOOKED): False,
    (F.COMPLETE, F.SENT_TO_BILLING): False,
    (F.COMPLETE, F.COMPLETE): True,
    (F.COMPLETE, F.CANCELLED): False,
    (F.CANCELLED, F.EXECUTING): False,
    (F.CANCELLED, F.BOOKED): False,
    (F.CANCELLED, F.SENT_TO_BILLING): False,
    (F.CANCELLED, F.COMPLETE): False,
    (F.CANCELLED, F.CANCELLED): True,
}


def test_the_move_table_lists_every_pair() -> None:
    assert len(MOVES) == len(F) ** 2


@pytest.mark.parametrize(("current", "target"), list(MOVES))
def test_moves(current: F, target: F) -> None:
    if MOVES[current, target]:
        rules.check_move(current, target, "state")
        return
    with pytest.raises(DomainError) as refused:
        rules.check_move(current, target, "state")
    assert refused.value.code is ErrorCode.INVALID_FULFILLMENT_STATE
    assert refused.value.field == "state"
    assert refused.value.message.startswith(
        f"A fulfillment cannot move from {current.value} to {target.value}"
    )


@pytest.mark.parametrize(
    ("state", "creatable"),
    [
        (F.EXECUTING, True),
        (F.BOOKED, True),
        (F.SENT_TO_BILLING, True),
        (F.COMPLETE, False),
        (F.CANCELLED, False),
    ],
)
def test_new_states(state: F, creatable: bool) -> None:
    if creatable:
        rules.check_new_state(state, "fulfillments[0].state")
    else:
        with pytest.raises(DomainError) as refused:
            rules.check_new_state(state, "fulfillments[0].state")
        assert refused.value.code is ErrorCode.INVALID_FULFILLMENT_STATE


@pytest.mark.parametrize(
    ("state", "kind", "accepted"),
    [
        (ItemState.EXECUTING, D, False),
        (ItemState.BOOKED, D, True),
        (ItemState.COMPLETE, D, False),
        (ItemState.CANCELED, D, False),
        (ItemState.EXECUTING, R, False),
        (ItemState.BOOKED, R, True),
        (ItemState.COMPLETE, R, True),
        (ItemState.CANCELED, R, False),
    ],
)
def test_which_line_items_take_a_fulfillment(
    state: ItemState, kind: FulfillmentType, accepted: bool
) -> None:
    if accepted:
        rules.check_line_item(item(state), kind, "f")
        return
    with pytest.raises(DomainError) as refused:
        rules.check_line_item(item(state), kind, "f")
    assert refused.value.code is ErrorCode.FULFILLMENT_NOT_ALLOWED


def test_an_item_billed_without_fulfillments_takes_none() -> None:
    plain = line_item(state=ItemState.BOOKED)  # TriggerWithoutFulfillment
    with pytest.raises(DomainError) as refused:
        rules.check_line_item(plain, D, "fulfillments[0].order_line_item_id")
    assert refused.value.code is ErrorCode.FULFILLMENT_NOT_ALLOWED
    assert refused.value.field == "fulfillments[0].order_line_item_id"
    assert "TriggerWithoutFulfillment" in refused.value.message


@pytest.mark.parametrize("quantity", ["0", "-1"])
def test_a_fulfillment_quantity_is_positive(quantity: str) -> None:
    with pytest.raises(DomainError) as refused:
        rules.check_quantity(Decimal(quantity), "quantity")
    assert refused.value.code is ErrorCode.INVALID_FULFILLMENT_QUANTITY
    rules.check_quantity(Decimal("0.5"), "quantity")


# Fulfillments of an item of quantity 5: (delivered, returned) counted, allowed.
COUNTS = [
    ([(D, "3")], ("3", "0"), True),
    ([(D, "3"), (D, "2")], ("5", "0"), True),
    ([(D, "3"), (D, "3")], ("6", "0"), False),  # more than the quantity
    ([(D, "3"), (R, "1")], ("3", "1"), True),
    ([(D, "3"), (R, "3")], ("3", "3"), True),
    ([(D, "3"), (R, "4")], ("3", "4"), False),  # more returned than delivered
    ([(R, "1")], ("0", "1"), False),
    ([(D, "5"), (D, "2", F.CANCELLED)], ("5", "0"), True),  # Cancelled ones do not stand
    ([(D, "3", F.CANCELLED), (R, "1")], ("0", "1"), False),
    ([(D, "2", F.COMPLETE), (D, "3", F.SENT_TO_BILLING), (R, "2", F.BOOKED)], ("5", "2"), True),
]


@pytest.mark.parametrize(("given", "expected", "allowed"), COUNTS)
def test_quantities(given: list, expected: tuple[str, str], allowed: bool) -> None:
    totals = rules.counts(fulfillment(*g) for g in given)
    assert totals == rules.Counts(Decimal(expected[0]), Decimal(expected[1]))
    if allowed:
        rules.check_counts(item(), totals, "quantity")
        return
    with pytest.raises(DomainError) as refused:
        rules.check_counts(item(), totals, "quantity")
    assert refused.value.code is ErrorCode.FULFILLMENT_QUANTITY_EXCEEDED


def test_the_item_follows_what_was_delivered() -> None:
    sale = item()
    after = rules.fulfilled(sale, rules.Counts(Decimal(3), Decimal(1)), T0)
    assert (after.quantity_fulfilled, after.quantity_pending_fulfillment) == (3, 2)
    assert rules.fulfilled(after, rules.Counts(Decimal(3), Decimal(0)), T0) is after


EDITS = [
    (F.EXECUTING, {"quantity", "carrier", "state", "custom_fields", "fulfillment_date"}, None),
    (F.BOOKED, {"state", "bill_target_date"}, None),
    (F.BOOKED, {"state", "quantity"}, "quantity"),
    (F.BOOKED, {"tracking_number"}, "tracking_number"),
    (F.SENT_TO_BILLING, {"state"}, None),  # the move table judges the state
    (F.SENT_TO_BILLING, {"bill_target_date"}, "bill_target_date"),
    (F.COMPLETE, {"custom_fields"}, "custom_fields"),
    (F.CANCELLED, {"description", "carrier"}, "carrier"),
    (F.CANCELLED, set(), None),
]


@pytest.mark.parametrize(("state", "changed", "refused_field"), EDITS)
def test_what_a_state_lets_change(state: F, changed: set[str], refused_field: str | None) -> None:
    current = fulfillment(D, "1", state)
    if refused_field is None:
        rules.check_edit(current, changed)
        return
    with pytest.raises(DomainError) as refused:
        rules.check_edit(current, changed)
    assert refused.value.code is ErrorCode.FULFILLMENT_FIELD_NOT_EDITABLE
    assert refused.value.field == refused_field


@pytest.mark.parametrize(
    ("state", "deletable"),
    [
        (F.EXECUTING, True),
        (F.BOOKED, True),
        (F.SENT_TO_BILLING, False),
        (F.COMPLETE, False),
        (F.CANCELLED, True),
    ],
)
def test_deletes(state: F, deletable: bool) -> None:
    current = fulfillment(D, "1", state)
    if deletable:
        rules.check_delete(current)
        return
    with pytest.raises(DomainError) as refused:
        rules.check_delete(current)
    assert refused.value.code is ErrorCode.INVALID_FULFILLMENT_STATE


def test_at_most_100_fulfillments_on_an_item() -> None:
    rules.check_room(item(), 99, 1, "fulfillments[0]")
    with pytest.raises(DomainError) as refused:
        rules.check_room(item(), 100, 1, "fulfillments[3]")
    assert refused.value.code is ErrorCode.FULFILLMENT_LIMIT_EXCEEDED
    assert refused.value.field == "fulfillments[3]"
    assert replace(item(), quantity_fulfilled=Decimal(5)).quantity_pending_fulfillment == 0
