"""Bill-run tenants seeded through the use cases, in the bench's process, against the
database a running `zorders serve` uses: creating 10,000 accounts over HTTP would time the
set-up, not the bill run (PF4). Each account: one Basic-plan subscription from 2025-01-01,
billing on the 1st, as benchmarks/bill_runs.py seeds them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from benchmarks.table.payloads import BASIC_ORDER
from benchmarks.table.server import CATALOG
from zorders.api.v1 import orders as v1_orders
from zorders.bootstrap import Container, build
from zorders.cli.catalog_file import read_catalog_file
from zorders.domain.accounts import AccountDraft, ContactInfo
from zorders.services import tenants
from zorders.services.catalog_file import load_catalog
from zorders.services.context import CommandContext
from zorders.services.orders.create import create_order
from zorders.settings import Settings

# PostgreSQL's statistics are refreshed every this many accounts and at the end, as its
# autovacuum would: the machine's PostgreSQL runs with autovacuum off, and plans made for
# empty tables (a scan of the tenant's accounts to check a number) slow seeding and runs.
ANALYZE_EVERY = 5000


def _analyze(container: Container) -> None:
    if container.engine.dialect.name == "postgresql":
        with container.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()


@dataclass(frozen=True)
class SeededTenant:
    name: str
    client_id: str
    client_secret: str
    accounts: int


def seed_tenant(database_url: str, accounts: int, batch: int) -> SeededTenant:
    """A new tenant with the demo catalog and `accounts` subscribed accounts, `batch`
    accounts a transaction."""
    container = build(Settings(database_url=database_url))
    try:
        name = f"bench-{accounts}-{uuid.uuid4().hex[:6]}"
        creds = tenants.create_tenant(container.uow_factory, container.wall_clock, name)
        ctx = CommandContext(creds.tenant_id, container.wall_clock.now(), "bench-seed")
        with container.uow_factory() as uow:
            load_catalog(uow, ctx, read_catalog_file(CATALOG))
            uow.commit()
        for start in range(0, accounts, batch):
            with container.uow_factory() as uow:
                for i in range(start, min(start + batch, accounts)):
                    draft = AccountDraft(
                        name=f"Customer {i}",
                        currency="USD",
                        bill_to=ContactInfo(first_name="A", last_name=f"C{i}"),
                        bill_cycle_day=1,
                    )
                    create_order(uow, ctx, v1_orders.create_order(BASIC_ORDER, draft))
                uow.commit()
            done = min(start + batch, accounts)
            if done // ANALYZE_EVERY > start // ANALYZE_EVERY or done == accounts:
                _analyze(container)
        assert creds.client_secret is not None
        return SeededTenant(name, creds.client_id, creds.client_secret, accounts)
    finally:
        container.close()
