"""Order line items through the unchanged official client (zuora-sdk 3.21.0):
`OrderLineItemsApi.get_order_line_item`, `update_order_line_item` and
`update_order_line_items` (seed 003), on items sold with `OrdersApi.create_order`."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from zuora_sdk import (
    BillingOptions,
    BulkUpdateOrderLineItem,
    BulkUpdateOrderLineItemsRequest,
    CreateOrderRequest,
    OrderLineItemState,
    ProcessingOptions,
    UpdateOrderLineItemRequest,
)
from zuora_sdk.exceptions import BadRequestException, NotFoundException
from zuora_sdk.zuora_client import ZuoraClient

from tests.sdk.builders import new_account, widgets


def _sold(sdk: ZuoraClient, *quantities: int) -> list[str]:
    """Widgets at 19.99 less 10 %, sold by one order with the official client."""
    created = sdk.orders_api().create_order(
        CreateOrderRequest(
            order_date=date(2025, 7, 1),
            new_account=new_account("SDK Widgets"),
            order_line_items=[widgets(quantity=q) for q in quantities],
        )
    )
    return [i.id for i in created.order_line_items]


def test_read_and_update_one_item(sdk: ZuoraClient) -> None:
    (item_id,) = _sold(sdk, 5)
    api = sdk.order_line_items_api()
    read = api.get_order_line_item(item_id, fulfillment=True)
    assert read.success is True
    item = read.order_line_item
    assert (item.id, item.item_state, item.quantity) == (item_id, "Executing", 5)
    # 5 x 19.99 less 10 %: 89.955 -> 89.96.
    assert (item.amount_per_unit, item.amount, item.list_price) == (17.991, 89.96, 99.95)
    assert item.fulfillments == []

    updated = api.update_order_line_item(
        item_id,
        UpdateOrderLineItemRequest(
            quantity=3,
            item_state=OrderLineItemState.BOOKED,
            description="Three",
            bill_target_date=date(2025, 7, 9),
        ),
    )
    assert updated.success is True
    item = api.get_order_line_item(item_id).order_line_item
    # 3 x 17.991 = 53.973 -> 53.97.
    assert (item.quantity, item.amount, item.item_state, item.description) == (
        3,
        53.97,
        "Booked",
        "Three",
    )
    # Booked: the price is no longer the client's to change (sent with billingRule, the
    # client's default, which is no change).
    with pytest.raises(BadRequestException) as refused:
        api.update_order_line_item(item_id, UpdateOrderLineItemRequest(quantity=4))
    reason = json.loads(refused.value.body)["reasons"][0]
    assert reason["code"] == 53405130
    assert reason["message"].startswith("'quantity' cannot be changed")
    with pytest.raises(NotFoundException):
        api.get_order_line_item("0" * 32)


def test_bulk_update(sdk: ZuoraClient) -> None:
    ids = _sold(sdk, 5, 2)
    sdk.order_line_items_api().update_order_line_item(
        ids[1], UpdateOrderLineItemRequest(item_state=OrderLineItemState.BOOKED)
    )
    answer = sdk.order_line_items_api().update_order_line_items(
        BulkUpdateOrderLineItemsRequest(
            order_line_items=[
                BulkUpdateOrderLineItem(
                    id=i,
                    item_state=OrderLineItemState.SENTTOBILLING,
                    bill_target_date=date(2025, 7, 10),
                )
                for i in ids
            ],
            processing_options=ProcessingOptions(
                run_billing=True, billing_options=BillingOptions(target_date=date(2025, 7, 10))
            ),
        ),
        idempotency_key=f"sdk-bulk-{uuid.uuid4().hex}",
    )
    assert answer.success is True
    assert [(i.id, i.item_state) for i in answer.order_line_items] == [
        (ids[0], "Complete"),
        (ids[1], "Complete"),
    ]
    # 5 x 17.991 = 89.955 -> 89.96, 2 x 17.991 = 35.982 -> 35.98: 125.94 on one invoice.
    (invoice,) = answer.invoices
    assert invoice["amount"] == 125.94
    read = sdk.invoices_api().get_invoice(invoice["invoiceNumber"])
    assert read.amount == 125.94
