"""Zuora's legacy authentication (decision SU1): the `apiAccessKeyId` / `apiSecretAccessKey`
headers, or HTTP Basic with the same pair, instead of a bearer token. The pair is the
tenant's OAuth client id and secret; anything wrong answers the bad token's 401."""

from __future__ import annotations

import base64
import uuid

import pytest
from fastapi.testclient import TestClient

from tests.conftest import DEMO_CATALOG, Session
from zorders.bootstrap import Container
from zorders.cli.catalog_file import read_catalog_file
from zorders.services import tenants
from zorders.services.catalog_file import load_catalog
from zorders.services.tenants import TenantCredentials

WWW_AUTHENTICATE = "Basic realm=Zuora API, ZSession realm=Zuora API, Bearer realm=Zuora API"


def _legacy(creds: TenantCredentials, secret: str | None = None) -> dict[str, str]:
    return {
        "apiAccessKeyId": creds.client_id,
        "apiSecretAccessKey": secret if secret is not None else creds.client_secret or "",
    }


def _basic(client_id: str, secret: str) -> dict[str, str]:
    pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def _assert_401(response: object) -> None:
    assert response.status_code == 401, response.text  # type: ignore[attr-defined]
    assert response.json() == {"message": "Authentication error"}  # type: ignore[attr-defined]
    assert response.headers["www-authenticate"] == WWW_AUTHENTICATE  # type: ignore[attr-defined]


def test_the_header_pair_acts_for_its_tenant(
    client: TestClient, container: Container, tenant: TenantCredentials
) -> None:
    with container.uow_factory() as uow:
        load_catalog(
            uow,
            container.tenant_clock.context(tenant.tenant_id, "test"),
            read_catalog_file(DEMO_CATALOG),
        )
        uow.commit()
    body = {"name": "Acme", "currency": "USD", "billCycleDay": 1,
            "billToContact": {"firstName": "Ada", "lastName": "Lovelace"}}  # fmt: skip
    created = client.post("/v1/accounts", headers=_legacy(tenant), json=body)
    assert created.status_code == 200, created.text
    number = created.json()["accountNumber"]
    read = client.get(f"/v1/accounts/{number}", headers=_legacy(tenant))
    assert read.status_code == 200
    assert read.json()["basicInfo"]["name"] == "Acme"
    products = client.get("/v1/catalog/products", headers=_legacy(tenant)).json()
    assert "CLOUDDESK" in [p["sku"] for p in products["products"]]


def test_http_basic_with_the_same_pair(
    client: TestClient, session: Session, tenant: TenantCredentials
) -> None:
    headers = _basic(tenant.client_id, tenant.client_secret or "")
    response = client.get("/v1/catalog/products", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["products"] == []


def test_a_wrong_pair_is_the_bad_token_401(
    client: TestClient, tenant: TenantCredentials, new_session: object
) -> None:
    other = "00000000-0000-0000-0000-000000000000"
    for headers in (
        _legacy(tenant, secret="wrong"),
        {"apiAccessKeyId": other, "apiSecretAccessKey": tenant.client_secret or ""},
        {"apiAccessKeyId": tenant.client_id},  # no secret
        {"apiSecretAccessKey": tenant.client_secret or ""},  # no id
        _basic(tenant.client_id, "wrong"),
        {"Authorization": "Basic not-base64!"},
        {"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()},
        {"Authorization": "Bearer 0123456789abcdef0123456789abcdef"},
    ):
        _assert_401(client.get("/v1/catalog/products", headers=headers))


def test_an_authorization_header_wins_over_the_pair(
    client: TestClient, tenant: TenantCredentials
) -> None:
    # A bad bearer token is not rescued by good legacy headers: one way per request.
    headers = _legacy(tenant) | {"Authorization": "Bearer 0123456789abcdef0123456789abcdef"}
    _assert_401(client.get("/v1/catalog/products", headers=headers))


@pytest.mark.parametrize("style", ["headers", "basic"])
def test_one_tenants_pair_sees_only_its_tenant(
    client: TestClient, container: Container, style: str, new_session: object
) -> None:
    mine = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"t-{uuid.uuid4().hex[:12]}"
    )
    theirs = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"t-{uuid.uuid4().hex[:12]}"
    )

    def headers(c: TenantCredentials) -> dict[str, str]:
        return _legacy(c) if style == "headers" else _basic(c.client_id, c.client_secret or "")

    body = {"name": "Mine", "currency": "USD", "billCycleDay": 1,
            "billToContact": {"firstName": "Ada", "lastName": "Lovelace"}}  # fmt: skip
    created = client.post("/v1/accounts", headers=headers(mine), json=body).json()
    assert created["success"] is True
    seen = client.get(f"/v1/accounts/{created['accountId']}", headers=headers(theirs))
    assert seen.status_code == 404
