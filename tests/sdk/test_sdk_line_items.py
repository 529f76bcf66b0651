"""Order line items through the unchanged official client (zuora-sdk 3.21.0):
`OrderLineItemsApi.get_order_line_item`, `update_order_line_item` and
`update_order_line_items` (seed 003). The items are stored directly with their order."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from zuora_sdk import (
    BulkUpdateOrderLineItem,
    BulkUpdateOrderLineItemsRequest,
    CreateAccountContact,
    CreateAccountRequest,
    OrderLineItemState,
    UpdateOrderLineItemRequest,
)
from zuora_sdk.exceptions import BadRequestException, NotFoundException
from zuora_sdk.zuora_client import ZuoraClient

from tests.support.line_items import store_order
from zorders.bootstrap import Container
from zorders.domain.line_items.model import InlineDiscountType, ItemState
from zorders.services.tenants import DEFAULT_TENANT_NAME


def _stored(sdk: ZuoraClient, container: Container, *items: dict[str, object]) -> list[str]:
    account = sdk.accounts_api().create_account(
        CreateAccountRequest(
            name="SDK Widgets",
            currency="USD",
            bill_cycle_day=1,
            bill_to_contact=CreateAccountContact(first_name="Ada", last_name="Lovelace"),
        )
    )
    with container.uow_factory(read_only=True) as uow:
        tenant = uow.tenants.get_by_name(DEFAULT_TENANT_NAME)
    assert tenant is not None
    number = f"O-SDK-{uuid.uuid4().hex[:8]}"
    return [i.id for i in store_order(container, tenant.id, account.account_id, number, *items)]


def test_read_and_update_one_item(sdk: ZuoraClient, container: Container) -> None:
    (item_id,) = _stored(sdk, container, {"discount": (InlineDiscountType.PERCENTAGE, "10")})
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


def test_bulk_update(sdk: ZuoraClient, container: Container) -> None:
    ids = _stored(sdk, container, {}, {"state": ItemState.BOOKED})
    answer = sdk.order_line_items_api().update_order_line_items(
        BulkUpdateOrderLineItemsRequest(
            order_line_items=[
                BulkUpdateOrderLineItem(
                    id=i,
                    item_state=OrderLineItemState.SENTTOBILLING,
                    bill_target_date=date(2025, 7, 10),
                )
                for i in ids
            ]
        ),
        idempotency_key=f"sdk-bulk-{uuid.uuid4().hex}",
    )
    assert answer.success is True
    assert [(i.id, i.item_state) for i in answer.order_line_items] == [
        (ids[0], "SentToBilling"),
        (ids[1], "SentToBilling"),
    ]
    assert answer.invoices == []
