"""`python -m benchmarks.table` (`make bench`): every row of issue 15 in one run.

SQLite first (`zorders serve` with defaults): the /health ceiling and orders, the
50-subscription order, amendments; then cold starts on the migrated file, the last one in
test mode for the clock row. Then PostgreSQL, when reachable (a fresh database,
`zorders serve --workers 2 --no-worker` and two `zorders worker` processes): the throughput
ratio and the bill runs. Without PostgreSQL the bill runs are measured on SQLite with one
worker process and the PostgreSQL row is left unmeasured."""

from __future__ import annotations

import shutil
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import psycopg

from benchmarks.table import http_rows, report
from benchmarks.table.bill_rows import bill_rows
from benchmarks.table.server import (
    PG_BASE,
    postgres_database,
    postgres_reachable,
    scratch_dir,
    serving,
    sqlite_file,
    stop,
)
from benchmarks.table.settings import BenchSettings, load
from benchmarks.table.verdict import Measured

Figures = dict[str, Measured]


def _part(name: str, keys: list[str], figures: Figures, measure: Callable[[], Figures]) -> None:
    """Measure one part; a failure leaves its rows unmeasured with the error as their note."""
    started = time.perf_counter()
    print(f"... {name}", file=sys.stderr, flush=True)
    try:
        figures.update(measure())
    except Exception as err:  # the table still prints; the exit code says it failed
        traceback.print_exc()
        for key in keys:
            figures[key] = Measured(None, f"failed: {err}"[:200])
    print(f"    {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def _sqlite(s: BenchSettings, tmp: Path, figures: Figures) -> str:
    url = sqlite_file(tmp, "bench")

    def orders() -> Figures:
        with serving(url, tmp) as service:
            return http_rows.sqlite_order_rows(service, s)

    def restart_and_clock() -> Figures:
        cold, service = http_rows.cold_start_row(url, tmp, s)
        try:
            return {"cold_start": cold, "clock_year": http_rows.clock_row(service, s)}
        finally:
            stop(service.process)

    _part("SQLite orders", ["order_p50", "order_ratio", "order_50", "amend_ratio"], figures, orders)
    _part("SQLite cold start and clock", ["cold_start", "clock_year"], figures, restart_and_clock)
    return url


BILL_KEYS = ["bill_rate", "bill_cost_ratio", "bill_memory_ratio"]


def _postgres(s: BenchSettings, tmp: Path, figures: Figures) -> None:
    def measure() -> Figures:
        with postgres_database() as url, serving(url, tmp, "--no-worker", workers=2) as service:
            out = {"pg_ratio": http_rows.postgres_ratio_row(service, s)}
            out |= bill_rows(service, s, tmp, workers=2, backend="PostgreSQL")
            return out

    _part("PostgreSQL --workers 2 and bill runs", ["pg_ratio", *BILL_KEYS], figures, measure)


def _sqlite_bill_runs(s: BenchSettings, tmp: Path, url: str, figures: Figures) -> None:
    def measure() -> Figures:
        with serving(url, tmp, "--no-worker") as service:
            return bill_rows(service, s, tmp, workers=1, backend="SQLite")

    _part("SQLite bill runs", BILL_KEYS, figures, measure)


def _postgres_version() -> str | None:
    try:
        with psycopg.connect(PG_BASE, connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return None if row is None else str(row[0])
    except psycopg.Error:
        return None


def main() -> int:
    s = load()
    tmp = scratch_dir()
    started = time.perf_counter()
    figures: Figures = {}
    url = _sqlite(s, tmp, figures)
    if postgres_reachable():
        _postgres(s, tmp, figures)
    else:
        figures["pg_ratio"] = Measured(None, "PostgreSQL not reachable")
        _sqlite_bill_runs(s, tmp, url, figures)
    report.write(figures, s, report.machine(_postgres_version()), time.perf_counter() - started)
    failed = [k for k, m in figures.items() if m.value is None and m.note.startswith("failed")]
    if failed:
        print(f"failed rows: {', '.join(failed)}; logs in {tmp}", file=sys.stderr)
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
