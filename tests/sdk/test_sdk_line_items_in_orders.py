"""Order line items through the unchanged official client (zuora-sdk 3.21.0):
`OrdersApi.create_order` with `order_line_items` (a sale, then a partial return), and
`get_order` reading them back (issue 10)."""

from __future__ import annotations

from datetime import date

from zuora_sdk import (
    CreateOrderOrderLineItem,
    CreateOrderRequest,
    OrderCategory,
    OrderLineItemCategory,
)
from zuora_sdk.zuora_client import ZuoraClient

from tests.sdk.builders import new_account, widgets


def test_a_sale_and_a_partial_return_with_the_official_client(sdk: ZuoraClient) -> None:
    orders = sdk.orders_api()
    created = orders.create_order(
        CreateOrderRequest(
            order_date=date(2025, 7, 1),
            new_account=new_account("SDK Shop"),
            order_line_items=[widgets()],
        )
    )
    assert created.success is True
    assert created.status == "Completed"
    [answer] = created.order_line_items
    assert answer.item_number == "1"
    assert answer.id is not None and len(answer.id) == 32
    sale = created.order_number
    assert sale is not None

    read = orders.get_order(sale).order
    [item] = read.order_line_items
    assert item.id == answer.id
    assert (item.item_category, item.item_state, item.item_name) == (
        "Sales",
        "Executing",
        "Widget",
    )
    # 5 x 19.99 at 10 % off: 17.991 a unit, 89.955 -> 89.96.
    assert (item.amount_per_unit, item.list_price, item.amount, item.discount) == (
        17.991,
        99.95,
        89.96,
        9.99,
    )
    assert item.quantity_available_for_return == 5

    returned = orders.create_order(
        CreateOrderRequest(
            order_date=date(2025, 7, 20),
            existing_account_number=created.account_number,
            category=OrderCategory.RETURN,
            reason_code="Damaged",
            order_line_items=[
                CreateOrderOrderLineItem(
                    item_type="Product",
                    item_category=OrderLineItemCategory.RETURN,
                    quantity=2,
                    original_order_number=sale,
                    original_order_line_item_number="1",
                )
            ],
        )
    )
    assert returned.success is True
    [back] = orders.get_order(returned.order_number).order.order_line_items
    # round(89.96 x 2/5) = round(35.984) = 35.98
    assert (back.item_category, back.quantity, back.amount) == ("Return", 2, 35.98)
    assert back.original_order_line_item_id == item.id
    [after] = orders.get_order(sale).order.order_line_items
    assert after.quantity_available_for_return == 3
