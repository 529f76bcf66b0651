"""DELETE /v1/accounts/{key} (issue 13 item 2, decision RS3): Zuora's rules (no
subscription owned and invoiced apart, no owner transfer), its answer (id, jobId,
jobStatus), and what remains: the account, Canceled, with nothing under it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import zuora_sdk
from fastapi.testclient import TestClient

from tests.api.test_orders import amend, create_subscription, new_account, order
from tests.api.test_payments import card_id
from tests.api.test_response_keys import _problems
from tests.conftest import Session

# Accounts resource 510000 + 7 (deletion), category 30 (rule restriction).
NOT_DELETABLE = 51000730


def _billed_and_paid(client: TestClient, shop: Session) -> dict[str, Any]:
    """An account with a card, a subscription billed (INV) and paid by the card."""
    created = order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    ).json()
    account = created["accountNumber"]
    card_id(client, shop, account)
    sold = order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "existingAccountNumber": account,
            "processingOptions": {"runBilling": True, "collectPayment": True},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert sold.status_code == 200, sold.text
    body: dict[str, Any] = sold.json()
    return {
        "account": account,
        "orders": [created["orderNumber"], body["orderNumber"]],
        "subscriptions": [
            created["subscriptions"][0]["subscriptionNumber"],
            body["subscriptions"][0]["subscriptionNumber"],
        ],
        "invoice": body["invoiceNumbers"][0],
        "payment": body["paymentNumber"],
    }


def _other_account(client: TestClient, shop: Session) -> str:
    created = order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert created.status_code == 200, created.text
    number: str = created.json()["accountNumber"]
    return number


def test_delete_removes_the_transactions_and_cancels_the_account(
    client: TestClient, shop: Session
) -> None:
    state = _billed_and_paid(client, shop)
    other = _other_account(client, shop)
    account_id = client.get(f"/v1/accounts/{state['account']}", headers=shop.headers).json()[
        "basicInfo"
    ]["id"]
    deleted = client.delete(f"/v1/accounts/{state['account']}", headers=shop.headers)
    assert deleted.status_code == 200, deleted.text
    body = deleted.json()
    assert (body["success"], body["id"], body["jobStatus"]) == (True, account_id, "Completed")
    assert len(body["jobId"]) == 32
    # Success answers leave the request's ids to the headers (decision RS1).
    assert (body["requestId"], body["processId"], body["reasons"]) == (None, None, None)
    assert len(deleted.headers["Zuora-Request-Id"]) == 36
    assert _problems(zuora_sdk.DeleteAccountResponse, body, "DeleteAccountResponse") == []
    # The job it names is done.
    job = client.get(f"/v1/operations/jobs/{body['jobId']}", headers=shop.headers)
    assert job.status_code == 200, job.text
    assert {k: job.json()[k] for k in ("id", "objectId", "objectType", "operationType")} == {
        "id": body["jobId"],
        "objectId": account_id,
        "objectType": "Account",
        "operationType": "Delete",
    }
    assert job.json()["status"] == "Completed"
    assert _problems(zuora_sdk.OperationJobResponse, job.json(), "OperationJobResponse") == []

    detail = client.get(f"/v1/accounts/{state['account']}", headers=shop.headers).json()
    assert detail["basicInfo"]["status"] == "Canceled"
    assert detail["basicInfo"]["defaultPaymentMethodId"] is None
    assert (detail["metrics"]["balance"], detail["metrics"]["contractedMrr"]) == (0, 0)
    summary = client.get(f"/v1/accounts/{state['account']}/summary", headers=shop.headers).json()
    assert (summary["subscriptions"], summary["invoices"], summary["payments"]) == ([], [], [])
    for path in (
        *(f"/v1/subscriptions/{n}" for n in state["subscriptions"]),
        *(f"/v1/orders/{n}" for n in state["orders"]),
        f"/v1/invoices/{state['invoice']}",
        f"/v1/payments/{state['payment']}",
    ):
        assert client.get(path, headers=shop.headers).status_code == 404, path
    methods = client.get(f"/v1/accounts/{state['account']}/payment-methods", headers=shop.headers)
    assert methods.json()["creditcard"] == []
    # The other account keeps everything.
    kept = client.get(f"/v1/subscriptions/accounts/{other}", headers=shop.headers).json()
    assert [s["subscriptionNumber"] for s in kept["subscriptions"]] == ["A-S00000003"]
    # Deleting again changes nothing and answers the same way.
    again = client.delete(f"/v1/accounts/{account_id}", headers=shop.headers)
    assert (again.status_code, again.json()["id"]) == (200, account_id)


def test_an_unknown_account_or_job(
    client: TestClient, shop: Session, new_session: Callable[[], Session]
) -> None:
    missing = client.delete("/v1/accounts/A99999999", headers=shop.headers)
    assert missing.status_code == 404
    assert missing.json()["reasons"][0]["code"] == 51000040
    assert client.get("/v1/operations/jobs/" + "0" * 32, headers=shop.headers).status_code == 404
    # Another tenant's job is not found either.
    account = _other_account(client, shop)
    job_id = client.delete(f"/v1/accounts/{account}", headers=shop.headers).json()["jobId"]
    other = new_session()
    assert client.get(f"/v1/operations/jobs/{job_id}", headers=other.headers).status_code == 404
    assert client.get(f"/v1/operations/jobs/{job_id}", headers=shop.headers).status_code == 200


def test_owner_and_invoice_owner_apart_cannot_be_deleted(client: TestClient, shop: Session) -> None:
    payer = _other_account(client, shop)
    owner = _other_account(client, shop)
    shared = order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "existingAccountNumber": payer,
            "subscriptions": [
                {"orderActions": [create_subscription(subscriptionOwnerAccountNumber=owner)]}
            ],
        },
    )
    assert shared.status_code == 200, shared.text
    number = shared.json()["subscriptions"][0]["subscriptionNumber"]
    for key in (payer, owner):
        refused = client.delete(f"/v1/accounts/{key}", headers=shop.headers)
        assert refused.status_code == 400, refused.text
        [reason] = refused.json()["reasons"]
        assert reason["code"] == NOT_DELETABLE
        assert number in reason["message"]
        # Nothing changed.
        detail = client.get(f"/v1/accounts/{key}", headers=shop.headers).json()
        assert detail["basicInfo"]["status"] == "Active"
    assert client.get(f"/v1/subscriptions/{number}", headers=shop.headers).status_code == 200


def test_an_owner_transfer_blocks_both_owners(client: TestClient, shop: Session) -> None:
    first = _other_account(client, shop)
    second = _other_account(client, shop)
    moved = amend(
        client,
        shop,
        "A-S00000001",
        first,
        {"type": "OwnerTransfer", "ownerTransfer": {"destinationAccountNumber": second}},
    )
    assert moved.status_code == 200, moved.text
    for key in (first, second):
        refused = client.delete(f"/v1/accounts/{key}", headers=shop.headers)
        assert refused.status_code == 400, refused.text
        assert refused.json()["reasons"][0]["code"] == NOT_DELETABLE
    assert client.get("/v1/subscriptions/A-S00000001", headers=shop.headers).status_code == 200


CANCELED = 51000830


def test_a_deleted_account_takes_no_order_and_no_payment(client: TestClient, shop: Session) -> None:
    state = _billed_and_paid(client, shop)
    assert (
        client.delete(f"/v1/accounts/{state['account']}", headers=shop.headers).status_code == 200
    )
    refused = order(
        client,
        shop,
        {
            "orderDate": "2025-02-01",
            "existingAccountNumber": state["account"],
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert refused.status_code == 400, refused.text
    [reason] = refused.json()["reasons"]
    assert reason["code"] == CANCELED and state["account"] in reason["message"]
    paid = client.post(
        "/v1/payments",
        headers=shop.headers,
        json={"accountNumber": state["account"], "amount": 10, "currency": "USD",
              "type": "External", "effectiveDate": "2025-02-01"},
    )  # fmt: skip
    assert paid.status_code == 400, paid.text
    assert paid.json()["reasons"][0]["code"] == CANCELED
    # Nothing was made: the account still has no subscription and no payment.
    summary = client.get(f"/v1/accounts/{state['account']}/summary", headers=shop.headers).json()
    assert (summary["subscriptions"], summary["payments"]) == ([], [])
