"""What a fulfillment may be, and what it does to its line item (spec §10.4; decisions
OF1-OF8). Pure: the services read and lock the rows, these functions decide.

- A fulfillment belongs to a line item billed by its fulfillments
  (`TriggerAsFulfillmentOccurs`). A Delivery needs the item Booked (Zuora: "only when ...
  the order line item is in the Booked state"); a Return also takes a Complete item, whose
  delivered units a customer may still send back (OF1).
- Standing fulfillments are those not Cancelled. Delivered = the quantities of standing
  Deliveries, at most the item's quantity; returned = those of standing Returns, at most
  what was delivered. The item's `quantity_fulfilled` is what was delivered, so
  `quantity_pending_fulfillment` (quantity - fulfilled) is what may still be delivered;
  returned units are not delivered again (a replacement is a new sale) (OF2).
- States move by `states.FULFILLMENT_MOVES`; a new fulfillment starts Executing, Booked or
  SentToBilling; Complete is reached by billing only (OF3).
- What a PUT may change depends on the state (`EDITABLE`, OF4); a DELETE is refused once the
  fulfillment is with billing or billed (`DELETABLE`, OF5).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.model import (
    Fulfillment,
    FulfillmentState,
    FulfillmentType,
    ItemState,
    LineItem,
)
from zorders.domain.line_items.states import FULFILLMENT_MOVES

F = FulfillmentState

# One create call, and one line item, hold at most this many fulfillments (OF6; Zuora
# documents 100 per line item).
MAX_PER_CALL = 100
MAX_PER_LINE_ITEM = 100

# States a fulfillment may be created in (the create request's `state`).
CREATABLE: frozenset[FulfillmentState] = frozenset({F.EXECUTING, F.BOOKED, F.SENT_TO_BILLING})

# Line item states that take a new fulfillment (or more quantity on one), by type.
ACCEPTING: dict[FulfillmentType, frozenset[ItemState]] = {
    FulfillmentType.DELIVERY: frozenset({ItemState.BOOKED}),
    FulfillmentType.RETURN: frozenset({ItemState.BOOKED, ItemState.COMPLETE}),
}

# The fields a PUT may change besides `state` (neutral names); `state` moves by the table.
FIELDS: frozenset[str] = frozenset(
    {
        "quantity",
        "fulfillment_date",
        "bill_target_date",
        "carrier",
        "description",
        "external_id",
        "fulfillment_location",
        "fulfillment_system",
        "tracking_number",
        "custom_fields",
    }
)

# What a PUT may change, by the fulfillment's current state. Zuora: Executing can still be
# edited ("such as the quantity"); Booked "is now locked for any edits" but moves on, and
# its bill target date is set as it goes to billing.
EDITABLE: dict[FulfillmentState, frozenset[str]] = {
    F.EXECUTING: FIELDS,
    F.BOOKED: frozenset({"bill_target_date"}),
    F.SENT_TO_BILLING: frozenset(),
    F.COMPLETE: frozenset(),
    F.CANCELLED: frozenset(),
}

# States a fulfillment may be deleted in: not once billing has it or has billed it.
DELETABLE: frozenset[FulfillmentState] = frozenset({F.EXECUTING, F.BOOKED, F.CANCELLED})


def standing(fulfillment: Fulfillment) -> bool:
    return fulfillment.state is not F.CANCELLED


@dataclass(frozen=True)
class Counts:
    """What a line item's standing fulfillments delivered and took back."""

    delivered: Decimal = Decimal(0)
    returned: Decimal = Decimal(0)


def counts(fulfillments: Iterable[Fulfillment]) -> Counts:
    delivered = returned = Decimal(0)
    for f in fulfillments:
        if not standing(f):
            continue
        if f.fulfillment_type is FulfillmentType.DELIVERY:
            delivered += f.quantity
        else:
            returned += f.quantity
    return Counts(delivered, returned)


def check_line_item(item: LineItem, kind: FulfillmentType, field: str) -> None:
    if not item.requires_fulfillment:
        raise DomainError(
            ErrorCode.FULFILLMENT_NOT_ALLOWED,
            f"The order line item {item.id} is billed without fulfillments (billingRule "
            f"{item.billing_rule.value}); fulfillments need TriggerAsFulfillmentOccurs.",
            field,
        )
    accepting = ACCEPTING[kind]
    if item.state not in accepting:
        allowed = " or ".join(sorted(s.value for s in accepting))
        raise DomainError(
            ErrorCode.FULFILLMENT_NOT_ALLOWED,
            f"A {kind.value} fulfillment needs its order line item {allowed}; "
            f"{item.id} is {item.state.value}.",
            field,
        )


def check_quantity(quantity: Decimal, field: str) -> None:
    if quantity <= 0:
        raise DomainError(
            ErrorCode.INVALID_FULFILLMENT_QUANTITY,
            f"'{field}' must be greater than 0.",
            field,
        )


def check_counts(item: LineItem, totals: Counts, field: str | None) -> None:
    """The item's standing fulfillments, as they would be, against its quantity."""
    if totals.delivered > item.quantity:
        raise DomainError(
            ErrorCode.FULFILLMENT_QUANTITY_EXCEEDED,
            f"The fulfillments of order line item {item.id} would deliver "
            f"{totals.delivered:f}, more than its quantity {item.quantity:f}.",
            field,
        )
    if totals.returned > totals.delivered:
        raise DomainError(
            ErrorCode.FULFILLMENT_QUANTITY_EXCEEDED,
            f"The fulfillments of order line item {item.id} would return "
            f"{totals.returned:f}, more than the {totals.delivered:f} delivered.",
            field,
        )


def check_new_state(state: FulfillmentState, field: str) -> None:
    if state not in CREATABLE:
        allowed = ", ".join(s.value for s in (F.EXECUTING, F.BOOKED, F.SENT_TO_BILLING))
        raise DomainError(
            ErrorCode.INVALID_FULFILLMENT_STATE,
            f"A fulfillment cannot be created {state.value}; it starts {allowed}.",
            field,
        )


def check_move(current: FulfillmentState, target: FulfillmentState, field: str) -> None:
    if target not in FULFILLMENT_MOVES[current]:
        reason = (
            " (a fulfillment becomes Complete when it is billed)" if target is F.COMPLETE else ""
        )
        raise DomainError(
            ErrorCode.INVALID_FULFILLMENT_STATE,
            f"A fulfillment cannot move from {current.value} to {target.value}{reason}.",
            field,
        )


def check_edit(fulfillment: Fulfillment, changed: Collection[str]) -> None:
    """`changed`: the fields whose value the update would change; a `state` among them is
    the move table's to judge (`check_move`)."""
    editable = EDITABLE[fulfillment.state] | {"state"}
    refused = sorted(set(changed) - editable)
    if refused:
        raise DomainError(
            ErrorCode.FULFILLMENT_FIELD_NOT_EDITABLE,
            f"'{refused[0]}' cannot be changed on a fulfillment in state "
            f"{fulfillment.state.value}.",
            refused[0],
        )


def check_delete(fulfillment: Fulfillment) -> None:
    if fulfillment.state not in DELETABLE:
        raise DomainError(
            ErrorCode.INVALID_FULFILLMENT_STATE,
            f"A fulfillment in state {fulfillment.state.value} cannot be deleted; "
            "cancel it before it is billed.",
        )


def check_room(item: LineItem, existing: int, added: int, field: str) -> None:
    if existing + added > MAX_PER_LINE_ITEM:
        raise DomainError(
            ErrorCode.FULFILLMENT_LIMIT_EXCEEDED,
            f"An order line item holds at most {MAX_PER_LINE_ITEM} fulfillments; "
            f"{item.id} has {existing}.",
            field,
        )


def fulfilled(item: LineItem, totals: Counts, now: datetime) -> LineItem:
    """The item with its fulfilled quantity following its fulfillments."""
    if item.quantity_fulfilled == totals.delivered:
        return item
    return replace(item, quantity_fulfilled=totals.delivered, updated_at=now)
