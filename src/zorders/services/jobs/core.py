"""Jobs (issue 11): due work recorded with the change that makes it due, run by kind.

`enqueue` writes a job in the caller's unit of work. A handler runs one job: a plain
handler inside a unit of work it is given, which the job's completion commits with it
(a worker killed mid-job leaves nothing half-done, W6); a staged handler (bill runs)
commits its own steps and must be idempotent. Claims and leases live in the jobs
repository (W2, W3); the worker is in `worker.py`, the registry of the shipped kinds in
`handlers.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.clock import Clock
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.jobs.lease import LeaseKeeper
from zorders.services.ports import (
    JobRecord,
    JobState,
    PaymentGateway,
    TenantRecord,
    UnitOfWork,
    UnitOfWorkFactory,
)

log = logging.getLogger(__name__)

Payload = dict[str, Any]
Result = dict[str, Any] | None
Handler = Callable[[UnitOfWork, CommandContext, Payload], Result]
StagedHandler = Callable[[UnitOfWorkFactory, CommandContext, Payload], Result]


_AVAILABLE_AT_ONCE = datetime(1970, 1, 1, tzinfo=UTC)


class FinalJobError(Exception):
    """Raised by a handler: the job failed for good, retrying cannot help (W7)."""


@dataclass(frozen=True)
class JobPolicy:
    """Lease and retries (W3, W7): attempt n waits backoff * 2^(n-1), at most the cap."""

    lease_seconds: float = 60.0
    max_attempts: int = 5
    backoff_seconds: float = 2.0
    max_backoff_seconds: float = 3600.0

    def backoff(self, attempts: int) -> timedelta:
        delay = self.backoff_seconds * 2 ** max(attempts - 1, 0)
        return timedelta(seconds=min(delay, self.max_backoff_seconds))

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)


@dataclass(frozen=True)
class JobOutcome:
    """What running one job did: its state afterwards (`pending` = retried later), the
    tenant time it ran at, and its result or error. `lost`: its lease had lapsed and
    another runner took it, so this run's effects were rolled back."""

    job_id: str
    tenant_id: str
    kind: str
    state: JobState
    attempts: int
    now: datetime
    result: Result = None
    error: str | None = None
    lost: bool = False


class JobRegistry:
    """Handlers by job kind."""

    def __init__(self) -> None:
        self._plain: dict[str, Handler] = {}
        self._staged: dict[str, StagedHandler] = {}

    def register(self, kind: str, handler: Handler) -> None:
        self._check_new(kind)
        self._plain[kind] = handler

    def register_staged(self, kind: str, handler: StagedHandler) -> None:
        self._check_new(kind)
        self._staged[kind] = handler

    def _check_new(self, kind: str) -> None:
        if kind in self._plain or kind in self._staged:
            raise ValueError(f"job kind {kind!r} is registered already")

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted({*self._plain, *self._staged}))

    def plain(self, kind: str) -> Handler | None:
        return self._plain.get(kind)

    def staged(self, kind: str) -> StagedHandler | None:
        return self._staged.get(kind)


def enqueue(
    uow: UnitOfWork,
    ctx_or_tenant_id: CommandContext | str,
    kind: str,
    payload: Payload,
    *,
    run_at: datetime | None = None,
    now: datetime | None = None,
) -> str:
    """Record a job in the caller's transaction: it exists if and only if the caller's
    change commits (W1). `run_at` is tenant time; None runs it as soon as possible, which
    for work a job enqueues means at that job's tenant time: a clock move that ran the job
    runs it on the way, and no worker takes it at the clock's older instant (KT4). Given
    a tenant id rather than a context, `now` (or else `run_at`) stamps its creation."""
    created_at: datetime | None
    if isinstance(ctx_or_tenant_id, CommandContext):
        tenant_id, created_at = ctx_or_tenant_id.tenant_id, now or ctx_or_tenant_id.now
        if run_at is None and ctx_or_tenant_id.job_id is not None:
            run_at = ctx_or_tenant_id.now
    else:
        tenant_id, created_at = ctx_or_tenant_id, now or run_at
    if created_at is None:
        raise ValueError("enqueue with a tenant id needs `now` or `run_at`")
    if run_at is not None and run_at.tzinfo is None:
        raise ValueError("run_at must be an aware datetime")
    job_id = new_id()
    uow.jobs.add(
        JobRecord(
            id=job_id,
            tenant_id=tenant_id,
            kind=kind,
            payload=dict(payload),
            run_at=run_at,
            state=JobState.PENDING,
            attempts=0,
            # Available at once: the claim compares it with the wall clock (W4).
            available_at=_AVAILABLE_AT_ONCE,
            lease_until=None,
            last_error=None,
            result=None,
            created_at=created_at,
            finished_at=None,
        )
    )
    return job_id


def default_registry(
    *,
    payment_gateway: PaymentGateway | None = None,
    bill_run_batch_size: int | None = None,
    wall_clock: Clock | None = None,
) -> JobRegistry:
    """The kinds zorders ships (imported late: their modules enqueue through this one)."""
    from zorders.services.jobs.handlers import shipped_registry

    return shipped_registry(
        payment_gateway=payment_gateway,
        bill_run_batch_size=bill_run_batch_size,
        wall_clock=wall_clock,
    )


def run_job(
    uow_factory: UnitOfWorkFactory,
    registry: JobRegistry,
    policy: JobPolicy,
    wall_clock: Clock,
    job: JobRecord,
    now: datetime,
    *,
    tenant: TenantRecord | None = None,
) -> JobOutcome:
    """Run one claimed job (attempt `job.attempts`) at tenant time `now` and record how it
    ended: done with its effects, back to pending after a backoff, or failed (W6, W7).
    `tenant` is the job's tenant when the caller has read it already (else read here)."""
    if tenant is None:
        with uow_factory(read_only=True) as uow:
            tenant = uow.tenants.get(job.tenant_id)
    # The tenant's business date is `now` in its time zone (T2), as in a request.
    zone = tenant.time_zone if tenant is not None else None
    ctx = CommandContext(job.tenant_id, now, f"job-{job.id}", time_zone=zone, job_id=job.id)
    outcome = _outcome(job, now)
    if job.attempts > policy.max_attempts:  # only a lapsed lease gets here (W7)
        reason = f"gave up after {policy.max_attempts} attempts (the last lease lapsed)"
        return _fail(uow_factory, wall_clock, job, outcome, reason, final=True, policy=policy)
    plain, staged = registry.plain(job.kind), registry.staged(job.kind)
    try:
        if plain is not None:
            with uow_factory() as uow:
                if not uow.jobs.lock_claimed(job.id, job.attempts):
                    return _lost(outcome)
                result = plain(uow, ctx, dict(job.payload))
                if not _complete(uow, wall_clock, job, result):
                    return _lost(outcome)
                uow.commit()
        elif staged is not None:
            with LeaseKeeper(uow_factory, wall_clock, job, policy.lease_seconds):
                result = staged(uow_factory, ctx, dict(job.payload))
            with uow_factory() as uow:
                if not _complete(uow, wall_clock, job, result):
                    return _lost(outcome)
                uow.commit()
        else:
            raise FinalJobError(f"no handler for job kind {job.kind!r}")
    except Exception as error:
        final = _is_final(error)
        log.warning("job %s (%s) failed: %s", job.id, job.kind, error, exc_info=not final)
        return _fail(
            uow_factory, wall_clock, job, outcome, _reason(error), final=final, policy=policy
        )
    return _with(outcome, state=JobState.DONE, result=result)


def _complete(uow: UnitOfWork, wall_clock: Clock, job: JobRecord, result: Result) -> bool:
    return uow.jobs.finish(
        job.id,
        job.attempts,
        state=JobState.DONE,
        finished_at=wall_clock.now(),
        result=result,
    )


def _fail(
    uow_factory: UnitOfWorkFactory,
    wall_clock: Clock,
    job: JobRecord,
    outcome: JobOutcome,
    reason: str,
    *,
    final: bool,
    policy: JobPolicy,
) -> JobOutcome:
    final = final or job.attempts >= policy.max_attempts
    wall_now = wall_clock.now()
    with uow_factory() as uow:
        kept = uow.jobs.finish(
            job.id,
            job.attempts,
            state=JobState.FAILED if final else JobState.PENDING,
            finished_at=wall_now if final else None,
            error=reason,
            available_at=None if final else wall_now + policy.backoff(job.attempts),
        )
        uow.commit()
    if not kept:
        return _lost(outcome)
    state = JobState.FAILED if final else JobState.PENDING
    return _with(outcome, state=state, error=reason)


# DomainErrors a retry can cure: the database rolled the job back for another transaction.
_RETRYABLE_CODES = frozenset({ErrorCode.LOCKING_CONTENTION})


def _is_final(error: Exception) -> bool:
    """A FinalJobError, or a business refusal that running again would only repeat (W7)."""
    if isinstance(error, DomainError):
        return error.code not in _RETRYABLE_CODES
    return isinstance(error, FinalJobError)


def _reason(error: Exception) -> str:
    if isinstance(error, DomainError):
        return error.message
    return f"{type(error).__name__}: {error}"


def _outcome(job: JobRecord, now: datetime) -> JobOutcome:
    return JobOutcome(job.id, job.tenant_id, job.kind, JobState.RUNNING, job.attempts, now)


def _with(outcome: JobOutcome, **changes: Any) -> JobOutcome:
    return replace(outcome, **changes)


def _lost(outcome: JobOutcome) -> JobOutcome:
    return _with(outcome, lost=True)
