"""The catalog plans orders name, cached across requests by catalog revision (PF25): a
change another process commits is seen by the next read; one rolled back is not."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import event

from tests.conftest import DEMO_CATALOG
from zorders.bootstrap import Container
from zorders.cli.catalog_file import read_catalog_file
from zorders.services import tenants
from zorders.services.catalog_file import load_catalog
from zorders.services.context import CommandContext

PLAN = "CLOUDDESK-BASIC"


def _shop(container: Container) -> str:
    tenant_id = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"cache-{uuid.uuid4().hex[:10]}"
    ).tenant_id
    with container.uow_factory() as uow:
        ctx = CommandContext(tenant_id, container.wall_clock.now(), "test")
        load_catalog(uow, ctx, read_catalog_file(DEMO_CATALOG))
        uow.commit()
    return tenant_id


def _plan_name(container: Container, tenant_id: str) -> str:
    with container.uow_factory(read_only=True) as uow:
        found = uow.catalog.order_plan(tenant_id, number=PLAN)
    assert found is not None
    return found[1].name


def _rename(container: Container, tenant_id: str, name: str, *, commit: bool = True) -> None:
    with container.uow_factory() as uow:
        found = uow.catalog.order_plan(tenant_id, number=PLAN)
        assert found is not None
        uow.catalog.update_plan(tenant_id, replace(found[1], name=name))
        if commit:
            uow.commit()


def test_a_cached_plan_is_one_statement_and_follows_another_process_s_change(
    container: Container, make_container: Callable[..., Container]
) -> None:
    tenant_id = _shop(container)
    assert _plan_name(container, tenant_id) == "Basic"
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(container.engine, "before_cursor_execute", record)
    try:
        with container.uow_factory(read_only=True) as uow:
            found = uow.catalog.order_plan(tenant_id, number=PLAN)
    finally:
        event.remove(container.engine, "before_cursor_execute", record)
    assert found is not None and len(found[2]) == 3
    # The revision, and nothing of the catalog (BEGIN on SQLite is a statement too).
    assert [s for s in statements if not s.startswith("BEGIN")] == [statements[-1]]
    assert "sequences" in statements[-1]

    other = make_container()  # another process: a cache of its own
    _rename(other, tenant_id, "Basic (rolled back)", commit=False)
    assert _plan_name(container, tenant_id) == "Basic"
    _rename(other, tenant_id, "Basic, renamed")
    assert _plan_name(container, tenant_id) == "Basic, renamed"
    assert _plan_name(other, tenant_id) == "Basic, renamed"


def test_a_plan_made_after_a_miss_is_found(container: Container) -> None:
    """A missing plan is cached as missing only until the catalog changes."""
    tenant_id = _shop(container)
    with container.uow_factory(read_only=True) as uow:
        assert uow.catalog.order_plan(tenant_id, number="NEW-PLAN") is None
    with container.uow_factory() as uow:
        found = uow.catalog.order_plan(tenant_id, number=PLAN)
        assert found is not None
        uow.catalog.update_plan(tenant_id, replace(found[1], product_rate_plan_number="NEW-PLAN"))
        uow.commit()
    with container.uow_factory(read_only=True) as uow:
        again = uow.catalog.order_plan(tenant_id, number="NEW-PLAN")
    assert again is not None and again[1].id == found[1].id
