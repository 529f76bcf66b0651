"""The token endpoint against guessing (issue 16, decisions AU1, AU2): failed requests are
counted per client id and per source address; past the limit, 429 with `Retry-After`
until the window has moved on; an unknown client id costs the same work as a wrong
secret."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import app_for
from zorders.bootstrap import Container
from zorders.services import auth_throttle, tenants
from zorders.services.clock import FixedClock
from zorders.services.tenants import TenantCredentials


def _form(creds: TenantCredentials, secret: str | None = None) -> dict[str, str]:
    return {
        "client_id": creds.client_id,
        "client_secret": secret if secret is not None else (creds.client_secret or ""),
        "grant_type": "client_credentials",
    }


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 6, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def fixed(container: Container, make_container: Any, clock: FixedClock) -> Container:
    """A second container on the (migrated) test database, whose wall clock stands still."""
    made: Container = make_container(wall_clock=clock)
    return made


def _client(container: Container, address: str) -> Iterator[TestClient]:
    with TestClient(app_for(container), client=(address, 40000)) as c:
        yield c


@pytest.fixture
def from_one(fixed: Container) -> Iterator[TestClient]:
    yield from _client(fixed, f"10.0.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}")


def _tenant(container: Container) -> TenantCredentials:
    return tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"t-{uuid.uuid4().hex[:12]}"
    )


def test_a_client_id_is_refused_after_ten_failures_until_the_window_moves_on(
    fixed: Container, from_one: TestClient, clock: FixedClock
) -> None:
    shop, other = _tenant(fixed), _tenant(fixed)
    for i in range(auth_throttle.FAILURES_PER_CLIENT):
        clock.set(clock.now() + timedelta(seconds=1))
        wrong = from_one.post("/oauth/token", data=_form(shop, "wrong-secret-0123456789"))
        assert wrong.status_code == 401, (i, wrong.text)
    # The eleventh is refused even with the right secret: the first failure left the
    # window 60 s after it was made, 50 s from now.
    refused = from_one.post("/oauth/token", data=_form(shop))
    assert refused.status_code == 429
    assert refused.json() == {
        "code": 90000070,
        "message": "Too many failed token requests; retry after 51 seconds.",
    }
    assert refused.headers["retry-after"] == "51"
    # Another client id from the same address is not this one's business.
    assert from_one.post("/oauth/token", data=_form(other)).status_code == 200
    clock.set(clock.now() + timedelta(seconds=51))
    assert from_one.post("/oauth/token", data=_form(shop)).status_code == 200


def test_an_address_is_refused_after_thirty_failures_whatever_the_client_id(
    fixed: Container, from_one: TestClient, clock: FixedClock
) -> None:
    shop = _tenant(fixed)
    for _ in range(auth_throttle.FAILURES_PER_ADDRESS):
        guess = {**_form(shop), "client_id": str(uuid.uuid4())}  # a new id each time
        assert from_one.post("/oauth/token", data=guess).status_code == 401
    refused = from_one.post("/oauth/token", data=_form(shop))
    assert (refused.status_code, refused.headers["retry-after"]) == (429, "60")
    # The same client from another address is served.
    for other in _client(fixed, "192.0.2.77"):
        assert other.post("/oauth/token", data=_form(shop)).status_code == 200
    clock.set(clock.now() + timedelta(seconds=60))
    assert from_one.post("/oauth/token", data=_form(shop)).status_code == 200


def test_successes_are_not_counted(fixed: Container, from_one: TestClient) -> None:
    shop = _tenant(fixed)
    for _ in range(auth_throttle.FAILURES_PER_ADDRESS + 5):
        assert from_one.post("/oauth/token", data=_form(shop)).status_code == 200


def test_an_unknown_client_id_costs_the_same_work_as_a_wrong_secret(
    fixed: Container, from_one: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = _tenant(fixed)
    rounds: list[int] = []
    real = hashlib.pbkdf2_hmac

    def counted(name: str, secret: bytes, salt: bytes, iterations: int) -> bytes:
        rounds.append(iterations)
        return real(name, secret, salt, iterations)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counted)
    unknown = {**_form(shop), "client_id": str(uuid.uuid4())}
    assert from_one.post("/oauth/token", data=unknown).status_code == 401
    unknown_rounds = list(rounds)
    rounds.clear()
    assert from_one.post("/oauth/token", data=_form(shop, "x" * 20)).status_code == 401
    # One PBKDF2 of the same iterations either way (the stand-in hash is made once).
    assert unknown_rounds[-1:] == rounds == [20_000]
