"""Clock moves: the time to advance one account through 12 monthly cycles billed by a daily
scheduled bill run (autoPost), month by month (12 advances) and in one 12-month jump, on
SQLite and PostgreSQL. In process, through the ASGI app (TestClient, test mode), one fresh
disposable tenant per round (the year-in-the-life scenario's catalog and account): each
year is 365 scheduled runs, each a `scheduled_bill_run` job and a `bill_run` job, and 12
invoices (checked). `ZORDERS_BENCH_CLOCK_YEARS` sets the rounds (default 3)."""

from __future__ import annotations

import os
import statistics
import time

from fastapi.testclient import TestClient
from tests.scenarios.test_scheduled_billing import CATALOG, DAILY, _call, advance, customer
from tests.support.test_mode import SandboxApi

from benchmarks.orders import Row, measure_backends
from zorders.bootstrap import build
from zorders.settings import Settings

ROUNDS = int(os.environ.get("ZORDERS_BENCH_CLOCK_YEARS", "3"))
RUNS_A_YEAR = 365


def _year(api: SandboxApi, *, jump: bool) -> float:
    """One tenant's year; the seconds its clock moves took."""
    t = api.new_tenant(now="2025-01-01T00:00:00Z", catalog=CATALOG)
    account = customer(api, t)
    _call(api, t, "POST", "/v1/bill-runs", json=DAILY)
    invoices = 0
    start = time.perf_counter()
    for step in [12] if jump else [1] * 12:
        invoices += advance(api, t, months=step)["totals"]["invoices"]
    elapsed = time.perf_counter() - start
    assert invoices == 12, (account, invoices)
    return elapsed


def _rows(backend: str, url: str) -> list[Row]:
    container = build(Settings(database_url=url, test_mode=True))
    container.migrate()
    rows: list[Row] = []
    try:
        with TestClient(container.app()) as client:
            api = SandboxApi(container, client)
            for label, jump in (("12 x 1 month", False), ("1 x 12 months", True)):
                times = sorted(_year(api, jump=jump) * 1000 for _ in range(ROUNDS))
                mid = statistics.median(times)
                rows.append(
                    (backend, label, ROUNDS, times[0], mid, times[-1], RUNS_A_YEAR / (mid / 1000))
                )
    finally:
        container.close()
    return rows


def main() -> None:
    measure_backends(
        "clock",
        f"Clock moves: one account, a year of a daily scheduled bill run (365 runs, 12 "
        f"invoices); ms per year, {ROUNDS} rounds; 'per s' = scheduled runs a second",
        _rows,
        14,
    )


if __name__ == "__main__":
    main()
