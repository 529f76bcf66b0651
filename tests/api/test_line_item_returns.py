"""Return line items (issue 10, spec §16.4) and deleting orders that hold line items, through
POST and DELETE /v1/orders, on SQLite and PostgreSQL.

The sale: 5 x 19.99 at 10 % off = 89.96 (89.955 half up). Returning 2 credits
round(89.96 x 2 / 5) = round(35.984) = 35.98; the 3 left then credit
89.96 - 35.98 = 53.98 (round(89.96 x 5/5) - round(89.96 x 2/5)), so the two returns
together give back exactly the 89.96 the sale charged (decision LI3).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_line_items_in_orders import (
    get_order,
    items_of,
    ok,
    refused,
    sell,
    widget,
)
from tests.api.test_orders import order
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.domain.line_items.model import ItemState

RETURN_DATE = "2025-07-20"


def give_back(
    client: TestClient,
    session: Session,
    account: str,
    sale_order: str,
    quantity: Any,
    *,
    item_number: str = "1",
    **extra: Any,
) -> Any:
    item = {
        "itemType": "Product",
        "itemCategory": "Return",
        "quantity": quantity,
        "originalOrderNumber": sale_order,
        "originalOrderLineItemNumber": item_number,
        **extra,
    }
    return order(
        client,
        session,
        {
            "orderDate": RETURN_DATE,
            "existingAccountNumber": account,
            "category": "Return",
            "reasonCode": "Damaged",
            "orderLineItems": [item],
        },
    )


@pytest.fixture
def sale(client: TestClient, shop: Session) -> dict[str, Any]:
    """Order O-00000001: 5 widgets at 19.99, 10 % off."""
    return ok(sell(client, shop, widget()))


def sold(client: TestClient, session: Session, sale: dict[str, Any]) -> dict[str, Any]:
    (item,) = items_of(client, session, sale["orderNumber"])
    return item


def test_a_partial_return(
    client: TestClient, shop: Session, container: Container, sale: dict[str, Any]
) -> None:
    assert sold(client, shop, sale)["amount"] == 89.96
    created = ok(give_back(client, shop, sale["accountNumber"], sale["orderNumber"], 2))
    body = get_order(client, shop, created["orderNumber"])
    assert (body["category"], body["reasonCode"], body["state"]) == (
        "Return",
        "Damaged",
        "Executing",
    )
    (item,) = body["orderLineItems"]
    the_sale = sold(client, shop, sale)
    expected = {
        "itemCategory": "Return",
        "itemState": "Executing",
        "itemName": "Widget",
        "quantity": 2,
        "listPricePerUnit": 19.99,
        "inlineDiscountType": "Percentage",
        "inlineDiscountPerUnit": 10,
        "amountPerUnit": 17.991,
        "listPrice": 39.98,
        "amount": 35.98,
        "amountWithoutTax": 35.98,
        "discount": 4,
        "originalOrderNumber": sale["orderNumber"],
        "originalOrderLineItemNumber": "1",
        "originalOrderLineItemId": the_sale["id"],
        "originalOrderDate": "2025-07-01",
        "quantityAvailableForReturn": 0,
        "transactionStartDate": RETURN_DATE,
    }
    assert {k: item[k] for k in expected} == expected
    with container.uow_factory(read_only=True) as uow:
        sale_order = uow.orders.get(shop.tenant_id, sale["orderNumber"])
        assert sale_order is not None
        assert item["originalOrderId"] == sale_order.id
    assert the_sale["quantityAvailableForReturn"] == 3
    assert the_sale["amendedByOrderOn"] == RETURN_DATE


def test_returning_more_than_is_left_is_refused_and_changes_nothing(
    client: TestClient, shop: Session, sale: dict[str, Any]
) -> None:
    account, number = sale["accountNumber"], sale["orderNumber"]
    ok(give_back(client, shop, account, number, 2))
    before = sold(client, shop, sale)
    body = refused(give_back(client, shop, account, number, 4), 53401330)
    assert "3 left to return" in body["reasons"][0]["message"]
    assert sold(client, shop, sale) == before
    listed = client.get("/v1/orders", headers=shop.headers).json()["orders"]
    assert [o["orderNumber"] for o in listed] == ["O-00000001", "O-00000002"]


def test_two_returns_give_back_exactly_what_was_charged(
    client: TestClient, shop: Session, sale: dict[str, Any]
) -> None:
    account, number = sale["accountNumber"], sale["orderNumber"]
    first = ok(give_back(client, shop, account, number, 2))
    second = ok(give_back(client, shop, account, number, 3))
    amounts = [items_of(client, shop, o["orderNumber"])[0]["amount"] for o in (first, second)]
    assert amounts == [35.98, 53.98]
    assert sold(client, shop, sale)["quantityAvailableForReturn"] == 0
    refused(give_back(client, shop, account, number, 1), 53401330)


def test_one_order_returning_a_sale_twice_counts_both(
    client: TestClient, shop: Session, sale: dict[str, Any]
) -> None:
    account, number = sale["accountNumber"], sale["orderNumber"]
    item = {
        "itemCategory": "Return",
        "quantity": 3,
        "originalOrderNumber": number,
        "originalOrderLineItemNumber": "1",
    }
    body = {"orderDate": RETURN_DATE, "existingAccountNumber": account, "category": "Return"}
    refused(order(client, shop, body | {"orderLineItems": [item, item]}), 53401330)
    assert sold(client, shop, sale)["quantityAvailableForReturn"] == 5
    two = ok(order(client, shop, body | {"orderLineItems": [item, item | {"quantity": 2}]}))
    # round(89.96 x 3/5) = 53.98 (53.976); then 89.96 - 53.98 = 35.98.
    assert [i["amount"] for i in items_of(client, shop, two["orderNumber"])] == [53.98, 35.98]
    assert sold(client, shop, sale)["quantityAvailableForReturn"] == 0


@pytest.mark.parametrize(
    ("where", "code"),
    [("order", 53401240), ("item", 53401240)],
)
def test_an_unknown_original_is_refused(
    client: TestClient, shop: Session, sale: dict[str, Any], where: str, code: int
) -> None:
    account, number = sale["accountNumber"], sale["orderNumber"]
    if where == "order":
        response = give_back(client, shop, account, "O-99999999", 1)
    else:
        response = give_back(client, shop, account, number, 1, item_number="9")
    refused(response, code)
    assert sold(client, shop, sale)["quantityAvailableForReturn"] == 5
    assert len(client.get("/v1/orders", headers=shop.headers).json()["orders"]) == 1


@pytest.mark.parametrize("missing", ["originalOrderNumber", "originalOrderLineItemNumber"])
def test_a_return_names_its_sale(
    client: TestClient, shop: Session, sale: dict[str, Any], missing: str
) -> None:
    item = {
        "itemCategory": "Return",
        "quantity": 1,
        "originalOrderNumber": sale["orderNumber"],
        "originalOrderLineItemNumber": "1",
    }
    del item[missing]
    response = order(
        client,
        shop,
        {
            "orderDate": RETURN_DATE,
            "existingAccountNumber": sale["accountNumber"],
            "orderLineItems": [item],
        },
    )
    refused(response, 53401222)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"quantity": 0}, 53400920),
        ({"quantity": -1}, 50005020),
        ({"listPricePerUnit": 5}, 53400920),
        ({"currency": "EUR"}, 53400430),
    ],
)
def test_a_bad_return_is_refused(
    client: TestClient, shop: Session, sale: dict[str, Any], change: dict[str, Any], code: int
) -> None:
    change = dict(change)  # the parameter is shared by both backends' runs
    quantity = change.pop("quantity", 1)
    refused(
        give_back(client, shop, sale["accountNumber"], sale["orderNumber"], quantity, **change),
        code,
    )
    assert sold(client, shop, sale)["quantityAvailableForReturn"] == 5


def test_a_return_of_a_return_is_refused(
    client: TestClient, shop: Session, sale: dict[str, Any]
) -> None:
    account = sale["accountNumber"]
    first = ok(give_back(client, shop, account, sale["orderNumber"], 2))
    refused(give_back(client, shop, account, first["orderNumber"], 1), 53401230)


def test_a_canceled_sale_cannot_be_returned(client: TestClient, shop: Session) -> None:
    canceled = ok(sell(client, shop, widget(itemState="Canceled")))
    refused(
        give_back(client, shop, canceled["accountNumber"], canceled["orderNumber"], 1), 53401230
    )


def test_a_return_by_another_account_is_refused(
    client: TestClient, shop: Session, sale: dict[str, Any]
) -> None:
    other = ok(sell(client, shop, widget()))["accountNumber"]
    refused(give_back(client, shop, other, sale["orderNumber"], 1), 53401230)
    assert sold(client, shop, sale)["quantityAvailableForReturn"] == 5


def test_a_return_in_a_new_sales_order_is_accepted(
    client: TestClient, shop: Session, sale: dict[str, Any]
) -> None:
    item = {
        "itemCategory": "Return",
        "quantity": 1,
        "originalOrderNumber": sale["orderNumber"],
        "originalOrderLineItemNumber": "1",
    }
    both = ok(
        order(
            client,
            shop,
            {
                "orderDate": RETURN_DATE,
                "existingAccountNumber": sale["accountNumber"],
                "orderLineItems": [widget(quantity=1), item],
            },
        )
    )
    assert get_order(client, shop, both["orderNumber"])["category"] == "NewSales"
    # round(89.96 / 5) = 17.99
    assert [i["amount"] for i in items_of(client, shop, both["orderNumber"])] == [17.99, 17.99]


# -- deleting orders with line items --------------------------------------------------------


def test_deleting_a_return_gives_its_quantity_back(
    client: TestClient, shop: Session, sale: dict[str, Any]
) -> None:
    returned = ok(give_back(client, shop, sale["accountNumber"], sale["orderNumber"], 2))
    response = client.delete(f"/v1/orders/{returned['orderNumber']}", headers=shop.headers)
    assert response.status_code == 200, response.text
    assert sold(client, shop, sale)["quantityAvailableForReturn"] == 5
    gone = client.get(f"/v1/orders/{returned['orderNumber']}", headers=shop.headers)
    assert gone.status_code == 404


def test_a_returned_sale_cannot_be_deleted_before_its_return(
    client: TestClient, shop: Session, sale: dict[str, Any]
) -> None:
    returned = ok(give_back(client, shop, sale["accountNumber"], sale["orderNumber"], 2))
    response = client.delete(f"/v1/orders/{sale['orderNumber']}", headers=shop.headers)
    refused(response, 53401430)
    assert sold(client, shop, sale)["quantityAvailableForReturn"] == 3
    client.delete(f"/v1/orders/{returned['orderNumber']}", headers=shop.headers)
    deleted = client.delete(f"/v1/orders/{sale['orderNumber']}", headers=shop.headers)
    assert deleted.status_code == 200, deleted.text
    assert client.get("/v1/orders", headers=shop.headers).json()["orders"] == []


def test_an_order_with_a_billed_line_item_cannot_be_deleted(
    client: TestClient, shop: Session, container: Container, sale: dict[str, Any]
) -> None:
    number = sale["orderNumber"]
    # Billing (another part of issue 10) moves an item to Complete; here it is set directly.
    with container.uow_factory() as uow:
        stored = uow.orders.get(shop.tenant_id, number)
        assert stored is not None
        (item,) = uow.line_items.of_order(shop.tenant_id, stored.id)
        uow.line_items.update(shop.tenant_id, replace(item, state=ItemState.COMPLETE))
        uow.commit()
    assert get_order(client, shop, number)["state"] == "Complete"
    refused(client.delete(f"/v1/orders/{number}", headers=shop.headers), 53401430)
    assert sold(client, shop, sale)["itemState"] == "Complete"
