"""Jobs (issue 11): the claim query and the lease, in one place (decisions.md W2, W3).

On PostgreSQL the claim locks the rows it takes with `FOR UPDATE SKIP LOCKED`, so any
number of workers take disjoint jobs; on SQLite the write transaction (BEGIN IMMEDIATE)
is the only writer, which serializes claims without it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, func, insert, not_, or_, select, update
from sqlalchemy.engine import Connection, Row

from zorders.services.ports import JobRecord, JobState
from zorders.storage.tables import jobs as t
from zorders.storage.tables import tenants


class SqlJobRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, job: JobRecord) -> None:
        self._c.execute(
            _INSERT,
            {
                "id": job.id,
                "tenant_id": job.tenant_id,
                "kind": job.kind,
                "payload": job.payload,
                "run_at": job.run_at,
                "state": job.state.value,
                "attempts": job.attempts,
                "available_at": job.available_at,
                "lease_until": job.lease_until,
                "last_error": job.last_error,
                "result": job.result,
                "created_at": job.created_at,
                "finished_at": job.finished_at,
            },
        )

    def get(self, job_id: str) -> JobRecord | None:
        row = self._c.execute(select(t).where(t.c.id == job_id)).first()
        return _record(row) if row else None

    def of_tenant(self, tenant_id: str) -> list[JobRecord]:
        rows = self._c.execute(
            select(t).where(t.c.tenant_id == tenant_id).order_by(t.c.created_at, t.c.id)
        )
        return [_record(r) for r in rows]

    def frozen_at(self, tenant_id: str) -> datetime | None:
        """The instant a tenant's test clock stands at, None when it follows the wall."""
        value: datetime | None = self._c.execute(
            select(tenants.c.clock_frozen_at).where(tenants.c.id == tenant_id)
        ).scalar()
        return value

    def claim(
        self, wall_now: datetime, lease_until: datetime, limit: int, kinds: Collection[str]
    ) -> list[JobRecord]:
        """Take up to `limit` due jobs of `kinds` for a worker: pending and available (past
        their backoff), or running with a lapsed lease; due means as soon as possible, or
        `run_at` passed on the tenant's clock: the wall's, or its frozen instant (W4, KT4)."""
        frozen = select(tenants.c.id).where(tenants.c.clock_frozen_at.is_not(None))
        frozen_at = (
            select(tenants.c.clock_frozen_at).where(tenants.c.id == t.c.tenant_id).scalar_subquery()
        )
        due = or_(
            t.c.run_at.is_(None),
            and_(t.c.run_at <= wall_now, not_(t.c.tenant_id.in_(frozen))),
            t.c.run_at <= frozen_at,
        )
        claimable = or_(
            and_(t.c.state == JobState.PENDING.value, t.c.available_at <= wall_now),
            and_(t.c.state == JobState.RUNNING.value, t.c.lease_until < wall_now),
        )
        query = (
            select(t.c.id)
            .where(claimable, due, t.c.kind.in_(list(kinds)))
            .order_by(*_ORDER)
            .limit(limit)
        )
        return self._take(query, lease_until)

    def claim_next_for_tenant(
        self,
        tenant_id: str,
        until: datetime,
        lease_until: datetime,
        *,
        kinds: Collection[str],
        exclude: Collection[str] = (),
        wall_now: datetime,
    ) -> JobRecord | None:
        """The tenant's first pending job due by `until` (its clock's new time), ASAP jobs
        first, whatever its backoff (W5); None when there is none."""
        statement = _next_for_tenant(self._c.dialect.name, bool(exclude))
        params: dict[str, Any] = {
            "b_tenant_id": tenant_id,
            "b_kinds": list(kinds),
            "b_wall_now": wall_now,
            "b_until": until,
            "new_lease_until": lease_until,
        }
        if exclude:
            params["b_exclude"] = list(exclude)
        taken = sorted((_record(r) for r in self._c.execute(statement, params)), key=_order_key)
        return taken[0] if taken else None

    def running_for_tenant(
        self, tenant_id: str, until: datetime, *, kinds: Collection[str], wall_now: datetime
    ) -> int:
        """How many of the tenant's jobs due by `until` a runner holds under a live lease
        (W5: a clock move waits for them)."""
        query = select(func.count()).where(
            t.c.tenant_id == tenant_id,
            t.c.kind.in_(list(kinds)),
            t.c.state == JobState.RUNNING.value,
            t.c.lease_until >= wall_now,
            or_(t.c.run_at.is_(None), t.c.run_at <= until),
        )
        return int(self._c.execute(query).scalar_one())

    def _take(self, query: Any, lease_until: datetime) -> list[JobRecord]:
        """Mark the jobs `query` selects running under a lease and read them back: one
        `UPDATE ... WHERE id IN (<query>) RETURNING` (SQLite 3.35+, PostgreSQL), in the
        query's order (PF62)."""
        if self._c.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        taken = self._c.execute(
            update(t)
            .where(t.c.id.in_(query))
            .values(
                state=JobState.RUNNING.value, attempts=t.c.attempts + 1, lease_until=lease_until
            )
            .returning(*t.c)
        )
        return sorted((_record(r) for r in taken), key=_order_key)

    def lock_claimed(self, job_id: str, attempt: int) -> bool:
        """Lock a job this worker claimed (attempt `attempt`) for the transaction that runs
        it; False when it is no longer ours (its lease lapsed and another took it)."""
        query = _CLAIMED_LOCKED if self._c.dialect.name == "postgresql" else _CLAIMED
        return self._c.execute(query, {"job_id": job_id, "attempt": attempt}).first() is not None

    def extend_lease(self, job_id: str, attempt: int, lease_until: datetime) -> bool:
        """Renew a running job's lease (W11); False when the claim is no longer this one."""
        done = self._c.execute(
            update(t)
            .where(t.c.id == job_id, t.c.state == JobState.RUNNING.value, t.c.attempts == attempt)
            .values(lease_until=lease_until)
        )
        return bool(done.rowcount)

    def finish(
        self,
        job_id: str,
        attempt: int,
        *,
        state: JobState,
        finished_at: datetime | None,
        result: dict[str, Any] | None = None,
        error: str | None = None,
        available_at: datetime | None = None,
    ) -> bool:
        """Done, failed, or back to pending (a retry at `available_at`); only if the claim
        is still this one. False otherwise (nothing changed)."""
        values: dict[str, Any] = {
            "new_state": state.value,
            "new_finished_at": finished_at,
            "job_id": job_id,
            "attempt": attempt,
        }
        if result is not None:
            values["new_result"] = result
        if error is not None:
            values["new_last_error"] = error[:2000]
        if available_at is not None:
            values["new_available_at"] = available_at
        return bool(self._c.execute(_finish(frozenset(values)), values).rowcount)

    def unheld_among(self, job_ids: Collection[str], *, wall_now: datetime) -> list[str]:
        """Those of `job_ids` no runner holds: pending, or running under a lapsed lease (a
        runner that died, or a worker that claimed it with others and has not reached it)."""
        if not job_ids:
            return []
        rows = self._c.execute(
            _UNHELD_AMONG, {"b_ids": list(job_ids), "b_wall_now": wall_now}
        ).scalars()
        found = set(rows)
        return [job_id for job_id in job_ids if job_id in found]

    def take_unheld(
        self, job_id: str, *, finished_at: datetime, wall_now: datetime
    ) -> dict[str, Any] | None:
        """Run a job no runner holds in the caller's transaction (a bill run runs its own
        batch jobs, PF44, PF51): done at commit, locked until then; its payload, or None
        when a runner holds it under a live lease or it is done (nothing changed). A
        runner whose lease lapsed finds its claim gone and its effects roll back (W3)."""
        params = {"job_id": job_id, "b_wall_now": wall_now, "new_finished_at": finished_at}
        row = self._c.execute(_TAKE_UNHELD, params).first()
        return dict(row[0]) if row is not None else None


# ASAP jobs first, then by due time; ties in the order they were recorded.
_ORDER = (t.c.run_at.is_not(None), t.c.run_at, t.c.created_at, t.c.id)

# The statements a clock move sends for every job, built once (PF52).
_INSERT = insert(t)


@cache
def _next_for_tenant(dialect: str, excluding: bool) -> Any:
    """`claim_next_for_tenant`'s one UPDATE ... RETURNING, with bound parameters."""
    query = (
        select(t.c.id)
        .where(
            t.c.tenant_id == bindparam("b_tenant_id"),
            t.c.kind.in_(bindparam("b_kinds", expanding=True)),
            _unheld_by_param(),
            or_(t.c.run_at.is_(None), t.c.run_at <= bindparam("b_until")),
        )
        .order_by(*_ORDER)
        .limit(1)
    )
    if excluding:
        query = query.where(t.c.id.not_in(bindparam("b_exclude", expanding=True)))
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return (
        update(t)
        .where(t.c.id.in_(query))
        .values(
            state=JobState.RUNNING.value,
            attempts=t.c.attempts + 1,
            lease_until=bindparam("new_lease_until"),
        )
        .returning(*t.c)
    )


def _unheld_by_param() -> Any:
    return or_(
        t.c.state == JobState.PENDING.value,
        and_(t.c.state == JobState.RUNNING.value, t.c.lease_until < bindparam("b_wall_now")),
    )


_UNHELD_AMONG = select(t.c.id).where(
    t.c.id.in_(bindparam("b_ids", expanding=True)), _unheld_by_param()
)
_CLAIMED = select(t.c.id).where(
    t.c.id == bindparam("job_id"),
    t.c.state == JobState.RUNNING.value,
    t.c.attempts == bindparam("attempt"),
)
_CLAIMED_LOCKED = _CLAIMED.with_for_update()
_TAKE_UNHELD = (
    update(t)
    .where(t.c.id == bindparam("job_id"), _unheld_by_param())
    .values(
        state=JobState.DONE.value,
        attempts=t.c.attempts + 1,
        finished_at=bindparam("new_finished_at"),
        lease_until=None,
        result=None,
    )
    .returning(t.c.payload)
)


@cache
def _finish(keys: frozenset[str]) -> Any:
    """`finish`'s UPDATE for the values given (`new_<column>`), with bound parameters."""
    values: dict[str, Any] = {
        "state": bindparam("new_state"),
        "finished_at": bindparam("new_finished_at"),
        "lease_until": None,
    }
    for column in ("result", "last_error", "available_at"):
        if f"new_{column}" in keys:
            values[column] = bindparam(f"new_{column}")
    return (
        update(t)
        .where(
            t.c.id == bindparam("job_id"),
            t.c.state == JobState.RUNNING.value,
            t.c.attempts == bindparam("attempt"),
        )
        .values(**values)
    )


def _order_key(job: JobRecord) -> tuple[Any, ...]:
    """`_ORDER` in Python, for the rows an UPDATE ... RETURNING gives in no set order."""
    return (job.run_at is not None, job.run_at or job.created_at, job.created_at, job.id)


def _record(row: Row[Any]) -> JobRecord:
    return JobRecord(
        id=row.id,
        tenant_id=row.tenant_id,
        kind=row.kind,
        payload=row.payload,
        run_at=row.run_at,
        state=JobState(row.state),
        attempts=row.attempts,
        available_at=row.available_at,
        lease_until=row.lease_until,
        last_error=row.last_error,
        result=row.result,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )
