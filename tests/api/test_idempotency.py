"""Idempotency-Key on POST/PATCH (spec §1.5)."""

import threading
from datetime import UTC, datetime, timedelta

import httpx2 as httpx
from fastapi.testclient import TestClient

from tests.conftest import Session, app_for, login
from tests.support.live import serve_in_thread
from zorders.bootstrap import Container
from zorders.services import idempotency
from zorders.services.clock import FixedClock
from zorders.services.tenants import TenantCredentials


def _next(client: TestClient, session: Session) -> str:
    """The number the tenant would get now: shows how many executions happened."""
    number: str = client.post("/v1/test/numbers", headers=session.headers).json()["number"]
    return number


def test_a_repeat_returns_the_stored_answer(client: TestClient, session: Session) -> None:
    headers = session.headers | {"Idempotency-Key": "order-1"}
    first = client.post("/v1/test/numbers", headers=headers)
    second = client.post("/v1/test/numbers", headers=headers | {"Zuora-Track-Id": "retry"})
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second.json()["number"] == "A00000001"
    # Each answer has its own request id header; the replayed body is the stored one.
    assert second.headers["zuora-request-id"] != first.headers["zuora-request-id"]
    assert second.json()["requestId"] == first.headers["zuora-request-id"]
    assert second.headers["zuora-track-id"] == "retry"
    assert second.headers["content-type"] == first.headers["content-type"]
    assert _next(client, session) == "A00000002"  # executed once


def test_a_body_change_still_replays(client: TestClient, session: Session) -> None:
    # decisions.md #11: the stored answer is returned whatever the new body says.
    headers = session.headers | {"Idempotency-Key": "k"}
    first = client.post("/v1/test/echo", headers=headers, json={"name": "a", "termType": "TERMED"})
    again = client.post("/v1/test/echo", headers=headers, json={"name": "b", "termType": "TERMED"})
    assert again.json() == first.json()


def test_failures_are_stored_too(client: TestClient, session: Session) -> None:
    headers = session.headers | {"Idempotency-Key": "fails"}
    first = client.post("/v1/test/numbers?fail=400", headers=headers)
    assert first.status_code == 400
    again = client.post("/v1/test/numbers?fail=400", headers=headers)
    assert again.status_code == 400
    assert again.content == first.content
    assert _next(client, session) == "A00000002"

    crash = session.headers | {"Idempotency-Key": "crashes"}
    first = client.post("/v1/test/numbers?fail=500", headers=crash)
    assert first.status_code == 500
    assert first.json()["reasons"][0]["code"] == 50000060
    again = client.post("/v1/test/numbers?fail=500", headers=crash)
    assert (again.status_code, again.content) == (500, first.content)
    assert _next(client, session) == "A00000004"


def test_validation_failures_are_stored(client: TestClient, session: Session) -> None:
    headers = session.headers | {"Idempotency-Key": "invalid"}
    first = client.post("/v1/test/echo", headers=headers, json={})
    assert first.status_code == 400
    # Even a now-valid body gets the stored failure back: change the key with the payload.
    again = client.post("/v1/test/echo", headers=headers, json={"name": "a", "termType": "TERMED"})
    assert (again.status_code, again.content) == (400, first.content)


def test_same_key_on_another_url_or_method_is_422(client: TestClient, session: Session) -> None:
    headers = session.headers | {"Idempotency-Key": "k1"}
    assert client.post("/v1/test/numbers", headers=headers).status_code == 200
    other_url = client.post(
        "/v1/test/echo", headers=headers, json={"name": "a", "termType": "TERMED"}
    )
    assert other_url.status_code == 422
    assert other_url.json()["reasons"][0]["code"] == 50001130
    other_method = client.patch("/v1/test/numbers", headers=headers)
    assert other_method.status_code == 422
    other_query = client.post("/v1/test/numbers?sleep=0", headers=headers)
    assert other_query.status_code == 422
    assert _next(client, session) == "A00000002"


def test_key_longer_than_255_is_400(client: TestClient, session: Session) -> None:
    response = client.post(
        "/v1/test/numbers", headers=session.headers | {"Idempotency-Key": "k" * 256}
    )
    assert response.status_code == 400
    assert response.json()["reasons"][0]["code"] == 50001120
    assert _next(client, session) == "A00000001"
    ok = client.post("/v1/test/numbers", headers=session.headers | {"Idempotency-Key": "k" * 255})
    assert ok.status_code == 200


def test_patch_is_idempotent_too(client: TestClient, session: Session) -> None:
    headers = session.headers | {"Idempotency-Key": "p"}
    first = client.patch("/v1/test/numbers", headers=headers)
    again = client.patch("/v1/test/numbers", headers=headers)
    assert first.json() == again.json() == {"success": True, "number": "A00000001"}


def test_other_methods_ignore_the_key(client: TestClient, session: Session) -> None:
    headers = session.headers | {"Idempotency-Key": "g"}
    assert client.get("/v1/test/version", headers=headers).status_code == 200
    # A GET did not claim the key: a POST with it runs.
    assert client.post("/v1/test/numbers", headers=headers).json()["number"] == "A00000001"


def test_a_key_in_progress_gets_409(
    client: TestClient, session: Session, container: Container
) -> None:
    outcome = idempotency.claim(
        container.uow_factory,
        container.wall_clock,
        tenant_id=session.tenant_id,
        key="busy",
        method="POST",
        path="/v1/test/numbers",
    )
    assert isinstance(outcome, idempotency.Proceed)
    response = client.post(
        "/v1/test/numbers", headers=session.headers | {"Idempotency-Key": "busy"}
    )
    assert response.status_code == 409
    assert response.json()["reasons"][0]["code"] == 50001150
    assert _next(client, session) == "A00000001"


def test_keys_expire_after_24_hours(make_container, tenant: TenantCredentials) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(datetime.now(UTC))
    with TestClient(app_for(make_container(wall_clock=clock, token_ttl_seconds=86400))) as c:
        session = login(c, tenant)
        headers = session.headers | {"Idempotency-Key": "daily"}
        assert c.post("/v1/test/numbers", headers=headers).json()["number"] == "A00000001"
        clock.set(clock.now() + timedelta(hours=23, minutes=59))
        assert c.post("/v1/test/numbers", headers=headers).json()["number"] == "A00000001"
        clock.set(clock.now() + timedelta(minutes=1))
        headers = login(c, tenant).headers | {"Idempotency-Key": "daily"}  # a new day's token
        assert c.post("/v1/test/numbers", headers=headers).json()["number"] == "A00000002"
        # ... and the new answer is stored for the next 24 hours.
        assert c.post("/v1/test/numbers", headers=headers).json()["number"] == "A00000002"


def test_an_abandoned_claim_is_taken_over(make_container, tenant: TenantCredentials) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(datetime.now(UTC))
    container = make_container(wall_clock=clock, token_ttl_seconds=86400)
    with TestClient(app_for(container)) as c:
        session = login(c, tenant)
        # A process claimed the key and died before answering.
        idempotency.claim(
            container.uow_factory,
            clock,
            tenant_id=session.tenant_id,
            key="orphan",
            method="POST",
            path="/v1/test/numbers",
        )
        headers = session.headers | {"Idempotency-Key": "orphan"}
        assert c.post("/v1/test/numbers", headers=headers).status_code == 409
        clock.set(clock.now() + idempotency.LEASE)
        assert c.post("/v1/test/numbers", headers=headers).json()["number"] == "A00000001"


def test_stored_answers_are_shared_by_every_process(
    make_container,  # type: ignore[no-untyped-def]
    tenant: TenantCredentials,
) -> None:
    with TestClient(app_for(make_container())) as a, TestClient(app_for(make_container())) as b:
        session = login(a, tenant)
        headers = session.headers | {"Idempotency-Key": "xproc"}
        first = a.post("/v1/test/numbers", headers=headers)
        second = b.post("/v1/test/numbers", headers=headers)
        assert second.content == first.content


def test_two_simultaneous_requests_execute_once(
    container: Container, tenant: TenantCredentials
) -> None:
    with serve_in_thread(app_for(container)) as base_url, httpx.Client(base_url=base_url) as http:
        token = http.post(
            "/oauth/token",
            data={
                "client_id": tenant.client_id,
                "client_secret": tenant.client_secret or "",
                "grant_type": "client_credentials",
            },
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "race"}
        barrier = threading.Barrier(2)
        results: list[httpx.Response] = []
        lock = threading.Lock()

        def call() -> None:
            with httpx.Client(base_url=base_url, timeout=30) as own:
                barrier.wait()
                response = own.post("/v1/test/numbers?sleep=0.5", headers=headers)
                with lock:
                    results.append(response)

        threads = [threading.Thread(target=call) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(r.status_code for r in results)
        served = [r for r in results if r.status_code == 200]
        assert statuses in ([200, 409], [200, 200])
        assert {r.json()["number"] for r in served} == {"A00000001"}
        if statuses == [200, 200]:
            assert results[0].content == results[1].content
        # Exactly one execution: the next number is the second one.
        plain = {"Authorization": f"Bearer {token}"}
        assert http.post("/v1/test/numbers", headers=plain).json()["number"] == "A00000002"


def test_a_claim_whose_work_committed_is_never_run_again(
    make_container,  # type: ignore[no-untyped-def]
    tenant: TenantCredentials,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """A process that committed the request's work and died before storing its answer
    (here: storing is skipped) leaves a sealed claim (CR2): after the lease a retry with the
    key gets 409, not a second execution; the sealed key is not given back either."""
    clock = FixedClock(datetime.now(UTC))
    container = make_container(wall_clock=clock, token_ttl_seconds=86400)
    with TestClient(app_for(container)) as c:
        session = login(c, tenant)
        headers = session.headers | {"Idempotency-Key": "died-after-commit"}
        with monkeypatch.context() as m:
            m.setattr(idempotency, "complete", lambda *a, **k: None)
            assert c.post("/v1/test/numbers", headers=headers).json()["number"] == "A00000001"
        with container.uow_factory(read_only=True) as uow:
            record = uow.idempotency.get(session.tenant_id, "died-after-commit")
        assert record is not None
        assert (record.completed, record.work_committed) == (False, True)
        idempotency.release(container.uow_factory, tenant_id=session.tenant_id, key=record.key)
        clock.set(clock.now() + idempotency.LEASE)
        retry = c.post("/v1/test/numbers", headers=headers)
        assert retry.status_code == 409
        reason = retry.json()["reasons"][0]
        assert reason["code"] == 50001150
        assert "carried out" in reason["message"]
        assert _next(c, session) == "A00000002"  # executed once
        # Past its retention the key is free again.
        clock.set(clock.now() + idempotency.RETENTION)
        headers = login(c, tenant).headers | {"Idempotency-Key": "died-after-commit"}
        assert c.post("/v1/test/numbers", headers=headers).json()["number"] == "A00000003"


def test_a_request_that_fails_leaves_its_claim_unsealed(
    client: TestClient, session: Session, container: Container
) -> None:
    """Work rolled back seals nothing: the stored answer is the failure, and the claim
    says no work committed."""
    headers = session.headers | {"Idempotency-Key": "failed"}
    response = client.post("/v1/orders", headers=headers, json={"orderDate": "not-a-date"})
    assert response.status_code == 400
    with container.uow_factory(read_only=True) as uow:
        record = uow.idempotency.get(session.tenant_id, "failed")
    assert record is not None
    assert (record.completed, record.work_committed, record.status_code) == (True, False, 400)
