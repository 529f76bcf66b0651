"""Scheduled bill runs (issue 11; decisions SB1-SB4).

`POST /v1/bill-runs` with a `schedule` records a scheduled run (status Pending, billing
nothing itself) and a `scheduled_bill_run` job due at its first run time: `runTime` o'clock
in the tenant's time zone on its first run day. That job, in one transaction, creates the
run of that day (an ordinary bill run with the day's target and invoice dates, executed
by its own `bill_run` job), records it on the scheduled run, and enqueues the job of the
next run day; after the last one the scheduled run is Completed. A clock advance of a
year thus runs a daily schedule's 365 runs in order (W5).

A job whose scheduled run was canceled, or which is not for the run day the scheduled run
waits for (a copy left by a crash), does nothing (stale work is a no-op).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from zorders.domain.billing.bill_run import BillRun, BillRunScope, BillRunStatus
from zorders.domain.billing.bill_run_schedule import BillRunSchedule, DateRule, as_run_days
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_target_date
from zorders.domain.numbering import NumberKind
from zorders.services.bill_runs import create_bill_run, get_bill_run
from zorders.services.clock import zone
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.jobs import enqueue
from zorders.services.numbering import next_number
from zorders.services.ports import UnitOfWork

SCHEDULED_BILL_RUN_JOB = "scheduled_bill_run"


@dataclass(frozen=True)
class NewScheduledBillRun:
    schedule: BillRunSchedule
    target_rule: DateRule
    invoice_rule: DateRule
    auto_post: bool
    scope: BillRunScope
    exclude: tuple[ChargeType, ...] = ()
    name: str | None = None
    include_subscriptions: bool = True
    include_order_line_items: bool = True


def run_time(day: date, hour: int, time_zone: str | None) -> datetime:
    """`runTime` o'clock of a run day in the tenant's time zone."""
    return datetime.combine(day, time(hour)).replace(tzinfo=zone(time_zone))


def _field_error(message: str, field: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_BILL_RUN_FIELD, message, field)


def create_scheduled_bill_run(
    uow: UnitOfWork, ctx: CommandContext, request: NewScheduledBillRun
) -> BillRun:
    schedule = request.schedule
    if schedule.repeat_from < ctx.today:
        raise _field_error(
            f"'schedule.repeatFrom' must be today ({ctx.today}) or later.", "schedule.repeatFrom"
        )
    first = schedule.first_run()
    if first is None:
        raise _field_error(
            "The schedule has no run day between 'repeatFrom' and 'repeatTo'.",
            "schedule.repeatTo",
        )
    for account_id in request.scope.account_ids:
        if uow.accounts.get(ctx.tenant_id, account_id) is None:
            raise DomainError(
                ErrorCode.ACCOUNT_NOT_FOUND_FOR_ORDER,
                f"Account '{account_id}' does not exist.",
                "billRunFilters",
            )
    target = check_target_date(request.target_rule.apply(first), ctx.today, "targetDate")
    invoice = check_target_date(request.invoice_rule.apply(first), ctx.today, "invoiceDate")
    run = BillRun(
        id=new_id(),
        number=next_number(uow, ctx.tenant_id, NumberKind.BILL_RUN),
        status=BillRunStatus.PENDING,
        target_date=target,
        invoice_date=invoice,
        auto_post=request.auto_post,
        scope=request.scope,
        exclude=request.exclude,
        name=request.name,
        include_subscriptions=request.include_subscriptions,
        include_order_line_items=request.include_order_line_items,
        schedule=schedule,
        target_rule=request.target_rule,
        invoice_rule=request.invoice_rule,
        next_run_date=first,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    uow.bill_runs.add(ctx.tenant_id, run)
    _enqueue_run(uow, ctx, run, first)
    return run


def _enqueue_run(uow: UnitOfWork, ctx: CommandContext, run: BillRun, day: date) -> None:
    assert run.schedule is not None
    enqueue(
        uow,
        ctx,
        SCHEDULED_BILL_RUN_JOB,
        {"bill_run_id": run.id, "run_date": day.isoformat()},
        run_at=run_time(day, run.schedule.run_time, ctx.time_zone),
    )


def run_scheduled_bill_run_job(
    uow: UnitOfWork, ctx: CommandContext, payload: dict[str, Any]
) -> dict[str, Any]:
    """One run day of a scheduled run: its bill run, and the job of the next run day."""
    parent = get_bill_run(uow, ctx, str(payload["bill_run_id"]), for_update=True)
    day = date.fromisoformat(str(payload["run_date"]))
    if (
        parent.schedule is None
        or parent.status is not BillRunStatus.PENDING
        or parent.next_run_date != day
    ):
        return {"skipped": f"bill run {parent.number} does not wait for a run on {day}"}
    assert parent.target_rule is not None and parent.invoice_rule is not None
    scope = parent.scope
    if scope.as_run_day:
        scope = replace(scope, bill_cycle_days=as_run_days(day))
    child = create_bill_run(
        uow,
        ctx,
        target_date=parent.target_rule.apply(day),
        invoice_date=parent.invoice_rule.apply(day),
        auto_post=parent.auto_post,
        scope=scope,
        exclude=parent.exclude,
        name=parent.name,
        include_subscriptions=parent.include_subscriptions,
        include_order_line_items=parent.include_order_line_items,
        scheduled_bill_run_id=parent.id,
        run_date=day,
    )
    following = parent.schedule.next_run(day)
    updated = replace(
        parent,
        next_run_date=following,
        runs_made=parent.runs_made + 1,
        last_run_id=child.id,
        status=BillRunStatus.PENDING if following else BillRunStatus.COMPLETED,
        updated_at=ctx.now,
    )
    if following is not None:
        updated = replace(
            updated,
            target_date=parent.target_rule.apply(following),
            invoice_date=parent.invoice_rule.apply(following),
        )
        _enqueue_run(uow, ctx, updated, following)
    uow.bill_runs.update(ctx.tenant_id, updated)
    return {"bill_run_id": child.id, "bill_run_number": child.number, "run_date": day.isoformat()}
