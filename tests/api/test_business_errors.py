"""The tenant's `--business-errors` setting (issue 9 item 6; decisions.md E5, E6).

By default business errors answer 4xx, as the reference declares. Under `http-200` the
v1 REST business errors answer HTTP 200 with the same `success: false` body, as Zuora's
error-handling guide shows order creation answering code 53100320 (an invalid termType).
401, malformed JSON or gzip, unknown routes, the CRUD family and `/oauth/token` keep
their status.
"""

from __future__ import annotations

import gzip
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_orders import NEW, create_subscription, new_account
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.services import tenants
from zorders.services.tenants import BusinessErrors

FOREVER: dict[str, Any] = {
    "orderDate": "2025-01-01",
    "newAccount": new_account(),
    "subscriptions": [
        {"orderActions": [create_subscription(term={"initialTerm": {"termType": "FOREVER"}})]}
    ],
}


def _configure(container: Container, session: Session, value: BusinessErrors) -> None:
    tenants.configure_tenant(container.uow_factory, session.credentials.name, business_errors=value)


@pytest.fixture
def http_200(container: Container, shop: Session) -> Iterator[Session]:
    _configure(container, shop, BusinessErrors.HTTP_200)
    yield shop
    _configure(container, shop, BusinessErrors.HTTP_4XX)


def _assert_failure(response: Any, code: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert body["success"] is False, body
    assert body["requestId"] == response.headers["zuora-request-id"]
    if code is not None:
        assert body["reasons"][0]["code"] == code, body
    return body


def _assert_term_type(response: Any) -> None:
    [reason] = _assert_failure(response)["reasons"]
    assert str(reason["code"]).endswith("20")  # category 20, invalid value
    assert "TERMED, EVERGREEN" in reason["message"]


def test_default_is_4xx(client: TestClient, shop: Session) -> None:
    response = client.post("/v1/orders", headers=shop.headers | NEW, json=FOREVER)
    assert response.status_code == 400
    _assert_term_type(response)
    missing = client.get("/v1/accounts/A-NOPE", headers=shop.headers)
    assert missing.status_code == 404


def test_http_200_on_an_order_validation_error(client: TestClient, http_200: Session) -> None:
    # Zuora's own example: order creation, an invalid termType, HTTP 200.
    response = client.post("/v1/orders", headers=http_200.headers | NEW, json=FOREVER)
    assert response.status_code == 200, response.text
    _assert_term_type(response)
    # Body validation of the edge (a required field) and the limits table likewise.
    no_date = {k: v for k, v in FOREVER.items() if k != "orderDate"}
    response = client.post("/v1/orders", headers=http_200.headers | NEW, json=no_date)
    assert response.status_code == 200
    assert str(_assert_failure(response)["reasons"][0]["code"]).endswith("22")
    # Nothing was stored.
    assert client.get("/v1/orders", headers=http_200.headers).json()["orders"] == []


def test_http_200_on_an_account_error(client: TestClient, http_200: Session) -> None:
    response = client.post(
        "/v1/accounts", headers=http_200.headers, json={"currency": "USD", "billCycleDay": 1}
    )
    assert response.status_code == 200, response.text
    assert "name" in _assert_failure(response)["reasons"][0]["message"]
    # A key that names no account: Zuora's 200 "cannot find" answer, not a 404.
    missing = client.get("/v1/accounts/A-NOPE", headers=http_200.headers)
    assert missing.status_code == 200
    assert str(_assert_failure(missing)["reasons"][0]["code"]).endswith("40")


def test_http_200_keeps_the_other_statuses(client: TestClient, http_200: Session) -> None:
    # 401: no token, or a bad one.
    assert client.get("/v1/orders").status_code == 401
    bad = client.get("/v1/orders", headers={"Authorization": "Bearer " + "0" * 32})
    assert bad.status_code == 401
    # Malformed JSON and broken gzip.
    malformed = client.post(
        "/v1/orders",
        headers=http_200.headers | {"Content-Type": "application/json"},
        content=b"{not json",
    )
    assert malformed.status_code == 400
    _assert_failure(malformed, 50000090)
    broken = client.post(
        "/v1/accounts",
        headers=http_200.headers | {"Content-Encoding": "gzip", "Content-Type": "application/json"},
        content=gzip.compress(b"{}")[:-4],
    )
    assert broken.status_code == 400
    # An unknown route and a wrong method.
    assert client.get("/v1/no-such-route", headers=http_200.headers).status_code == 404
    assert client.delete("/v1/accounts", headers=http_200.headers).status_code == 405
    # The CRUD family keeps its 4xx.
    crud = client.get("/v1/object/product/" + "0" * 32, headers=http_200.headers)
    assert crud.status_code == 404
    assert crud.json()["Success"] is False
    crud_bad = client.post("/v1/object/product", headers=http_200.headers, json={})
    assert crud_bad.status_code == 400
    # /oauth/token is its own family.
    token = client.post(
        "/oauth/token",
        data={
            "client_id": http_200.credentials.client_id,
            "client_secret": http_200.credentials.client_secret or "",
            "grant_type": "password",
        },
    )
    assert token.status_code == 400
    # A header the token cannot act in is not a business error either.
    other = client.get(
        "/v1/orders", headers=http_200.headers | {"Zuora-Entity-Ids": str(uuid.uuid4())}
    )
    assert other.status_code == 403


def test_switching_back_and_idempotent_replays(
    client: TestClient, container: Container, http_200: Session
) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = client.post("/v1/orders", headers=http_200.headers | NEW | key, json=FOREVER)
    assert first.status_code == 200
    _configure(container, http_200, BusinessErrors.HTTP_4XX)
    # The replay answers what was answered, under the setting of the time.
    replay = client.post("/v1/orders", headers=http_200.headers | NEW | key, json=FOREVER)
    assert replay.status_code == 200
    assert replay.json() == first.json()
    # A new request follows the setting of now.
    again = client.post("/v1/orders", headers=http_200.headers | NEW, json=FOREVER)
    assert again.status_code == 400
    _assert_term_type(again)
    # And a success is a success under either setting.
    _configure(container, http_200, BusinessErrors.HTTP_200)
    ok = client.post(
        "/v1/orders",
        headers=http_200.headers | NEW,
        json={**FOREVER, "subscriptions": [{"orderActions": [create_subscription()]}]},
    )
    assert ok.status_code == 200
    assert ok.json()["success"] is True
