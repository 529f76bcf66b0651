"""`zorders worker` as real processes (issue 11): two workers racing for the same due
items on PostgreSQL each run every item exactly once; a worker killed with SIGKILL mid
bill run and another started after it: nothing lost, nothing doubled; `--once`."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.api.test_bill_runs import _customer, _documents
from tests.conftest import DEMO_CATALOG, Session, app_for, login
from tests.support.probe_worker import PROBE, create_probe_table, drop_probe_table, probe_runs
from tests.support.server import zorders_env
from zorders.bootstrap import Container
from zorders.cli.catalog_file import read_catalog_file
from zorders.services import bill_runs, tenants
from zorders.services.catalog_file import load_catalog
from zorders.services.context import CommandContext
from zorders.services.jobs import enqueue
from zorders.services.ports import JobState

ROOT = Path(__file__).parents[2]


def _spawn(database_url: str, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", *args],
        env=zorders_env(ZORDERS_DATABASE_URL=database_url, **env),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        out, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return process.returncode, out or ""


def _wait(condition: Any, timeout: float = 60.0, every: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(every)


@pytest.fixture
def idle_shop(container: Container) -> Iterator[tuple[TestClient, Session]]:
    """A tenant with the demo catalog, and a client whose app runs no worker."""
    creds = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"t-{uuid.uuid4().hex[:12]}"
    )
    with container.uow_factory() as uow:
        ctx = CommandContext(creds.tenant_id, container.wall_clock.now(), "test")
        load_catalog(uow, ctx, read_catalog_file(DEMO_CATALOG))
        uow.commit()
    with TestClient(app_for(container), raise_server_exceptions=False) as client:
        yield client, login(client, creds)


@pytest.fixture
def probe_table(container: Container) -> Iterator[None]:
    """The probe kind's table, only while the test runs (it is no part of the schema)."""
    if container.engine.dialect.name != "postgresql":
        pytest.skip("concurrent workers claiming with SKIP LOCKED are a PostgreSQL matter")
    create_probe_table(container.engine)
    yield
    drop_probe_table(container.engine)


@pytest.mark.usefixtures("probe_table")
def test_two_worker_processes_race_for_200_items_and_run_each_once(
    container: Container, database_url: str
) -> None:
    tenant_id = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"race-{uuid.uuid4().hex[:12]}"
    ).tenant_id
    settings = {"ZORDERS_WORKER_POLL_MS": "20", "ZORDERS_WORKER_BATCH_SIZE": "5"}
    workers = [_spawn(database_url, "tests.support.probe_worker", **settings) for _ in range(2)]
    try:
        for w in workers:
            assert w.stdout is not None and w.stdout.readline().startswith("ready")
        now = container.wall_clock.now()
        with container.uow_factory() as uow:  # half as soon as possible, half due by time
            for n in range(200):
                at = None if n % 2 else now - timedelta(minutes=n)
                enqueue(uow, tenant_id, PROBE, {"n": n}, run_at=at, now=now)
            uow.commit()

        def all_done() -> bool:
            with container.uow_factory(read_only=True) as uow:
                jobs = uow.jobs.of_tenant(tenant_id)
            return all(j.state is JobState.DONE for j in jobs)

        _wait(all_done)
    finally:
        stopped = [_stop(w) for w in workers]
    assert [code for code, _ in stopped] == [0, 0]
    assert all(out.rstrip().endswith("stopped") for _, out in stopped)
    with container.engine.connect() as c:
        runs = c.execute(
            select(probe_runs.c.n, probe_runs.c.pid).where(probe_runs.c.tenant_id == tenant_id)
        ).all()
    assert sorted(n for n, _ in runs) == list(range(200))  # every item once, none twice
    assert {pid for _, pid in runs} == {w.pid for w in workers}  # and both took a share
    with container.uow_factory(read_only=True) as uow:
        assert {j.attempts for j in uow.jobs.of_tenant(tenant_id)} == {1}


def test_a_worker_killed_mid_bill_run_and_another_started_bill_each_account_once(
    container: Container, database_url: str, idle_shop: tuple[TestClient, Session]
) -> None:
    client, shop = idle_shop
    accounts = [_customer(client, shop, f"K{i}") for i in range(40)]
    run = client.post(
        "/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-01-01", "autoPost": True}
    ).json()
    ctx = CommandContext(shop.tenant_id, container.wall_clock.now(), "test")

    def progress() -> tuple[str, int]:
        with container.uow_factory(read_only=True) as uow:
            found = bill_runs.get_bill_run(uow, ctx, run["id"])
        return found.status.value, found.accounts_processed

    # Batches of 5 accounts (PF49): the worker is killed between two of the run's 8 batches.
    settings = {
        "ZORDERS_WORKER_POLL_MS": "20",
        "ZORDERS_WORKER_LEASE_SECONDS": "2",
        "ZORDERS_BILL_RUN_BATCH_SIZE": "5",
    }
    first = _spawn(database_url, "zorders", "worker", **settings)
    try:
        _wait(lambda: progress()[1] >= 1, every=0.002)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
        first.communicate()
    assert first.returncode == -signal.SIGKILL
    status, processed = progress()
    assert status == "Processing" and 1 <= processed < 40, (status, processed)
    second = _spawn(database_url, "zorders", "worker", **settings)

    def run_job_done() -> bool:
        with container.uow_factory(read_only=True) as uow:
            jobs = [j for j in uow.jobs.of_tenant(shop.tenant_id) if j.kind == "bill_run"]
        return [j.state for j in jobs] == [JobState.DONE]

    try:
        # The batches nobody holds are billed at once; the run's own job, held by the dead
        # worker, is taken again when its lease lapses, and finds the run finished (PF44).
        _wait(lambda: progress()[0] == "Posted" and run_job_done())
    finally:
        code, out = _stop(second)
    assert code == 0 and out.rstrip().endswith("zorders worker stopped"), out
    with container.uow_factory(read_only=True) as uow:
        found = bill_runs.get_bill_run(uow, ctx, run["id"])
        [job] = [j for j in uow.jobs.of_tenant(shop.tenant_id) if j.kind == "bill_run"]
    assert (found.accounts_processed, found.invoices, found.account_errors) == (40, 40, 0)
    assert (job.state, job.attempts) == (JobState.DONE, 2)
    # CLOUDDESK-BASIC: 29.00 + 3 x 12.00 + 99.00 once = 164.00, once per account.
    for account in accounts:
        assert [(d["amount"], d["status"]) for d in _documents(client, shop, account)] == [
            (164, "Posted")
        ]


def test_worker_once_runs_what_is_due_and_exits(
    container: Container, database_url: str, idle_shop: tuple[TestClient, Session]
) -> None:
    client, shop = idle_shop
    account = _customer(client, shop, "Once")
    run = client.post(
        "/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-01-01"}
    ).json()
    done = subprocess.run(
        [sys.executable, "-m", "zorders", "worker", "--once"],
        env=zorders_env(ZORDERS_DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with container.uow_factory(read_only=True) as uow:
        [job] = [j for j in uow.jobs.of_tenant(shop.tenant_id) if j.kind == "bill_run"]
    assert f"{job.id}\tbill_run\tdone" in done.stdout.splitlines()
    assert done.stdout.splitlines()[-1].endswith("job(s) run")
    body = client.get(f"/v1/object/bill-run/{run['id']}", headers=shop.headers).json()
    assert (body["Status"], body["NumberOfInvoices"]) == ("Completed", 1)
    assert [d["amount"] for d in _documents(client, shop, account)] == [164]
