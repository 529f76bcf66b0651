"""Two async orders on one subscription at the same moment (AO4): the second finds the
subscription held and fails with Zuora's 40000050, which clients retry; PostgreSQL only
(on SQLite the one writer holds the database, so the jobs cannot overlap)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_async_orders import poll, submit, work
from tests.api.test_orders import subscribe
from tests.conftest import Session, app_for
from zorders.bootstrap import Container
from zorders.services.jobs import Worker
from zorders.services.orders import async_orders

WAIT_SECONDS = 30


@pytest.fixture
def lazy(container: Container) -> Iterator[TestClient]:
    with TestClient(app_for(container), raise_server_exceptions=False) as c:
        yield c


def _add_support(account: str, number: str) -> dict[str, Any]:
    return {
        "orderDate": "2025-02-01",
        "existingAccountNumber": account,
        "subscriptions": [
            {
                "subscriptionNumber": number,
                "orderActions": [
                    {
                        "type": "AddProduct",
                        "triggerDates": [
                            {"name": "ContractEffective", "triggerDate": "2025-02-01"}
                        ],
                        "addProduct": {"productRatePlanNumber": "CLOUDDESK-SUPPORT"},
                    }
                ],
            }
        ],
    }


def test_a_second_job_on_a_held_subscription_fails_locked(
    lazy: TestClient,
    client: TestClient,
    container: Container,
    shop: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if container.engine.dialect.name != "postgresql":
        pytest.skip("row locks without waiting are a PostgreSQL matter")
    created = subscribe(client, shop)
    account, number = created["accountNumber"], created["subscriptions"][0]["subscriptionNumber"]

    holding, release = threading.Event(), threading.Event()
    real = async_orders.create_order
    calls: list[int] = []

    def slow_create(*args: Any, **kwargs: Any) -> Any:
        outcome = real(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:  # the first job holds the subscription until released
            holding.set()
            assert release.wait(WAIT_SECONDS)
        return outcome

    monkeypatch.setattr(async_orders, "create_order", slow_create)
    first = submit(lazy, shop, _add_support(account, number))
    runner = threading.Thread(
        target=lambda: Worker(container.uow_factory, container.wall_clock).run_until_idle()
    )
    runner.start()
    try:
        assert holding.wait(WAIT_SECONDS)
        second = submit(lazy, shop, _add_support(account, number))
        work(container)  # a second worker, while the first job holds the subscription
        answer = poll(lazy, shop, second)
        assert answer["status"] == "Failed"
        assert answer["reasons"] == [
            {
                "code": 40000050,
                "message": "Operation failed due to a lock competition, please retry later.",
            }
        ]
    finally:
        release.set()
        runner.join(WAIT_SECONDS)
    assert poll(lazy, shop, first)["status"] == "Completed"
    # The retry a client makes goes through once the subscription is free: version 3.
    retry = submit(lazy, shop, _add_support(account, number))
    work(container)
    assert poll(lazy, shop, retry)["status"] == "Completed"
    sub = lazy.get(f"/v1/subscriptions/{number}", headers=shop.headers).json()
    assert sub["version"] == 3
    assert [p["productRatePlanNumber"] for p in sub["ratePlans"]].count("CLOUDDESK-SUPPORT") == 2
