"""What a clock move costs per job (issue 15, PF60-PF62), counted in SQL statements, not
timed: each job a move runs adds the same statements whatever ran before it (the claim's
exclusions do not grow with the jobs already done), and the tenant is read once per move,
not once per job. Both backends."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, update

from zorders.bootstrap import Container
from zorders.services import tenants
from zorders.services.clock import FixedClock
from zorders.services.context import CommandContext
from zorders.services.jobs import JobRegistry, enqueue, run_due_for_tenant
from zorders.services.ports import JobState, UnitOfWork
from zorders.storage.tables import tenants as tenants_table

T0 = datetime(2031, 3, 1, 9, 0, tzinfo=UTC)
WALL = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))


def _frozen_tenant(container: Container) -> str:
    creds = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"cost-{uuid.uuid4().hex[:12]}"
    )
    with container.uow_factory() as uow:
        uow.connection.execute(  # type: ignore[attr-defined]
            update(tenants_table)
            .where(tenants_table.c.id == creds.tenant_id)
            .values(clock_frozen_at=T0)
        )
        uow.commit()
    return creds.tenant_id


@contextmanager
def _statements(container: Container) -> Iterator[list[tuple[str, int]]]:
    """(SQL text, number of bound parameters) of each statement run in the block."""
    seen: list[tuple[str, int]] = []

    def record(conn: object, cursor: object, statement: str, params: Any, *args: object) -> None:
        seen.append((statement, len(params) if params else 0))

    event.listen(container.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(container.engine, "before_cursor_execute", record)


def _daily_chain(container: Container, days: int) -> tuple[list[tuple[str, int]], int]:
    """A tenant with a job a day that enqueues the next day's (as a daily schedule does),
    moved `days` days: the statements of the move and the jobs it ran."""
    tenant_id = _frozen_tenant(container)
    kind = f"test-chain-{uuid.uuid4().hex[:8]}"

    def handler(uow: UnitOfWork, ctx: CommandContext, payload: dict[str, Any]) -> None:
        day = int(payload["day"])
        enqueue(uow, ctx, kind, {"day": day + 1}, run_at=T0 + timedelta(days=day))

    registry = JobRegistry()
    registry.register(kind, handler)
    with container.uow_factory() as uow:
        enqueue(uow, CommandContext(tenant_id, T0, "test"), kind, {"day": 1}, run_at=T0)
        uow.commit()
    with _statements(container) as seen:
        outcomes = run_due_for_tenant(
            container.uow_factory,
            tenant_id,
            T0 + timedelta(days=days - 1),
            wall_clock=WALL,
            registry=registry,
        )
    assert [o.state for o in outcomes] == [JobState.DONE] * days
    return seen, len(outcomes)


def test_each_job_of_a_move_costs_the_same_statements(container: Container) -> None:
    short, ran_short = _daily_chain(container, 5)
    long, ran_long = _daily_chain(container, 25)
    per_job = (len(long) - len(short)) / (ran_long - ran_short)
    # Exactly linear: the 25-day move is the 5-day one plus 20 identical job rounds.
    assert len(short) == len(long) - per_job * (ran_long - ran_short)
    assert per_job == int(per_job)
    # No statement binds more parameters in a long move than in a short one: the claim
    # leaves out only jobs that could be claimed again, none here.
    assert max(n for _, n in long) == max(n for _, n in short)


def test_a_move_reads_its_tenant_once(container: Container) -> None:
    seen, ran = _daily_chain(container, 10)
    reads = [s for s, _ in seen if "FROM tenants" in s]
    assert ran == 10
    assert len(reads) == 1, reads
