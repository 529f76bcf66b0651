import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from tests.support import databases
from zorders.bootstrap import Container, build
from zorders.settings import Settings
from zorders.storage.migrate import upgrade
from zorders.storage.tables import metadata


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
        if table.name != "tenants":
            assert "tenant_id" in table.c, table.name


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
