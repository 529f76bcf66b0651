"""Reading and moving a tenant's clock (test mode; decisions.md T4, T5).

A move is forward only. It first runs, in time order, every piece of work of the tenant
that falls due up to the target (the worker's `run_due_for_tenant`), then sets the clock to
the target; it returns when all of it is done, with what ran.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from zorders.domain.calendar import add_months
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import (
    MAX_CLOCK_ADVANCE_DAYS,
    MAX_CLOCK_ADVANCE_MONTHS,
    MAX_CLOCK_MOVE_YEARS,
    MAX_DATE,
)
from zorders.services.clock import TenantClock, zone
from zorders.services.ports import TenantRecord, UnitOfWorkFactory

# Runs every pending item of a tenant due by `until`, in time order; returns what ran.
DueWorkRunner = Callable[[UnitOfWorkFactory, str, datetime], Sequence[object]]


@dataclass(frozen=True)
class ClockReading:
    now: datetime
    today: date
    time_zone: str


@dataclass(frozen=True)
class ClockMove:
    before: ClockReading
    after: ClockReading
    # The outcomes of the work that fell due and ran, in the order it ran.
    ran: tuple[object, ...] = ()


@dataclass(frozen=True)
class Advance:
    """Exactly one of days, months, until (checked by `advance_target`)."""

    days: int | None = None
    months: int | None = None
    until: datetime | None = None


def _reading(now: datetime, tenant: TenantRecord) -> ClockReading:
    tz = zone(tenant.time_zone)
    return ClockReading(now, now.astimezone(tz).date(), tenant.time_zone or "UTC")


def _tenant(uow_factory: UnitOfWorkFactory, tenant_id: str) -> TenantRecord:
    with uow_factory(read_only=True) as uow:
        tenant = uow.tenants.get(tenant_id)
    if tenant is None:
        raise DomainError(ErrorCode.TENANT_NOT_FOUND, f"No tenant {tenant_id}.", "tenant_id")
    return tenant


def read_clock(uow_factory: UnitOfWorkFactory, clock: TenantClock, tenant_id: str) -> ClockReading:
    tenant = _tenant(uow_factory, tenant_id)
    return _reading(clock.at(tenant.clock_frozen_at), tenant)


def _check_amount(value: int, high: int, field: str) -> int:
    if not 1 <= value <= high:
        raise DomainError(ErrorCode.INVALID_VALUE, f"must be between 1 and {high}.", field)
    return value


def advance_target(now: datetime, time_zone: str | None, step: Advance) -> datetime:
    """Where an advance lands. Days and months count on the tenant's calendar, keeping the
    wall time of day there; months clamp to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    given = [v for v in (step.days, step.months, step.until) if v is not None]
    if len(given) != 1:
        raise DomainError(
            ErrorCode.INVALID_VALUE, "Give exactly one of days, months or until.", "days"
        )
    if step.until is not None:
        return step.until
    tz = zone(time_zone)
    local = now.astimezone(tz)
    try:
        if step.days is not None:
            day = local.date() + timedelta(
                days=_check_amount(step.days, MAX_CLOCK_ADVANCE_DAYS, "days")
            )
        else:
            assert step.months is not None
            day = add_months(
                local.date(), _check_amount(step.months, MAX_CLOCK_ADVANCE_MONTHS, "months")
            )
    except OverflowError:
        raise DomainError(
            ErrorCode.INVALID_VALUE, f"The clock cannot pass {MAX_DATE}.", "days"
        ) from None
    except ValueError:  # add_months past year 9999
        raise DomainError(
            ErrorCode.INVALID_VALUE, f"The clock cannot pass {MAX_DATE}.", "months"
        ) from None
    return datetime.combine(day, local.timetz().replace(tzinfo=None)).replace(tzinfo=tz)


def _check_target(current: datetime, target: datetime, time_zone: str | None, field: str) -> None:
    if target < current:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"The clock only moves forward: it is {current.isoformat()} now.",
            field,
        )
    today = current.astimezone(zone(time_zone)).date()
    day = target.astimezone(zone(time_zone)).date()
    latest_year = min(today.year + MAX_CLOCK_MOVE_YEARS, MAX_DATE.year)
    latest = date(latest_year, today.month, min(today.day, 28))
    if day > min(latest, MAX_DATE):
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"One move goes at most {MAX_CLOCK_MOVE_YEARS} years ahead ({latest}).",
            field,
        )


def set_clock(
    uow_factory: UnitOfWorkFactory,
    clock: TenantClock,
    tenant_id: str,
    target: datetime,
    *,
    run_due: DueWorkRunner | None,
    field: str = "now",
) -> ClockMove:
    """Move the tenant's clock forward to `target`, running what falls due on the way."""
    if target.tzinfo is None:
        raise DomainError(ErrorCode.INVALID_VALUE, "needs a UTC offset (or Z).", field)
    target = target.astimezone(UTC)
    tenant = _tenant(uow_factory, tenant_id)
    current = clock.at(tenant.clock_frozen_at)
    _check_target(current, target, tenant.time_zone, field)
    # The work runs in transactions of its own (one per item), so none may be held here.
    ran = tuple(run_due(uow_factory, tenant_id, target)) if run_due is not None else ()
    with uow_factory() as uow:
        locked = uow.tenants.get(tenant_id, for_update=True)
        if locked is None:
            raise DomainError(ErrorCode.TENANT_NOT_FOUND, f"No tenant {tenant_id}.", "tenant_id")
        # A move that ran meanwhile and went further wins: the clock never goes back (T4).
        final = max(target, clock.at(locked.clock_frozen_at)) if locked.clock_frozen_at else target
        uow.tenants.set_clock(tenant_id, final)
        uow.commit()
    return ClockMove(_reading(current, tenant), _reading(final, tenant), ran)


def advance_clock(
    uow_factory: UnitOfWorkFactory,
    clock: TenantClock,
    tenant_id: str,
    step: Advance,
    *,
    run_due: DueWorkRunner | None,
) -> ClockMove:
    tenant = _tenant(uow_factory, tenant_id)
    current = clock.at(tenant.clock_frozen_at)
    target = advance_target(current, tenant.time_zone, step)
    field = "until" if step.until is not None else "days" if step.days is not None else "months"
    return set_clock(uow_factory, clock, tenant_id, target, run_due=run_due, field=field)


def start_of_day(day: date, time_zone: str | None) -> datetime:
    """Midnight of a calendar date in the tenant's time zone (an `until` given as a date)."""
    return datetime.combine(day, time()).replace(tzinfo=zone(time_zone))
