"""Which fields of a line item may change, by its state and category (spec §8.4; decisions
OU1-OU5), and the edit itself: the fields applied, the state moved by the table of
`states.py` (LI4), the amounts re-derived (LI2).

A field is judged against the state the item is in before the request (so one request
may set the price of an Executing item and send it to billing). A field sent with the
value it already has is no change and is accepted in any state: the official client
sends `billingRule` with its default in every update (OU2).

Changes are keyed by neutral names: the LineItem's attribute names, the price parts
(`quantity`, `list_price_per_unit`, `inline_discount_type`, `inline_discount_per_unit`,
`amount_per_unit`), `item_state` for the state, and `extra` for the fields kept but not
acted upon (their keys are the dialect's names: opaque here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_period_amount
from zorders.domain.line_items.amounts import PriceError, derive
from zorders.domain.line_items.model import (
    InlineDiscountType,
    ItemCategory,
    ItemState,
    LineItem,
    Price,
)
from zorders.domain.line_items.states import client_may_move

S = ItemState
SALES = frozenset({ItemCategory.SALES})
BOTH = frozenset(ItemCategory)
EXECUTING = frozenset({S.EXECUTING})
OPEN = frozenset({S.EXECUTING, S.BOOKED, S.SENT_TO_BILLING})
ANY = frozenset(ItemState)


@dataclass(frozen=True)
class Editable:
    """A field may change on items of these categories in these states."""

    categories: frozenset[ItemCategory]
    states: frozenset[ItemState]


COMMERCIAL = Editable(SALES, EXECUTING)
DESCRIPTIVE = Editable(BOTH, EXECUTING)
# Zuora's field docs: payment term, templates, sequence set, invoice group and
# communication profile of a sale stay editable until it is billed (OU1).
INVOICING = Editable(SALES, OPEN)

EDITABLE: Mapping[str, Editable] = {
    # What is sold and for how much: a sale still being put together (spec §8.4).
    "item_type": COMMERCIAL,
    "quantity": COMMERCIAL,
    "list_price_per_unit": COMMERCIAL,
    "inline_discount_type": COMMERCIAL,
    "inline_discount_per_unit": COMMERCIAL,
    "amount_per_unit": COMMERCIAL,
    "product_code": COMMERCIAL,
    "uom": COMMERCIAL,
    "tax_code": COMMERCIAL,
    "tax_mode": COMMERCIAL,
    "related_subscription_number": COMMERCIAL,
    "owner_account_id": COMMERCIAL,
    "bill_to": COMMERCIAL,
    "sold_to": COMMERCIAL,
    "ship_to": COMMERCIAL,
    "purchase_order_number": COMMERCIAL,
    "extra": COMMERCIAL,  # accounting codes, revenue fields
    # Sales or returns still being put together.
    "item_name": DESCRIPTIVE,
    "description": DESCRIPTIVE,
    "billing_rule": DESCRIPTIVE,
    "transaction_start_date": DESCRIPTIVE,
    "transaction_end_date": DESCRIPTIVE,
    "payment_term": INVOICING,
    "invoice_template_id": INVOICING,
    "sequence_set_id": INVOICING,
    "invoice_group_number": INVOICING,
    "communication_profile_id": INVOICING,
    # Until billed or canceled: it says when billing picks the item up (OU1).
    "bill_target_date": Editable(BOTH, OPEN),
    # Not billing facts: any time (OU1).
    "custom_fields": Editable(BOTH, ANY),
    # The move itself follows states.CLIENT_MOVES (LI4); any state may ask.
    "item_state": Editable(BOTH, ANY),
}

PRICE_FIELDS = frozenset(
    {
        "quantity",
        "list_price_per_unit",
        "inline_discount_type",
        "inline_discount_per_unit",
        "amount_per_unit",
    }
)
# The LineItem attribute a change sets, where it is not the change's own name.
_ATTRIBUTE = {"item_state": "state"}


def current_value(item: LineItem, name: str) -> Any:
    price = item.price
    match name:
        case "quantity":
            return price.quantity
        case "list_price_per_unit":
            return price.list_price_per_unit
        case "inline_discount_type":
            return price.discount_type
        case "inline_discount_per_unit":
            return price.discount_per_unit
        case "amount_per_unit":
            return item.amounts.amount_per_unit
        case _:
            return getattr(item, _ATTRIBUTE.get(name, name))


def _merged(current: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    return {**current, **given}


def changed(item: LineItem, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes that differ from what the item holds (OU2); `custom_fields` and
    `extra` merge into what is there (OU3)."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in EDITABLE:
            raise ValueError(f"not a line item field: {name}")
        if name in ("custom_fields", "extra"):
            current = current_value(item, name)
            if _merged(current, value) != current:
                out[name] = value
        elif value != current_value(item, name):
            out[name] = value
    return out


def _not_editable(item: LineItem, name: str, shown: str) -> DomainError:
    rule = EDITABLE[name]
    categories = " or ".join(c.value for c in ItemCategory if c in rule.categories)
    states = ", ".join(s.value for s in ItemState if s in rule.states)
    return DomainError(
        ErrorCode.LINE_ITEM_FIELD_NOT_EDITABLE,
        f"'{shown}' cannot be changed on a {item.item_category.value} order line item in "
        f"the {item.state.value} state (only on {categories} items in {states}).",
        shown,
    )


def check_editable(item: LineItem, changes: Mapping[str, Any]) -> None:
    """`changes` as `changed` gives them; the first field the state forbids (in the
    table's order) is refused."""
    for name, rule in EDITABLE.items():
        if name not in changes:
            continue
        value = changes[name]
        if item.item_category in rule.categories and item.state in rule.states:
            continue
        shown = name
        if name == "extra":
            # The first key that changes (a dialect's name, shown as given).
            shown = next(k for k, v in value.items() if k not in item.extra or item.extra[k] != v)
        raise _not_editable(item, name, shown)


def _price(item: LineItem, changes: Mapping[str, Any]) -> Price:
    price = item.price
    kind = changes.get("inline_discount_type", price.discount_type) or InlineDiscountType.NONE
    per_unit = changes.get("inline_discount_per_unit", price.discount_per_unit)
    if kind is InlineDiscountType.NONE and "inline_discount_per_unit" not in changes:
        per_unit = None
    # A client's amount per unit stands only without an inline discount, and only until
    # the price it was sent with changes (OU4).
    own = changes.get("amount_per_unit", price.amount_per_unit)
    if "amount_per_unit" not in changes and (PRICE_FIELDS - {"quantity"}) & changes.keys():
        own = None
    if kind is not InlineDiscountType.NONE:
        own = None
    return Price(
        quantity=changes.get("quantity", price.quantity),
        list_price_per_unit=changes.get("list_price_per_unit", price.list_price_per_unit),
        discount_type=kind,
        discount_per_unit=per_unit,
        amount_per_unit=own,
    )


def _repriced(item: LineItem, changes: Mapping[str, Any]) -> LineItem:
    price = _price(item, changes)
    try:
        amounts = derive(price, item.currency)
    except PriceError as error:
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_PRICE, f"'{error.field}': {error}", error.field
        ) from None
    check_period_amount(amounts.list_price, "list_price_per_unit")
    check_period_amount(amounts.amount, "amount_per_unit")
    available = item.quantity_available_for_return
    if item.item_category is ItemCategory.SALES:
        returned = returned_quantity(item)
        if price.quantity < returned:
            raise DomainError(
                ErrorCode.LINE_ITEM_QUANTITY_TOO_LOW,
                f"The quantity of order line item {item.item_number} cannot be less than the "
                f"{returned:f} returned.",
                "quantity",
            )
        available = price.quantity - returned
    if price.quantity < item.quantity_fulfilled:
        raise DomainError(
            ErrorCode.LINE_ITEM_QUANTITY_TOO_LOW,
            f"The quantity of order line item {item.item_number} cannot be less than the "
            f"{item.quantity_fulfilled:f} fulfilled.",
            "quantity",
        )
    return replace(item, price=price, amounts=amounts, quantity_available_for_return=available)


def edit(item: LineItem, changes: Mapping[str, Any], now: datetime) -> LineItem:
    """The item after `changes` (keys of EDITABLE; only the ones given), or a DomainError
    and nothing changed. `changes` must already be values of the fields' types."""
    delta = changed(item, changes)
    check_editable(item, delta)
    if not delta:
        return item
    plain = {
        _ATTRIBUTE.get(k, k): v
        for k, v in delta.items()
        if k not in PRICE_FIELDS and k not in ("custom_fields", "extra")
    }
    edited = replace(item, **plain)
    if "custom_fields" in delta:
        edited = replace(edited, custom_fields=_merged(item.custom_fields, delta["custom_fields"]))
    if "extra" in delta:
        edited = replace(edited, extra=_merged(item.extra, delta["extra"]))
    if PRICE_FIELDS & delta.keys():
        edited = _repriced(edited, delta)
    start, end = edited.transaction_start_date, edited.transaction_end_date
    if start is not None and end is not None and end < start:
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_DATES,
            f"The transaction end date {end} is before the transaction start date {start}.",
            "transaction_end_date",
        )
    if "item_state" in delta and not client_may_move(edited.billing_rule, item.state, edited.state):
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_STATE,
            f"An order line item cannot move from {item.state.value} to {edited.state.value}"
            f" ({edited.billing_rule.value}).",
            "item_state",
        )
    return replace(edited, updated_at=now)


def returned_quantity(item: LineItem) -> Decimal:
    """What returns took back of a sale."""
    return item.price.quantity - item.quantity_available_for_return
