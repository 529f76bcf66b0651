"""The v2 `async: true` header on POST /v2/orders and /v2/orders/preview: 202 with the
request id only; the worker runs the job; `GET /v2/async_requests/{id}` reads it back in
v2 words. SQLite and PostgreSQL.

Catalog: the demo catalog. Basic = platform fee USD 29/month + seats USD 12/seat/month
(default 3) + onboarding USD 99 once."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_async_orders import lazy, work
from tests.api.test_v2_order_preview import new_order
from tests.api.test_v2_orders import account_data, errors, new_subscription
from tests.conftest import Session
from zorders.bootstrap import Container

# Orders around 2026-12-01: the shop tenant's clock stands on 2026-12-02 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("frozen_clock")

__all__ = ["lazy"]  # the fixture

ASYNC = {"async": "true"}


def submit(
    client: TestClient,
    shop: Session,
    body: dict[str, Any],
    path: str = "/v2/orders",
    **headers: str,
) -> str:
    response = client.post(path, headers=shop.headers | ASYNC | headers, json=body)
    assert response.status_code == 202, response.text
    answer = response.json()
    assert list(answer) == ["request_id"]
    request_id: str = answer["request_id"]
    assert str(uuid.UUID(request_id)) == request_id
    return request_id


def read(client: TestClient, shop: Session, request_id: str) -> dict[str, Any]:
    response = client.get(f"/v2/async_requests/{request_id}", headers=shop.headers)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def body(**extra: Any) -> dict[str, Any]:
    return {
        "order_date": "2026-12-01",
        "account_data": account_data(),
        "subscriptions": [new_subscription(start_on={"contract_effective": "2026-12-01"})],
        **extra,
    }


def test_an_async_create_is_processing_then_succeeded_with_the_order(
    lazy: TestClient, container: Container, shop: Session
) -> None:
    request_id = submit(
        lazy,
        shop,
        body(
            processing_options={
                "run_billing": True,
                "billing_options": {"target_date": "2026-12-01"},
            }
        ),
    )
    pending = read(lazy, shop, request_id)
    assert (pending["id"], pending["state"]) == (request_id, "processing")
    assert "complete_time" not in pending and pending["create_time"]
    assert lazy.get("/v2/orders", headers=shop.headers).json()["data"] == []
    work(container)
    done = read(lazy, shop, request_id)
    assert done["state"] == "succeeded"
    assert done["complete_time"] >= done["create_time"]
    order = done["result"]
    assert done["data"] == {"id": order["id"]}
    assert (order["order_number"], order["state"]) == ("O-00000001", "complete")
    (sub,) = order["subscriptions"]
    assert (sub["subscription_number"], sub["state"]) == ("A-S00000001", "active")
    # 29 + 3 x 12 for December, and the 99 onboarding fee: one invoice of 164.
    assert order["ar_transactions"]["invoice_numbers"] == ["INV00000001"]
    invoice = lazy.get("/v1/invoices/INV00000001", headers=shop.headers).json()
    assert invoice["amount"] == 164
    got = lazy.get("/v2/orders/O-00000001", headers=shop.headers).json()
    assert got["id"] == order["id"]


def test_a_business_failure_reads_as_failed_with_the_v2_error(
    lazy: TestClient, container: Container, shop: Session
) -> None:
    plans = [{"plan_number": "NOPE"}]
    request_id = submit(
        lazy, shop, body(subscriptions=[new_subscription(subscription_plans=plans)])
    )
    work(container)
    failed = read(lazy, shop, request_id)
    assert failed["state"] == "failed"
    assert "result" not in failed and "data" not in failed
    error = failed["error"]
    assert (error["type"], error["retryable"]) == ("bad_request", False)
    [problem] = error["errors"]
    assert (problem["code"], problem["parameter"]) == ("resource_not_found", "plan_number")
    assert "NOPE" in problem["message"]
    # Nothing of it was kept, and no number consumed.
    assert lazy.get("/v2/orders", headers=shop.headers).json()["data"] == []
    assert lazy.get("/v2/accounts", headers=shop.headers).json()["data"] == []


def test_a_bad_body_is_refused_at_once_and_records_nothing(
    lazy: TestClient, container: Container, shop: Session
) -> None:
    card = {"card_number": "4111111111111111", "expiry_month": 12, "expiry_year": 2040}
    cases = [
        (body(bogus=1), ("unknown_parameter", "bogus")),
        (body(state="executing"), ("invalid_parameter", "state")),
        (
            body(account_data=account_data(payment_method={"type": "card", "card": card})),
            ("invalid_parameter", "account_data.payment_method"),
        ),
    ]
    for bad, expected in cases:
        response = lazy.post("/v2/orders", headers=shop.headers | ASYNC, json=bad)
        assert errors(response) == [expected], bad
    with container.uow_factory(read_only=True) as uow:
        assert uow.jobs.of_tenant(shop.tenant_id) == []
    refused = lazy.post("/v2/orders", headers=shop.headers | {"async": "maybe"}, json=body())
    assert errors(refused) == [("invalid_parameter_boolean", "async")]
    # `async: false` is the sync create.
    sync = lazy.post("/v2/orders", headers=shop.headers | {"async": "false"}, json=body())
    assert sync.status_code == 200 and sync.json()["order_number"] == "O-00000001"


def test_an_unknown_request_is_not_found(client: TestClient, shop: Session) -> None:
    missing = client.get(f"/v2/async_requests/{uuid.uuid4()}", headers=shop.headers)
    assert errors(missing, 404) == [("resource_not_found", "request_id")]


def test_an_async_preview_reads_back_its_documents(
    lazy: TestClient, container: Container, shop: Session
) -> None:
    request_id = submit(lazy, shop, new_order(metrics=["billing_documents"]), "/v2/orders/preview")
    work(container)
    done = read(lazy, shop, request_id)
    assert done["state"] == "succeeded"
    [document] = done["result"]["billing_documents"]
    # 29 + 36 + 99 for January 2023.
    assert (document["type"], document["total"]) == ("invoice", 164)
    assert lazy.get("/v2/orders", headers=shop.headers).json()["data"] == []


def test_the_same_idempotency_key_answers_the_same_request_id(
    lazy: TestClient, container: Container, shop: Session
) -> None:
    key = {"Idempotency-Key": "async-1"}
    first = submit(lazy, shop, body(), **key)
    assert submit(lazy, shop, body(), **key) == first
    with container.uow_factory(read_only=True) as uow:
        assert len(uow.jobs.of_tenant(shop.tenant_id)) == 1
    work(container)
    orders = lazy.get("/v2/orders", headers=shop.headers).json()["data"]
    assert [o["order_number"] for o in orders] == ["O-00000001"]
