"""Worker throughput on PostgreSQL: N trivial due jobs (the test-only `probe` kind, one
row written per job), run by 1 and by 2 worker processes claiming with SKIP LOCKED.

Workers are started first and report ready; the N jobs are then committed at once and
the clock runs until every one is done. `ZORDERS_BENCH_JOBS` sets N (default 2000);
batch size 20, poll interval 20 ms. PostgreSQL only (SQLite has one writer).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select
from tests.support import databases
from tests.support.probe_worker import PROBE, create_probe_table, probe_runs
from tests.support.server import zorders_env

from zorders.bootstrap import Container, build
from zorders.services import tenants
from zorders.services.jobs import enqueue
from zorders.settings import Settings
from zorders.storage.tables import jobs

JOBS = int(os.environ.get("ZORDERS_BENCH_JOBS", "2000"))
ROOT = Path(__file__).parents[1]


def _measure(container: Container, url: str, workers: int) -> float:
    tenant_id = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"bench-{uuid.uuid4().hex[:8]}"
    ).tenant_id
    env = zorders_env(
        ZORDERS_DATABASE_URL=url, ZORDERS_WORKER_BATCH_SIZE="20", ZORDERS_WORKER_POLL_MS="20"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.probe_worker"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(workers)
    ]
    try:
        for p in processes:
            assert p.stdout is not None and p.stdout.readline().startswith("ready")
        now = container.wall_clock.now()
        with container.uow_factory() as uow:
            for n in range(JOBS):
                enqueue(uow, tenant_id, PROBE, {"n": n}, now=now)
            uow.commit()
        started = time.perf_counter()
        pending = select(func.count()).where(jobs.c.tenant_id == tenant_id, jobs.c.state != "done")
        while True:
            with container.engine.connect() as c:
                if c.execute(pending).scalar() == 0:
                    break
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
    finally:
        for p in processes:
            p.send_signal(signal.SIGTERM)
        for p in processes:
            p.communicate(timeout=30)
    with container.engine.connect() as c:
        ran = c.execute(
            select(func.count(), func.count(probe_runs.c.n.distinct())).where(
                probe_runs.c.tenant_id == tenant_id
            )
        ).one()
    assert tuple(ran) == (JOBS, JOBS), ran  # each exactly once
    return elapsed


def main() -> None:
    reason = databases.postgres_unavailable_reason()
    if reason is not None:
        print(f"Worker throughput: skipped ({reason})")
        return
    print(f"Worker throughput (PostgreSQL): {JOBS} trivial due jobs, batch 20")
    print(f"{'workers':>7} {'seconds':>9} {'jobs/s':>9}")
    url = databases.create_postgres_database()
    container = build(Settings(database_url=url))
    try:
        container.migrate()
        create_probe_table(container.engine)
        for workers in (1, 2):
            elapsed = _measure(container, url, workers)
            print(f"{workers:>7} {elapsed:>9.2f} {JOBS / elapsed:>9.1f}")
    finally:
        container.close()
        databases.drop_postgres_database(url)


if __name__ == "__main__":
    main()
