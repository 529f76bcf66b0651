"""Migration 0016 (decision OQ15): the rate plan and charge rows of versions stored before it
are filled from their documents, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text

from tests.storage.test_subscription_store import rich_subscription
from tests.support import databases
from zorders.bootstrap import build
from zorders.services.documents import subscription_to_document
from zorders.settings import Settings
from zorders.storage.migrate import upgrade
from zorders.storage.tables import (
    subscription_rate_plan_charges,
    subscription_rate_plans,
    subscription_versions,
)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrade_fills_the_rate_plan_rows(backend: str, tmp_path: Path) -> None:
    if backend == "postgresql":
        reason = databases.postgres_unavailable_reason()
        if reason is not None:
            pytest.skip(reason)
        url = databases.create_postgres_database()
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
    container = build(Settings(database_url=url))
    tenant_id = uuid.uuid4().hex
    sub = rich_subscription()
    at = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)
    try:
        upgrade(container.engine, "0015")
        with container.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO tenants (id, name, created_at, entity_id, org_id)"
                    " VALUES (:id, 'old', :at, :id, :id)"
                ),
                {"id": tenant_id, "at": "2025-01-01 00:00:00"},
            )
            conn.execute(
                insert(subscription_versions).values(
                    id=sub.id,
                    tenant_id=tenant_id,
                    number=sub.number,
                    version=sub.version,
                    account_id=sub.account_id,
                    invoice_owner_account_id=sub.invoice_owner_account_id,
                    currency=sub.currency,
                    order_number=sub.order_number,
                    document=subscription_to_document(sub),
                    created_at=at,
                )
            )
        upgrade(container.engine)
        with container.engine.connect() as conn:
            plans = conn.execute(select(subscription_rate_plans)).mappings().all()
            charges = conn.execute(select(subscription_rate_plan_charges)).mappings().all()
        assert sorted((p["plan_id"], p["name"], p["subscription_version_id"]) for p in plans) == (
            sorted((p.id, p.name, sub.id) for p in sub.rate_plans)
        )
        assert sorted((c["charge_id"], c["plan_id"], c["charge_number"]) for c in charges) == (
            sorted((c.id, p.id, c.number) for p in sub.rate_plans for c in p.charges)
        )
        assert {c["charge_type"] for c in charges} == {
            c.charge_type.value for p in sub.rate_plans for c in p.charges
        }
        assert {(p["tenant_id"], p["created_at"]) for p in plans} == {(tenant_id, at)}
    finally:
        container.close()
        if backend == "postgresql":
            databases.drop_postgres_database(url)
