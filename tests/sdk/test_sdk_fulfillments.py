"""Fulfillments through the unchanged official client (zuora-sdk 3.21.0): FulfillmentsApi
create (and bill), get (by id and number), update and delete, and a refusal as the client's
BadRequestException; the line item is sold with `OrdersApi.create_order` and its
fulfilled quantity read back with `get_order`."""

from __future__ import annotations

from datetime import date

import pytest
from zuora_sdk import (
    BillingOptions,
    CreateFulfillment,
    CreateFulfillmentsRequest,
    CreateOrderRequest,
    FulfillmentItem,
    OrderLineItemBillingRule,
    ProcessingOptions,
    UpdateFulfillmentRequest,
)
from zuora_sdk.exceptions import ApiException, BadRequestException
from zuora_sdk.zuora_client import ZuoraClient

from tests.sdk.builders import new_account, widgets


def _booked_item(sdk: ZuoraClient) -> tuple[str, str]:
    """A Booked line item billed as it is fulfilled, sold with `OrdersApi.create_order`:
    its id and its order's number."""
    created = sdk.orders_api().create_order(
        CreateOrderRequest(
            order_date=date(2025, 7, 1),
            new_account=new_account("SDK Fulfillments"),
            order_line_items=[
                widgets(
                    inline_discount_type=None,
                    inline_discount_per_unit=None,
                    billing_rule=OrderLineItemBillingRule.TRIGGERASFULFILLMENTOCCURS,
                    item_state="Booked",
                )
            ],
        )
    )
    assert created.success is True
    [item] = created.order_line_items
    return item.id, created.order_number


def test_fulfillments_through_the_official_client(sdk: ZuoraClient) -> None:
    item_id, order_number = _booked_item(sdk)
    api = sdk.fulfillments_api()
    answer = api.create_fulfillment(
        CreateFulfillmentsRequest(
            fulfillments=[
                CreateFulfillment(
                    order_line_item_id=item_id,
                    fulfillment_date=date(2025, 7, 2),
                    quantity=3,
                    fulfillment_type="Delivery",
                    carrier="UPS",
                    fulfillment_items=[FulfillmentItem(item_identifier="SN-1")],
                )
            ]
        )
    )
    assert answer.success is True
    [made] = answer.fulfillments
    assert made.fulfillment_number.startswith("F-")
    assert len(made.fulfillment_items) == 1

    read = api.get_fulfillment(made.fulfillment_number)
    assert read.success is True
    got = read.fulfillment
    assert (got.id, got.order_line_item_id, got.quantity, got.state, got.fulfillment_type) == (
        made.id,
        item_id,
        3,
        "Executing",
        "Delivery",
    )
    assert got.fulfillment_date == "2025-07-02"  # the client does not parse answers
    assert [i.item_identifier for i in got.fulfillment_items] == ["SN-1"]
    assert api.get_fulfillment(made.id).fulfillment.fulfillment_number == made.fulfillment_number

    updated = api.update_fulfillment(made.id, UpdateFulfillmentRequest(quantity=2, state="Booked"))
    assert updated.success is True
    got = api.get_fulfillment(made.id).fulfillment
    assert (got.quantity, got.state) == (2, "Booked")
    [item] = sdk.orders_api().get_order(order_number).order.order_line_items
    assert (item.quantity_fulfilled, item.quantity_pending_fulfillment) == (2, 3)

    with pytest.raises(BadRequestException) as refused:
        api.update_fulfillment(made.id, UpdateFulfillmentRequest(state="Executing"))
    assert refused.value.status == 400
    assert "53500330" in str(refused.value.body)

    assert api.delete_fulfillment(made.id).success is True
    with pytest.raises(ApiException) as missing:
        api.get_fulfillment(made.id)
    assert missing.value.status == 404

    # Delivered and billed in one call: 2 of the 5 at 19.99 bill 2 x 19.99 = 39.98.
    billed = api.create_fulfillment(
        CreateFulfillmentsRequest(
            fulfillments=[
                CreateFulfillment(
                    order_line_item_id=item_id,
                    fulfillment_date=date(2025, 7, 3),
                    quantity=2,
                    state="SentToBilling",
                    bill_target_date=date(2025, 7, 3),
                )
            ],
            processing_options=ProcessingOptions(
                run_billing=True, billing_options=BillingOptions(target_date=date(2025, 7, 3))
            ),
        )
    )
    [number] = billed.invoice_numbers
    assert str(sdk.invoices_api().get_invoice(number).amount) == "39.98"
    assert api.get_fulfillment(billed.fulfillments[0].id).fulfillment.state == "Complete"
