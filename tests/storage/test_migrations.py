import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from tests.support import databases
from zorders.bootstrap import Container, build
from zorders.settings import Settings
from zorders.storage.migrate import upgrade
from zorders.storage.tables import TENANTLESS, metadata


def test_migrations_build_exactly_the_declared_schema(container: Container) -> None:
    with container.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_upgrade_is_repeatable(container: Container) -> None:
    upgrade(container.engine)  # already at head: a no-op, not an error
    names = set(inspect(container.engine).get_table_names())
    assert {"tenants", "oauth_clients", "access_tokens", "sequences", "idempotency_keys"} <= names


def test_every_business_table_carries_the_tenant_id() -> None:
    for table in metadata.sorted_tables:
        if table.name != "tenants" and table.name not in TENANTLESS:
            assert "tenant_id" in table.c, table.name
    # The tenantless ones are listed, and hold nothing a tenant's deletion must remove.
    assert {"auth_failures", "service_keys"} == TENANTLESS


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrade_gives_existing_tenants_entity_and_org_ids(backend: str, tmp_path: Path) -> None:
    """Migration 0009: tenants made before it get an entity id (their id in UUID form,
    as new tenants) and an org id of their own (decisions.md E1, E2)."""
    if backend == "postgresql":
        reason = databases.postgres_unavailable_reason()
        if reason is not None:
            pytest.skip(reason)
        url = databases.create_postgres_database()
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
    container = build(Settings(database_url=url))
    try:
        upgrade(container.engine, "0008")
        ids = [uuid.uuid4().hex, uuid.uuid4().hex]
        with container.engine.begin() as conn:
            for n, tenant_id in enumerate(ids):
                conn.execute(
                    text(
                        "INSERT INTO tenants (id, name, created_at, settings)"
                        " VALUES (:id, :name, :at, NULL)"
                    ),
                    {"id": tenant_id, "name": f"old-{n}", "at": "2025-01-01 00:00:00"},
                )
        upgrade(container.engine)
        with container.uow_factory(read_only=True) as uow:
            found = {t.id: t for t in uow.tenants.list()}
        assert [found[i].entity_id for i in ids] == [str(uuid.UUID(hex=i)) for i in ids]
        orgs = {found[i].org_id for i in ids}
        assert len(orgs) == 2
        assert all(str(uuid.UUID(o)) == o for o in orgs)
    finally:
        container.close()
        if backend == "postgresql":
            databases.drop_postgres_database(url)


_CATALOG_ROWS = (
    "INSERT INTO products (id, tenant_id, position, name, sku, description,"
    " effective_start_date, effective_end_date, allow_feature_changes, custom_fields,"
    " created_at, updated_at) VALUES ('p1', :t, 1, 'P', :sku, '', '2020-01-01',"
    " '2099-12-31', false, '{}', '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
    "INSERT INTO product_rate_plans (id, tenant_id, position, product_id, name, description,"
    " active_currencies, custom_fields, created_at, updated_at) VALUES ('r1', :t, 2, 'p1',"
    " 'R', '', '[\"USD\"]', '{}', '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
    "INSERT INTO product_rate_plan_charges (id, tenant_id, position, product_rate_plan_id,"
    " name, charge_type, charge_model, bill_cycle_type, billing_period, trigger_event,"
    " billing_timing, billing_period_alignment, list_price_base, end_date_condition,"
    " up_to_periods_type, description, taxable, custom_fields, created_at, updated_at)"
    " VALUES ('c1', :t, 3, 'r1', 'C', 'Recurring', 'FlatFee', 'DefaultFromCustomer',"
    " 'Month', 'ContractEffective', 'IN_ADVANCE', 'AlignToCharge', 'Per_Billing_Period',"
    " 'Subscription_End', 'Billing_Periods', '', false, '{}', '2025-01-01 00:00:00',"
    " '2025-01-01 00:00:00')",
    "INSERT INTO product_rate_plan_charge_tiers (id, tenant_id, product_rate_plan_charge_id,"
    " currency, tier, price, price_format, is_overage_price) VALUES ('t1', :t, 'c1', 'USD',"
    " 1, '9.99', 'FlatFee', false)",
)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrade_keys_the_catalog_by_tenant(backend: str, tmp_path: Path) -> None:
    """Migration 0013: catalog rows made before it stay, with their links, and the same
    ids can then be stored in a second tenant (decisions.md CI1)."""
    if backend == "postgresql":
        reason = databases.postgres_unavailable_reason()
        if reason is not None:
            pytest.skip(reason)
        url = databases.create_postgres_database()
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
    container = build(Settings(database_url=url))
    tenants = [uuid.uuid4().hex, uuid.uuid4().hex]
    try:
        upgrade(container.engine, "0012")
        with container.engine.begin() as conn:
            for n, tenant_id in enumerate(tenants):
                conn.execute(
                    text(
                        "INSERT INTO tenants (id, name, created_at, entity_id, org_id)"
                        " VALUES (:id, :name, :at, :id, :id)"
                    ),
                    {"id": tenant_id, "name": f"old-{n}", "at": "2025-01-01 00:00:00"},
                )
            for statement in _CATALOG_ROWS:
                conn.execute(text(statement), {"t": tenants[0], "sku": "SKU-1"})
        upgrade(container.engine)
        with container.engine.begin() as conn:
            for statement in _CATALOG_ROWS:
                conn.execute(text(statement), {"t": tenants[1], "sku": "SKU-1"})
        for tenant_id in tenants:
            with container.uow_factory(read_only=True) as uow:
                [product] = uow.catalog.list_products(tenant_id, offset=0, limit=10)
                [plan] = uow.catalog.list_plans(tenant_id, [product.id])
                [charge] = uow.catalog.list_charges(tenant_id, [plan.id])
            assert (product.id, plan.product_id, plan.id) == ("p1", "p1", "r1")
            assert [(t.id, t.currency, t.price) for t in charge.tiers] == [
                ("t1", "USD", Decimal("9.99"))
            ]
    finally:
        container.close()
        if backend == "postgresql":
            databases.drop_postgres_database(url)
