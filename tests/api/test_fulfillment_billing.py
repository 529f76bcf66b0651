"""`processingOptions.runBilling` on POST /v1/fulfillments (decision OF10; billing itself
is OB4): the created fulfillments that went to billing are invoiced (deliveries) or
credited (returns) in the same call, for their share of the line item's amount; on both
backends.

By hand: 5 widgets at 19.99 with 10 % off, amount 89.96 (LI2). Delivering 3 bills
round(89.96 x 3/5) = round(53.976) = 53.98; returning 1 credits round(89.96 x 1/5) =
round(17.992) = 17.99; the 4th and 5th delivered units bill round(89.96 x 4/5) - 53.98 =
71.97 - 53.98 = 17.99 and 89.96 - 71.97 = 17.99. Deliveries bill 53.98 + 17.99 + 17.99 =
89.96 in all, the item's amount.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_accounts import create as create_account
from tests.api.test_accounts import minimal
from tests.api.test_fulfillments import (
    QUANTITY_EXCEEDED,
    delivery,
    get,
    order_counts,
    post,
    refused,
    store_item,
)
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.domain.line_items.model import LineItem


@pytest.fixture
def sold(client: TestClient, container: Container, session: Session) -> LineItem:
    """A Booked line item billed as it is fulfilled, sold through POST /v1/orders."""
    number = create_account(client, session, minimal())["accountNumber"]
    return store_item(client, container, session, number)


def billing(target: str, **options: Any) -> dict[str, Any]:
    return {"runBilling": True, "billingOptions": {"targetDate": target, **options}}


def sent(item_id: str, quantity: int, bill_on: str, **extra: Any) -> dict[str, Any]:
    return delivery(item_id, quantity, state="SentToBilling", billTargetDate=bill_on, **extra)


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["success"] is True
    return body


def read(client: TestClient, session: Session, path: str) -> dict[str, Any]:
    response = client.get(path, headers=session.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_run_billing_invoices_deliveries_and_credits_returns(
    client: TestClient, session: Session, sold: LineItem
) -> None:
    first = ok(
        post(
            client,
            session,
            sent(sold.id, 3, "2025-07-05"),
            processingOptions=billing("2025-07-05", documentDate="2025-07-06"),
        )
    )
    [invoice_number] = first["invoiceNumbers"]
    assert "creditMemoNumbers" not in first
    [made] = first["fulfillments"]
    assert get(client, session, made["id"])["state"] == "Complete"
    invoice = read(client, session, f"/v1/invoices/{invoice_number}")
    assert (invoice["amount"], invoice["status"], invoice["invoiceDate"]) == (
        53.98,
        "Posted",
        "2025-07-06",
    )
    assert (invoice["sourceType"], invoice["sourceId"]) == ("Order", sold.order_number)
    [line] = read(client, session, f"/v1/invoices/{invoice_number}/items")["invoiceItems"]
    assert (line["orderLineItemId"], line["fulfillmentId"], line["chargeAmount"]) == (
        sold.id,
        made["id"],
        "53.98",
    )
    assert line["quantity"] == 3

    # Not yet due: created, sent to billing, not billed.
    later = ok(
        post(
            client,
            session,
            sent(sold.id, 1, "2025-07-20"),
            processingOptions=billing("2025-07-10"),
        )
    )
    assert "invoiceNumbers" not in later and "creditMemoNumbers" not in later
    [waiting] = later["fulfillments"]
    assert get(client, session, waiting["id"])["state"] == "SentToBilling"

    # A return is credited on a credit memo, not a negative invoice.
    returned = ok(
        post(
            client,
            session,
            sent(sold.id, 1, "2025-07-10", fulfillmentType="Return"),
            processingOptions=billing("2025-07-10", creditMemoReasonCode="Unsatisfactory Service"),
        )
    )
    assert "invoiceNumbers" not in returned
    [memo_number] = returned["creditMemoNumbers"]
    memo = read(client, session, f"/v1/credit-memos/{memo_number}")
    assert (memo["amount"], memo["reasonCode"]) == (17.99, "Unsatisfactory Service")
    [credited] = read(client, session, f"/v1/credit-memos/{memo_number}/items")["items"]
    assert (credited["orderLineItemId"], credited["amount"]) == (sold.id, 17.99)

    # The last unit, and the one left waiting: both due by the 31st, on one invoice.
    last = ok(
        post(
            client,
            session,
            sent(sold.id, 1, "2025-07-25"),
            processingOptions=billing("2025-07-31"),
        )
    )
    [number] = last["invoiceNumbers"]
    assert read(client, session, f"/v1/invoices/{number}")["amount"] == 35.98
    lines = read(client, session, f"/v1/invoices/{number}/items")["invoiceItems"]
    assert [(x["fulfillmentId"], x["chargeAmount"]) for x in lines] == [
        (waiting["id"], "17.99"),
        (last["fulfillments"][0]["id"], "17.99"),
    ]
    assert get(client, session, waiting["id"])["state"] == "Complete"
    assert order_counts(client, session, sold) == (5, 0)

    # Nothing is left to bill, and nothing is billed twice.
    again = ok(
        post(
            client,
            session,
            delivery(sold.id, 1, fulfillmentType="Return"),
            processingOptions=billing("2025-07-31"),
        )
    )
    assert "invoiceNumbers" not in again and "creditMemoNumbers" not in again
    refused(
        post(
            client, session, sent(sold.id, 1, "2025-07-31"), processingOptions=billing("2025-07-31")
        ),
        QUANTITY_EXCEEDED,
    )
    documents = read(
        client, session, f"/v1/billing-documents?accountId={sold.invoice_owner_account_id}"
    )
    assert sorted(d["documentNumber"] for d in documents["documents"]) == sorted(
        [invoice_number, memo_number, number]
    )


def test_an_order_whose_fulfillments_are_billed_cannot_be_deleted(
    client: TestClient, session: Session, sold: LineItem
) -> None:
    ok(
        post(
            client, session, sent(sold.id, 2, "2025-07-05"), processingOptions=billing("2025-07-05")
        )
    )
    # The line item itself stays Booked (it is billed through its fulfillment).
    response = client.delete(f"/v1/orders/{sold.order_number}", headers=session.headers)
    assert response.status_code == 400, response.text
    assert response.json()["reasons"][0]["code"] == 53401430
    assert client.get(f"/v1/orders/{sold.order_number}", headers=session.headers).status_code == 200
    assert order_counts(client, session, sold) == (2, 3)


def test_a_draft_invoice_and_a_refusal_that_bills_nothing(
    client: TestClient, session: Session, sold: LineItem
) -> None:
    draft = ok(
        post(
            client,
            session,
            sent(sold.id, 2, "2025-07-05"),
            processingOptions=billing("2025-07-05", generateDraftInvoice=True),
        )
    )
    [number] = draft["invoiceNumbers"]
    invoice = read(client, session, f"/v1/invoices/{number}")
    assert (invoice["status"], invoice["amount"]) == ("Draft", 35.98)  # round(89.96 x 2/5)
    # All or nothing: the second fulfillment is refused, so the first is neither stored
    # nor billed.
    response = post(
        client,
        session,
        sent(sold.id, 1, "2025-07-05"),
        sent(sold.id, 3, "2025-07-05"),
        processingOptions=billing("2025-07-05"),
    )
    refused(response, QUANTITY_EXCEEDED)
    documents = read(
        client, session, f"/v1/billing-documents?accountId={sold.invoice_owner_account_id}"
    )
    assert [d["documentNumber"] for d in documents["documents"]] == [number]
    assert order_counts(client, session, sold) == (2, 3)


def test_a_target_date_past_the_limits_is_refused(
    client: TestClient, session: Session, sold: LineItem
) -> None:
    response = post(
        client, session, sent(sold.id, 1, "2025-07-05"), processingOptions=billing("2999-01-01")
    )
    refused(response, 50005020)
    assert order_counts(client, session, sold) == (0, 5)
