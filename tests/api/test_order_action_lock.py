"""`PUT /v1/orderActions/{id}` locks the order's row like the other order writes (issue 9).

Two edits of one order action that add different custom fields run at once, over a live
server on PostgreSQL. Each edit reads the order, changes the action and writes the order
back; the write is slowed down so that the two overlap. With the row lock the second
edit waits for the first to commit and builds on it: both fields survive. Without it,
both read the same order and the later write drops the earlier field (a lost update).
SQLite serializes writers (BEGIN IMMEDIATE), so the race is PostgreSQL's alone.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx2 as httpx
import pytest

from tests.api.test_order_concurrency import _load_demo_catalog
from tests.api.test_orders import NEW, create_subscription, new_account
from tests.conftest import app_for
from tests.support.live import bearer, serve_in_thread
from zorders.bootstrap import Container
from zorders.services.tenants import TenantCredentials
from zorders.storage.repositories.orders import SqlOrderRepository


def test_concurrent_order_action_edits_serialize(
    container: Container, tenant: TenantCredentials, monkeypatch: pytest.MonkeyPatch
) -> None:
    if container.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serializes writers")
    _load_demo_catalog(container, tenant)
    slow_update = SqlOrderRepository.update

    def update(self: SqlOrderRepository, tenant_id: str, order: Any) -> None:
        slow_update(self, tenant_id, order)
        time.sleep(0.4)  # the edit holds its transaction open: the other one overlaps

    with (
        serve_in_thread(app_for(container)) as base_url,
        httpx.Client(base_url=base_url, timeout=60) as http,
    ):
        auth = bearer(http, tenant.client_id, tenant.client_secret)
        created = http.post(
            "/v1/orders",
            headers=auth | NEW,
            json={
                "orderDate": "2025-01-01",
                "newAccount": new_account(),
                "subscriptions": [{"orderActions": [create_subscription()]}],
            },
        )
        assert created.status_code == 200, created.text
        number = created.json()["orderNumber"]
        read = http.get(f"/v1/orders/{number}", headers=auth).json()["order"]
        action_id = read["subscriptions"][0]["orderActions"][0]["id"]

        monkeypatch.setattr(SqlOrderRepository, "update", update)
        barrier = threading.Barrier(2)
        results: list[httpx.Response] = []
        errors: list[BaseException] = []
        lock = threading.Lock()

        def edit(field: str) -> None:
            try:
                with httpx.Client(base_url=base_url, timeout=60) as own:
                    own.get("/health")  # open the connection before the race
                    barrier.wait(30)
                    response = own.put(
                        f"/v1/orderActions/{action_id}",
                        headers=auth,
                        json={"customFields": {field: "set"}},
                    )
                with lock:
                    results.append(response)
            except BaseException as err:  # surfaced below, not lost in the thread
                with lock:
                    errors.append(err)

        threads = [threading.Thread(target=edit, args=(f,)) for f in ("First__c", "Second__c")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        monkeypatch.undo()
        assert not errors, errors
        assert [r.status_code for r in results] == [200, 200], [r.text for r in results]

        after = http.get(f"/v1/orders/{number}", headers=auth).json()["order"]
        action = after["subscriptions"][0]["orderActions"][0]
        assert action["id"] == action_id
        assert action["customFields"] == {"First__c": "set", "Second__c": "set"}
