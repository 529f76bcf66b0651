"""Strict Zuora mode (issue 16 item 6): a tenant held to Zuora's rate and concurrency
limits (`zuoraLimits`) gets Zuora's headers and 429s, so an integrator can test back-off;
a tenant that is not (the default) gets neither (decisions.md ZL1–ZL4)."""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.conftest import login
from tests.support import routes as test_routes
from zorders.api.app import create_app
from zorders.bootstrap import Container
from zorders.services import tenants
from zorders.services.clock import FixedClock
from zorders.services.zuora_limits import (
    CONCURRENCY_LIMITS,
    RATE_LIMITS,
    ConcurrencyClass,
    Limiter,
    RateWindow,
    ZuoraLimits,
    concurrency_class,
)

T0 = datetime(2026, 3, 2, 10, 0, 30, tzinfo=UTC)  # 30 s into a minute


def test_the_published_api_sandbox_minute_refuses_the_2501st_request() -> None:
    limiter = Limiter()
    for _ in range(2_500):
        answer = limiter.count("t", ZuoraLimits.API_SANDBOX, T0)
        assert answer.allowed
    assert answer.remaining == 0 and answer.closest.name == "minute"
    refused = limiter.count("t", ZuoraLimits.API_SANDBOX, T0)
    assert not refused.allowed and refused.exceeded is not None
    assert refused.exceeded.name == "minute" and refused.reset_seconds == 30
    # Another tenant has counts of its own; the next minute starts again, until the
    # hour's 5,000 are used.
    assert limiter.count("u", ZuoraLimits.API_SANDBOX, T0).allowed
    later = limiter.count("t", ZuoraLimits.API_SANDBOX, T0 + timedelta(seconds=30))
    # The hour is now closest to exhaustion: 5,000 - 2,502 (the refused request counts).
    assert later.allowed and later.remaining == 2_498 and later.closest.name == "hour"
    assert RATE_LIMITS[ZuoraLimits.PRODUCTION][0] == RateWindow("minute", 60, 50_000)
    assert RATE_LIMITS[ZuoraLimits.DEVELOPER_SANDBOX][2] == RateWindow("day", 86_400, 50_000)
    assert CONCURRENCY_LIMITS == {
        ConcurrencyClass.DEFAULT: 40,
        ConcurrencyClass.HIGH_VOLUME: 200,
        ConcurrencyClass.OBJECT_QUERY: 80,
    }


def test_the_concurrency_class_of_an_operation() -> None:
    assert concurrency_class("POST", "/v1/orders") is ConcurrencyClass.HIGH_VOLUME
    assert concurrency_class("POST", "/v1/orders/preview") is ConcurrencyClass.HIGH_VOLUME
    assert concurrency_class("PUT", "/v1/subscriptions/S-1/renew") is ConcurrencyClass.HIGH_VOLUME
    assert concurrency_class("PUT", "/v1/subscriptions/S-1/suspend") is ConcurrencyClass.DEFAULT
    assert concurrency_class("GET", "/v1/orders/O-1") is ConcurrencyClass.DEFAULT
    assert concurrency_class("POST", "/v2/orders") is ConcurrencyClass.OBJECT_QUERY
    assert concurrency_class("GET", "/object-query/accounts") is ConcurrencyClass.OBJECT_QUERY


def _strict_client(
    make_container: Callable[..., Container], limiter: Limiter, limits: ZuoraLimits
) -> tuple[TestClient, dict[str, str], dict[str, str], str]:
    """A client over an app with `limiter`; the headers of a tenant held to `limits` and
    of one that is not, and the first one's id."""
    container = make_container(wall_clock=FixedClock(T0))
    deps = dataclasses.replace(container.api_dependencies(), zuora_limiter=limiter)
    client = TestClient(create_app(deps, extra_routers=[test_routes.router]))
    name = f"strict-{uuid.uuid4().hex[:8]}"
    strict = tenants.create_tenant(container.uow_factory, container.wall_clock, name)
    tenants.configure_tenant(container.uow_factory, name, zuora_limits=limits)
    lax = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"lax-{uuid.uuid4().hex[:8]}"
    )
    return client, login(client, strict).headers, login(client, lax).headers, strict.tenant_id


def test_a_strict_tenant_gets_the_headers_and_a_429_past_its_minute(
    container: Container, make_container: Callable[..., Container]
) -> None:
    windows = (RateWindow("minute", 60, 3), RateWindow("hour", 3_600, 100))
    limiter = Limiter(rate_limits={ZuoraLimits.API_SANDBOX: windows})
    client, strict, lax, _ = _strict_client(make_container, limiter, ZuoraLimits.API_SANDBOX)
    with client:
        first = client.get("/v1/orders", headers=strict)
        assert first.status_code == 200
        assert first.headers["RateLimit-Limit"] == "3, 3;w=60, 100;w=3600"
        assert first.headers["RateLimit-Remaining"] == "2"
        assert first.headers["RateLimit-Reset"] == "30"
        assert first.headers["Concurrency-Limit-Type"] == "Default"
        assert first.headers["Concurrency-Limit-Limit"] == "40"
        assert first.headers["Concurrency-Limit-Remaining"] == "39"
        # An answer that is an error counts, as Zuora counts unsuccessful requests.
        assert client.get("/v1/orders/O-404", headers=strict).status_code == 404
        assert client.get("/v1/orders", headers=strict).headers["RateLimit-Remaining"] == "0"
        refused = client.get("/v1/orders", headers=strict)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "30"
        assert refused.json()["success"] is False
        assert refused.json()["reasons"] == [
            {
                "code": 70,
                "message": "API Rate limit exceeded for the minute, retry after 30 seconds",
            }
        ]
        # v2 answers in its own envelope.
        v2 = client.get("/v2/accounts", headers=strict)
        assert v2.status_code == 429 and v2.json()["type"] == "too_many_requests"
        assert v2.json()["retryable"] is True
        # A tenant not held to limits: no headers, no refusal.
        free = client.get("/v1/orders", headers=lax)
        assert free.status_code == 200 and "RateLimit-Limit" not in free.headers
        assert "Concurrency-Limit-Type" not in free.headers


def test_a_strict_tenant_past_its_concurrent_requests_gets_50000070(
    container: Container, make_container: Callable[..., Container]
) -> None:
    limiter = Limiter(concurrency_limits={**CONCURRENCY_LIMITS, ConcurrencyClass.DEFAULT: 1})
    client, strict, lax, strict_id = _strict_client(make_container, limiter, ZuoraLimits.PRODUCTION)
    with client:
        slow: list[int] = []
        holder = threading.Thread(
            target=lambda: slow.append(
                client.post("/v1/test/numbers?sleep=1.5", headers=strict).status_code
            )
        )
        holder.start()
        for _ in range(500):  # until the slow request is in progress
            if limiter.in_flight(strict_id, ConcurrencyClass.DEFAULT):
                break
            threading.Event().wait(0.005)
        refused = client.get("/v1/orders", headers=strict)
        holder.join()
        assert slow == [200]
        assert refused.status_code == 429, refused.text
        assert refused.headers["Retry-After"] == "120"
        assert refused.headers["Concurrency-Limit-Type"] == "Default"
        assert refused.headers["Concurrency-Limit-Limit"] == "1"
        assert refused.headers["Concurrency-Limit-Remaining"] == "0"
        assert refused.json()["reasons"] == [
            {
                "code": 50000070,
                "message": "The total number of concurrent requests has exceeded the limit "
                "allowed by the system. Please resubmit your request later.",
            }
        ]
        # A high-volume operation has its own count; the other tenant is not held at all.
        assert client.post("/v1/orders/preview", headers=strict, json={}).status_code == 400
        assert client.get("/v1/orders", headers=strict).status_code == 200
        assert client.get("/v1/orders", headers=lax).status_code == 200
