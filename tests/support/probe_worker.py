"""A worker process with one test-only job kind, `probe`, that records each execution in
a table of its own (`job_probe_runs`, one row per execution: a job run twice shows twice).

    python -m tests.support.probe_worker      (settings from ZORDERS_* as `zorders worker`)

It prints "ready" once polling, and stops cleanly on SIGTERM. For the race tests and the
worker benchmark; the worker code is the product's (`Container.worker`), only the
registry differs.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, insert

from zorders.bootstrap import build
from zorders.services.context import CommandContext
from zorders.services.jobs import JobRegistry
from zorders.services.ports import UnitOfWork
from zorders.settings import Settings
from zorders.storage.types import UTCDateTime

PROBE = "probe"
probe_metadata = MetaData()
probe_runs = Table(
    "job_probe_runs",
    probe_metadata,
    Column("tenant_id", String(32), nullable=False),
    Column("n", Integer, nullable=False),
    Column("pid", Integer, nullable=False),
    Column("ran_at", UTCDateTime(), nullable=False),
)


def create_probe_table(engine: Engine) -> None:
    probe_metadata.create_all(engine, checkfirst=True)


def drop_probe_table(engine: Engine) -> None:
    probe_metadata.drop_all(engine, checkfirst=True)


def probe(uow: UnitOfWork, ctx: CommandContext, payload: dict[str, Any]) -> dict[str, Any]:
    connection = uow.connection  # type: ignore[attr-defined]
    connection.execute(
        insert(probe_runs).values(
            tenant_id=ctx.tenant_id, n=int(payload["n"]), pid=os.getpid(), ran_at=ctx.now
        )
    )
    return {"n": payload["n"]}


def probe_registry() -> JobRegistry:
    registry = JobRegistry()
    registry.register(PROBE, probe)
    return registry


def main() -> None:
    container = build(Settings.from_env())
    worker = container.worker()
    worker.registry = probe_registry()
    print("ready", datetime.now().isoformat(), flush=True)
    worker.run_forever(handle_signals=True)
    print("stopped", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
