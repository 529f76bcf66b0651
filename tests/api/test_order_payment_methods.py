"""A new account's payment method on orders that are saved, updated or run later
(issue 13, decision RK8): one method per account, no orphan left behind."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.api.test_async_orders import work
from tests.api.test_orders import NEW, create_subscription, new_account
from tests.conftest import Session, app_for
from zorders.bootstrap import Container
from zorders.storage.tables.billing import payment_methods as payment_methods_t

CARD = {
    "type": "CreditCard",
    "cardType": "Visa",
    "cardNumber": "4111111111111111",
    "expirationMonth": 12,
    "expirationYear": 2099,
    "securityCode": "737",
    "cardHolderInfo": {"cardHolderName": "Ada Lovelace"},
}


def _methods(container: Container, tenant_id: str) -> list[tuple[str, str | None]]:
    with container.engine.connect() as c:
        rows = c.execute(
            select(payment_methods_t.c.id, payment_methods_t.c.account_id).where(
                payment_methods_t.c.tenant_id == tenant_id
            )
        )
        return [(r[0], r[1]) for r in rows]


def _draft(**account: Any) -> dict[str, Any]:
    return {
        "orderDate": "2025-01-01",
        "status": "Draft",
        "newAccount": new_account(paymentMethod=CARD, **account),
        "subscriptions": [{"orderActions": [create_subscription()]}],
    }


def test_updating_a_draft_makes_no_method(
    client: TestClient, shop: Session, container: Container
) -> None:
    made = client.post("/v1/orders", headers=shop.headers | NEW, json=_draft())
    assert made.status_code == 200, made.text
    number, account = made.json()["orderNumber"], made.json()["accountNumber"]
    # The Draft opened its account with the card: one method, the account's.
    [(method, owner)] = _methods(container, shop.tenant_id)
    account_id = client.get(f"/v1/accounts/{account}", headers=shop.headers).json()["basicInfo"]
    assert owner == account_id["id"]
    for _ in range(2):  # a newAccount again: refused, and no method made for it
        again = client.put(f"/v1/orders/{number}", headers=shop.headers | NEW, json=_draft())
        assert again.status_code == 400, again.text
        assert "keeps its account" in again.json()["reasons"][0]["message"]
        assert _methods(container, shop.tenant_id) == [(method, owner)]
    body = {**_draft(), "existingAccountNumber": account}
    del body["newAccount"]
    updated = client.put(f"/v1/orders/{number}", headers=shop.headers | NEW, json=body)
    assert updated.status_code == 200, updated.text
    assert _methods(container, shop.tenant_id) == [(method, owner)]


@pytest.fixture
def later(container: Container) -> Iterator[TestClient]:
    """A client whose requests leave the jobs they record to `work()`."""
    with TestClient(app_for(container), raise_server_exceptions=False) as c:
        yield c


def _async(client: TestClient, shop: Session, plan: str) -> str:
    body = {
        "orderDate": "2025-01-01",
        "newAccount": new_account(paymentMethod=CARD),
        "subscriptions": [{"orderActions": [create_subscription(plan)]}],
    }
    response = client.post("/v1/async/orders", headers=shop.headers | NEW, json=body)
    assert response.status_code == 202, response.text
    job_id: str = response.json()["jobId"]
    return job_id


def test_a_failed_async_order_leaves_no_method(
    later: TestClient, shop: Session, container: Container
) -> None:
    lazy = later
    job_id = _async(lazy, shop, "NO-SUCH-PLAN")
    # Made with the request (the job holds its id, no secret), an orphan until the job runs.
    [(_, owner)] = _methods(container, shop.tenant_id)
    assert owner is None
    work(container)
    job = lazy.get(f"/v1/async-jobs/{job_id}", headers=shop.headers).json()
    assert job["status"] == "Failed", job
    assert _methods(container, shop.tenant_id) == []
    # One that completes: the method is its new account's.
    done_id = _async(lazy, shop, "CLOUDDESK-BASIC")
    work(container)
    done = lazy.get(f"/v1/async-jobs/{done_id}", headers=shop.headers).json()
    assert done["status"] == "Completed", done
    [(_, owner)] = _methods(container, shop.tenant_id)
    assert owner is not None
