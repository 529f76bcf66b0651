"""Line items sold and returned through POST /v1/orders with `runBilling`, then bill runs,
on both backends (issue 10).

Hand-computed: 5 x 19.99 at 10 % off is 17.991 a unit, amount 89.955 -> 89.96 (LI2).
Returning 2 of it credits round(89.96 x 2/5 = 35.984) = 35.98 (LI3), on a credit memo
(OB1); returning 4 more is refused (3 are left). The demo catalog's Basic plan bills
July 2025 in full: platform 29 + seats 3 x 12 + onboarding 99 = 164."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_bill_run_crud import read_bill_run
from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session

RUN = {"runBilling": True}


def widget(**extra: Any) -> dict[str, Any]:
    return {
        "itemType": "Product",
        "itemName": "Widget",
        "quantity": 5,
        "listPricePerUnit": 19.99,
        "inlineDiscountType": "Percentage",
        "inlineDiscountPerUnit": 10,
        "itemState": "SentToBilling",
        "billTargetDate": "2025-07-01",
        **extra,
    }


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["success"] is True
    return body


def _items(client: TestClient, shop: Session, number: str) -> list[dict[str, Any]]:
    body = ok(client.get(f"/v1/orders/{number}", headers=shop.headers))
    items: list[dict[str, Any]] = body["order"]["orderLineItems"]
    return items


def test_sell_invoice_return_credit_memo(client: TestClient, shop: Session) -> None:
    sold = ok(
        order(
            client,
            shop,
            {
                "orderDate": "2025-07-01",
                "newAccount": new_account(),
                "orderLineItems": [widget()],
                "processingOptions": RUN,
            },
        )
    )
    [invoice_number] = sold["invoiceNumbers"]
    [line] = sold["orderLineItems"]
    invoice = ok(client.get(f"/v1/invoices/{invoice_number}", headers=shop.headers))
    assert (invoice["amount"], invoice["includesOneTime"], invoice["sourceType"]) == (
        89.96,
        True,
        "Order",
    )
    [item] = ok(client.get(f"/v1/invoices/{invoice_number}/items", headers=shop.headers))[
        "invoiceItems"
    ]
    assert (item["orderLineItemId"], item["subscriptionName"], item["chargeAmount"]) == (
        line["id"],
        None,
        "89.96",
    )
    assert (item["serviceStartDate"], item["serviceEndDate"]) == ("2025-07-01", "2025-07-01")
    [stored] = _items(client, shop, sold["orderNumber"])
    assert stored["itemState"] == "Complete"
    # Every line item billed: the order's state is Complete (OS6).
    read = ok(client.get(f"/v1/orders/{sold['orderNumber']}", headers=shop.headers))
    assert read["order"]["state"] == "Complete"
    account = sold["accountNumber"]
    # Return 2 of it: a credit memo of exactly what was charged for 2.
    back = {
        "itemCategory": "Return",
        "originalOrderNumber": sold["orderNumber"],
        "originalOrderLineItemNumber": "1",
        "quantity": 2,
        "itemState": "SentToBilling",
        "billTargetDate": "2025-07-10",
    }
    returned = ok(
        order(
            client,
            shop,
            {
                "orderDate": "2025-07-10",
                "existingAccountNumber": account,
                "category": "Return",
                "orderLineItems": [back],
                "processingOptions": RUN,
            },
        )
    )
    assert returned.get("invoiceNumbers", []) == []
    [memo_number] = returned["creditMemoNumbers"]
    memo = ok(client.get(f"/v1/credit-memos/{memo_number}", headers=shop.headers))
    assert (memo["amount"], memo["unappliedAmount"], memo["sourceType"]) == (35.98, 35.98, "Order")
    [row] = ok(client.get(f"/v1/credit-memos/{memo_number}/items", headers=shop.headers))["items"]
    assert (row["orderLineItemId"], row["amount"], row["quantity"]) == (
        returned["orderLineItems"][0]["id"],
        35.98,
        2,
    )
    metrics = ok(client.get(f"/v1/accounts/{account}", headers=shop.headers))["metrics"]
    assert (metrics["balance"], metrics["creditBalance"]) == (89.96, 35.98)
    # Returning 4 more is refused and bills nothing.
    refused = order(
        client,
        shop,
        {
            "orderDate": "2025-07-11",
            "existingAccountNumber": account,
            "category": "Return",
            "orderLineItems": [back | {"quantity": 4}],
            "processingOptions": RUN,
        },
    )
    assert refused.status_code == 400, refused.text
    # A bill run finds nothing left to bill.
    run = ok(
        client.post(
            "/v1/bill-runs",
            headers=shop.headers,
            json={"targetDate": "2025-07-31", "autoPost": True},
        )
    )
    run = read_bill_run(client, shop.headers, run["id"])
    assert (run["NumberOfInvoices"], run["NumberOfCreditMemos"]) == (0, 0)
    documents = ok(
        client.get(f"/v1/billing-documents?accountNumber={account}", headers=shop.headers)
    )["documents"]
    assert sorted((d["documentType"], d["amount"]) for d in documents) == [
        ("CreditMemo", 35.98),
        ("Invoice", 89.96),
    ]


def test_a_sale_beside_a_subscription_is_on_its_invoice(client: TestClient, shop: Session) -> None:
    created = ok(
        order(
            client,
            shop,
            {
                "orderDate": "2025-07-01",
                "newAccount": new_account(),
                "subscriptions": [{"orderActions": [create_subscription(start="2025-07-01")]}],
                "orderLineItems": [widget(), widget(itemState="Booked", itemName="Later")],
                "processingOptions": RUN,
            },
        )
    )
    [number] = created["invoiceNumbers"]
    invoice = ok(client.get(f"/v1/invoices/{number}", headers=shop.headers))
    # 164 + 89.96; the Booked item is not billed.
    assert invoice["amount"] == 253.96
    items = ok(client.get(f"/v1/invoices/{number}/items", headers=shop.headers))["invoiceItems"]
    sold = created["orderLineItems"][0]["id"]
    assert [i["orderLineItemId"] for i in items if i["orderLineItemId"]] == [sold]
    assert all(i["subscriptionName"] for i in items if not i["orderLineItemId"])
    states = [i["itemState"] for i in _items(client, shop, created["orderNumber"])]
    assert states == ["Complete", "Booked"]


def test_a_line_item_not_sent_to_billing_is_not_billed(client: TestClient, shop: Session) -> None:
    created = ok(
        order(
            client,
            shop,
            {
                "orderDate": "2025-07-01",
                "newAccount": new_account(),
                "orderLineItems": [widget(itemState="Executing")],
                "processingOptions": RUN,
            },
        )
    )
    assert created.get("invoiceNumbers", []) == []
    assert [i["itemState"] for i in _items(client, shop, created["orderNumber"])] == ["Executing"]


def test_a_billing_docs_preview_shows_the_line_items(client: TestClient, shop: Session) -> None:
    back_later = widget(itemName="Not yet", billTargetDate="2025-08-15")
    response = client.post(
        "/v1/orders/preview",
        headers=shop.headers,
        json={
            "orderDate": "2025-07-01",
            "newAccount": new_account(),
            "orderLineItems": [widget(), back_later],
            "previewOptions": {
                "previewTypes": ["BillingDocs"],
                "previewThruType": "SpecificDate",
                "specificPreviewThruDate": "2025-07-31",
            },
        },
    )
    result = ok(response)["previewResult"]
    [invoice] = result["invoices"]
    assert invoice["amount"] == 89.96
    [row] = invoice["invoiceItems"]
    assert (row["chargeName"], row["subscriptionNumber"], row["amountWithoutTax"]) == (
        "Widget",
        None,
        89.96,
    )
    assert row["orderLineItemId"] is not None
    # Nothing was kept.
    assert client.get("/v1/orders", headers=shop.headers).json()["orders"] == []
