"""Order line items through the unchanged official client (zuora-sdk 3.21.0): a one-time
sale of 5 at 19.99 with 10 % off invoiced by the order, read back with OrderLineItemsApi;
a return of 2 credited; a return of 4 more refused; an Executing item edited with
`update_order_line_item`; and seed 003's bulk update moving items to SentToBilling and
invoicing them in the same call.

Hand-computed: amountPerUnit 19.99 x 0.9 = 17.991; amount 5 x 17.991 = 89.955 -> 89.96;
listPrice 99.95; discount 9.99 (decision O2). Returning 2 of 5 credits round(89.96 x 2/5)
= round(35.984) = 35.98 (decision O3)."""

from __future__ import annotations

from datetime import date

import pytest
from zuora_sdk import (
    ApiException,
    BillingOptions,
    BulkUpdateOrderLineItem,
    BulkUpdateOrderLineItemsRequest,
    CreateOrderOrderLineItem,
    CreateOrderRequest,
    OrderCreateAccount,
    OrderCreateAccountContact,
    ProcessingOptions,
    ProcessingOptionsWithDelayedCapturePayment,
    UpdateOrderLineItemRequest,
)
from zuora_sdk.zuora_client import ZuoraClient

DAY = date(2025, 7, 30)


def _widgets(**changes: object) -> CreateOrderOrderLineItem:
    fields: dict[str, object] = {
        "item_type": "Product",
        "item_name": "Widget",
        "quantity": 5,
        "list_price_per_unit": 19.99,
        "inline_discount_type": "Percentage",
        "inline_discount_per_unit": 10,
    }
    fields.update(changes)
    return CreateOrderOrderLineItem(**fields)


def _new_account(name: str) -> OrderCreateAccount:
    return OrderCreateAccount(
        name=name,
        currency="USD",
        bill_cycle_day=1,
        bill_to_contact=OrderCreateAccountContact(first_name="Ada", last_name="L"),
    )


def test_a_sale_its_invoice_and_a_partial_return(sdk: ZuoraClient) -> None:
    orders, items = sdk.orders_api(), sdk.order_line_items_api()
    sale = orders.create_order(
        CreateOrderRequest(
            order_date=DAY,
            new_account=_new_account("Widget Buyer"),
            order_line_items=[_widgets(item_state="SentToBilling", bill_target_date=DAY)],
            processing_options=ProcessingOptionsWithDelayedCapturePayment(run_billing=True),
        )
    )
    assert sale.success is True
    [invoice_number] = sale.invoice_numbers
    assert str(sdk.invoices_api().get_invoice(invoice_number).amount) == "89.96"
    [created] = sale.order_line_items
    assert created.item_number == "1"

    read = items.get_order_line_item(created.id).order_line_item
    assert (read.amount_per_unit, read.list_price, read.discount, read.amount) == (
        17.991,
        99.95,
        9.99,
        89.96,
    )
    assert read.item_state == "Complete"  # billed
    assert read.quantity_available_for_return == 5

    returned = orders.create_order(
        CreateOrderRequest(
            order_date=DAY,
            existing_account_number=sale.account_number,
            category="Return",
            reason_code="Damaged",
            order_line_items=[
                CreateOrderOrderLineItem(
                    item_type="Product",
                    item_category="Return",
                    quantity=2,
                    original_order_number=sale.order_number,
                    original_order_line_item_number="1",
                    item_state="SentToBilling",
                    bill_target_date=DAY,
                )
            ],
            processing_options=ProcessingOptionsWithDelayedCapturePayment(run_billing=True),
        )
    )
    assert not returned.invoice_numbers
    [memo_number] = returned.credit_memo_numbers
    memo = sdk.credit_memos_api().get_credit_memo(memo_number)
    assert str(memo.amount) == "35.98"
    assert items.get_order_line_item(created.id).order_line_item.quantity_available_for_return == 3

    with pytest.raises(ApiException) as refused:
        orders.create_order(
            CreateOrderRequest(
                order_date=DAY,
                existing_account_number=sale.account_number,
                category="Return",
                order_line_items=[
                    CreateOrderOrderLineItem(
                        item_type="Product",
                        item_category="Return",
                        quantity=4,
                        original_order_number=sale.order_number,
                        original_order_line_item_number="1",
                    )
                ],
            )
        )
    assert refused.value.status == 400
    assert items.get_order_line_item(created.id).order_line_item.quantity_available_for_return == 3


def test_edit_one_item_then_bill_two_in_one_bulk_update(sdk: ZuoraClient) -> None:
    orders, items = sdk.orders_api(), sdk.order_line_items_api()
    made = orders.create_order(
        CreateOrderRequest(
            order_date=DAY,
            new_account=_new_account("Bulk Buyer"),
            order_line_items=[_widgets(), _widgets(item_name="Gadget", quantity=1)],
        )
    )
    first, second = (i.id for i in made.order_line_items)

    edited = items.update_order_line_item(first, UpdateOrderLineItemRequest(quantity=3))
    assert edited.success is True
    # 3 x 17.991 = 53.973 -> 53.97
    assert items.get_order_line_item(first).order_line_item.amount == 53.97

    answer = items.update_order_line_items(
        BulkUpdateOrderLineItemsRequest(
            order_line_items=[
                BulkUpdateOrderLineItem(id=i, item_state="SentToBilling", bill_target_date=DAY)
                for i in (first, second)
            ],
            processing_options=ProcessingOptions(
                run_billing=True, billing_options=BillingOptions(target_date=DAY)
            ),
        )
    )
    assert answer.success is True
    assert {i.item_state for i in answer.order_line_items} == {"Complete"}
    [invoice] = answer.invoices
    # 53.97 + 1 x 17.991 = 17.99 -> 71.96
    got = sdk.invoices_api().get_invoice(invoice["invoiceNumber"])
    assert str(got.amount) == "71.96"
