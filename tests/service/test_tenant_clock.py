"""The clock port: a tenant's now (wall or frozen) and today (in its time zone)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from zorders.bootstrap import Container
from zorders.services import clock_moves, tenants
from zorders.services.clock import FixedClock, TenantClock, local_date
from zorders.services.clock_moves import Advance
from zorders.services.context import CommandContext

WALL = datetime(2026, 7, 4, 15, 0, tzinfo=UTC)


def _tenant(container: Container, **kwargs: object) -> str:
    name = f"clock-{uuid.uuid4().hex[:10]}"
    creds = tenants.create_tenant(container.uow_factory, container.wall_clock, name, **kwargs)  # type: ignore[arg-type]
    return creds.tenant_id


def _clock(container: Container) -> TenantClock:
    return TenantClock(FixedClock(WALL), container.uow_factory)


def _set_zone(container: Container, tenant_id: str, zone: str | None) -> None:
    with container.uow_factory() as uow:
        uow.tenants.set_time_zone(tenant_id, zone)
        uow.commit()


def test_a_tenant_without_a_frozen_clock_follows_the_wall(container: Container) -> None:
    tenant_id = _tenant(container)
    clock = _clock(container)
    assert clock.now(tenant_id) == WALL
    ctx = clock.context(tenant_id, "r")
    assert (ctx.now, ctx.today, ctx.time_zone) == (WALL, date(2026, 7, 4), None)


def test_a_frozen_clock_stands_still(container: Container) -> None:
    frozen = datetime(2025, 1, 1, 5, 0, tzinfo=UTC)
    tenant_id = _tenant(container, clock_frozen_at=frozen)
    assert _clock(container).now(tenant_id) == frozen
    assert _clock(container).context(tenant_id, "r").today == date(2025, 1, 1)


def test_today_is_the_date_in_the_tenants_time_zone(container: Container) -> None:
    tenant_id = _tenant(container, clock_frozen_at=datetime(2025, 1, 1, 5, 0, tzinfo=UTC))
    _set_zone(container, tenant_id, "America/Los_Angeles")
    ctx = _clock(container).context(tenant_id, "r")
    # 05:00 UTC is 21:00 the evening before in Los Angeles (UTC-8 in winter).
    assert ctx.today == date(2024, 12, 31)
    assert ctx.time_zone == "America/Los_Angeles"
    reading = clock_moves.read_clock(container.uow_factory, _clock(container), tenant_id)
    assert (reading.today, reading.time_zone) == (date(2024, 12, 31), "America/Los_Angeles")


def test_advancing_by_days_keeps_the_local_time_of_day(container: Container) -> None:
    # 2025-03-08 12:00 in Los Angeles is 20:00 UTC (PST); a day later DST has begun (PDT,
    # UTC-7): the same 12:00 local is 19:00 UTC.
    tenant_id = _tenant(container, clock_frozen_at=datetime(2025, 3, 8, 20, 0, tzinfo=UTC))
    _set_zone(container, tenant_id, "America/Los_Angeles")
    move = clock_moves.advance_clock(
        container.uow_factory, _clock(container), tenant_id, Advance(days=1), run_due=None
    )
    assert move.after.now == datetime(2025, 3, 9, 19, 0, tzinfo=UTC)
    assert move.after.today == date(2025, 3, 9)


def test_a_move_runs_the_due_work_up_to_the_target_first(container: Container) -> None:
    tenant_id = _tenant(container, clock_frozen_at=datetime(2025, 1, 1, tzinfo=UTC))
    calls: list[tuple[str, datetime, datetime]] = []
    clock = _clock(container)

    def run_due(uow_factory: object, tid: str, until: datetime) -> list[str]:
        calls.append((tid, until, clock.now(tid)))  # the clock is moved after the work
        return ["ran"]

    move = clock_moves.advance_clock(
        container.uow_factory, clock, tenant_id, Advance(months=2), run_due=run_due
    )
    target = datetime(2025, 3, 1, tzinfo=UTC)
    assert calls == [(tenant_id, target, datetime(2025, 1, 1, tzinfo=UTC))]
    assert move.ran == ("ran",)
    assert clock.now(tenant_id) == target


def test_the_first_move_freezes_a_wall_clock_tenant(container: Container) -> None:
    tenant_id = _tenant(container)
    clock = _clock(container)
    later = datetime(2026, 8, 1, tzinfo=UTC)
    clock_moves.set_clock(container.uow_factory, clock, tenant_id, later, run_due=None)
    assert clock.now(tenant_id) == later


@pytest.mark.parametrize(
    ("now", "zone", "expected"),
    [
        (datetime(2025, 1, 1, 5, tzinfo=UTC), None, date(2025, 1, 1)),
        (datetime(2025, 1, 1, 5, tzinfo=UTC), "America/Los_Angeles", date(2024, 12, 31)),
        (datetime(2025, 1, 1, 15, tzinfo=UTC), "Pacific/Kiritimati", date(2025, 1, 2)),
    ],
)
def test_local_date(now: datetime, zone: str | None, expected: date) -> None:
    assert local_date(now, zone) == expected
    assert CommandContext("t", now, "r", time_zone=zone).today == expected
