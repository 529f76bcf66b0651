"""The editability table (domain/line_items/editing.py), cell by cell: every field on a
sale and a return in every state, allowed exactly where the table says; the refusal
names the field and the state; re-derived amounts, hand-computed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.support.line_items import line_item
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.editing import EDITABLE, edit
from zorders.domain.line_items.model import (
    BillingRule,
    InlineDiscountType,
    ItemCategory,
    ItemState,
    ItemType,
    TaxMode,
)

NOW = datetime(2025, 7, 2, 9, 0, tzinfo=UTC)

# A value each field does not already hold on `line_item()`.
SAMPLES: dict[str, Any] = {
    "item_type": ItemType.FEE,
    "quantity": Decimal(4),
    "list_price_per_unit": Decimal("25"),
    "inline_discount_type": InlineDiscountType.PERCENTAGE,
    "inline_discount_per_unit": Decimal("5"),
    "amount_per_unit": Decimal("18"),
    "product_code": "P-1",
    "uom": "Each",
    "tax_code": "TX",
    "tax_mode": TaxMode.TAX_INCLUSIVE,
    "related_subscription_number": "A-S00000001",
    "owner_account_id": "b" * 32,
    "bill_to": "c" * 32,
    "sold_to": "d" * 32,
    "ship_to": "e" * 32,
    "purchase_order_number": "PO-7",
    "extra": {"accountingCode": "4000"},
    "item_name": "Gadget",
    "description": "A gadget",
    "billing_rule": BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS,
    "transaction_start_date": date(2025, 6, 30),
    "transaction_end_date": date(2025, 7, 3),
    "payment_term": "Net 30",
    "invoice_template_id": "t" * 32,
    "sequence_set_id": "s" * 32,
    "invoice_group_number": "G-1",
    "communication_profile_id": "p" * 32,
    "bill_target_date": date(2025, 7, 9),
    "custom_fields": {"Color__c": "red"},
}


def test_every_field_of_the_table_has_a_sample() -> None:
    assert set(SAMPLES) == set(EDITABLE) - {"item_state"}


CELLS = [
    (name, category, state)
    for name in sorted(SAMPLES)
    for category in ItemCategory
    for state in ItemState
]


@pytest.mark.parametrize(("name", "category", "state"), CELLS)
def test_each_cell(name: str, category: ItemCategory, state: ItemState) -> None:
    item = line_item(category=category, state=state)
    rule = EDITABLE[name]
    if category in rule.categories and state in rule.states:
        edited = edit(item, {name: SAMPLES[name]}, NOW)
        assert edited != item
        assert edited.updated_at == NOW
        return
    with pytest.raises(DomainError) as caught:
        edit(item, {name: SAMPLES[name]}, NOW)
    error = caught.value
    assert error.code is ErrorCode.LINE_ITEM_FIELD_NOT_EDITABLE
    shown = "accountingCode" if name == "extra" else name
    assert error.field == shown
    assert f"'{shown}' cannot be changed" in error.message
    assert (category.value if category not in rule.categories else state.value) in error.message


@pytest.mark.parametrize("state", list(ItemState))
def test_a_value_the_item_already_holds_is_no_change(state: ItemState) -> None:
    item = line_item(state=state, category=ItemCategory.RETURN)
    same = {
        "quantity": item.price.quantity,
        "billing_rule": item.billing_rule,
        "item_state": item.state,
        "item_name": item.item_name,
        "amount_per_unit": item.amounts.amount_per_unit,
    }
    assert edit(item, same, NOW) is item


def test_one_forbidden_field_refuses_the_whole_edit() -> None:
    item = line_item(state=ItemState.BOOKED)
    with pytest.raises(DomainError) as caught:
        edit(item, {"custom_fields": {"A__c": 1}, "quantity": Decimal(2)}, NOW)
    assert caught.value.field == "quantity"
    assert "Booked" in caught.value.message


def test_fields_are_judged_against_the_state_before_the_move() -> None:
    item = line_item()
    edited = edit(
        item,
        {
            "quantity": Decimal(3),
            "item_state": ItemState.SENT_TO_BILLING,
            "bill_target_date": date(2025, 7, 5),
        },
        NOW,
    )
    assert (edited.state, edited.price.quantity) == (ItemState.SENT_TO_BILLING, Decimal(3))
    # 3 x 19.99
    assert edited.amounts.amount == Decimal("59.97")


@pytest.mark.parametrize(
    ("changes", "per_unit", "list_price", "amount", "discount"),
    [
        # 20 less 15 % = 17; 3 units: list 60.00, amount 51.00.
        (
            {
                "list_price_per_unit": Decimal(20),
                "inline_discount_type": InlineDiscountType.PERCENTAGE,
                "inline_discount_per_unit": Decimal(15),
                "quantity": Decimal(3),
            },
            "17",
            "60.00",
            "51.00",
            "9.00",
        ),
        # 19.99 less 2.50 = 17.49; 7 units: list 139.93, amount 122.43.
        (
            {
                "inline_discount_type": InlineDiscountType.FIXED_AMOUNT,
                "inline_discount_per_unit": Decimal("2.5"),
                "quantity": Decimal(7),
            },
            "17.49",
            "139.93",
            "122.43",
            "17.50",
        ),
        # 9.99 less 33 % = 6.6933 (exact); 1 unit: amount 6.69, discount 3.30.
        (
            {
                "list_price_per_unit": Decimal("9.99"),
                "inline_discount_type": InlineDiscountType.PERCENTAGE,
                "inline_discount_per_unit": Decimal(33),
                "quantity": Decimal(1),
            },
            "6.6933",
            "9.99",
            "6.69",
            "3.30",
        ),
        # No discount, the client's amount per unit: 5 x 15 = 75.00 of a 99.95 list.
        ({"amount_per_unit": Decimal(15)}, "15", "99.95", "75.00", "24.95"),
    ],
)
def test_amounts_are_re_derived(
    changes: dict[str, Any], per_unit: str, list_price: str, amount: str, discount: str
) -> None:
    amounts = edit(line_item(), changes, NOW).amounts
    assert (amounts.amount_per_unit, amounts.list_price, amounts.amount, amounts.discount) == (
        Decimal(per_unit),
        Decimal(list_price),
        Decimal(amount),
        Decimal(discount),
    )
    assert amounts.amount_without_tax == Decimal(amount)


def test_a_clients_amount_per_unit_stands_until_the_price_changes() -> None:
    own = edit(line_item(), {"amount_per_unit": Decimal(15)}, NOW)
    repriced = edit(own, {"list_price_per_unit": Decimal(21)}, NOW)
    # 5 x 21 = 105.00: the amount per unit sent for the old price is gone.
    assert (repriced.amounts.amount_per_unit, repriced.amounts.amount) == (
        Decimal(21),
        Decimal("105.00"),
    )
    # A quantity change keeps it: 2 x 15.
    fewer = edit(own, {"quantity": Decimal(2)}, NOW)
    assert fewer.amounts.amount == Decimal("30.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {
                "inline_discount_type": InlineDiscountType.PERCENTAGE,
                "inline_discount_per_unit": Decimal(101),
            },
            "inline_discount_per_unit",
        ),
        (
            {
                "inline_discount_type": InlineDiscountType.FIXED_AMOUNT,
                "inline_discount_per_unit": Decimal(20),
            },
            "inline_discount_per_unit",
        ),
    ],
)
def test_bad_prices_are_refused(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainError) as caught:
        edit(line_item(), changes, NOW)
    assert (caught.value.code, caught.value.field) == (
        ErrorCode.INVALID_LINE_ITEM_PRICE,
        field,
    )


def test_a_sale_keeps_at_least_what_returns_took_back() -> None:
    sale = replace(line_item(), quantity_available_for_return=Decimal(3))  # 2 of 5 returned
    with pytest.raises(DomainError) as caught:
        edit(sale, {"quantity": Decimal(1)}, NOW)
    assert caught.value.code is ErrorCode.LINE_ITEM_QUANTITY_TOO_LOW
    assert edit(sale, {"quantity": Decimal(2)}, NOW).quantity_available_for_return == 0
    assert edit(sale, {"quantity": Decimal(8)}, NOW).quantity_available_for_return == 6


def test_transaction_end_before_start_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        edit(line_item(), {"transaction_end_date": date(2025, 6, 30)}, NOW)
    assert caught.value.code is ErrorCode.INVALID_LINE_ITEM_DATES


def test_custom_fields_and_extra_merge() -> None:
    item = line_item(custom_fields={"A__c": 1, "B__c": 2}, extra={"accountingCode": "1"})
    edited = edit(item, {"custom_fields": {"B__c": None, "C__c": 3}}, NOW)
    assert edited.custom_fields == {"A__c": 1, "B__c": None, "C__c": 3}
    assert edit(item, {"custom_fields": {"A__c": 1}}, NOW) is item
    edited = edit(item, {"extra": {"isUnbilled": True}}, NOW)
    assert edited.extra == {"accountingCode": "1", "isUnbilled": True}


def test_a_fulfillment_item_keeps_at_least_what_was_fulfilled() -> None:
    item = line_item(
        billing_rule=BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS, quantity_fulfilled=Decimal(3)
    )
    with pytest.raises(DomainError) as caught:
        edit(item, {"quantity": Decimal(2)}, NOW)
    assert caught.value.code is ErrorCode.LINE_ITEM_QUANTITY_TOO_LOW
    assert "3 fulfilled" in caught.value.message
    assert edit(item, {"quantity": Decimal(3)}, NOW).price.quantity == 3
