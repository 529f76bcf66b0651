"""Fulfillments through the unchanged official client (zuora-sdk 3.21.0): FulfillmentsApi
create, get (by id and number), update and delete, and a refusal as the client's
BadRequestException. The line item is stored directly with its order, for an account
made through the client."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from zuora_sdk import (
    CreateAccountContact,
    CreateAccountRequest,
    CreateFulfillment,
    CreateFulfillmentsRequest,
    FulfillmentItem,
    UpdateFulfillmentRequest,
)
from zuora_sdk.exceptions import ApiException, BadRequestException
from zuora_sdk.zuora_client import ZuoraClient

from tests.storage.test_order_store import make_order
from tests.support.line_items import line_item
from zorders.bootstrap import Container
from zorders.domain.line_items.model import BillingRule, ItemState
from zorders.storage.tables import accounts


def _booked_item(sdk: ZuoraClient, container: Container) -> str:
    created = sdk.accounts_api().create_account(
        CreateAccountRequest(
            name="SDK Fulfillments",
            currency="USD",
            bill_cycle_day=1,
            bill_to_contact=CreateAccountContact(first_name="Grace", last_name="Hopper"),
        )
    )
    with container.engine.connect() as connection:
        tenant_id = connection.execute(
            select(accounts.c.tenant_id).where(accounts.c.id == created.account_id)
        ).scalar_one()
    order = make_order(f"O-SDK-F-{created.account_number}", account_id=created.account_id)
    item = line_item(
        order_id=order.id,
        order_number=order.number,
        account_id=created.account_id,
        quantity="5",
        state=ItemState.BOOKED,
        billing_rule=BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS,
    )
    with container.uow_factory() as uow:
        uow.orders.add(tenant_id, order)
        uow.line_items.add_many(tenant_id, [item])
        uow.commit()
    return item.id


def test_fulfillments_through_the_official_client(sdk: ZuoraClient, container: Container) -> None:
    item_id = _booked_item(sdk, container)
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

    with pytest.raises(BadRequestException) as refused:
        api.update_fulfillment(made.id, UpdateFulfillmentRequest(state="Executing"))
    assert refused.value.status == 400
    assert "53500330" in str(refused.value.body)

    assert api.delete_fulfillment(made.id).success is True
    with pytest.raises(ApiException) as missing:
        api.get_fulfillment(made.id)
    assert missing.value.status == 404
