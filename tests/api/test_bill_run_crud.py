"""GET /v1/object/bill-run/{id} (issue 13, decision RK1): the BillRun object's counts and
error message, which the REST bill run (the client's BillRunResponse) does not document."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session


def crud_bill_run(client: TestClient, headers: dict[str, str], run_id: str) -> dict[str, Any]:
    """The CRUD BillRun of a run (its counts: NumberOfAccounts, NumberOfInvoices, ...)."""
    response = client.get(f"/v1/object/bill-run/{run_id}", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def read_bill_run(client: TestClient, headers: dict[str, str], run_id: str) -> dict[str, Any]:
    """The REST bill run with its CRUD counts beside (PascalCase keys do not collide)."""
    rest = client.get(f"/v1/bill-runs/{run_id}", headers=headers)
    assert rest.status_code == 200, rest.text
    return {**rest.json(), **crud_bill_run(client, headers, run_id)}


def test_the_crud_bill_run_counts_what_the_run_made(client: TestClient, shop: Session) -> None:
    for name in ("One", "Two"):
        order(client, shop, {
            "orderDate": "2025-01-01",
            "newAccount": new_account(name=name),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        })  # fmt: skip
    run = client.post(
        "/v1/bill-runs",
        headers=shop.headers,
        json={"targetDate": "2025-01-01", "invoiceDate": "2025-01-02", "name": "January"},
    ).json()
    body = crud_bill_run(client, shop.headers, run["id"])
    created, updated = body.pop("CreatedDate"), body.pop("UpdatedDate")
    assert created.endswith("+00:00") and updated >= created
    assert body == {
        "Id": run["id"],
        "BillRunNumber": "BR-00000001",
        "Name": "January",
        "Status": "Completed",
        "TargetDate": "2025-01-01",
        "InvoiceDate": "2025-01-02",
        "AutoPost": False,
        "BillCycleDay": "AllBillCycleDays",
        "NumberOfAccounts": 2,
        "NumberOfInvoices": 2,
        "NumberOfCreditMemos": 0,
    }
    # The REST answer keeps to the client's BillRunResponse: no counts there.
    rest = client.get(f"/v1/bill-runs/{run['id']}", headers=shop.headers).json()
    assert not {"numberOfAccounts", "numberOfInvoices", "errorMessage", "accountErrors"} & set(rest)
    picked = client.get(
        f"/v1/object/bill-run/{run['id']}?fields=NumberOfInvoices,Status", headers=shop.headers
    ).json()
    assert picked == {"Id": run["id"], "Status": "Completed", "NumberOfInvoices": 2}


def test_an_unknown_id_or_a_number_is_not_found(client: TestClient, shop: Session) -> None:
    run = client.post("/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-01-01"})
    for key in ("0" * 32, run.json()["billRunNumber"]):  # the CRUD API takes the id only
        missing = client.get(f"/v1/object/bill-run/{key}", headers=shop.headers)
        assert missing.status_code == 404, key
        assert missing.json()["Errors"][0]["Code"] == "INVALID_ID"
