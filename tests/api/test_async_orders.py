"""Async orders (spec §6, §10.5; decisions AO1-AO8): submitted as jobs, Processing until a
worker runs them, then Completed with the sync answer or Failed with Zuora's reasons."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_orders import NEW, create_subscription, new_account, subscribe
from tests.api.test_payments import VISA, add_card, number_of, plain_account
from tests.conftest import DEMO_CATALOG, Session, app_for
from tests.support.test_mode import SandboxApi
from zorders.bootstrap import Container
from zorders.cli.catalog_file import read_catalog_file
from zorders.services.catalog_file import load_catalog
from zorders.services.jobs import JobPolicy, Worker
from zorders.services.orders import async_orders

UUID_LENGTH = 36


@pytest.fixture
def lazy(container: Container) -> Iterator[TestClient]:
    """A client whose requests leave the jobs they record to `work()`."""
    with TestClient(app_for(container), raise_server_exceptions=False) as c:
        yield c


def work(container: Container) -> None:
    Worker(container.uow_factory, container.wall_clock).run_until_idle()


def body(**extra: Any) -> dict[str, Any]:
    return {
        "orderDate": "2025-01-01",
        "newAccount": new_account(),
        "subscriptions": [{"orderActions": [create_subscription()]}],
        **extra,
    }


def submit(client: TestClient, session: Session, payload: dict[str, Any], query: str = "") -> str:
    response = client.post(f"/v1/async/orders{query}", headers=session.headers | NEW, json=payload)
    assert response.status_code == 202, response.text
    answer = response.json()
    assert answer["success"] is True
    assert len(answer["jobId"]) == UUID_LENGTH
    assert str(uuid.UUID(answer["jobId"])) == answer["jobId"]
    job_id: str = answer["jobId"]
    return job_id


def _set(answer: dict[str, Any]) -> dict[str, Any]:
    """The keys of an answer that have a value (the others are null: every key of the
    client's model is answered)."""
    return {k: v for k, v in answer.items() if v is not None}


def poll(client: TestClient, session: Session, job_id: str) -> dict[str, Any]:
    response = client.get(f"/v1/async-jobs/{job_id}", headers=session.headers)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_async_create_processing_then_completed_as_the_sync_create(
    lazy: TestClient, client: TestClient, container: Container, shop: Session, new_session: Any
) -> None:
    job_id = submit(lazy, shop, body())
    assert _set(poll(lazy, shop, job_id)) == {"success": True, "status": "Processing"}
    # Nothing of the order exists before the worker ran.
    assert lazy.get("/v1/orders/O-00000001", headers=shop.headers).status_code == 404
    work(container)
    answer = poll(lazy, shop, job_id)
    assert answer["status"] == "Completed"
    assert answer["success"] is True
    result = answer["result"]
    assert result == {
        "success": True,
        "orderNumber": "O-00000001",
        "accountNumber": "A00000001",
        "status": "Completed",
        "subscriptions": [
            {
                "subscriptionNumber": "A-S00000001",
                "status": "Active",
                "subscriptionOwnerId": result["subscriptions"][0]["subscriptionOwnerId"],
                "subscriptionOwnerNumber": "A00000001",
            }
        ],
        "jobType": "AsyncCreateOrder",
    }
    # The same body through the sync create, in a tenant of its own, answers the same.
    other = new_session()
    with container.uow_factory() as uow:
        ctx = container.tenant_clock.context(other.tenant_id, "test")
        load_catalog(uow, ctx, read_catalog_file(DEMO_CATALOG))
        uow.commit()
    sync = subscribe(client, other)
    sync["subscriptions"][0].pop("subscriptionOwnerId")
    result["subscriptions"][0].pop("subscriptionOwnerId")
    assert {k: v for k, v in result.items() if k != "jobType"} == sync
    order = lazy.get("/v1/orders/O-00000001", headers=shop.headers).json()["order"]
    assert order["status"] == "Completed"


def test_return_ids_and_billing_in_the_result(
    lazy: TestClient, container: Container, shop: Session
) -> None:
    payload = body(processingOptions={"runBilling": True, "billingOptions": {
        "targetDate": "2025-01-01"}})  # fmt: skip
    job_id = submit(lazy, shop, payload, "?returnIds=true")
    work(container)
    result = poll(lazy, shop, job_id)["result"]
    assert result["invoiceNumbers"] == ["INV00000001"]
    assert len(result["invoiceIds"]) == 1
    assert result["creditMemoIds"] == []
    assert len(result["orderId"]) == 32
    [sub] = result["subscriptions"]
    assert result["subscriptionIds"] == [sub["subscriptionId"]]
    assert len(result["accountId"]) == 32
    invoice = lazy.get(f"/v1/invoices/{result['invoiceIds'][0]}", headers=shop.headers).json()
    # 29 (plan) + 36 (3 seats at 12) for January, and the 99 onboarding fee.
    assert invoice["amount"] == 164


def test_a_failing_async_order_fails_with_reasons_and_stores_nothing(
    lazy: TestClient, container: Container, shop: Session
) -> None:
    payload = body(subscriptions=[{"orderActions": [create_subscription("NO-SUCH-PLAN")]}])
    job_id = submit(lazy, shop, payload)
    work(container)
    answer = poll(lazy, shop, job_id)
    assert answer["success"] is True
    assert answer["status"] == "Failed"
    [reason] = answer["reasons"]
    assert reason["code"] == 53300240  # the sync create's code for an unknown plan
    assert "NO-SUCH-PLAN" in reason["message"]
    assert answer["errors"] == reason["message"]
    assert answer["result"] is None
    # Nothing of it was kept: no order, no account, and no number consumed.
    assert lazy.get("/v1/orders/O-00000001", headers=shop.headers).status_code == 404
    assert lazy.get("/v1/accounts/A00000001", headers=shop.headers).status_code == 404
    job_id = submit(lazy, shop, body())
    work(container)
    assert poll(lazy, shop, job_id)["result"]["orderNumber"] == "O-00000001"


def test_the_edge_checks_synchronously_and_stores_no_job(
    lazy: TestClient, container: Container, shop: Session
) -> None:
    bad = lazy.post("/v1/async/orders", headers=shop.headers, json={"subscriptions": []})
    assert bad.status_code == 400
    assert bad.json()["success"] is False
    both = body(existingAccountNumber="A1")
    refused = lazy.post("/v1/async/orders", headers=shop.headers, json=both)
    assert refused.status_code == 400
    assert refused.json()["reasons"][0]["code"] == 53000420
    with container.uow_factory(read_only=True) as uow:
        assert uow.jobs.of_tenant(shop.tenant_id) == []


def _many(count: int) -> dict[str, Any]:
    return body(subscriptions=[{"orderActions": [create_subscription()]}] * count)


def test_async_limits_are_300(lazy: TestClient, container: Container, shop: Session) -> None:
    sync = lazy.post("/v1/orders", headers=shop.headers, json=_many(51))
    assert sync.status_code == 400
    assert "at most 50 subscriptions" in sync.json()["reasons"][0]["message"]
    over = lazy.post("/v1/async/orders", headers=shop.headers, json=_many(301))
    assert over.status_code == 400
    assert "at most 300 subscriptions" in over.json()["reasons"][0]["message"]
    job_id = submit(lazy, shop, _many(51))
    work(container)
    result = poll(lazy, shop, job_id)["result"]
    assert len(result["subscriptions"]) == 51
    assert result["subscriptions"][-1]["subscriptionNumber"] == "A-S00000051"


def test_idempotency_key_gives_the_same_job(
    lazy: TestClient, container: Container, shop: Session
) -> None:
    key = {"Idempotency-Key": f"async-{uuid.uuid4().hex}"}
    first = lazy.post("/v1/async/orders", headers=shop.headers | key, json=body())
    again = lazy.post("/v1/async/orders", headers=shop.headers | key, json=body())
    assert first.status_code == again.status_code == 202
    assert first.json()["jobId"] == again.json()["jobId"]
    with container.uow_factory(read_only=True) as uow:
        assert len(uow.jobs.of_tenant(shop.tenant_id)) == 1


def test_another_tenants_job_is_not_found(
    lazy: TestClient, container: Container, shop: Session, new_session: Any
) -> None:
    job_id = submit(lazy, shop, body())
    other = new_session()
    response = lazy.get(f"/v1/async-jobs/{job_id}", headers=other.headers)
    assert response.status_code == 404
    assert response.json()["success"] is False
    assert response.json()["reasons"][0]["code"] == 54300040
    unknown = lazy.get(f"/v1/async-jobs/{uuid.uuid4()}", headers=shop.headers)
    assert unknown.status_code == 404


def test_async_preview_stores_nothing(
    lazy: TestClient, container: Container, shop: Session
) -> None:
    payload = body(previewOptions={"previewTypes": ["ChargeMetrics", "BillingDocs"],
        "previewThruType": "SpecificDate", "specificPreviewThruDate": "2025-01-31"})  # fmt: skip
    response = lazy.post("/v1/async/orders/preview", headers=shop.headers, json=payload)
    assert response.status_code == 202, response.text
    job_id = response.json()["jobId"]
    assert poll(lazy, shop, job_id)["status"] == "Processing"
    work(container)
    answer = poll(lazy, shop, job_id)
    assert answer["status"] == "Completed"
    result = answer["result"]
    assert result["jobType"] == "AsyncPreviewOrder"
    [metrics] = result["chargeMetrics"]
    assert sorted(c["tcv"]["regular"] for c in metrics["charges"]) == [99, 348, 432]
    [invoice] = result["invoices"]
    assert invoice["amount"] == 164  # 29 + 36 for January, 99 once
    sync = lazy.post("/v1/orders/preview", headers=shop.headers, json=payload).json()
    expected = sync["previewResult"]
    # Each preview makes new rate plan ids; everything else is the sync preview's answer.
    for got in (result, expected):
        for charge in got["chargeMetrics"][0]["charges"]:
            charge.pop("originRatePlanId")
    assert {k: v for k, v in result.items() if k not in ("jobType", "success")} == expected
    # Nothing persisted: the next order is still O-00000001.
    assert lazy.get("/v1/orders/O-00000001", headers=shop.headers).status_code == 404


def test_async_delete(lazy: TestClient, container: Container, shop: Session) -> None:
    job_id = submit(lazy, shop, body())
    work(container)
    number = poll(lazy, shop, job_id)["result"]["orderNumber"]
    response = lazy.delete(f"/v1/async/orders/{number}", headers=shop.headers)
    assert response.status_code == 200, response.text
    delete_id = response.json()["jobId"]
    assert response.json()["success"] is True
    assert lazy.get(f"/v1/orders/{number}", headers=shop.headers).status_code == 200
    work(container)
    answer = poll(lazy, shop, delete_id)
    assert answer["status"] == "Completed"
    assert answer["result"] == {
        "success": True,
        "orderNumber": number,
        "jobType": "AsyncDeleteOrder",
    }
    assert lazy.get(f"/v1/orders/{number}", headers=shop.headers).status_code == 404
    # The create job's result outlives its order: the number is what is left.
    assert poll(lazy, shop, job_id)["result"] == {
        "success": True,
        "orderNumber": number,
        "jobType": "AsyncCreateOrder",
    }
    # ... even once another order takes the number.
    reused = lazy.post("/v1/orders", headers=shop.headers, json=body(orderNumber=number))
    assert reused.status_code == 200, reused.text
    assert poll(lazy, shop, job_id)["result"] == {
        "success": True,
        "orderNumber": number,
        "jobType": "AsyncCreateOrder",
    }
    missing = lazy.delete("/v1/async/orders/O-99999999", headers=shop.headers)
    work(container)
    failed = poll(lazy, shop, missing.json()["jobId"])
    assert failed["status"] == "Failed"
    assert "O-99999999" in failed["errors"]


def test_a_clock_move_runs_the_async_jobs_and_counts_them(sandbox: SandboxApi) -> None:
    """No worker beside this client: the jobs wait for the move, run at the tenant's time,
    and the answer's totals count them (T9)."""
    t = sandbox.new_tenant(now="2025-03-01T09:00:00Z", catalog=DEMO_CATALOG.read_text())
    headers = t["headers"] | NEW
    good = sandbox.client.post("/v1/async/orders", headers=headers, json=body()).json()
    bad_body = body(subscriptions=[{"orderActions": [create_subscription("NO-SUCH-PLAN")]}])
    bad = sandbox.client.post("/v1/async/orders", headers=headers, json=bad_body).json()
    job = sandbox.client.get(f"/v1/async-jobs/{good['jobId']}", headers=headers).json()
    assert job["status"] == "Processing"
    moved = sandbox.client.post("/zorders/v1/clock/advance", headers=headers, json={"days": 1})
    assert moved.status_code == 200, moved.text
    answer = moved.json()
    assert answer["totals"] == {"asyncJobsCompleted": 1, "asyncJobsFailed": 1}
    assert [(j["kind"], j["ranAt"]) for j in answer["ran"]] == [
        ("async_create_order", "2025-03-01T09:00:00Z"),
        ("async_create_order", "2025-03-01T09:00:00Z"),
    ]
    done = sandbox.client.get(f"/v1/async-jobs/{good['jobId']}", headers=headers).json()
    assert done["result"]["subscriptions"][0]["status"] == "Active"
    failed = sandbox.client.get(f"/v1/async-jobs/{bad['jobId']}", headers=headers).json()
    assert failed["status"] == "Failed"


def test_a_job_that_breaks_is_retried_then_failed_without_its_text(
    lazy: TestClient, container: Container, shop: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(async_orders, "create_order", broken)
    retried = submit(lazy, shop, body())
    work(container)  # the first attempt fails: retried after a backoff (W7)
    assert _set(poll(lazy, shop, retried)) == {"success": True, "status": "Processing"}
    last = submit(lazy, shop, body())
    Worker(
        container.uow_factory, container.wall_clock, policy=JobPolicy(max_attempts=1)
    ).run_until_idle()
    assert _set(poll(lazy, shop, last)) == {
        "success": True,
        "status": "Failed",
        "errors": "The job failed with an unexpected error.",
    }
    with container.uow_factory(read_only=True) as uow:
        errors = {j.last_error for j in uow.jobs.of_tenant(shop.tenant_id)}
    assert errors == {"RuntimeError: secret detail"}  # kept for the operator, never answered


def test_an_async_order_collects_its_payment_through_the_workers_gateway(
    lazy: TestClient, container: Container, shop: Session
) -> None:
    """The worker's registry carries the payment gateway (SO4, AO8): an async order with
    collectPayment bills and pays as the sync create does."""
    acct = plain_account(lazy, shop)
    number = number_of(acct)
    assert add_card(lazy, shop, number, VISA).status_code == 200
    payload = {
        "orderDate": "2025-01-01",
        "existingAccountNumber": number,
        "subscriptions": [{"orderActions": [create_subscription()]}],
        "processingOptions": {
            "runBilling": True,
            "collectPayment": True,
            "billingOptions": {"targetDate": "2025-01-01"},
        },
    }
    job_id = submit(lazy, shop, payload)
    Worker(
        container.uow_factory, container.wall_clock, registry=container.job_registry()
    ).run_until_idle()
    answer = poll(lazy, shop, job_id)
    assert answer["status"] == "Completed", answer
    result = answer["result"]
    # 29 (plan) + 36 (3 seats at 12) for January, and the 99 onboarding fee, paid at once.
    assert (result["paymentStatus"], result["paidAmount"]) == ("Processed", "164.00")
    [invoice_number] = result["invoiceNumbers"]
    invoice = lazy.get(f"/v1/invoices/{invoice_number}", headers=shop.headers).json()
    assert (invoice["amount"], invoice["balance"]) == (164, 0)
