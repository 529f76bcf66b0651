"""A bill run's runner takes the batches nobody holds any more (PF51): a worker that
claimed the run together with its batches does not wait on itself, and a batch whose
runner died is billed once its lease lapses, by the run's runner, once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_bill_run_batches import _create, _customers
from tests.api.test_bill_run_crud import read_bill_run
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.services import bill_runs
from zorders.services.jobs import JobPolicy, JobRegistry, Worker, default_registry
from zorders.services.ports import JobState


class TickingClock:
    """A wall clock a second later at each look: leases lapse in a few polls."""

    def __init__(self, at: datetime) -> None:
        self._at = at
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            self._at += timedelta(seconds=1)
            return self._at

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._at += timedelta(seconds=seconds)


def bill_run_registry(wall: TickingClock) -> JobRegistry:
    """The shipped handlers of bill runs and their batches only, on the ticking clock: the
    database is the suite's, and other tests leave jobs (an async order past its backoff)
    that a worker of every kind would claim first."""
    shipped = default_registry(wall_clock=wall)
    registry = JobRegistry()
    for kind in ("bill_run", "bill_run_batch"):
        plain, staged = shipped.plain(kind), shipped.staged(kind)
        if plain is not None:
            registry.register(kind, plain)
        if staged is not None:
            registry.register_staged(kind, staged)
    return registry


class Died(BaseException):
    """The runner's process dying: nothing catches it, nothing is recorded."""


def test_a_worker_holding_the_run_and_its_batches_bills_them_itself(
    client: TestClient, shop: Session, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bill_runs, "BATCH", 1)  # 3 accounts: 3 batch jobs
    monkeypatch.setattr(bill_runs, "AWAIT_SECONDS", 0)
    monkeypatch.setattr(bill_runs, "AWAIT_POLLS", 60)  # without PF51: Processing after these
    numbers = _customers(client, shop, 3)
    run = _create(container, shop, datetime(2025, 1, 1).date())
    wall = TickingClock(datetime.now(UTC))
    policy = JobPolicy(lease_seconds=5)

    # The first worker dies after its runner billed the first batch.
    billed = bill_runs._bill_range
    calls: list[int] = []

    def dying(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise Died
        return billed(*args, **kwargs)

    monkeypatch.setattr(bill_runs, "_bill_range", dying)
    only = bill_run_registry(wall)
    first = Worker(container.uow_factory, wall, registry=only, policy=policy, batch_size=1)
    with pytest.raises(Died):
        first.run_once()
    monkeypatch.setattr(bill_runs, "_bill_range", billed)
    crud = read_bill_run(client, shop.headers, run.id)
    assert (crud["status"], crud["NumberOfInvoices"]) == ("Processing", 1)

    # Its lease lapses; the next worker claims the run and both batches left, in one claim.
    wall.advance(60)
    second = Worker(container.uow_factory, wall, registry=only, policy=policy, batch_size=10)
    outcomes = second.run_once()
    assert [(o.kind, o.state, o.lost) for o in outcomes] == [
        ("bill_run", JobState.DONE, False),
        # Billed by the run's runner once their claim lapsed: this claim finds them gone.
        ("bill_run_batch", JobState.RUNNING, True),
        ("bill_run_batch", JobState.RUNNING, True),
    ]
    crud = read_bill_run(client, shop.headers, run.id)
    assert (crud["status"], crud["NumberOfAccounts"], crud["NumberOfInvoices"]) == (
        "Posted",
        3,
        3,
    )
    with container.uow_factory(read_only=True) as uow:
        jobs = [j for j in uow.jobs.of_tenant(shop.tenant_id) if j.kind == "bill_run_batch"]
    assert [j.state for j in jobs] == [JobState.DONE] * 3
    for number in numbers:  # CLOUDDESK-BASIC 29.00 + 3 x 12.00 + 99.00 once, once each
        body = client.get(f"/v1/billing-documents?accountNumber={number}", headers=shop.headers)
        assert [d["amount"] for d in body.json()["documents"]] == [164]
