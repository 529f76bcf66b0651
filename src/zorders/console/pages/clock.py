"""The tenant clock (test mode): where it stands, and moving it forward with a summary of
the work that ran on the way (the same move as POST /zorders/v1/clock/advance)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from starlette.requests import Request

from zorders.console.viewer import Viewer
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import clock_moves
from zorders.services.clock_moves import Advance, ClockMove
from zorders.services.jobs import JobOutcome


@dataclass(frozen=True)
class MoveSummary:
    move: ClockMove
    jobs: tuple[JobOutcome, ...]
    by_kind: dict[str, dict[str, int]]
    totals: dict[str, int]


def summarize(move: ClockMove) -> MoveSummary:
    jobs = tuple(o for o in move.ran if isinstance(o, JobOutcome))
    by_kind: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for job in jobs:
        states = by_kind.setdefault(job.kind, {})
        states[job.state.value] = states.get(job.state.value, 0) + 1
        counts = job.result.get("counts") if isinstance(job.result, dict) else None
        for name, value in (counts or {}).items():
            if isinstance(value, int):
                totals[name] = totals.get(name, 0) + value
    return MoveSummary(move, jobs, by_kind, totals)


def _test_mode(viewer: Viewer) -> None:
    if not viewer.deps.test_mode:
        raise DomainError(ErrorCode.RESOURCE_NOT_FOUND, "The clock moves in test mode only.")


def clock_page(viewer: Viewer, request: Request) -> dict[str, Any]:
    _test_mode(viewer)
    d = viewer.deps
    reading = clock_moves.read_clock(d.uow_factory, d.tenant_clock, viewer.ctx.tenant_id)
    return {"title": "Clock", "reading": reading, "summary": None, "form": {}, "error": None}


def _whole(form: dict[str, str], name: str) -> int | None:
    raw = form.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise DomainError(ErrorCode.INVALID_VALUE, "must be a whole number.", name)
    if len(raw) > 9:  # the move's own limits (days, months) say how far
        return 10**9
    return int(raw)


def _until(form: dict[str, str], time_zone: str | None) -> datetime | None:
    raw = form.get("until", "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise DomainError(
            ErrorCode.INVALID_VALUE, "must be a date (yyyy-mm-dd).", "until"
        ) from None
    return clock_moves.start_of_day(day, time_zone or "UTC")


def advance_clock(viewer: Viewer, request: Request, form: dict[str, str]) -> dict[str, Any]:
    _test_mode(viewer)
    d = viewer.deps
    tenant_id = viewer.ctx.tenant_id
    try:
        until = _until(form, viewer.ctx.time_zone)
        step = Advance(days=_whole(form, "days"), months=_whole(form, "months"), until=until)
        move = clock_moves.advance_clock(
            d.uow_factory, d.tenant_clock, tenant_id, step, run_due=d.run_due
        )
    except DomainError as err:
        reading = clock_moves.read_clock(d.uow_factory, d.tenant_clock, tenant_id)
        where = f"{err.field}: " if err.field else ""
        return {
            "title": "Clock",
            "reading": reading,
            "summary": None,
            "form": form,
            "error": f"{where}{err.message}",
            "status": 400,
        }
    return {
        "title": "Clock",
        "reading": move.after,
        "summary": summarize(move),
        "form": {},
        "error": None,
    }
