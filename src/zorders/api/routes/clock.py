"""The tenant's clock in test mode (issue 11; decisions.md T4, T5): read it, set it
forward, advance it. Outside test mode every `/zorders/v1/clock*` route answers 404, as an
unknown path does."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import ConfigDict, Field
from starlette.exceptions import HTTPException

from zorders.api.deps import command_context, dependencies
from zorders.api.schemas.orders import Wire
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_text
from zorders.services import clock_moves
from zorders.services.clock_moves import Advance, ClockMove, ClockReading
from zorders.services.context import CommandContext
from zorders.services.jobs import JobOutcome

router = APIRouter(route_class=ZuoraRoute, tags=["Test clock"])


def test_mode_only(request: Request) -> None:
    if not dependencies(request).settings.test_mode:
        raise HTTPException(404)


class SetClockIn(Wire):
    model_config = ConfigDict(extra="forbid")
    now: str = Field(max_length=64)


class AdvanceClockIn(Wire):
    model_config = ConfigDict(extra="forbid")
    days: int | None = None
    months: int | None = None
    until: str | None = Field(default=None, max_length=64)


def parse_instant(value: str, field: str, time_zone: str | None = None) -> datetime:
    """An ISO-8601 instant with its offset (`Z` or `+hh:mm`); a bare date means midnight
    in the tenant's time zone when one is given."""
    text = check_text(value, field).strip()
    try:
        if len(text) == 10 and time_zone is not None:
            return clock_moves.start_of_day(date.fromisoformat(text), time_zone)
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise DomainError(
            ErrorCode.INVALID_VALUE, "must be an ISO-8601 date-time with an offset.", field
        ) from None
    if instant.tzinfo is None:
        raise DomainError(ErrorCode.INVALID_VALUE, "needs a UTC offset (or Z).", field)
    return instant


def reading_body(reading: ClockReading) -> dict[str, Any]:
    return {"now": reading.now, "today": reading.today, "timeZone": reading.time_zone}


def _camel(name: str) -> str:
    """A job result's snake_case key in the API's words (`orders_executed` → `ordersExecuted`)."""
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)


def _camel_keys(value: Any) -> Any:
    """Job results are the services' (snake_case keys); the clock answer speaks v1."""
    if isinstance(value, dict):
        return {_camel(k) if isinstance(k, str) else k: _camel_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel_keys(v) for v in value]
    return value


def move_body(move: ClockMove) -> dict[str, Any]:
    """The clock after the move and what ran on the way: each job in the order it ran,
    with the tenant time it ran at, the counts by kind and outcome (T5), and the totals of
    what the jobs did: the `counts` their results carry, summed (T9)."""
    jobs = [o for o in move.ran if isinstance(o, JobOutcome)]
    summary: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for job in jobs:
        by_state = summary.setdefault(job.kind, {})
        by_state[job.state.value] = by_state.get(job.state.value, 0) + 1
        counts = job.result.get("counts") if isinstance(job.result, dict) else None
        for name, value in (counts or {}).items():
            if isinstance(value, int):
                totals[_camel(name)] = totals.get(_camel(name), 0) + value
    return {
        **reading_body(move.after),
        "previousNow": move.before.now,
        "ran": [
            {
                "jobId": j.job_id,
                "kind": j.kind,
                "state": j.state.value,
                "ranAt": j.now,
                "attempts": j.attempts,
                "result": _camel_keys(j.result),
                "error": j.error,
            }
            for j in jobs
        ],
        "summary": summary,
        "totals": totals,
        "success": True,
    }


@router.get(
    "/zorders/v1/clock", summary="The tenant's clock", dependencies=[Depends(test_mode_only)]
)
def show(request: Request, ctx: CommandContext = Depends(command_context)) -> ZuoraJSONResponse:
    deps = dependencies(request)
    reading = clock_moves.read_clock(deps.uow_factory, deps.tenant_clock, ctx.tenant_id)
    return ZuoraJSONResponse(reading_body(reading))


@router.put(
    "/zorders/v1/clock",
    summary="Set the tenant's clock forward",
    dependencies=[Depends(test_mode_only)],
)
def set_now(
    body: SetClockIn, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    deps = dependencies(request)
    move = clock_moves.set_clock(
        deps.uow_factory,
        deps.tenant_clock,
        ctx.tenant_id,
        parse_instant(body.now, "now"),
        run_due=deps.run_due,
    )
    return ZuoraJSONResponse(move_body(move))


@router.post(
    "/zorders/v1/clock/advance",
    summary="Advance the tenant's clock",
    dependencies=[Depends(test_mode_only)],
)
def advance(
    body: AdvanceClockIn, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    deps = dependencies(request)
    until = parse_instant(body.until, "until", ctx.time_zone or "UTC") if body.until else None
    move = clock_moves.advance_clock(
        deps.uow_factory,
        deps.tenant_clock,
        ctx.tenant_id,
        Advance(days=body.days, months=body.months, until=until),
        run_due=deps.run_due,
    )
    return ZuoraJSONResponse(move_body(move))
