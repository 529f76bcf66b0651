"""POST /v1/order-line-items/bulk with processingOptions (seed 003, spec §11): the call's
items in SentToBilling whose bill target date is on or before the target date are billed
in the same transaction, per invoice owner, and move on to Complete; amounts
hand-computed. On both backends."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session
from tests.support.line_items import Oli, error_message
from zorders.bootstrap import Container
from zorders.domain.line_items.model import ItemState


@pytest.fixture
def oli(client: TestClient, session: Session, container: Container) -> Oli:
    return Oli.open(client, session, container)


def _to_billing(ids: list[str], target: str = "2025-07-10") -> list[dict[str, Any]]:
    return [{"id": i, "itemState": "SentToBilling", "billTargetDate": target} for i in ids]


def _documents(oli: Oli) -> list[dict[str, Any]]:
    response = oli.client.get(
        f"/v1/billing-documents?accountId={oli.account_id}", headers=oli.session.headers
    )
    assert response.status_code == 200, response.text
    documents: list[dict[str, Any]] = response.json()["documents"]
    return documents


def test_a_hundred_items_sent_to_billing_and_invoiced_in_one_call(oli: Oli) -> None:
    ids = oli.sell(
        *(
            {"itemType": "Product", "quantity": n % 7 + 1, "listPricePerUnit": 19.99}
            for n in range(100)
        )
    )
    response = oli.bulk(
        {
            "orderLineItems": _to_billing(ids),
            "processingOptions": {
                "runBilling": True,
                "billingOptions": {"targetDate": "2025-07-10", "documentDate": "2025-07-11"},
            },
        }
    )
    assert response.status_code == 200, response.text
    body = response.json()
    # Quantities 1..7 repeat: 14 full rounds of 28 units, then 1 + 2: 395 units x 19.99.
    (invoice,) = body["invoices"]
    assert invoice["amount"] == 7896.05
    assert invoice["balance"] == 7896.05
    assert (invoice["invoiceDate"], invoice["targetDate"], invoice["status"]) == (
        "2025-07-11",
        "2025-07-10",
        "Posted",
    )
    assert invoice["accountNumber"] == oli.account_number
    assert (invoice["sourceType"], invoice["sourceId"]) == ("Order", oli.sold[0])
    assert invoice["orderLineItemIds"] == sorted(ids)
    assert {i["itemState"] for i in body["orderLineItems"]} == {"Complete"}
    assert [i["id"] for i in body["orderLineItems"]] == ids
    read = oli.client.get(f"/v1/invoices/{invoice['invoiceNumber']}", headers=oli.session.headers)
    assert read.json()["amount"] == 7896.05
    assert oli.get(ids[99])["itemState"] == "Complete"
    # Every item of the order is Complete: so is the order (spec §10.2).
    order = oli.client.get(f"/v1/orders/{oli.sold[0]}", headers=oli.session.headers).json()
    assert order["order"]["state"] == "Complete"


def test_only_due_items_of_the_call_are_billed(oli: Oli) -> None:
    due, late, booked, outside = oli.items(
        {"quantity": "2"},
        {"quantity": "3"},
        {"quantity": "4"},
        {"state": ItemState.SENT_TO_BILLING, "bill_target_date": None, "quantity": "1"},
    )
    # `outside` is due too but not in the call: never billed by it.
    oli.put(outside, {"billTargetDate": "2025-07-01"})
    response = oli.bulk(
        {
            "orderLineItems": [
                *_to_billing([due], "2025-07-05"),
                *_to_billing([late], "2025-07-20"),
                {"id": booked, "itemState": "Booked", "billTargetDate": "2025-07-01"},
            ],
            "processingOptions": {
                "runBilling": True,
                "billingOptions": {"targetDate": "2025-07-10", "generateDraftInvoice": True},
            },
        }
    )
    assert response.status_code == 200, response.text
    (invoice,) = response.json()["invoices"]
    # 2 x 19.99, a draft.
    assert (invoice["amount"], invoice["status"]) == (39.98, "Draft")
    assert invoice["orderLineItemIds"] == [due]
    states = [i["itemState"] for i in response.json()["orderLineItems"]]
    assert states == ["Complete", "SentToBilling", "Booked"]
    assert oli.get(outside)["itemState"] == "SentToBilling"


def test_nothing_due_makes_no_invoice(oli: Oli) -> None:
    (a,) = oli.items({})
    response = oli.bulk(
        {
            "orderLineItems": _to_billing([a], "2025-08-01"),
            "processingOptions": {
                "runBilling": True,
                "billingOptions": {"targetDate": "2025-07-10"},
            },
        }
    )
    assert response.status_code == 200, response.text
    assert response.json()["invoices"] == []
    assert _documents(oli) == []


def test_a_replay_bills_once(oli: Oli) -> None:
    ids = oli.items({}, {"quantity": "1"})
    body = {
        "orderLineItems": _to_billing(ids),
        "processingOptions": {"runBilling": True, "billingOptions": {"targetDate": "2025-07-10"}},
    }
    first = oli.bulk(body, **{"Idempotency-Key": "bill-once"})
    assert first.status_code == 200, first.text
    replay = oli.bulk(body, **{"Idempotency-Key": "bill-once"})
    assert replay.content == first.content
    # 5 x 19.99 + 1 x 19.99 = 119.94, on one invoice.
    (document,) = _documents(oli)
    assert Decimal(str(first.json()["invoices"][0]["amount"])) == Decimal("119.94")
    assert document["documentNumber"] == first.json()["invoices"][0]["invoiceNumber"]
    # Without the key, the same call again bills nothing more: the items are Complete.
    again = oli.bulk({**body, "orderLineItems": [{"id": i} for i in ids]})
    assert again.status_code == 200, again.text
    assert again.json()["invoices"] == []
    assert len(_documents(oli)) == 1


def test_a_refused_item_bills_nothing(oli: Oli) -> None:
    a, b = oli.items({}, {"state": ItemState.BOOKED})
    response = oli.bulk(
        {
            "orderLineItems": [*_to_billing([a]), {"id": b, "quantity": 9}],
            "processingOptions": {
                "runBilling": True,
                "billingOptions": {"targetDate": "2025-07-10"},
            },
        }
    )
    assert response.status_code == 400
    assert error_message(response).startswith("'orderLineItems[1].quantity'")
    assert _documents(oli) == []
    assert oli.get(a)["itemState"] == "Executing"


def test_a_billed_return_is_a_credit_memo(oli: Oli) -> None:
    (sale,) = oli.sell({"itemType": "Product", "quantity": 5, "listPricePerUnit": 19.99})
    billed = oli.bulk(
        {
            "orderLineItems": _to_billing([sale]),
            "processingOptions": {
                "runBilling": True,
                "billingOptions": {"targetDate": "2025-07-10"},
            },
        }
    )
    # 5 x 19.99.
    assert billed.json()["invoices"][0]["amount"] == 99.95
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
    response = oli.bulk(
        {
            "orderLineItems": _to_billing([ret], "2025-07-12"),
            "processingOptions": {
                "runBilling": True,
                "billingOptions": {"targetDate": "2025-07-12"},
            },
        }
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["invoices"] == []
    (memo,) = body["creditMemos"]
    # 2 of the 5 units of a 99.95 sale: 39.98 (decision LI3).
    assert (memo["amount"], memo["orderLineItemIds"]) == (39.98, [ret])
    read = oli.client.get(f"/v1/credit-memos/{memo['id']}", headers=oli.session.headers)
    assert (read.json()["number"], read.json()["amount"]) == (memo["number"], 39.98)
    assert body["orderLineItems"][0]["itemState"] == "Complete"


def test_the_due_fulfillments_of_a_fulfillment_item_are_billed(oli: Oli) -> None:
    (item,) = oli.sell(
        {
            "itemType": "Product",
            "quantity": 5,
            "listPricePerUnit": 19.99,
            "inlineDiscountType": "Percentage",
            "inlineDiscountPerUnit": 10,
            "billingRule": "TriggerAsFulfillmentOccurs",
            "itemState": "Booked",
        }
    )
    delivered = oli.client.post(
        "/v1/fulfillments",
        headers=oli.session.headers,
        json={
            "fulfillments": [
                {
                    "orderLineItemId": item,
                    "fulfillmentDate": "2025-07-02",
                    "quantity": 3,
                    "state": "SentToBilling",
                    "billTargetDate": "2025-07-05",
                }
            ]
        },
    )
    assert delivered.status_code == 200, delivered.text
    response = oli.bulk(
        {
            "orderLineItems": [{"id": item, "customFields": {"Batch__c": "B7"}}],
            "processingOptions": {
                "runBilling": True,
                "billingOptions": {"targetDate": "2025-07-10"},
            },
        }
    )
    assert response.status_code == 200, response.text
    (invoice,) = response.json()["invoices"]
    # 3 of the 5 units of an 89.96 item (5 x 19.99 less 10 %): round(53.976) = 53.98.
    assert (invoice["amount"], invoice["orderLineItemIds"]) == (53.98, [item])
    assert response.json()["orderLineItems"][0]["itemState"] == "Booked"
