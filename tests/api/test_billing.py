"""Billing through the API: runBilling on an order, generate, invoices, credit memos.

Demo catalog, account bill cycle day 1. Basic: platform USD 29/month, seats 3 x USD 12,
onboarding USD 99 once. Every amount is computed by hand in its comment."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_orders import NEW, amend, create_subscription, new_account, order
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.domain.billing.proration import ProrationRule
from zorders.services import tenants


def _subscribe_mid_month(client: TestClient, shop: Session, **options: Any) -> dict[str, Any]:
    response = order(
        client,
        shop,
        {
            "orderDate": "2025-01-15",
            "newAccount": new_account(),
            "processingOptions": {"runBilling": True, "billingOptions": options},
            "subscriptions": [{"orderActions": [create_subscription(start="2025-01-15")]}],
        },
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_run_billing_on_a_mid_month_subscription(client: TestClient, shop: Session) -> None:
    created = _subscribe_mid_month(client, shop)
    assert created["invoiceNumbers"] == ["INV00000001"]
    invoice = client.get("/v1/invoices/INV00000001", headers=shop.headers).json()
    # platform 29 x 17/31 = 15.9032 -> 15.90; seats 36 x 17/31 = 19.7419 -> 19.74; setup 99
    assert invoice["amount"] == 134.64
    assert invoice["balance"] == 134.64
    assert invoice["status"] == "Posted"
    assert invoice["invoiceDate"] == invoice["postedDate"]
    assert invoice["targetDate"] == "2025-01-15"
    assert invoice["accountNumber"] == created["accountNumber"]
    items = client.get("/v1/invoices/INV00000001/items", headers=shop.headers).json()[
        "invoiceItems"
    ]
    rows = sorted(
        (i["chargeName"], i["serviceStartDate"], i["serviceEndDate"], i["chargeAmount"])
        for i in items
    )
    assert rows == [
        ("Basic onboarding", "2025-01-15", "2025-01-15", "99.00"),
        ("Basic platform fee", "2025-01-15", "2025-01-31", "15.90"),
        ("Basic seats", "2025-01-15", "2025-01-31", "19.74"),
    ]
    seats = next(i for i in items if i["chargeName"] == "Basic seats")
    assert (seats["quantity"], seats["unitPrice"], seats["unitOfMeasure"]) == (3, 12, "Seat")
    account = client.get(f"/v1/accounts/{created['accountNumber']}", headers=shop.headers).json()
    assert account["metrics"]["balance"] == 134.64
    assert account["billingAndPayment"]["billCycleDay"] == 1
    sub = client.get("/v1/subscriptions/A-S00000001", headers=shop.headers).json()
    seats_charge = next(
        c for c in sub["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic seats"
    )
    assert seats_charge["chargedThroughDate"] == "2025-02-01"


def test_generate_bills_the_next_period_once(client: TestClient, shop: Session) -> None:
    created = _subscribe_mid_month(client, shop)
    account = created["accountNumber"]
    path = f"/v1/accounts/{account}/billing-documents/generate"
    generated = client.post(
        path, headers=shop.headers, json={"targetDate": "2025-02-01", "autoPost": True}
    ).json()
    assert len(generated["invoices"]) == 1
    invoice_id = generated["invoices"][0]["id"]
    invoice = client.get(f"/v1/invoices/{invoice_id}", headers=shop.headers).json()
    assert invoice["amount"] == 65  # 29 + 36, February in full
    again = client.post(
        path, headers=shop.headers, json={"targetDate": "2025-02-01", "autoPost": True}
    ).json()
    assert again == {"success": True, "invoices": [], "creditMemos": []}
    listed = client.get(f"/v1/billing-documents?accountNumber={account}", headers=shop.headers)
    docs = listed.json()["documents"]
    assert [(d["documentNumber"], d["documentType"], d["amount"]) for d in docs] == [
        ("INV00000001", "Invoice", 134.64),
        ("INV00000002", "Invoice", 65),
    ]


def test_cancellation_after_billing_makes_a_credit_memo(client: TestClient, shop: Session) -> None:
    created = _subscribe_mid_month(client, shop)
    account = created["accountNumber"]
    path = f"/v1/accounts/{account}/billing-documents/generate"
    client.post(path, headers=shop.headers, json={"targetDate": "2025-02-01", "autoPost": True})
    cancelled = amend(
        client,
        shop,
        "A-S00000001",
        account,
        {
            "type": "CancelSubscription",
            "cancelSubscription": {
                "cancellationPolicy": "SpecificDate",
                "cancellationEffectiveDate": "2025-02-15",
            },
        },
        order_date="2025-02-15",
    )
    assert cancelled.status_code == 200, cancelled.text
    generated = client.post(
        path, headers=shop.headers, json={"targetDate": "2025-02-15", "autoPost": True}
    ).json()
    assert generated["invoices"] == []
    [memo] = generated["creditMemos"]
    body = client.get(f"/v1/credit-memos/{memo['id']}", headers=shop.headers).json()
    # Feb 15 - Feb 28 is 14 of February's 28 days: platform 29 x 14/28 = 14.50,
    # seats 36 x 14/28 = 18.00; credit memo 32.50, shown positive.
    assert body["amount"] == 32.5
    assert body["number"] == "CM00000001"
    items = client.get(f"/v1/credit-memos/{memo['id']}/items", headers=shop.headers).json()
    assert sorted(
        (i["serviceStartDate"], i["serviceEndDate"], i["amount"]) for i in items["items"]
    ) == [
        ("2025-02-15", "2025-02-28", 14.5),
        ("2025-02-15", "2025-02-28", 18),
    ]
    account_body = client.get(f"/v1/accounts/{account}", headers=shop.headers).json()
    assert account_body["metrics"]["creditBalance"] == 32.5
    assert account_body["metrics"]["balance"] == 199.64  # 134.64 + 65


def test_draft_invoices_post_and_cancel(client: TestClient, shop: Session) -> None:
    created = _subscribe_mid_month(client, shop, generateDraftInvoice=True)
    account = created["accountNumber"]
    invoice = client.get("/v1/invoices/INV00000001", headers=shop.headers).json()
    assert invoice["status"] == "Draft"
    assert (
        client.get(f"/v1/accounts/{account}", headers=shop.headers).json()["metrics"]["balance"]
        == 0
    )
    posted = client.put("/v1/invoices/INV00000001/post", headers=shop.headers, json={})
    assert posted.json()["success"] is True
    assert client.get("/v1/invoices/INV00000001", headers=shop.headers).json()["status"] == "Posted"
    assert (
        client.get(f"/v1/accounts/{account}", headers=shop.headers).json()["metrics"]["balance"]
        == 134.64
    )
    again = client.put("/v1/invoices/INV00000001/post", headers=shop.headers, json={})
    assert again.status_code == 400
    cancelled = client.put("/v1/invoices/INV00000001/cancel", headers=shop.headers)
    assert cancelled.json()["success"] is True
    assert (
        client.get(f"/v1/accounts/{account}", headers=shop.headers).json()["metrics"]["balance"]
        == 0
    )
    # A canceled invoice no longer counts as billed: billing again bills the same again.
    regenerated = client.post(
        f"/v1/accounts/{account}/billing-documents/generate",
        headers=shop.headers,
        json={"targetDate": "2025-01-15", "autoPost": True},
    ).json()
    [again_invoice] = regenerated["invoices"]
    body = client.get(f"/v1/invoices/{again_invoice['id']}", headers=shop.headers).json()
    assert body["amount"] == 134.64
    assert client.get("/v1/invoices/INV09999999", headers=shop.headers).status_code == 404


def test_run_billing_response_with_ids(client: TestClient, shop: Session) -> None:
    response = client.post(
        "/v1/orders?returnIds=true",
        headers=shop.headers | NEW,
        json={
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "processingOptions": {"runBilling": True},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    ).json()
    assert response["invoiceNumbers"] == ["INV00000001"]
    assert len(response["invoiceIds"]) == 1
    invoice = client.get(f"/v1/invoices/{response['invoiceIds'][0]}", headers=shop.headers).json()
    assert invoice["amount"] == 164  # January in full: 29 + 36 + setup 99


def test_preview_billing_docs_from_the_same_engine(client: TestClient, shop: Session) -> None:
    response = client.post(
        "/v1/orders/preview",
        headers=shop.headers,
        json={
            "orderDate": "2025-01-15",
            "previewAccountInfo": {"currency": "USD", "billCycleDay": 1},
            "previewOptions": {
                "previewTypes": ["BillingDocs"],
                "previewThruType": "SpecificDate",
                "specificPreviewThruDate": "2025-02-01",
            },
            "subscriptions": [{"orderActions": [create_subscription(start="2025-01-15")]}],
        },
    )
    assert response.status_code == 200, response.text
    [invoice] = response.json()["previewResult"]["invoices"]
    # January's partial (134.64, as billed above) + February in full (65) = 199.64
    assert invoice["amount"] == 199.64
    assert invoice["targetDate"] == "2025-02-01"
    assert len(invoice["invoiceItems"]) == 5
    # Nothing was kept: no order, no account, no invoice, and no number consumed.
    assert client.get("/v1/orders", headers=shop.headers).json()["orders"] == []
    body = _subscribe_mid_month(client, shop)
    assert body["invoiceNumbers"] == ["INV00000001"]
    assert body["accountNumber"] == "A00000001"


def test_the_tenants_thirty_day_rule(
    client: TestClient, shop: Session, container: Container
) -> None:
    tenants.configure_tenant(
        container.uow_factory, shop.credentials.name, proration=ProrationRule.THIRTY_DAYS
    )
    _subscribe_mid_month(client, shop)
    invoice = client.get("/v1/invoices/INV00000001", headers=shop.headers).json()
    # platform 29 x 17/30 = 16.4333 -> 16.43; seats 36 x 17/30 = 20.40; setup 99 = 135.83
    assert invoice["amount"] == 135.83


def test_legacy_invoice_list(client: TestClient, shop: Session) -> None:
    created = _subscribe_mid_month(client, shop)
    body = client.get(
        f"/v1/transactions/invoices/accounts/{created['accountNumber']}", headers=shop.headers
    ).json()
    [invoice] = body["invoices"]
    assert (invoice["invoiceNumber"], invoice["amount"], invoice["balance"]) == (
        "INV00000001",
        134.64,
        134.64,
    )
    assert sorted(i["chargeAmount"] for i in invoice["invoiceItems"]) == [15.9, 19.74, 99]


def _cancel_with_billing(client: TestClient, shop: Session, **options: Any) -> Any:
    """A subscription billed through February, then cancelled on Feb 15 with runBilling:
    the run nets negative and makes a credit memo."""
    created = _subscribe_mid_month(client, shop)
    account = created["accountNumber"]
    path = f"/v1/accounts/{account}/billing-documents/generate"
    client.post(path, headers=shop.headers, json={"targetDate": "2025-02-01", "autoPost": True})
    return client.post(
        "/v1/orders",
        headers=shop.headers | NEW,
        json={
            "orderDate": "2025-02-15",
            "existingAccountNumber": account,
            "processingOptions": {"runBilling": True, "billingOptions": options},
            "subscriptions": [
                {
                    "subscriptionNumber": "A-S00000001",
                    "orderActions": [
                        {
                            "type": "CancelSubscription",
                            "triggerDates": [
                                {"name": n, "triggerDate": "2025-02-15"}
                                for n in (
                                    "ContractEffective",
                                    "ServiceActivation",
                                    "CustomerAcceptance",
                                )
                            ],
                            "cancelSubscription": {
                                "cancellationPolicy": "SpecificDate",
                                "cancellationEffectiveDate": "2025-02-15",
                            },
                        }
                    ],
                }
            ],
        },
    )


def test_credit_memo_reason_code_default_and_given(client: TestClient, shop: Session) -> None:
    response = _cancel_with_billing(client, shop, creditMemoReasonCode="Service Unavailable")
    assert response.status_code == 200, response.text
    assert response.json()["creditMemoNumbers"] == ["CM00000001"]
    memo = client.get("/v1/credit-memos/CM00000001", headers=shop.headers).json()
    assert (memo["reasonCode"], memo["amount"], memo["sourceType"]) == (
        "Service Unavailable",
        32.5,
        "Order",
    )


def test_credit_memo_reason_code_defaults_to_zuoras(client: TestClient, shop: Session) -> None:
    response = _cancel_with_billing(client, shop)
    assert response.status_code == 200, response.text
    memo = client.get("/v1/credit-memos/CM00000001", headers=shop.headers).json()
    assert memo["reasonCode"] == "Correcting Invoice Error"


def test_unknown_credit_memo_reason_code_keeps_nothing(client: TestClient, shop: Session) -> None:
    response = _cancel_with_billing(client, shop, creditMemoReasonCode="Because")
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["reasons"][0]["code"] == 50000020
    assert "creditMemoReasonCode" in body["reasons"][0]["message"]
    # The cancellation rolled back with the run: the subscription is still Active, no memo.
    sub = client.get("/v1/subscriptions/A-S00000001", headers=shop.headers).json()
    assert sub["status"] == "Active"
    assert client.get("/v1/credit-memos/CM00000001", headers=shop.headers).status_code == 404


def test_apply_credit_uses_an_open_credit_memo(client: TestClient, shop: Session) -> None:
    """The cancellation's credit memo (32.50) pays part of the next order's invoice."""
    assert _cancel_with_billing(client, shop).status_code == 200
    account = client.get("/v1/credit-memos/CM00000001", headers=shop.headers).json()[
        "accountNumber"
    ]
    before = client.get(f"/v1/accounts/{account}", headers=shop.headers).json()["metrics"]
    assert (before["balance"], before["creditBalance"]) == (199.64, 32.5)
    response = client.post(
        "/v1/orders",
        headers=shop.headers | NEW,
        json={
            "orderDate": "2025-02-15",
            "existingAccountNumber": account,
            "processingOptions": {"runBilling": True, "applyCredit": True},
            "subscriptions": [{"orderActions": [create_subscription(start="2025-02-15")]}],
        },
    )
    assert response.status_code == 200, response.text
    [number] = response.json()["invoiceNumbers"]
    invoice = client.get(f"/v1/invoices/{number}", headers=shop.headers).json()
    # onboarding 99 + platform 29 x 14/28 = 14.50 + seats 36 x 14/28 = 18.00 -> 131.50;
    # the memo's 32.50 leaves 99.00.
    assert (invoice["amount"], invoice["creditMemoAmount"], invoice["balance"]) == (
        131.5,
        32.5,
        99,
    )
    memo = client.get("/v1/credit-memos/CM00000001", headers=shop.headers).json()
    assert (memo["appliedAmount"], memo["unappliedAmount"]) == (32.5, 0)
    after = client.get(f"/v1/accounts/{account}", headers=shop.headers).json()["metrics"]
    # 199.64 + 131.50 - 32.50
    assert (after["balance"], after["totalInvoiceBalance"], after["creditBalance"]) == (
        298.64,
        298.64,
        0,
    )
