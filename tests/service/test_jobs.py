"""Jobs and the worker (issue 11): enqueue in the caller's transaction, a tenant's due
work in time order, claim / lease / retry / backoff / final failure. Both backends."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from zorders.bootstrap import Container
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import tenants
from zorders.services.clock import FixedClock
from zorders.services.context import CommandContext
from zorders.services.jobs import (
    FinalJobError,
    JobPolicy,
    JobRegistry,
    Worker,
    enqueue,
    run_due_for_tenant,
    run_job,
)
from zorders.services.ports import JobRecord, JobState, UnitOfWork
from zorders.storage.tables import tenants as tenants_table

T0 = datetime(2031, 3, 1, 9, 0, tzinfo=UTC)


def _tenant(container: Container, *, frozen_at: datetime | None = None) -> str:
    creds = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"jobs-{uuid.uuid4().hex[:12]}"
    )
    if frozen_at is not None:
        with container.uow_factory() as uow:
            uow.connection.execute(  # type: ignore[attr-defined]
                update(tenants_table)
                .where(tenants_table.c.id == creds.tenant_id)
                .values(clock_frozen_at=frozen_at)
            )
            uow.commit()
    return creds.tenant_id


def _kind(name: str) -> str:
    """Kinds of one test only: workers claim only the kinds they know, so other tests'
    workers leave these alone and this test's leave theirs."""
    return f"test-{name}-{uuid.uuid4().hex[:8]}"


def _jobs(container: Container, tenant_id: str) -> list[JobRecord]:
    with container.uow_factory(read_only=True) as uow:
        return uow.jobs.of_tenant(tenant_id)


def _job(container: Container, job_id: str) -> JobRecord:
    with container.uow_factory(read_only=True) as uow:
        job = uow.jobs.get(job_id)
    assert job is not None
    return job


def test_a_job_exists_only_if_the_callers_transaction_commits(container: Container) -> None:
    tenant_id = _tenant(container)
    ctx = CommandContext(tenant_id, T0, "test")
    with container.uow_factory() as uow:
        enqueue(uow, ctx, "anything", {"n": 1})
        uow.rollback()
    assert _jobs(container, tenant_id) == []
    with container.uow_factory() as uow:
        job_id = enqueue(uow, ctx, "anything", {"n": 2}, run_at=T0 + timedelta(days=3))
        uow.commit()
    [job] = _jobs(container, tenant_id)
    assert (job.id, job.kind, job.payload, job.state, job.attempts) == (
        job_id,
        "anything",
        {"n": 2},
        JobState.PENDING,
        0,
    )
    assert (job.run_at, job.created_at, job.lease_until, job.finished_at) == (
        T0 + timedelta(days=3),
        T0,
        None,
        None,
    )


def test_a_tenants_due_jobs_run_in_time_order_including_those_they_enqueue(
    container: Container,
) -> None:
    tenant_id = _tenant(container, frozen_at=T0)
    step = _kind("step")
    ran: list[tuple[str, datetime]] = []

    def handler(uow: UnitOfWork, ctx: CommandContext, payload: dict[str, Any]) -> dict[str, Any]:
        ran.append((payload["label"], ctx.now))
        for label, days in payload.get("spawn", []):
            at = None if days is None else T0 + timedelta(days=days)
            enqueue(uow, ctx, step, {"label": label}, run_at=at)
        return {"label": payload["label"]}

    registry = JobRegistry()
    registry.register(step, handler)
    ctx = CommandContext(tenant_id, T0, "test")
    with container.uow_factory() as uow:
        enqueue(uow, ctx, step, {"label": "day3"}, run_at=T0 + timedelta(days=3))
        enqueue(
            uow,
            ctx,
            step,
            {"label": "day1", "spawn": [["asap-from-day1", None], ["day2", 2], ["day9", 9]]},
            run_at=T0 + timedelta(days=1),
        )
        enqueue(uow, ctx, step, {"label": "asap"})
        enqueue(uow, ctx, step, {"label": "day6"}, run_at=T0 + timedelta(days=6))
        uow.commit()
    wall = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    # A worker leaves a frozen tenant's time-due jobs alone; only its ASAP job is taken.
    worker = Worker(container.uow_factory, wall, registry=registry)
    assert [(o.state, o.now) for o in worker.run_until_idle()] == [(JobState.DONE, T0)]
    assert ran == [("asap", T0)]
    outcomes = run_due_for_tenant(
        container.uow_factory,
        tenant_id,
        T0 + timedelta(days=5),
        wall_clock=wall,
        registry=registry,
    )
    day = timedelta(days=1)
    # An ASAP job enqueued at day 1 runs at day 1 (time never runs backwards); day 2,
    # enqueued by day 1, runs before day 3; day 6 and day 9 are not due by day 5.
    assert ran[1:] == [
        ("day1", T0 + day),
        ("asap-from-day1", T0 + day),
        ("day2", T0 + 2 * day),
        ("day3", T0 + 3 * day),
    ]
    assert [(o.result, o.state) for o in outcomes] == [
        ({"label": label}, JobState.DONE) for label, _ in ran[1:]
    ]
    pending = [
        j.payload["label"] for j in _jobs(container, tenant_id) if j.state is JobState.PENDING
    ]
    assert sorted(pending) == ["day6", "day9"]


def test_work_a_job_enqueues_is_due_at_the_jobs_tenant_time(container: Container) -> None:
    """KT4: a clock move ran a job at day 1 that enqueued follow-up work as soon as
    possible. The tenant's clock still says day 0 until the move ends, so a worker polling
    meanwhile must not take the follow-up (it would run at day 0, and the move's summary
    would miss it); the move runs it, at day 1. A worker's own job on the frozen clock
    still has its follow-up taken by the worker, at the clock's instant."""
    tenant_id = _tenant(container, frozen_at=T0)
    parent, child = _kind("parent"), _kind("child")
    ran: list[tuple[str, datetime]] = []

    def spawn(uow: UnitOfWork, ctx: CommandContext, payload: dict[str, Any]) -> None:
        ran.append(("parent", ctx.now))
        enqueue(uow, ctx, child, {})

    registry = JobRegistry()
    registry.register(parent, spawn)
    registry.register(child, lambda uow, ctx, payload: ran.append(("child", ctx.now)))
    day1 = T0 + timedelta(days=1)
    wall = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    with container.uow_factory() as uow:
        enqueue(uow, CommandContext(tenant_id, T0, "test"), parent, {}, run_at=day1)
        uow.commit()
    # The move's first step: it claims the day-1 job and runs it at day 1.
    with container.uow_factory() as uow:
        job = uow.jobs.claim_next_for_tenant(
            tenant_id,
            day1,
            wall.now() + timedelta(minutes=1),
            kinds=registry.kinds,
            wall_now=wall.now(),
        )
        uow.commit()
    assert job is not None
    run_job(container.uow_factory, registry, JobPolicy(), wall, job, day1)
    [follow_up] = [j for j in _jobs(container, tenant_id) if j.kind == child]
    assert (follow_up.state, follow_up.run_at) == (JobState.PENDING, day1)
    worker = Worker(container.uow_factory, wall, registry=registry)
    assert worker.run_until_idle() == []
    outcomes = run_due_for_tenant(
        container.uow_factory, tenant_id, day1, wall_clock=wall, registry=registry, since=day1
    )
    assert [(o.kind, o.now) for o in outcomes] == [(child, day1)]
    assert ran == [("parent", day1), ("child", day1)]

    # An ASAP job a request recorded: the worker runs it and its follow-up at the clock.
    ran.clear()
    with container.uow_factory() as uow:
        enqueue(uow, CommandContext(tenant_id, T0, "test"), parent, {})
        uow.commit()
    assert [(o.kind, o.now) for o in worker.run_until_idle()] == [(parent, T0), (child, T0)]
    assert ran == [("parent", T0), ("child", T0)]


def test_a_worker_takes_time_due_jobs_by_the_wall_clock_for_tenants_that_follow_it(
    container: Container,
) -> None:
    tenant_id = _tenant(container)
    kind = _kind("due")
    registry = JobRegistry()
    registry.register(kind, lambda uow, ctx, payload: {"at": ctx.now.isoformat()})
    wall = FixedClock(T0)
    with container.uow_factory() as uow:
        job_id = enqueue(uow, tenant_id, kind, {}, run_at=T0 + timedelta(hours=1), now=T0)
        uow.commit()
    worker = Worker(container.uow_factory, wall, registry=registry)
    assert worker.run_once() == []
    wall.set(T0 + timedelta(hours=1))
    [outcome] = worker.run_once()
    assert (outcome.job_id, outcome.state, outcome.result) == (
        job_id,
        JobState.DONE,
        {"at": (T0 + timedelta(hours=1)).isoformat()},
    )
    done = _job(container, job_id)
    assert (done.state, done.attempts, done.finished_at, done.lease_until) == (
        JobState.DONE,
        1,
        T0 + timedelta(hours=1),
        None,
    )


def _failing(container: Container, error: Callable[[], Exception]) -> tuple[str, str, JobRegistry]:
    tenant_id = _tenant(container)
    kind = _kind("failing")
    follow_up = _kind("follow-up")

    def handler(uow: UnitOfWork, ctx: CommandContext, payload: dict[str, Any]) -> None:
        enqueue(uow, ctx, follow_up, {})  # an effect, rolled back with the failure
        raise error()

    registry = JobRegistry()
    registry.register(kind, handler)
    with container.uow_factory() as uow:
        job_id = enqueue(uow, tenant_id, kind, {}, now=T0)
        uow.commit()
    return tenant_id, job_id, registry


def test_failures_are_retried_with_exponential_backoff_then_fail(container: Container) -> None:
    tenant_id, job_id, registry = _failing(container, lambda: RuntimeError("gateway timeout"))
    wall = FixedClock(T0)
    policy = JobPolicy(max_attempts=3, backoff_seconds=2)
    worker = Worker(container.uow_factory, wall, registry=registry, policy=policy)
    [first] = worker.run_once()
    assert (first.state, first.attempts, first.error) == (
        JobState.PENDING,
        1,
        "RuntimeError: gateway timeout",
    )
    job = _job(container, job_id)
    assert (job.available_at, job.last_error) == (T0 + timedelta(seconds=2), first.error)
    wall.set(T0 + timedelta(seconds=1.9))
    assert worker.run_once() == []  # still backing off
    wall.set(T0 + timedelta(seconds=2))
    [second] = worker.run_once()
    assert (second.state, second.attempts) == (JobState.PENDING, 2)
    assert _job(container, job_id).available_at == T0 + timedelta(seconds=6)  # 2 + 4
    wall.set(T0 + timedelta(seconds=6))
    [third] = worker.run_once()
    assert (third.state, third.attempts) == (JobState.FAILED, 3)
    job = _job(container, job_id)
    assert (job.state, job.attempts, job.finished_at, job.last_error) == (
        JobState.FAILED,
        3,
        T0 + timedelta(seconds=6),
        "RuntimeError: gateway timeout",
    )
    wall.set(T0 + timedelta(days=1))
    assert worker.run_once() == []
    # Nothing the failing handler did stayed: its follow-up job was rolled back each time.
    assert [j.id for j in _jobs(container, tenant_id)] == [job_id]


def test_a_final_error_is_not_retried(container: Container) -> None:
    tenant_id, job_id, registry = _failing(container, lambda: FinalJobError("order is gone"))
    wall = FixedClock(T0)
    worker = Worker(container.uow_factory, wall, registry=registry)
    [outcome] = worker.run_once()
    assert (outcome.state, outcome.attempts, outcome.error) == (
        JobState.FAILED,
        1,
        "FinalJobError: order is gone",
    )
    assert [j.id for j in _jobs(container, tenant_id)] == [job_id]


@pytest.mark.parametrize(
    ("code", "state"),
    [(ErrorCode.INVALID_VALUE, JobState.FAILED), (ErrorCode.LOCKING_CONTENTION, JobState.PENDING)],
)
def test_a_business_refusal_is_final_and_contention_is_retried(
    container: Container, code: ErrorCode, state: JobState
) -> None:
    _, job_id, registry = _failing(container, lambda: DomainError(code, "Refused.", "x"))
    worker = Worker(container.uow_factory, FixedClock(T0), registry=registry)
    [outcome] = worker.run_once()
    assert (outcome.state, outcome.attempts, outcome.error) == (state, 1, "Refused.")
    assert _job(container, job_id).state is state


def test_a_lapsed_lease_is_claimed_again_and_the_first_runner_loses(container: Container) -> None:
    tenant_id = _tenant(container)
    kind = _kind("leased")
    follow_up = _kind("follow-up")

    def handler(uow: UnitOfWork, ctx: CommandContext, payload: dict[str, Any]) -> None:
        enqueue(uow, ctx, follow_up, {})

    registry = JobRegistry()
    registry.register(kind, handler)
    with container.uow_factory() as uow:
        job_id = enqueue(uow, tenant_id, kind, {}, now=T0)
        uow.commit()
    wall = FixedClock(T0)
    policy = JobPolicy(lease_seconds=30, max_attempts=2)
    first = Worker(container.uow_factory, wall, registry=registry, policy=policy)
    second = Worker(container.uow_factory, wall, registry=registry, policy=policy)
    [claimed] = first.claim()  # ... and the first worker stalls
    assert (claimed.state, claimed.attempts, claimed.lease_until) == (
        JobState.RUNNING,
        1,
        T0 + timedelta(seconds=30),
    )
    wall.set(T0 + timedelta(seconds=30))
    assert second.claim() == []  # the lease holds until it has passed
    wall.set(T0 + timedelta(seconds=31))
    [outcome] = second.run_once()
    assert (outcome.state, outcome.attempts, outcome.lost) == (JobState.DONE, 2, False)
    # The stalled worker wakes up: its claim is no longer the job's, its effects roll back.
    stale = run_job(container.uow_factory, registry, policy, wall, claimed, T0)
    assert stale.lost
    assert [j.kind for j in _jobs(container, tenant_id)].count(follow_up) == 1
    assert _job(container, job_id).state is JobState.DONE


def test_a_job_whose_leases_keep_lapsing_fails_after_the_maximum(container: Container) -> None:
    tenant_id = _tenant(container)
    kind = _kind("crashing")
    registry = JobRegistry()
    registry.register(kind, lambda uow, ctx, payload: None)
    with container.uow_factory() as uow:
        job_id = enqueue(uow, tenant_id, kind, {}, now=T0)
        uow.commit()
    wall = FixedClock(T0)
    policy = JobPolicy(lease_seconds=10, max_attempts=2)
    worker = Worker(container.uow_factory, wall, registry=registry, policy=policy)
    for i in range(2):  # two workers die holding it
        wall.set(T0 + timedelta(seconds=11 * i))
        assert [j.attempts for j in worker.claim()] == [i + 1]
    wall.set(T0 + timedelta(seconds=33))
    [outcome] = worker.run_once()
    assert (outcome.state, outcome.attempts) == (JobState.FAILED, 3)
    assert outcome.error == "gave up after 2 attempts (the last lease lapsed)"
    assert _job(container, job_id).state is JobState.FAILED


def test_a_long_staged_job_keeps_its_lease_while_it_runs(container: Container) -> None:
    """W11: a staged handler outliving its lease is not taken by another worker: the lease
    is renewed while it runs, and lapses again only once nothing renews it."""
    tenant_id = _tenant(container)
    kind = _kind("long")
    wall = FixedClock(T0)
    policy = JobPolicy(lease_seconds=0.15, max_attempts=2)
    registry = JobRegistry()
    seen: dict[str, Any] = {}

    def long_handler(uow_factory: Any, ctx: CommandContext, payload: dict[str, Any]) -> None:
        wall.set(T0 + timedelta(seconds=10))  # far past the first lease (T0 + 0.15 s)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # until a renewal has landed at the new time
            with container.uow_factory(read_only=True) as uow:
                lease = uow.jobs.get(job_id).lease_until  # type: ignore[union-attr]
            if lease is not None and lease > T0 + timedelta(seconds=10):
                break
            time.sleep(0.02)
        seen["lease"] = lease
        seen["claimed"] = Worker(
            container.uow_factory, wall, registry=registry, policy=policy
        ).claim()

    registry.register_staged(kind, long_handler)
    with container.uow_factory() as uow:
        job_id = enqueue(uow, tenant_id, kind, {}, now=T0)
        uow.commit()
    [outcome] = Worker(container.uow_factory, wall, registry=registry, policy=policy).run_once()
    assert seen["claimed"] == []
    assert seen["lease"] > T0 + timedelta(seconds=10)
    assert (outcome.state, outcome.attempts, outcome.lost) == (JobState.DONE, 1, False)
    done = _job(container, job_id)
    assert (done.state, done.attempts, done.lease_until) == (JobState.DONE, 1, None)


def test_a_clock_move_waits_for_a_due_job_another_runner_holds(container: Container) -> None:
    """W5: the move answers once the job the other runner holds is done, and runs what
    that job enqueued."""
    tenant_id = _tenant(container, frozen_at=T0)
    kind, follow_up = _kind("held"), _kind("after-held")
    registry = JobRegistry()
    registry.register(kind, lambda uow, ctx, payload: enqueue(uow, ctx, follow_up, {}) and None)
    registry.register(follow_up, lambda uow, ctx, payload: {"ran": True})
    with container.uow_factory() as uow:
        enqueue(uow, tenant_id, kind, {}, now=T0)
        uow.commit()
    wall = FixedClock(T0)
    policy = JobPolicy(lease_seconds=30)
    other = Worker(container.uow_factory, wall, registry=registry, policy=policy)
    [held] = other.claim()
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 3:  # the other runner finishes while the move waits
            run_job(container.uow_factory, registry, policy, wall, held, T0)

    outcomes = run_due_for_tenant(
        container.uow_factory,
        tenant_id,
        T0 + timedelta(days=1),
        wall_clock=wall,
        registry=registry,
        policy=policy,
        pause=pause,
    )
    assert len(pauses) == 3
    assert [(o.kind, o.state) for o in outcomes] == [(follow_up, JobState.DONE)]


def test_a_clock_move_stops_waiting_after_its_limit(container: Container) -> None:
    tenant_id = _tenant(container, frozen_at=T0)
    kind = _kind("stuck")
    registry = JobRegistry()
    registry.register(kind, lambda uow, ctx, payload: None)
    with container.uow_factory() as uow:
        enqueue(uow, tenant_id, kind, {}, now=T0)
        uow.commit()
    wall = FixedClock(T0)
    Worker(container.uow_factory, wall, registry=registry).claim()
    pauses: list[float] = []
    outcomes = run_due_for_tenant(
        container.uow_factory,
        tenant_id,
        T0 + timedelta(days=1),
        wall_clock=wall,
        registry=registry,
        max_wait_seconds=0.1,
        pause=pauses.append,
    )
    assert outcomes == []
    assert 4 <= len(pauses) <= 6
