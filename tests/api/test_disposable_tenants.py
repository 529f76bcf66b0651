"""Disposable tenants: POST /zorders/v1/tenants, DELETE /zorders/v1/tenants/{id}."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.api.test_orders import NEW, create_subscription, new_account
from tests.conftest import app_for
from tests.support.test_mode import SandboxApi
from zorders.bootstrap import Container
from zorders.domain.billing.proration import ProrationRule
from zorders.services.tenants import BusinessErrors, tenant_settings
from zorders.storage.tables import TENANTLESS, metadata, tenants

DEMO = (Path(__file__).parents[2] / "examples" / "catalog.yaml").read_text()


def _rows_of(container: Container, tenant_id: str) -> dict[str, int]:
    """Rows of the tenant in every table of the metadata (tables added later included)."""
    counts = {}
    with container.engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in TENANTLESS:
                continue
            column = table.c.id if table is tenants else table.c.tenant_id
            counts[table.name] = conn.execute(
                select(func.count()).select_from(table).where(column == tenant_id)
            ).scalar_one()
    return counts


def _fill(api: SandboxApi, t: dict[str, Any]) -> None:
    """Orders, subscriptions, an invoice, a payment, an idempotency key, a bill run."""
    response = api.client.post(
        "/v1/orders",
        headers=t["headers"] | NEW | {"Idempotency-Key": "fill-1"},
        json={
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "processingOptions": {"runBilling": True},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert response.status_code == 200, response.text
    run = api.client.post("/v1/bill-runs", headers=t["headers"], json={"targetDate": "2025-01-01"})
    assert run.status_code == 200, run.text


def test_create_gives_a_tenant_a_token_works_for_at_once(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(
        now="2024-06-30T23:00:00Z",
        catalog=DEMO,
        settings={"proration": "thirty", "requireServiceActivation": True},
    )
    assert len(t["tenantId"]) == 32
    assert len(t["clientId"]) == 36
    assert 1 <= len(t["clientSecret"]) <= 42
    assert t["now"] == "2024-06-30T23:00:00Z"  # the past is allowed
    products = sandbox.client.get("/v1/catalog/products", headers=t["headers"])
    assert products.status_code == 200, products.text
    skus = {p["sku"] for p in products.json()["products"]}
    assert "CLOUDDESK" in skus
    with sandbox.container.uow_factory(read_only=True) as uow:
        settings = tenant_settings(uow, t["tenantId"])
    assert settings.proration is ProrationRule.THIRTY_DAYS
    assert settings.require_service_activation is True
    assert settings.require_customer_acceptance is False
    assert settings.business_errors is BusinessErrors.HTTP_4XX


def test_business_errors_setting_applies_to_the_new_tenant(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(settings={"businessErrors": "http-200"})
    missing = sandbox.client.get("/v1/accounts/nope", headers=t["headers"])
    assert missing.status_code == 200
    assert missing.json()["success"] is False


def test_delete_removes_every_row_of_the_tenant_in_every_table(sandbox: SandboxApi) -> None:
    doomed = sandbox.new_tenant(catalog=DEMO)
    kept = sandbox.new_tenant(catalog=DEMO)
    _fill(sandbox, doomed)
    _fill(sandbox, kept)
    before = _rows_of(sandbox.container, doomed["tenantId"])
    for table in ("tenants", "oauth_clients", "access_tokens", "products", "orders"):
        assert before[table] > 0, table
    assert before["billing_documents"] > 0 and before["idempotency_keys"] > 0
    kept_before = _rows_of(sandbox.container, kept["tenantId"])

    response = sandbox.client.delete(f"/zorders/v1/tenants/{doomed['tenantId']}")
    assert response.status_code == 200, response.text

    assert set(_rows_of(sandbox.container, doomed["tenantId"]).values()) == {0}
    assert _rows_of(sandbox.container, kept["tenantId"]) == kept_before
    # Its token is gone with it; the other tenant's still works.
    assert sandbox.client.get("/v1/accounts/x", headers=doomed["headers"]).status_code == 401
    assert sandbox.client.get("/zorders/v1/clock", headers=kept["headers"]).status_code == 200
    again = sandbox.client.delete(f"/zorders/v1/tenants/{doomed['tenantId']}")
    assert again.status_code == 404
    assert again.json()["success"] is False


def test_the_name_is_free_again_after_a_delete(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(name="reusable-name-" + "x" * 8)
    sandbox.client.delete(f"/zorders/v1/tenants/{t['tenantId']}")
    assert sandbox.new_tenant(name=t["name"])["tenantId"] != t["tenantId"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "n" * 101},
        {"name": "x", "now": "2025-01-01T00:00:00"},
        {"name": "x", "now": "soon"},
        {"name": "x", "catalog": "products: [unclosed"},
        {"name": "x", "catalog": "products: 5"},
        {"name": "x", "settings": {"proration": "weekly"}},
        {"name": "x", "settings": {"colour": "blue"}},
        {"name": "x", "extra": 1},
        {"name": "x", "timeZone": "Mars/Olympus_Mons"},
        {"name": "x", "timeZone": "localtime"},
        {"name": "x", "timeZone": ""},
        {"name": "x", "timeZone": 5},
        {"name": "x", "timeZone": "x" * 65},
    ],
)
def test_invalid_creates_are_refused_and_leave_nothing(
    sandbox: SandboxApi, body: dict[str, Any]
) -> None:
    if "name" in body and body["name"] == "x":
        body["name"] = f"invalid-{len(str(body))}-{abs(hash(str(body))) % 10**8}"
    response = sandbox.client.post("/zorders/v1/tenants", json=body)
    assert response.status_code == 400, (body, response.text)
    assert response.json()["success"] is False
    if body.get("name"):
        with sandbox.container.uow_factory(read_only=True) as uow:
            assert uow.tenants.get_by_name(body["name"]) is None


def test_a_taken_name_is_refused(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant()
    response = sandbox.client.post("/zorders/v1/tenants", json={"name": t["name"]})
    assert response.status_code == 400
    assert "already exists" in response.json()["reasons"][0]["message"]


def test_outside_test_mode_without_an_admin_token_there_are_no_tenant_routes(
    client: TestClient,
) -> None:
    assert client.post("/zorders/v1/tenants", json={"name": "x"}).status_code == 404
    assert client.delete("/zorders/v1/tenants/abc").status_code == 404


def test_the_admin_token_opens_the_tenant_routes(container: Container, make_container: Any) -> None:
    c = make_container(admin_token="admin-secret-123")
    with TestClient(app_for(c), raise_server_exceptions=False) as client:
        body = {"name": f"admin-made-{id(c)}"}
        assert client.post("/zorders/v1/tenants", json=body).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert client.post("/zorders/v1/tenants", json=body, headers=wrong).status_code == 401
        admin = {"Authorization": "Bearer admin-secret-123"}
        created = client.post("/zorders/v1/tenants", json=body, headers=admin)
        assert created.status_code == 200, created.text
        tenant_id = created.json()["tenantId"]
        assert client.delete(f"/zorders/v1/tenants/{tenant_id}").status_code == 401
        assert client.delete(f"/zorders/v1/tenants/{tenant_id}", headers=admin).status_code == 200
        # Without test mode the clock stays out of reach, admin or not.
        assert client.get("/zorders/v1/clock", headers=admin).status_code == 401


def test_limits_apply_to_the_body_and_the_catalog(sandbox: SandboxApi) -> None:
    long_settings = {"name": "n", "settings": {"proration": "x" * 256}}
    assert sandbox.client.post("/zorders/v1/tenants", json=long_settings).status_code == 400
    control = sandbox.client.post("/zorders/v1/tenants", json={"name": "bad\u0000name"})
    assert control.status_code == 400
    huge = sandbox.client.post(
        "/zorders/v1/tenants", json={"name": "huge-catalog", "catalog": "#" * 1_000_001}
    )
    assert huge.status_code == 400
    assert huge.json()["reasons"][0]["message"].startswith("'catalog'")
    # Inside the catalog, the catalog file's own limits: a price past 18 digits.
    too_big = DEMO.replace("29.00", "1" * 19 + ".00", 1)
    assert too_big != DEMO
    refused = sandbox.client.post(
        "/zorders/v1/tenants", json={"name": "big-price", "catalog": too_big}
    )
    assert refused.status_code == 400, refused.text


def test_a_tenant_made_in_a_time_zone_reads_its_dates_there(sandbox: SandboxApi) -> None:
    # 03:00 UTC on 1 March is still 28 February in Los Angeles (UTC-8 in winter).
    t = sandbox.new_tenant(now="2025-03-01T03:00:00Z", timeZone="America/Los_Angeles")
    assert t["timeZone"] == "America/Los_Angeles"
    clock = sandbox.client.get("/zorders/v1/clock", headers=t["headers"]).json()
    assert clock["today"] == "2025-02-28"
    assert clock["timeZone"] == "America/Los_Angeles"
    assert sandbox.new_tenant()["timeZone"] == "UTC"


def test_a_bare_date_start_is_midnight_in_the_tenant_zone(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-07-01", timeZone="Asia/Tokyo")
    # Midnight in Tokyo (UTC+9) is 15:00 UTC the day before.
    assert t["now"] == "2025-06-30T15:00:00Z"
    clock = sandbox.client.get("/zorders/v1/clock", headers=t["headers"]).json()
    assert clock["today"] == "2025-07-01"
