"""Simultaneous billing of order line items (issue 10) on PostgreSQL: each line item is
billed once whatever the race. Split from `test_line_item_billing.py`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from tests.api.test_line_item_billing import DUE, _account, _ctx, _documents, _state, _store
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.domain.billing.bill_run import BillRunScope
from zorders.domain.line_items.model import ItemState
from zorders.services import bill_runs, billing


def _race(n: int, work: Callable[[int], None]) -> list[BaseException]:
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def call(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as error:  # reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_simultaneous_bill_runs_bill_a_line_item_once(
    client: TestClient, container: Container, shop: Session
) -> None:
    if container.engine.dialect.name != "postgresql":
        pytest.skip("row locks between simultaneous transactions are a PostgreSQL matter")
    account = _account(client, shop)
    [sale] = _store(container, shop, account["accountId"], {})
    ctx = _ctx(container, shop)
    runs = []
    with container.uow_factory() as uow:
        for _ in range(3):
            runs.append(
                bill_runs.create_bill_run(
                    uow,
                    ctx,
                    target_date=DUE,
                    invoice_date=None,
                    auto_post=True,
                    scope=BillRunScope(account_ids=(account["accountId"],)),
                )
            )
        uow.commit()
    errors = _race(3, lambda i: bill_runs.execute_bill_run(container.uow_factory, ctx, runs[i].id))
    assert errors == []
    assert [d["amount"] for d in _documents(client, shop, account["accountNumber"])] == [89.96]
    assert _state(container, shop, sale) is ItemState.COMPLETE


def test_simultaneous_billing_without_the_account_lock_still_bills_once(
    client: TestClient, container: Container, shop: Session
) -> None:
    """The line item rows are read FOR UPDATE: a second transaction waits for the first and
    then finds the item Complete."""
    if container.engine.dialect.name != "postgresql":
        pytest.skip("row locks between simultaneous transactions are a PostgreSQL matter")
    account_id = _account(client, shop)["accountId"]
    [sale] = _store(container, shop, account_id, {})
    ctx = _ctx(container, shop)
    made: list[int] = []

    def bill(_: int) -> None:
        with container.uow_factory() as uow:
            account = uow.accounts.get(shop.tenant_id, account_id)  # no lock
            assert account is not None
            made.append(
                len(billing.bill_account(uow, ctx, account, DUE, line_items=True).documents)
            )
            uow.commit()

    assert _race(4, bill) == []
    assert sorted(made) == [0, 0, 0, 1]
    with container.uow_factory(read_only=True) as uow:
        billed = uow.billing.billed_line_item_items(shop.tenant_id, [sale.id])
    assert [e.item.amount for e in billed] == [Decimal("89.96")]
