"""The line item updates on items sold through POST /v1/orders (issue 10): read, reprice,
move through the states, return and cancel the return, and a bulk update of one order's
100 items; amounts hand-computed. On both backends."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session
from tests.support.line_items import Oli, error_code
from zorders.bootstrap import Container


@pytest.fixture
def oli(client: TestClient, session: Session, container: Container) -> Oli:
    return Oli.open(client, session, container)


def widget(**extra: Any) -> dict[str, Any]:
    return {
        "itemType": "Product",
        "itemName": "Widget",
        "quantity": 5,
        "listPricePerUnit": 19.99,
        "inlineDiscountType": "Percentage",
        "inlineDiscountPerUnit": 10,
        **extra,
    }


def test_a_sold_item_is_repriced_and_sent_to_billing(oli: Oli) -> None:
    (item_id,) = oli.sell(widget())
    body = oli.get(item_id)
    # 5 x 19.99 less 10 %: 17.991 a unit, 89.955 -> 89.96.
    assert (body["amountPerUnit"], body["amount"], body["itemState"]) == (
        17.991,
        89.96,
        "Executing",
    )
    assert oli.put(item_id, {"quantity": 8, "inlineDiscountPerUnit": 25}).status_code == 200
    body = oli.get(item_id)
    # 19.99 less 25 % = 14.9925 a unit; 8 units: 119.94, of a 159.92 list price.
    assert (body["amountPerUnit"], body["amount"], body["listPrice"], body["discount"]) == (
        14.9925,
        119.94,
        159.92,
        39.98,
    )
    assert body["quantityAvailableForReturn"] == 8
    assert oli.put(item_id, {"itemState": "Booked"}).status_code == 200
    refused = oli.put(item_id, {"listPricePerUnit": 1})
    assert (refused.status_code, error_code(refused)) == (400, 53405130)
    moved = oli.put(item_id, {"itemState": "SentToBilling", "billTargetDate": "2025-07-10"})
    assert moved.status_code == 200, moved.text
    body = oli.get(item_id)
    assert (body["itemState"], body["billTargetDate"], body["amount"]) == (
        "SentToBilling",
        "2025-07-10",
        119.94,
    )


def test_a_return_holds_the_sales_quantity_until_canceled(oli: Oli) -> None:
    (sale,) = oli.sell(widget())
    (ret,) = oli.sell(
        {
            "itemType": "Product",
            "itemCategory": "Return",
            "quantity": 2,
            "originalOrderNumber": oli.sold[0],
            "originalOrderLineItemNumber": "1",
        },
        category="Return",
        reasonCode="Damaged",
    )
    assert oli.get(sale)["quantityAvailableForReturn"] == 3
    below = oli.put(sale, {"quantity": 1})
    assert (below.status_code, error_code(below)) == (400, 53405230)
    # The return's own quantity is bound to the sale's: not editable (OU1).
    assert oli.put(ret, {"quantity": 1}).status_code == 400
    assert oli.put(ret, {"itemState": "Canceled"}).status_code == 200
    assert oli.get(sale)["quantityAvailableForReturn"] == 5
    assert oli.put(sale, {"quantity": 1}).status_code == 200


def test_one_orders_hundred_items_go_to_billing_in_one_call(oli: Oli) -> None:
    ids = oli.sell(*(widget(quantity=n % 4 + 1, itemName=f"W{n}") for n in range(100)))
    response = oli.bulk(
        {
            "orderLineItems": [
                {"id": i, "itemState": "SentToBilling", "billTargetDate": "2025-07-10"} for i in ids
            ]
        }
    )
    assert response.status_code == 200, response.text
    items = response.json()["orderLineItems"]
    assert [(i["id"], i["itemState"]) for i in items] == [(i, "SentToBilling") for i in ids]
    # Item 3 holds 4 units: 4 x 17.991 = 71.964 -> 71.96.
    assert (items[3]["itemName"], items[3]["amount"]) == ("W3", 71.96)
