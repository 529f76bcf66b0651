"""Bill runs in batches (issue 15, PF40-PF44): the statements a run sends grow by batch,
not by account, and two runners bill one run together with no invoice twice or missing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.api.test_bill_run_crud import read_bill_run
from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.domain.billing.bill_run import BillRun, BillRunScope
from zorders.services import bill_runs
from zorders.services.jobs import Worker


def _customers(client: TestClient, shop: Session, count: int, first: int = 0) -> list[str]:
    numbers = []
    for i in range(first, first + count):
        created = order(client, shop, {
            "orderDate": "2025-01-01",
            "newAccount": new_account(name=f"C{i}"),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        }).json()  # fmt: skip
        numbers.append(created["accountNumber"])
    return numbers


def _create(container: Container, shop: Session, target: date) -> BillRun:
    ctx = container.tenant_clock.context(shop.tenant_id, "test")
    with container.uow_factory() as uow:
        run = bill_runs.create_bill_run(
            uow, ctx, target_date=target, invoice_date=None, auto_post=True,
            scope=BillRunScope(),
        )  # fmt: skip
        uow.commit()
    return run


@contextmanager
def _statements(container: Container) -> Iterator[list[str]]:
    engine = container.uow_factory.engine  # type: ignore[attr-defined]
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_statements_grow_by_batch_not_by_account(
    client: TestClient, shop: Session, container: Container
) -> None:
    ctx = container.tenant_clock.context(shop.tenant_id, "test")
    _customers(client, shop, 10)
    run = _create(container, shop, date(2025, 1, 1))
    with _statements(container) as ten:
        done = bill_runs.execute_bill_run(container.uow_factory, ctx, run.id)
    assert (done.accounts_processed, done.invoices) == (10, 10)
    _customers(client, shop, 30, first=10)
    run = _create(container, shop, date(2025, 2, 1))  # the 10 again, and 30 new ones
    with _statements(container) as forty:
        done = bill_runs.execute_bill_run(container.uow_factory, ctx, run.id)
    assert (done.accounts_processed, done.invoices) == (40, 40)
    # One batch either way: four times the accounts, (nearly) the same statements.
    assert len(forty) < 40, forty
    assert len(forty) - len(ten) <= 2, (ten, forty)


def test_two_runners_bill_one_run_together(
    client: TestClient,
    shop: Session,
    container: Container,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer: runners take turns")
    monkeypatch.setattr(bill_runs, "BATCH", 2)  # 12 accounts: 6 batch jobs
    numbers = _customers(client, shop, 12)
    ctx = container.tenant_clock.context(shop.tenant_id, "test")
    run = _create(container, shop, date(2025, 1, 1))
    worker = Worker(container.uow_factory, container.wall_clock, batch_size=1, poll_seconds=0.01)
    other = threading.Thread(target=worker.run_forever)
    other.start()
    try:
        done = bill_runs.execute_bill_run(container.uow_factory, ctx, run.id)
    finally:
        worker.stop()
        other.join()
    crud = read_bill_run(client, shop.headers, run.id)
    assert (crud["status"], crud["NumberOfAccounts"], crud["NumberOfInvoices"]) == (
        "Posted",
        12,
        12,
    )
    assert (done.batches_done, len(done.batches)) == (6, 6)
    invoices = []
    for number in numbers:
        body = client.get(f"/v1/billing-documents?accountNumber={number}", headers=shop.headers)
        documents = body.json()["documents"]
        assert [d["amount"] for d in documents] == [164]
        invoices.append(documents[0]["documentNumber"])
    assert len(set(invoices)) == 12


def test_a_run_smaller_than_a_batch_is_billed_with_no_batch_job(
    client: TestClient, shop: Session, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bill_runs, "BATCH", 3)
    ctx = container.tenant_clock.context(shop.tenant_id, "test")
    _customers(client, shop, 2)
    small = bill_runs.execute_bill_run(
        container.uow_factory, ctx, _create(container, shop, date(2025, 1, 1)).id
    )
    _customers(client, shop, 2, first=2)  # 4 accounts: a batch of 3 and one of 1
    large = bill_runs.execute_bill_run(
        container.uow_factory, ctx, _create(container, shop, date(2025, 1, 1)).id
    )
    # PF53: the small run is billed where it is split; the other cut into batch jobs.
    assert (small.status.value, small.invoices, small.batches) == ("Posted", 2, ())
    assert (large.status.value, large.invoices, len(large.batches)) == ("Posted", 2, 2)
    with container.uow_factory(read_only=True) as uow:
        kinds = [j.kind for j in uow.jobs.of_tenant(shop.tenant_id) if j.kind.startswith("bill")]
    assert sorted(kinds) == ["bill_run", "bill_run", "bill_run_batch", "bill_run_batch"]
