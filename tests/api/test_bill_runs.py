"""Bill runs through the API: every account in scope billed once for the target date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.domain.billing.bill_run import BillRunScope
from zorders.services import bill_runs
from zorders.services.context import CommandContext


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
    done = client.get(f"/v1/bill-runs/{run['id']}", headers=shop.headers).json()
    assert done["status"] == "Completed"
    assert (done["numberOfAccounts"], done["numberOfInvoices"]) == (2, 2)
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
    again = client.get(f"/v1/bill-runs/{again['id']}", headers=shop.headers).json()
    assert (again["status"], again["numberOfAccounts"], again["numberOfInvoices"]) == (
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
    done = client.get(f"/v1/bill-runs/{run['id']}", headers=shop.headers).json()
    assert (done["numberOfAccounts"], done["numberOfInvoices"]) == (1, 1)
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
    ctx = CommandContext(shop.tenant_id, container.wall_clock.now(), "test")
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
    # The process dies while billing the second account.
    real = bill_runs.bill_account
    calls = {"n": 0}

    def dying(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(bill_runs, "bill_account", dying)
    with pytest.raises(SystemExit):
        bill_runs.execute_bill_run(container.uow_factory, ctx, run.id)
    with container.uow_factory(read_only=True) as uow:
        halfway = bill_runs.get_bill_run(uow, ctx, run.id)
    assert (halfway.status.value, halfway.accounts_processed, halfway.invoices) == (
        "Processing",
        1,
        1,
    )
    monkeypatch.setattr(bill_runs, "bill_account", real)
    done = bill_runs.execute_bill_run(container.uow_factory, ctx, run.id)
    assert (done.status.value, done.accounts_processed, done.invoices) == ("Posted", 3, 3)
    for account in accounts:
        docs = client.get(
            f"/v1/billing-documents?accountNumber={account}", headers=shop.headers
        ).json()["documents"]
        assert [d["amount"] for d in docs] == [164]
