"""Fulfillments (spec §10.4; decisions OF1-OF8): POST /v1/fulfillments, GET|PUT|DELETE
/v1/fulfillments/{key}, the state table, the quantity rules and what they do to the line
item; every refusal changes nothing. On SQLite and PostgreSQL.

The line items are sold through POST /v1/orders (5 widgets at 19.99 with 10 % off, so
amount 89.96: decision LI2); the main flow reads their counts back through GET
/v1/orders/{n}."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_accounts import create as create_account
from tests.api.test_accounts import minimal
from tests.conftest import Session
from zorders.api.views.line_items import line_item_body
from zorders.bootstrap import Container
from zorders.domain.line_items.model import BillingRule, ItemState, LineItem

FULFILLED = BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS


def sell(
    client: TestClient,
    session: Session,
    account_number: str,
    *,
    state: ItemState = ItemState.BOOKED,
    billing_rule: BillingRule = FULFILLED,
    quantity: int = 5,
) -> dict[str, Any]:
    """An order selling one line item (5 widgets at 19.99, 10 % off by default): the
    order's create answer."""
    response = client.post(
        "/v1/orders",
        headers=session.headers,
        json={
            "orderDate": "2025-07-01",
            "existingAccountNumber": account_number,
            "orderLineItems": [
                {
                    "itemType": "Product",
                    "itemName": "Widget",
                    "quantity": quantity,
                    "listPricePerUnit": 19.99,
                    "inlineDiscountType": "Percentage",
                    "inlineDiscountPerUnit": 10,
                    "billingRule": billing_rule.value,
                    "itemState": state.value,
                }
            ],
        },
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def store_item(
    client: TestClient, container: Container, session: Session, account_number: str, **kw: Any
) -> LineItem:
    """A line item sold through POST /v1/orders, as stored."""
    [sold] = sell(client, session, account_number, **kw)["orderLineItems"]
    with container.uow_factory(read_only=True) as uow:
        item = uow.line_items.get(session.tenant_id, sold["id"])
    assert item is not None
    return item


@pytest.fixture
def account_number(client: TestClient, session: Session) -> str:
    created = create_account(client, session, minimal())
    value: str = created["accountNumber"]
    return value


@pytest.fixture
def item(
    client: TestClient, container: Container, session: Session, account_number: str
) -> LineItem:
    return store_item(client, container, session, account_number)


def delivery(item_id: str, quantity: Any = 3, **extra: Any) -> dict[str, Any]:
    return {
        "orderLineItemId": item_id,
        "fulfillmentDate": "2025-07-02",
        "quantity": quantity,
        **extra,
    }


def post(client: TestClient, session: Session, *fulfillments: dict[str, Any], **body: Any) -> Any:
    return client.post(
        "/v1/fulfillments",
        headers=session.headers,
        json={"fulfillments": list(fulfillments), **body},
    )


def created(client: TestClient, session: Session, *fulfillments: dict[str, Any]) -> list[str]:
    response = post(client, session, *fulfillments)
    assert response.status_code == 200, response.text
    return [f["id"] for f in response.json()["fulfillments"]]


def get(client: TestClient, session: Session, key: str) -> dict[str, Any]:
    response = client.get(f"/v1/fulfillments/{key}", headers=session.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()["fulfillment"]
    return body


def put(client: TestClient, session: Session, key: str, **body: Any) -> Any:
    return client.put(f"/v1/fulfillments/{key}", headers=session.headers, json=body)


def refused(response: Any, code: int, status: int = 400) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False
    [reason] = body["reasons"]
    assert reason["code"] == code, reason
    message: str = reason["message"]
    return message


def counts(container: Container, session: Session, item_id: str) -> tuple[Any, Any]:
    """The line item's quantityFulfilled and quantityPendingFulfillment, as rendered."""
    with container.uow_factory(read_only=True) as uow:
        stored = uow.line_items.get(session.tenant_id, item_id)
        assert stored is not None
        fulfillments = uow.line_items.fulfillments_of(session.tenant_id, item_id)
    body = line_item_body(stored, {}, fulfillments=fulfillments)
    return body["quantityFulfilled"], body["quantityPendingFulfillment"]


def order_counts(client: TestClient, session: Session, item: LineItem) -> tuple[Any, Any]:
    """The same, read through GET /v1/orders/{n}."""
    response = client.get(f"/v1/orders/{item.order_number}", headers=session.headers)
    assert response.status_code == 200, response.text
    [body] = response.json()["order"]["orderLineItems"]
    assert body["id"] == item.id
    return body["quantityFulfilled"], body["quantityPendingFulfillment"]


NOT_FOUND = 53500040
LINE_ITEM_NOT_FOUND = 53500140
NOT_ALLOWED = 53500230
INVALID_STATE = 53500330
QUANTITY_EXCEEDED = 53500430
INVALID_QUANTITY = 53500520
LIMIT_EXCEEDED = 53500630
NOT_EDITABLE = 53500730


def test_create_read_update_delete(
    client: TestClient, session: Session, container: Container, item: LineItem
) -> None:
    response = post(
        client,
        session,
        delivery(
            item.id,
            3,
            fulfillmentType="Delivery",
            carrier="UPS",
            trackingNumber="1Z999",
            externalId="WMS-7",
            fulfillmentLocation="Reno",
            fulfillmentSystem="WMS",
            description="First box",
            billTargetDate="2025-07-05",
            customFields={"Dock__c": "B"},
            fulfillmentItems=[
                {"itemIdentifier": "SN-1", "description": "serial 1"},
                {"itemIdentifier": "SN-2", "customFields": {"Grade__c": 2}},
            ],
        ),
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["success"] is True
    assert "invoiceNumbers" not in answer
    [made] = answer["fulfillments"]
    assert made["fulfillmentNumber"] == "F-00000001"
    assert len(made["id"]) == 32
    first, second = made["fulfillmentItems"]
    assert len(first["id"]) == 32 and first["id"] != second["id"]

    body = get(client, session, made["id"])
    assert get(client, session, "F-00000001") == body
    assert body == {
        "id": made["id"],
        "fulfillmentNumber": "F-00000001",
        "orderLineItemId": item.id,
        "fulfillmentType": "Delivery",
        "state": "Executing",
        "quantity": 3,
        "fulfillmentDate": "2025-07-02",
        "billTargetDate": "2025-07-05",
        "carrier": "UPS",
        "description": "First box",
        "externalId": "WMS-7",
        "fulfillmentLocation": "Reno",
        "fulfillmentSystem": "WMS",
        "trackingNumber": "1Z999",
        "customFields": {"Dock__c": "B"},
        "fulfillmentItems": [
            {
                "id": first["id"],
                "itemIdentifier": "SN-1",
                "description": "serial 1",
                "fulfillmentId": made["id"],
                "fulfillmentNumber": "F-00000001",
                "fulfillmentExternalId": "WMS-7",
                "customFields": {},
            },
            {
                "id": second["id"],
                "itemIdentifier": "SN-2",
                "description": None,
                "fulfillmentId": made["id"],
                "fulfillmentNumber": "F-00000001",
                "fulfillmentExternalId": "WMS-7",
                "customFields": {"Grade__c": 2},
            },
        ],
    }
    assert counts(container, session, item.id) == (3, 2)
    assert order_counts(client, session, item) == (3, 2)

    updated = put(
        client,
        session,
        "F-00000001",
        quantity=2,
        trackingNumber="1Z000",
        customFields={"Gate__c": "4"},
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["success"] is True
    body = get(client, session, made["id"])
    assert (body["quantity"], body["trackingNumber"], body["customFields"]) == (
        2,
        "1Z000",
        {"Dock__c": "B", "Gate__c": "4"},
    )
    assert counts(container, session, item.id) == (2, 3)
    assert order_counts(client, session, item) == (2, 3)

    deleted = client.delete(f"/v1/fulfillments/{made['id']}", headers=session.headers)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["success"] is True
    gone = client.get(f"/v1/fulfillments/{made['id']}", headers=session.headers)
    assert refused(gone, NOT_FOUND, 404) == f"Fulfillment '{made['id']}' not found."
    assert counts(container, session, item.id) == (0, 5)
    assert order_counts(client, session, item) == (0, 5)
    again = client.delete("/v1/fulfillments/F-00000001", headers=session.headers)
    refused(again, NOT_FOUND, 404)
    refused(put(client, session, "F-00000001", quantity=1), NOT_FOUND, 404)


def test_quantity_rules(
    client: TestClient, session: Session, container: Container, item: LineItem
) -> None:
    [first] = created(client, session, delivery(item.id, 3))
    assert counts(container, session, item.id) == (3, 2)

    message = refused(post(client, session, delivery(item.id, 3)), QUANTITY_EXCEEDED)
    assert message == (
        f"The fulfillments of order line item {item.id} would deliver 6, more than its quantity 5."
    )
    assert counts(container, session, item.id) == (3, 2)

    # A return takes back part of what was delivered; the item's fulfilled quantity stays
    # what was delivered (OF2).
    [ret] = created(client, session, delivery(item.id, 1, fulfillmentType="Return"))
    assert get(client, session, ret)["fulfillmentNumber"] == "F-00000002"  # none consumed
    assert counts(container, session, item.id) == (3, 2)
    refused(
        post(client, session, delivery(item.id, 3, fulfillmentType="Return")), QUANTITY_EXCEEDED
    )
    # Deliveries may reach the quantity, no further.
    created(client, session, delivery(item.id, "2"))
    assert counts(container, session, item.id) == (5, 0)
    refused(post(client, session, delivery(item.id, "0.5")), QUANTITY_EXCEEDED)
    refused(put(client, session, first, quantity=4), QUANTITY_EXCEEDED)

    # Cancelling a delivery gives back its quantity, unless returns would exceed what stays.
    assert put(client, session, first, state="Cancelled").status_code == 200
    assert counts(container, session, item.id) == (2, 3)
    [big] = created(client, session, delivery(item.id, 3))
    created(client, session, delivery(item.id, 4, fulfillmentType="Return"))
    message = refused(put(client, session, big, state="Cancelled"), QUANTITY_EXCEEDED)
    assert message == (
        f"The fulfillments of order line item {item.id} would return 5, more than the 2 delivered."
    )
    assert get(client, session, big)["state"] == "Executing"
    refused(client.delete(f"/v1/fulfillments/{big}", headers=session.headers), QUANTITY_EXCEEDED)
    assert get(client, session, big)["quantity"] == 3
    assert counts(container, session, item.id) == (5, 0)


def test_one_call_is_all_or_nothing(
    client: TestClient, session: Session, container: Container, item: LineItem
) -> None:
    response = post(
        client, session, delivery(item.id, 2), delivery(item.id, 2), delivery(item.id, 2)
    )
    message = refused(response, QUANTITY_EXCEEDED)
    assert "would deliver 6" in message
    for number in ("F-00000001", "F-00000002"):
        refused(client.get(f"/v1/fulfillments/{number}", headers=session.headers), NOT_FOUND, 404)
    assert counts(container, session, item.id) == (0, 5)
    ids = created(client, session, delivery(item.id, 2), delivery(item.id, 3))
    assert [get(client, session, i)["fulfillmentNumber"] for i in ids] == [
        "F-00000001",
        "F-00000002",
    ]
    assert counts(container, session, item.id) == (5, 0)


def test_only_items_billed_by_fulfillments_take_them(
    client: TestClient, session: Session, container: Container, account_number: str
) -> None:
    plain = store_item(
        client,
        container,
        session,
        account_number,
        billing_rule=BillingRule.TRIGGER_WITHOUT_FULFILLMENT,
    )
    message = refused(post(client, session, delivery(plain.id)), NOT_ALLOWED)
    assert message == (
        f"The order line item {plain.id} is billed without fulfillments (billingRule "
        "TriggerWithoutFulfillment); fulfillments need TriggerAsFulfillmentOccurs."
    )
    executing = store_item(client, container, session, account_number, state=ItemState.EXECUTING)
    message = refused(post(client, session, delivery(executing.id)), NOT_ALLOWED)
    assert message == (
        f"A Delivery fulfillment needs its order line item Booked; {executing.id} is Executing."
    )
    refused(client.get("/v1/fulfillments/F-00000001", headers=session.headers), NOT_FOUND, 404)
    assert counts(container, session, plain.id) == (0, 0)
    assert counts(container, session, executing.id) == (0, 5)


def test_an_unknown_or_foreign_line_item(
    client: TestClient,
    session: Session,
    new_session: Any,
    container: Container,
    item: LineItem,
) -> None:
    response = post(client, session, delivery(item.id), delivery("0" * 32))
    message = refused(response, LINE_ITEM_NOT_FOUND)
    assert message == f"'fulfillments[1].orderLineItemId': no order line item '{'0' * 32}'."
    other = new_session()
    refused(post(client, other, delivery(item.id)), LINE_ITEM_NOT_FOUND)
    [mine] = created(client, session, delivery(item.id))
    for call in (
        client.get(f"/v1/fulfillments/{mine}", headers=other.headers),
        put(client, other, mine, quantity=1),
        client.delete(f"/v1/fulfillments/{mine}", headers=other.headers),
    ):
        refused(call, NOT_FOUND, 404)
    assert get(client, session, mine)["quantity"] == 3


def test_the_state_table_through_the_api(
    client: TestClient, session: Session, container: Container, item: LineItem
) -> None:
    [f] = created(client, session, delivery(item.id, 1))
    assert get(client, session, f)["state"] == "Executing"
    assert put(client, session, f, state="Booked").status_code == 200
    message = refused(put(client, session, f, state="Executing"), INVALID_STATE)
    assert message == "A fulfillment cannot move from Booked to Executing."
    # Booked is locked for edits but for its state and its bill target date.
    message = refused(put(client, session, f, quantity=2, state="SentToBilling"), NOT_EDITABLE)
    assert message == "'quantity' cannot be changed on a fulfillment in state Booked."
    assert get(client, session, f)["state"] == "Booked"
    # The same value is no change.
    assert put(client, session, f, quantity=1, carrier=None).status_code == 200
    moved = put(client, session, f, state="SentToBilling", billTargetDate="2025-07-10")
    assert moved.status_code == 200, moved.text
    body = get(client, session, f)
    assert (body["state"], body["billTargetDate"]) == ("SentToBilling", "2025-07-10")
    message = refused(put(client, session, f, state="Complete"), INVALID_STATE)
    assert message == (
        "A fulfillment cannot move from SentToBilling to Complete (a fulfillment becomes "
        "Complete when it is billed)."
    )
    message = refused(
        client.delete(f"/v1/fulfillments/{f}", headers=session.headers), INVALID_STATE
    )
    assert message == (
        "A fulfillment in state SentToBilling cannot be deleted; cancel it before it is billed."
    )
    assert put(client, session, f, state="Cancelled").status_code == 200
    assert counts(container, session, item.id) == (0, 5)
    refused(put(client, session, f, description="late"), NOT_EDITABLE)
    message = refused(put(client, session, f, state="Booked"), INVALID_STATE)
    assert message == "A fulfillment cannot move from Cancelled to Booked."
    assert get(client, session, f)["state"] == "Cancelled"
    assert client.delete(f"/v1/fulfillments/{f}", headers=session.headers).status_code == 200


@pytest.mark.parametrize(
    ("state", "code"),
    [
        ("Booked", None),
        ("SentToBilling", None),
        ("Complete", INVALID_STATE),
        ("Cancelled", INVALID_STATE),
    ],
)
def test_states_a_fulfillment_is_created_in(
    client: TestClient, session: Session, item: LineItem, state: str, code: int | None
) -> None:
    response = post(client, session, delivery(item.id, 1, state=state))
    if code is None:
        assert response.status_code == 200, response.text
        assert get(client, session, "F-00000001")["state"] == state
    else:
        refused(response, code)


def test_returns_on_a_complete_item_but_no_deliveries(
    client: TestClient, session: Session, container: Container, item: LineItem
) -> None:
    created(client, session, delivery(item.id, 5))
    with container.uow_factory() as uow:
        stored = uow.line_items.get(session.tenant_id, item.id)
        assert stored is not None
        uow.line_items.update(session.tenant_id, replace(stored, state=ItemState.COMPLETE))
        uow.commit()
    created(client, session, delivery(item.id, 2, fulfillmentType="Return"))
    refused(post(client, session, delivery(item.id, 1)), NOT_ALLOWED)
    assert counts(container, session, item.id) == (5, 0)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"quantity": 0}, INVALID_QUANTITY),
        ({"quantity": -1}, 50005020),  # the limits table: never negative
        ({"quantity": "abc"}, 50000020),
        ({"fulfillmentDate": None}, 50000022),
        ({"fulfillmentType": "Exchange"}, 50000020),
        ({"state": "Shipped"}, 50000020),
        ({"carrier": "x" * 26}, 50000020),
        ({"fulfillmentItems": [{"itemIdentifier": "x" * 37}]}, 50000020),
        ({"customFields": {"notCustom": 1}}, None),
    ],
)
def test_bad_input_is_refused(
    client: TestClient,
    session: Session,
    container: Container,
    item: LineItem,
    change: dict[str, Any],
    code: int | None,
) -> None:
    body = delivery(item.id) | change
    if body.get("fulfillmentDate") is None:
        del body["fulfillmentDate"]
    response = post(client, session, body)
    assert response.status_code == 400, response.text
    if code is not None:
        assert response.json()["reasons"][0]["code"] == code, response.text
    assert counts(container, session, item.id) == (0, 5)


def test_at_most_100_in_one_call(
    client: TestClient, session: Session, container: Container, account_number: str
) -> None:
    big = store_item(client, container, session, account_number, quantity=1000)
    message = refused(post(client, session, *[delivery(big.id, 1)] * 101), LIMIT_EXCEEDED)
    assert message == "At most 100 fulfillments can be created in one call; this one has 101."
    assert len(created(client, session, *[delivery(big.id, 1)] * 100)) == 100
    assert counts(container, session, big.id) == (100, 900)
    # And an item holds at most 100 (Zuora's documented maximum).
    message = refused(post(client, session, delivery(big.id, 1)), LIMIT_EXCEEDED)
    assert message == f"An order line item holds at most 100 fulfillments; {big.id} has 100."


def test_processing_options_that_fulfillments_do_not_take(
    client: TestClient, session: Session, container: Container, item: LineItem
) -> None:
    for options in (
        {"runBilling": True, "collectPayment": True},
        {"refund": True},
        {"runBilling": True, "billingOptions": {"chargeTypeToExclude": ["OneTime"]}},
    ):
        response = post(client, session, delivery(item.id), processingOptions=options)
        refused(response, 53000730)
    assert counts(container, session, item.id) == (0, 5)


def test_an_empty_call_is_refused(client: TestClient, session: Session) -> None:
    refused(client.post("/v1/fulfillments", headers=session.headers, json={}), 50000022)
    refused(post(client, session), 50000022)


def test_dates_and_amounts_as_json_values(
    client: TestClient, session: Session, item: LineItem
) -> None:
    [f] = created(client, session, delivery(item.id, "1.5"))
    body = get(client, session, f)
    assert body["quantity"] == 1.5
    assert Decimal(str(body["quantity"])) == Decimal("1.5")
    assert date.fromisoformat(body["fulfillmentDate"]) == date(2025, 7, 2)


def test_a_replayed_create_makes_nothing_twice(
    client: TestClient, session: Session, container: Container, item: LineItem
) -> None:
    headers = session.headers | {"Idempotency-Key": "fulfil-once"}
    body = {"fulfillments": [delivery(item.id, 2)]}
    first = client.post("/v1/fulfillments", headers=headers, json=body)
    again = client.post("/v1/fulfillments", headers=headers, json=body)
    assert first.status_code == again.status_code == 200, again.text
    assert again.json() == first.json()
    assert counts(container, session, item.id) == (2, 3)
    refused(client.get("/v1/fulfillments/F-00000002", headers=session.headers), NOT_FOUND, 404)
