"""POST /v1/order-line-items/bulk (seed 003): up to 100 items, all or nothing, in the
seed's answer shape, Idempotency-Key replays; on both backends."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session
from tests.support.line_items import Oli, error_code, error_message
from zorders.bootstrap import Container
from zorders.domain.line_items.model import ItemState

LIMIT = 53405330
DUPLICATE = 53405420
NOT_FOUND = 53400040
NOT_EDITABLE = 53405130
NOT_SUPPORTED_FIELD = "processingOptions.collectPayment"


@pytest.fixture
def oli(client: TestClient, session: Session, container: Container) -> Oli:
    return Oli.open(client, session, container)


def test_a_hundred_items_go_to_billing(oli: Oli) -> None:
    ids = oli.items(*({"quantity": str(n % 7 + 1)} for n in range(100)))
    response = oli.bulk(
        {
            "orderLineItems": [
                {"id": i, "itemState": "SentToBilling", "billTargetDate": "2025-07-10"} for i in ids
            ]
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["success"] is True
    assert body["invoices"] == []
    assert [i["id"] for i in body["orderLineItems"]] == ids  # the request's order
    assert {(i["itemState"], i["billTargetDate"]) for i in body["orderLineItems"]} == {
        ("SentToBilling", "2025-07-10")
    }
    assert oli.get(ids[57])["itemState"] == "SentToBilling"
    # Item 57 holds 57 % 7 + 1 = 2 units of 19.99.
    assert body["orderLineItems"][57]["amount"] == 39.98


def test_101_items_are_refused_and_nothing_changes(oli: Oli) -> None:
    ids = oli.items(*({} for _ in range(101)))
    response = oli.bulk({"orderLineItems": [{"id": i, "itemState": "Booked"} for i in ids]})
    assert (response.status_code, error_code(response)) == (400, LIMIT)
    assert "101" in error_message(response)
    assert {oli.get(i)["itemState"] for i in (ids[0], ids[50], ids[100])} == {"Executing"}


def test_a_duplicate_id_is_refused(oli: Oli) -> None:
    a, b = oli.items({}, {})
    response = oli.bulk(
        {
            "orderLineItems": [
                {"id": a, "itemState": "Booked"},
                {"id": b, "itemState": "Booked"},
                {"id": a, "quantity": 2},
            ]
        },
    )
    assert (response.status_code, error_code(response)) == (400, DUPLICATE)
    assert error_message(response).startswith("'orderLineItems[2].id'")
    assert oli.get(a)["itemState"] == oli.get(b)["itemState"] == "Executing"


def test_one_refused_item_refuses_the_call(oli: Oli) -> None:
    a, b, c = oli.items({}, {"state": ItemState.BOOKED}, {})
    before = [oli.get(i) for i in (a, b, c)]
    response = oli.bulk(
        {
            "orderLineItems": [
                {"id": a, "quantity": 2, "itemState": "Booked"},
                {"id": b, "quantity": 3},
                {"id": c, "itemState": "Canceled"},
            ]
        },
    )
    assert (response.status_code, error_code(response)) == (400, NOT_EDITABLE)
    assert error_message(response).startswith("'orderLineItems[1].quantity' cannot be changed")
    assert [oli.get(i) for i in (a, b, c)] == before


def test_an_unknown_id_is_404_and_changes_nothing(oli: Oli) -> None:
    (a,) = oli.items({})
    response = oli.bulk({"orderLineItems": [{"id": a, "itemState": "Booked"}, {"id": "0" * 32}]})
    assert (response.status_code, error_code(response)) == (404, NOT_FOUND)
    assert "0" * 32 in error_message(response)
    assert oli.get(a)["itemState"] == "Executing"


def test_errors_of_the_translator_name_the_item(oli: Oli) -> None:
    (a,) = oli.items({})
    response = oli.bulk({"orderLineItems": [{"id": a}, {"id": a, "quantity": None}]})
    assert response.status_code == 400
    assert error_message(response) == "'orderLineItems[1].quantity' may not be null"
    empty = oli.bulk({"orderLineItems": []})
    assert empty.status_code == 400
    assert "orderLineItems" in error_message(empty)


def test_processing_options_other_than_billing_are_refused(oli: Oli) -> None:
    (a,) = oli.items({})
    for options, field in (
        ({"runBilling": True, "collectPayment": True}, "processingOptions.collectPayment"),
        ({"runBilling": True, "applyCredit": True}, "processingOptions.applyCredit"),
        (
            {"runBilling": True, "billingOptions": {"chargeTypeToExclude": ["OneTime"]}},
            "processingOptions.billingOptions.chargeTypeToExclude",
        ),
    ):
        response = oli.bulk(
            {"orderLineItems": [{"id": a, "itemState": "Booked"}], "processingOptions": options},
        )
        assert response.status_code == 400, response.text
        assert error_message(response).startswith(f"'{field}' is not supported"), error_message(
            response
        )
    assert oli.get(a)["itemState"] == "Executing"


def test_an_idempotent_replay_answers_the_stored_result(oli: Oli) -> None:
    (a,) = oli.items({})
    body = {"orderLineItems": [{"id": a, "quantity": 3}]}
    first = oli.bulk(body, **{"Idempotency-Key": "bulk-1"})
    assert first.status_code == 200, first.text
    assert oli.put(a, {"quantity": 4}).status_code == 200
    replay = oli.bulk(body, **{"Idempotency-Key": "bulk-1"})
    assert replay.status_code == 200
    assert replay.json()["orderLineItems"] == first.json()["orderLineItems"]
    assert replay.json()["orderLineItems"][0]["quantity"] == 3
    # Not executed again: the later PUT stands.
    assert oli.get(a)["quantity"] == 4
