"""Running due jobs: a stateless worker over the jobs table, and a tenant's clock advance.

A worker claims a batch (marked running under a lease, committed), runs each job and
records its end; another worker takes a job only once its lease lapsed (W3). Tenants on
a frozen test clock get their time-due jobs only from `run_due_for_tenant` (W4, W5).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import datetime
from types import FrameType

from zorders.services.clock import Clock
from zorders.services.jobs.core import JobOutcome, JobPolicy, JobRegistry, default_registry, run_job
from zorders.services.ports import JobRecord, JobState, UnitOfWorkFactory

log = logging.getLogger(__name__)

# How often a clock move looks again at a due job another runner holds (seconds).
_HELD_POLL_SECONDS = 0.02


def _claimable_again(outcome: JobOutcome) -> bool:
    """A job this call ran that a later claim could find again: back to pending for a
    retry, or lost to another runner. A move tries each job once (W5); a done or failed one
    is never pending again, so leaving it out of the claim's exclusions changes nothing and
    keeps the claim's cost flat over a long move (PF60)."""
    return outcome.lost or outcome.state not in (JobState.DONE, JobState.FAILED)


def run_due_for_tenant(
    uow_factory: UnitOfWorkFactory,
    tenant_id: str,
    until: datetime,
    *,
    wall_clock: Clock,
    since: datetime | None = None,
    registry: JobRegistry | None = None,
    policy: JobPolicy | None = None,
    max_wait_seconds: float = 600.0,
    pause: Callable[[float], None] = time.sleep,
) -> list[JobOutcome]:
    """Run, one at a time and in `run_at` order (as-soon-as-possible jobs first), every
    pending job of the tenant due by `until`, including those the jobs themselves enqueue,
    until none is left. Each runs at tenant time max(its run_at, the time reached so far),
    starting from `since` (default: the tenant's clock now), so time never runs backwards.
    A job that fails is tried once per call (its retry waits for its backoff or the next
    advance, W5). A due job another runner holds under a live lease is waited for (it may
    enqueue more), at most `max_wait_seconds` in all. The caller then sets the tenant's
    clock to `until`."""
    registry = registry or default_registry(wall_clock=wall_clock)
    policy = policy or JobPolicy()
    with uow_factory(read_only=True) as uow:
        tenant = uow.tenants.get(tenant_id)
    # The tenant (its zone) is read once for the whole move, as a request reads it (PF61).
    frozen = tenant.clock_frozen_at if tenant is not None else None
    reached = since or frozen or wall_clock.now()
    attempted: set[str] = set()
    outcomes: list[JobOutcome] = []
    waited = 0.0
    while True:
        wall_now = wall_clock.now()
        with uow_factory() as uow:
            job = uow.jobs.claim_next_for_tenant(
                tenant_id,
                until,
                wall_now + policy.lease,
                kinds=registry.kinds,
                exclude=attempted,
                wall_now=wall_now,
            )
            held = (
                0
                if job is not None
                else uow.jobs.running_for_tenant(
                    tenant_id, until, kinds=registry.kinds, wall_now=wall_now
                )
            )
            uow.commit()
        if job is None:
            if held == 0 or waited >= max_wait_seconds:
                return outcomes
            pause(_HELD_POLL_SECONDS)
            waited += _HELD_POLL_SECONDS
            continue
        if job.run_at is not None and job.run_at > reached:
            reached = job.run_at
        outcome = run_job(uow_factory, registry, policy, wall_clock, job, reached, tenant=tenant)
        if _claimable_again(outcome):
            attempted.add(job.id)
        outcomes.append(outcome)


class Worker:
    """Claims and runs due jobs of the kinds its registry knows; holds no state of its own
    between jobs, so any number can run against one database (W2)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        wall_clock: Clock,
        *,
        registry: JobRegistry | None = None,
        policy: JobPolicy | None = None,
        batch_size: int = 1,
        poll_seconds: float = 0.5,
    ) -> None:
        self.uow_factory = uow_factory
        self.wall_clock = wall_clock
        self.registry = registry or default_registry(wall_clock=wall_clock)
        self.policy = policy or JobPolicy()
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()

    def claim(self) -> list[JobRecord]:
        wall_now = self.wall_clock.now()
        with self.uow_factory() as uow:
            jobs = uow.jobs.claim(
                wall_now, wall_now + self.policy.lease, self.batch_size, self.registry.kinds
            )
            uow.commit()
        return jobs

    def run_once(self) -> list[JobOutcome]:
        """Claim up to `batch_size` due jobs, run them, and say what ran."""
        outcomes = []
        for job in self.claim():
            # One read gives both the tenant's clock and its zone (PF61).
            with self.uow_factory(read_only=True) as uow:
                tenant = uow.tenants.get(job.tenant_id)
            frozen = tenant.clock_frozen_at if tenant is not None else None
            now = frozen or self.wall_clock.now()
            outcomes.append(
                run_job(
                    self.uow_factory,
                    self.registry,
                    self.policy,
                    self.wall_clock,
                    job,
                    now,
                    tenant=tenant,
                )
            )
        return outcomes

    def run_until_idle(self, *, max_rounds: int = 1000) -> list[JobOutcome]:
        """`run_once` until a claim finds nothing (for tests and `zorders worker --once`)."""
        outcomes: list[JobOutcome] = []
        for _ in range(max_rounds):
            ran = self.run_once()
            if not ran:
                break
            outcomes += ran
        return outcomes

    def run_forever(self, *, handle_signals: bool = False) -> None:
        """Poll until `stop()` (or SIGTERM / SIGINT with `handle_signals`, in the main
        thread): the job in hand is finished first, nothing is left half-done."""
        if handle_signals:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, self._on_signal)
        while not self._stop.is_set():
            try:
                ran = self.run_once()
            except Exception:  # the database away for a moment: log, wait, try again
                log.exception("worker: claiming jobs failed")
                ran = []
            if not ran:
                self._stop.wait(self.poll_seconds)

    def stop(self) -> None:
        self._stop.set()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        log.info("worker: signal %s, stopping after the job in hand", signum)
        self.stop()


class EmbeddedWorker:
    """A worker on a thread of the API process (`zorders serve`, W8)."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self._thread = threading.Thread(target=worker.run_forever, name="zorders-worker")
        self._thread.daemon = True

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self.worker.stop()
        self._thread.join(timeout)
