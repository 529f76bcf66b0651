"""Bill run throughput: N accounts with one subscription each, billed by one bill run.

Seeds through the services (no HTTP), then runs two bill runs: the first (target
2025-01-01) is timed with nothing else watching, for invoices per second; the second (the
next period, target 2025-02-01, the same work) runs under tracemalloc, for the peak
memory a run adds. tracemalloc slows Python by about 3x, so it must not share a timing.
On SQLite and, when reachable, PostgreSQL. `ZORDERS_BENCH_ACCOUNTS` sets N (default 1000).
"""

from __future__ import annotations

import os
import tempfile
import time
import tracemalloc
import uuid
from datetime import date
from pathlib import Path

from tests.support import databases

from zorders.api.v1 import orders as v1_orders
from zorders.bootstrap import Container, build
from zorders.cli.catalog_file import read_catalog_file
from zorders.domain.accounts import AccountDraft, ContactInfo
from zorders.domain.billing.bill_run import BillRun, BillRunScope
from zorders.services import bill_runs, tenants
from zorders.services.catalog_file import load_catalog
from zorders.services.context import CommandContext
from zorders.services.orders.create import create_order
from zorders.settings import Settings

ACCOUNTS = int(os.environ.get("ZORDERS_BENCH_ACCOUNTS", "1000"))
DEMO = Path(__file__).parents[1] / "examples" / "catalog.yaml"
ORDER = {
    "orderDate": "2025-01-01",
    "subscriptions": [
        {
            "orderActions": [
                {
                    "type": "CreateSubscription",
                    "createSubscription": {
                        "terms": {
                            "initialTerm": {
                                "termType": "TERMED",
                                "period": 12,
                                "periodType": "Month",
                            },
                            "autoRenew": True,
                        },
                        "subscribeToRatePlans": [{"productRatePlanNumber": "CLOUDDESK-BASIC"}],
                    },
                }
            ]
        }
    ],
}


def _run(backend: str, url: str) -> None:
    container = build(Settings(database_url=url))
    container.migrate()
    tenant = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"bench-{uuid.uuid4().hex[:8]}"
    )
    ctx = CommandContext(tenant.tenant_id, container.wall_clock.now(), "bench")
    with container.uow_factory() as uow:
        load_catalog(uow, ctx, read_catalog_file(DEMO))
        uow.commit()
    started = time.perf_counter()
    for i in range(ACCOUNTS):
        with container.uow_factory() as uow:
            draft = AccountDraft(
                name=f"Customer {i}",
                currency="USD",
                bill_to=ContactInfo(first_name="A", last_name=f"C{i}"),
                bill_cycle_day=1,
            )
            create_order(uow, ctx, v1_orders.create_order(ORDER, draft))
            uow.commit()
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    done = _bill_run(container, ctx, date(2025, 1, 1))
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    second = _bill_run(container, ctx, date(2025, 2, 1))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{backend:<11} {ACCOUNTS:>8} {seeded:>9.1f} {elapsed:>9.1f} "
        f"{done.invoices / elapsed:>10.1f} {peak / 1e6:>10.1f}   "
        f"invoices={done.invoices} next-period invoices={second.invoices}"
    )
    container.close()


def _bill_run(container: Container, ctx: CommandContext, target: date) -> BillRun:
    with container.uow_factory() as uow:
        run = bill_runs.create_bill_run(
            uow, ctx, target_date=target, invoice_date=None, auto_post=True,
            scope=BillRunScope(),
        )  # fmt: skip
        uow.commit()
    return bill_runs.execute_bill_run(container.uow_factory, ctx, run.id)


def main() -> None:
    print(f"Bill run: {ACCOUNTS} accounts x 1 subscription (Basic plan), target 2025-01-01")
    print(
        f"{'backend':<11} {'accounts':>8} {'seed s':>9} {'run s':>9} {'inv/s':>10} {'peak MB':>10}"
    )
    tmp = Path(tempfile.mkdtemp(prefix="zorders-bench-"))
    _run("sqlite", f"sqlite:///{tmp / 'billrun.db'}")
    if databases.postgres_unavailable_reason() is None:
        url = databases.create_postgres_database()
        try:
            _run("postgresql", url)
        finally:
            databases.drop_postgres_database(url)


if __name__ == "__main__":
    main()
