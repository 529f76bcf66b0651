"""Time is an input (architecture principle 1).

`SystemClock` is the one place that reads the machine's clock. `TenantClock` is the
per-tenant clock port built on it: a tenant whose `clock_frozen_at` is unset follows the
wall clock; a set one (test mode) stands at that instant until set or advanced again
(decisions.md T1). Domain code only ever sees the `now` captured in a CommandContext.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from zorders.services.context import CommandContext
from zorders.services.ports import TenantRecord, UnitOfWorkFactory


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware UTC datetime."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved; for tests and scripted runs."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at


def zone(time_zone: str | None) -> ZoneInfo:
    """A tenant's time zone (NULL = UTC); ValueError for a name zoneinfo does not know."""
    try:
        return ZoneInfo(time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"unknown time zone {time_zone!r}") from err


def local_date(now: datetime, time_zone: str | None) -> date:
    """The calendar date at `now` in the time zone."""
    return now.astimezone(zone(time_zone)).date()


class TenantClock:
    """The clock port: `now(tenant_id)` is the tenant's instant."""

    def __init__(self, wall: Clock, uow_factory: UnitOfWorkFactory) -> None:
        self.wall = wall
        self._uow_factory = uow_factory

    def at(self, frozen_at: datetime | None) -> datetime:
        """The now of a tenant whose `clock_frozen_at` is already known (the request path
        reads it with the token: no second query)."""
        return frozen_at if frozen_at is not None else self.wall.now()

    def record(self, tenant_id: str) -> TenantRecord:
        with self._uow_factory(read_only=True) as uow:
            tenant = uow.tenants.get(tenant_id)
        if tenant is None:
            raise LookupError(f"no tenant {tenant_id}")
        return tenant

    def now(self, tenant_id: str) -> datetime:
        return self.at(self.record(tenant_id).clock_frozen_at)

    def context(self, tenant_id: str, request_id: str) -> CommandContext:
        """A CommandContext on the tenant's clock and in its time zone (one read)."""
        tenant = self.record(tenant_id)
        return CommandContext(
            tenant_id,
            self.at(tenant.clock_frozen_at),
            request_id,
            time_zone=tenant.time_zone,
        )
