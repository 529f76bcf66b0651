from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from zorders.bootstrap import Container
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
