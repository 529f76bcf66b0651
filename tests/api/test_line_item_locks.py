"""Line item updates lock the items' rows (issue 10), over PostgreSQL.

Two bulk updates of the same two items, each naming them in the opposite order and each
adding its own custom field, run at once; the write is slowed down so that they overlap.
The items are locked in id order in one statement, so the second call waits for the
first (no deadlock, whatever order the requests name them in) and builds on it: both
fields survive on both items. A bulk update that bills and a bill run of the same account
take the account's row before the items' (OU9), so they never deadlock either. SQLite
serializes writers, so the races are PostgreSQL's.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from decimal import Decimal
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session, app_for
from tests.support.line_items import Oli, store_order
from tests.support.live import bearer, serve_in_thread
from zorders.bootstrap import Container
from zorders.domain.billing.bill_run import BillRunScope
from zorders.domain.line_items.model import ItemState
from zorders.services import bill_runs
from zorders.services.context import CommandContext
from zorders.services.line_items.bulk import bulk_update
from zorders.services.line_items.update_commands import (
    BulkUpdateLineItems,
    LineItemChanges,
    UpdateLineItem,
)
from zorders.services.orders.commands import BillingOptions, ProcessingOptions
from zorders.services.tenants import TenantCredentials
from zorders.storage.repositories.line_items import SqlLineItemRepository


def test_concurrent_bulk_updates_serialize(
    container: Container, tenant: TenantCredentials, monkeypatch: pytest.MonkeyPatch
) -> None:
    if container.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serializes writers")
    slow_update = SqlLineItemRepository.update

    def update(self: SqlLineItemRepository, tenant_id: str, item: Any) -> None:
        slow_update(self, tenant_id, item)
        time.sleep(0.2)  # the call holds its transaction open: the other one overlaps

    with (
        serve_in_thread(app_for(container)) as base_url,
        httpx.Client(base_url=base_url, timeout=60) as http,
    ):
        auth = bearer(http, tenant.client_id, tenant.client_secret)
        account = http.post(
            "/v1/accounts",
            headers=auth,
            json={
                "name": "Locks",
                "currency": "USD",
                "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
            },
        ).json()
        ids = [
            i.id
            for i in store_order(
                container, tenant.tenant_id, account["accountId"], "O-LOCK-1", {}, {}
            )
        ]
        monkeypatch.setattr(SqlLineItemRepository, "update", update)
        barrier = threading.Barrier(2)
        results: list[httpx.Response] = []
        errors: list[BaseException] = []
        lock = threading.Lock()

        def edit(field: str, order: list[str]) -> None:
            try:
                with httpx.Client(base_url=base_url, timeout=60) as own:
                    own.get("/health")  # open the connection before the race
                    barrier.wait(30)
                    response = own.post(
                        "/v1/order-line-items/bulk",
                        headers=auth,
                        json={
                            "orderLineItems": [
                                {"id": i, "customFields": {field: "set"}} for i in order
                            ]
                        },
                    )
                with lock:
                    results.append(response)
            except BaseException as err:  # surfaced below, not lost in the thread
                with lock:
                    errors.append(err)

        threads = [
            threading.Thread(target=edit, args=("First__c", ids)),
            threading.Thread(target=edit, args=("Second__c", ids[::-1])),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        monkeypatch.undo()
        assert not errors, errors
        assert [r.status_code for r in results] == [200, 200], [r.text for r in results]
        for item_id in ids:
            body = http.get(f"/v1/order-line-items/{item_id}", headers=auth).json()
            assert body["orderLineItem"]["customFields"] == {
                "First__c": "set",
                "Second__c": "set",
            }


def _race(*works: Any) -> list[BaseException]:
    barrier = threading.Barrier(len(works))
    errors: list[BaseException] = []

    def guarded(work: Any) -> None:
        try:
            barrier.wait(30)
            work()
        except BaseException as error:  # surfaced by the caller
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(w,)) for w in works]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


def _bill_both_ways(container: Container, oli: Oli, ctx: CommandContext, n: int) -> list[str]:
    """Five due items of the account, billed by a bulk update and a bill run at once."""
    target = date(2025, 7, 10)
    ids = oli.items(
        *({"state": ItemState.SENT_TO_BILLING, "bill_target_date": date(2025, 7, 5)},) * 5
    )
    with container.uow_factory() as uow:
        run = bill_runs.create_bill_run(
            uow,
            ctx,
            target_date=target,
            invoice_date=None,
            auto_post=True,
            scope=BillRunScope(account_ids=(oli.account_id,)),
        )
        uow.commit()
    command = BulkUpdateLineItems(
        tuple(
            UpdateLineItem(i, LineItemChanges(custom_fields={"Round__c": n})) for i in reversed(ids)
        ),
        ProcessingOptions(run_billing=True, billing=BillingOptions(target_date=target)),
    )

    def bulk() -> None:
        with container.uow_factory() as uow:
            bulk_update(uow, ctx, command)
            uow.commit()

    errors = _race(bulk, lambda: bill_runs.execute_bill_run(container.uow_factory, ctx, run.id))
    assert errors == []
    return ids


def test_a_billing_bulk_update_and_a_bill_run_bill_once(
    client: TestClient, session: Session, container: Container
) -> None:
    """Both lock the invoice owner's account row before the line items' (OU9): they never
    wait on each other in opposite orders (no deadlock), and the items are billed once."""
    if container.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serializes writers")
    oli = Oli.open(client, session, container)
    ctx = container.tenant_clock.context(session.tenant_id, "test")
    for n in range(3):
        ids = _bill_both_ways(container, oli, ctx, n)
        with container.uow_factory(read_only=True) as uow:
            billed = uow.billing.billed_line_item_items(session.tenant_id, ids)
            states = {i.state for i in uow.line_items.get_many(session.tenant_id, ids)}
        # Each item once: 5 x 19.99 = 99.95 apiece.
        assert sorted(e.item.order_line_item_id or "" for e in billed) == sorted(ids)
        assert {e.item.amount for e in billed} == {Decimal("99.95")}
        assert states == {ItemState.COMPLETE}
