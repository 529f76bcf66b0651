"""POST /oauth/token and bearer authentication (spec §1.2, §1.4)."""

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.conftest import app_for, login
from zorders.services.clock import FixedClock
from zorders.services.tenants import TenantCredentials

WWW_AUTHENTICATE = "Basic realm=Zuora API, ZSession realm=Zuora API, Bearer realm=Zuora API"


def _form(creds: TenantCredentials, **override: str) -> dict[str, str]:
    form = {
        "client_id": creds.client_id,
        "client_secret": creds.client_secret or "",
        "grant_type": "client_credentials",
    }
    form.update(override)
    return form


def test_token_response(client: TestClient, tenant: TenantCredentials) -> None:
    response = client.post("/oauth/token", data=_form(tenant))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope", "jti"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert len(body["access_token"]) == 32
    # Zuora's shape: the entity the token acts in (the Zuora-Entity-Ids value), the tenant.
    assert body["scope"].split(" ") == [
        f"entity.{tenant.entity_id}",
        f"tenant.{tenant.tenant_id}",
        "platform.read",
        "platform.write",
    ]
    assert len(response.headers["zuora-request-id"]) == 36
    # Every token is new.
    again = client.post("/oauth/token", data=_form(tenant)).json()
    assert again["access_token"] != body["access_token"]
    assert again["jti"] != body["jti"]


def test_wrong_secret_or_unknown_client_is_401(
    client: TestClient, tenant: TenantCredentials
) -> None:
    for form in (
        _form(tenant, client_secret="wrong"),
        _form(tenant, client_id="00000000-0000-0000-0000-000000000000"),
    ):
        response = client.post("/oauth/token", data=form)
        assert response.status_code == 401
        assert response.json() == {"message": "Authentication error"}
        assert response.headers["www-authenticate"] == WWW_AUTHENTICATE


def test_bad_token_requests_are_400(client: TestClient, tenant: TenantCredentials) -> None:
    response = client.post("/oauth/token", data=_form(tenant, grant_type="password"))
    assert response.status_code == 400
    assert response.json() == {
        "code": 50002020,
        "message": "grant_type must be 'client_credentials'.",
    }

    form = _form(tenant)
    del form["client_secret"]
    response = client.post("/oauth/token", data=form)
    assert response.status_code == 400
    assert response.json() == {"code": 50000022, "message": "'client_secret' may not be null"}

    response = client.post("/oauth/token", json=_form(tenant))
    assert response.status_code == 400
    assert response.json()["code"] == 50000020


def test_routes_need_a_valid_bearer_token(client: TestClient, tenant: TenantCredentials) -> None:
    token = login(client, tenant).headers["Authorization"]
    for headers in (
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer 0123456789abcdef0123456789abcdef"},
        {"Authorization": token.replace("Bearer", "Basic")},
    ):
        response = client.get("/v1/test/version", headers=headers)
        assert response.status_code == 401, headers
        assert response.json() == {"message": "Authentication error"}
        assert response.headers["www-authenticate"] == WWW_AUTHENTICATE
        assert len(response.headers["zuora-request-id"]) == 36
    assert client.get("/v1/test/version", headers={"Authorization": token}).status_code == 200
    # The scheme is case-insensitive.
    lower = token.replace("Bearer", "bearer")
    assert client.get("/v1/test/version", headers={"Authorization": lower}).status_code == 200


def test_unknown_paths_need_a_token_first(client: TestClient, tenant: TenantCredentials) -> None:
    assert client.get("/v1/nothing-here").status_code == 401
    v2 = client.get("/v2/orders")
    assert v2.status_code == 401
    assert v2.json() == {"type": "unauthorized", "errors": [], "retryable": False}


def test_tokens_expire(make_container, tenant: TenantCredentials) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(datetime.now(UTC))
    with TestClient(app_for(make_container(wall_clock=clock, token_ttl_seconds=60))) as c:
        token = login(c, tenant)
        assert c.post("/oauth/token", data=_form(tenant)).json()["expires_in"] == 60
        assert c.get("/v1/test/version", headers=token.headers).status_code == 200
        clock.set(clock.now() + timedelta(seconds=59))
        assert c.get("/v1/test/version", headers=token.headers).status_code == 200
        clock.set(clock.now() + timedelta(seconds=1))
        assert c.get("/v1/test/version", headers=token.headers).status_code == 401


def test_a_token_is_valid_in_every_process(
    make_container,  # type: ignore[no-untyped-def]
    tenant: TenantCredentials,
) -> None:
    with (
        TestClient(app_for(make_container())) as first,
        TestClient(app_for(make_container())) as second,
    ):
        token = login(first, tenant)
        assert second.get("/v1/test/version", headers=token.headers).status_code == 200
