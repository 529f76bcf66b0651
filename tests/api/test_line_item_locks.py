"""Line item updates lock the items' rows (issue 10), over a live server on PostgreSQL.

Two bulk updates of the same two items, each naming them in the opposite order and each
adding its own custom field, run at once; the write is slowed down so that they overlap.
The items are locked in id order in one statement, so the second call waits for the
first (no deadlock, whatever order the requests name them in) and builds on it: both
fields survive on both items. SQLite serializes writers, so the race is PostgreSQL's.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx2 as httpx
import pytest

from tests.conftest import app_for
from tests.support.line_items import store_order
from tests.support.live import bearer, serve_in_thread
from zorders.bootstrap import Container
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
