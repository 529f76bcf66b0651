"""Bill runs through the API: every account in scope billed once for the target date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_bill_run_crud import read_bill_run
from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.domain.billing.bill_run import BillRunScope
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import bill_run_batches, bill_runs


def _customer(client: TestClient, shop: Session, name: str, **account: Any) -> str:
    created = order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(name=name, **account),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    ).json()
    number: str = created["accountNumber"]
    return number


def test_a_bill_run_bills_every_account_once(client: TestClient, shop: Session) -> None:
    first = _customer(client, shop, "One")
    second = _customer(client, shop, "Two")
    created = client.post(
        "/v1/bill-runs",
        headers=shop.headers,
        json={"targetDate": "2025-01-01", "invoiceDate": "2025-01-02"},
    )
    assert created.status_code == 200, created.text
    run = created.json()
    assert run["billRunNumber"] == "BR-00000001"
    assert run["status"] == "Pending"  # answered before it ran
    done = read_bill_run(client, shop.headers, run["id"])
    assert done["status"] == "Completed"
    assert (done["NumberOfAccounts"], done["NumberOfInvoices"]) == (2, 2)
    for account in (first, second):
        docs = client.get(
            f"/v1/billing-documents?accountNumber={account}", headers=shop.headers
        ).json()["documents"]
        # January in full: 29 + 3 x 12 + 99 once = 164, a Draft until the run is posted.
        assert [(d["amount"], d["status"], d["documentDate"]) for d in docs] == [
            (164, "Draft", "2025-01-02")
        ]
    posted = client.put(f"/v1/bill-runs/{run['id']}/post", headers=shop.headers).json()
    assert posted["status"] == "Posted"
    docs = client.get(f"/v1/billing-documents?accountNumber={first}", headers=shop.headers).json()
    assert docs["documents"][0]["status"] == "Posted"
    # A second run for the same target date invoices nothing more.
    again = client.post(
        "/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-01-01", "autoPost": True}
    ).json()
    again = read_bill_run(client, shop.headers, again["id"])
    assert (again["status"], again["NumberOfAccounts"], again["NumberOfInvoices"]) == (
        "Posted",
        2,
        0,
    )
    assert client.put(f"/v1/bill-runs/{again['id']}/post", headers=shop.headers).status_code == 400


def test_filters_and_cancel(client: TestClient, shop: Session) -> None:
    first = _customer(client, shop, "One")
    second = _customer(client, shop, "Two")
    one = client.get(f"/v1/accounts/{first}", headers=shop.headers).json()["basicInfo"]["id"]
    run = client.post(
        "/v1/bill-runs",
        headers=shop.headers,
        json={
            "targetDate": "2025-02-01",
            "billRunFilters": [{"filterType": "Account", "accountId": one}],
        },
    ).json()
    done = read_bill_run(client, shop.headers, run["id"])
    assert (done["NumberOfAccounts"], done["NumberOfInvoices"]) == (1, 1)
    assert (
        client.get(f"/v1/billing-documents?accountNumber={second}", headers=shop.headers).json()[
            "documents"
        ]
        == []
    )
    cancelled = client.put(f"/v1/bill-runs/{run['id']}/cancel", headers=shop.headers).json()
    assert cancelled["status"] == "Canceled"
    docs = client.get(f"/v1/billing-documents?accountNumber={first}", headers=shop.headers).json()
    assert [d["status"] for d in docs["documents"]] == ["Canceled"]
    assert client.get("/v1/bill-runs/BR-09999999", headers=shop.headers).status_code == 404


def test_a_crashed_run_resumes_without_duplicates(
    client: TestClient,
    shop: Session,
    container: Container,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    accounts = [_customer(client, shop, f"C{i}") for i in range(3)]
    ctx = container.tenant_clock.context(shop.tenant_id, "test")
    with container.uow_factory() as uow:
        run = bill_runs.create_bill_run(
            uow,
            ctx,
            target_date=date(2025, 1, 1),
            invoice_date=None,
            auto_post=True,
            scope=BillRunScope(),
        )
        uow.commit()
    # Batches of one account (PF40); the process dies while billing the second batch.
    monkeypatch.setattr(bill_runs, "BATCH", 1)
    real = bill_runs.bill_batch
    calls = {"n": 0}

    def dying(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(bill_runs, "bill_batch", dying)
    with pytest.raises(SystemExit):
        bill_runs.execute_bill_run(container.uow_factory, ctx, run.id)
    with container.uow_factory(read_only=True) as uow:
        halfway = bill_runs.get_bill_run(uow, ctx, run.id)
    assert (halfway.status.value, halfway.accounts_processed, halfway.invoices) == (
        "Processing",
        1,
        1,
    )
    monkeypatch.setattr(bill_runs, "bill_batch", real)
    done = bill_runs.execute_bill_run(container.uow_factory, ctx, run.id)
    assert (done.status.value, done.accounts_processed, done.invoices) == ("Posted", 3, 3)
    for account in accounts:
        docs = client.get(
            f"/v1/billing-documents?accountNumber={account}", headers=shop.headers
        ).json()["documents"]
        assert [d["amount"] for d in docs] == [164]


# -- nothing stuck (issue 8) ---------------------------------------------------------------


def _documents(client: TestClient, shop: Session, account: str) -> list[dict[str, Any]]:
    body = client.get(f"/v1/billing-documents?accountNumber={account}", headers=shop.headers)
    documents: list[dict[str, Any]] = body.json()["documents"]
    return documents


def _account_id(client: TestClient, shop: Session, number: str) -> str:
    found: str = client.get(f"/v1/accounts/{number}", headers=shop.headers).json()["basicInfo"][
        "id"
    ]
    return found


def test_a_run_far_ahead_completes_and_one_past_the_limit_is_refused(
    client: TestClient, shop: Session
) -> None:
    """targetDate 9999-12-31 used to overflow in the background and stay Processing. It is
    now refused at the edge (L8: at most 100 years ahead); a far target inside the limit
    completes (the engine's arithmetic at the calendar's end is tested in the unit suite)."""
    account = _customer(client, shop, "Far")
    refused = client.post("/v1/bill-runs", headers=shop.headers, json={"targetDate": "9999-12-31"})
    assert refused.status_code == 400, refused.text
    assert "'targetDate'" in refused.json()["reasons"][0]["message"]
    run = client.post(
        "/v1/bill-runs", headers=shop.headers, json={"targetDate": "2100-12-31"}
    ).json()
    done = read_bill_run(client, shop.headers, run["id"])
    assert (done["status"], done["NumberOfAccounts"], done["NumberOfInvoices"]) == (
        "Completed",
        1,
        1,
    )
    assert "ErrorMessage" not in done  # no error: the CRUD object leaves it out
    # The 12-month term in full: 12 x (29 + 3 x 12) + 99 once = 879.00, dated at the target.
    assert [(d["amount"], d["documentDate"], d["status"]) for d in _documents(
        client, shop, account)] == [(879, "2100-12-31", "Draft")]  # fmt: skip
    cancelled = client.put(f"/v1/bill-runs/{run['id']}/cancel", headers=shop.headers).json()
    assert cancelled["status"] == "Canceled"


def test_a_failing_account_is_recorded_and_the_run_goes_on(
    client: TestClient, shop: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = [_customer(client, shop, f"C{i}") for i in range(4)]
    ids = {number: _account_id(client, shop, number) for number in numbers}
    refused, broken = numbers[1], numbers[2]
    real = bill_run_batches.compose

    def failing(ctx, account, *args, **kwargs):  # type: ignore[no-untyped-def]
        outcome = real(ctx, account, *args, **kwargs)  # composed, then fails: nothing stored
        if account.id == ids[refused]:
            raise DomainError(ErrorCode.INVALID_VALUE, "Quantity 1E+400 is out of range.", "x")
        if account.id == ids[broken]:
            raise OverflowError("date value out of range")
        return outcome

    monkeypatch.setattr(bill_run_batches, "compose", failing)
    run = client.post(
        "/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-01-01"}
    ).json()
    done = read_bill_run(client, shop.headers, run["id"])
    assert (done["status"], done["NumberOfAccounts"], done["NumberOfInvoices"]) == (
        "Completed",
        4,
        2,
    )
    # The CRUD BillRun's ErrorMessage names the failed accounts, number, code and message;
    # internals stay in the log.
    message = done["ErrorMessage"]
    assert message.startswith("2 account(s) failed: ")
    assert f"{refused} (50000020): Quantity 1E+400 is out of range." in message
    assert f"{broken} (50000060): Unexpected error (OverflowError)" in message
    assert "date value" not in message
    # The failed accounts' billing left nothing; the others were billed 164.00 each.
    for number in numbers:
        expected = [] if number in (refused, broken) else [164]
        assert [d["amount"] for d in _documents(client, shop, number)] == expected
    # Posting a run with account errors posts what it billed; the errors stay readable.
    posted = client.put(f"/v1/bill-runs/{run['id']}/post", headers=shop.headers).json()
    assert posted["status"] == "Posted"
    assert read_bill_run(client, shop.headers, run["id"])["ErrorMessage"] == message


def test_a_run_that_fails_as_a_whole_ends_in_error_and_can_be_canceled(
    client: TestClient, shop: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = [_customer(client, shop, f"C{i}") for i in range(2)]
    monkeypatch.setattr(bill_runs, "BATCH", 1)  # a batch per account (PF40)
    real = bill_runs.bill_batch
    calls = {"n": 0}

    def breaking(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:  # after the first batch was billed
            raise RuntimeError("connection reset")
        return real(*args, **kwargs)

    monkeypatch.setattr(bill_runs, "bill_batch", breaking)
    run = client.post(
        "/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-01-01"}
    ).json()
    failed = read_bill_run(client, shop.headers, run["id"])
    assert (failed["status"], failed["NumberOfAccounts"], failed["NumberOfInvoices"]) == (
        "Error",
        1,
        1,
    )
    assert failed["ErrorMessage"].startswith("Unexpected error (RuntimeError)")
    billed = [[(d["amount"], d["status"]) for d in _documents(client, shop, n)] for n in numbers]
    assert sorted(billed) == [[], [(164, "Draft")]]
    # An Error run is final: not posted, not resumed, but canceled with its drafts.
    assert client.put(f"/v1/bill-runs/{run['id']}/post", headers=shop.headers).status_code == 400
    cancelled = client.put(f"/v1/bill-runs/{run['id']}/cancel", headers=shop.headers).json()
    assert cancelled["status"] == "Canceled"
    again = read_bill_run(client, shop.headers, run["id"])
    assert again["ErrorMessage"] == failed["ErrorMessage"]
    statuses = [[d["status"] for d in _documents(client, shop, n)] for n in numbers]
    assert sorted(statuses) == [[], ["Canceled"]]
