"""What the official-client tests build again and again: a new USD account billed on the
1st, and the line item of the hand-computed examples (5 widgets at 19.99 less 10 %:
amount 89.96, decision LI2)."""

from __future__ import annotations

from typing import Any

from zuora_sdk import CreateOrderOrderLineItem, OrderCreateAccount, OrderCreateAccountContact


def new_account(name: str) -> OrderCreateAccount:
    return OrderCreateAccount(
        name=name,
        currency="USD",
        bill_cycle_day=1,
        bill_to_contact=OrderCreateAccountContact(first_name="Grace", last_name="Hopper"),
    )


def widgets(**changes: Any) -> CreateOrderOrderLineItem:
    """5 widgets at 19.99 with 10 % off unless `changes` say otherwise."""
    fields: dict[str, Any] = {
        "item_type": "Product",
        "item_name": "Widget",
        "quantity": 5,
        "list_price_per_unit": 19.99,
        "inline_discount_type": "Percentage",
        "inline_discount_per_unit": 10,
    }
    return CreateOrderOrderLineItem(**(fields | changes))
