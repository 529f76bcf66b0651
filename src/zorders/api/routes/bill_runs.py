"""Bill runs (issue 5): create (answered at once; a `bill_run` job recorded with the run
executes it on a worker, issue 11), read, post, cancel. A run that a dead worker left
Processing is taken up again when its job's lease lapses (decisions.md W9). With a
`schedule`, the run is a scheduled bill run whose jobs make a bill run each run day
(SB1-SB5)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.response_keys import complete
from zorders.api.schemas.bill_runs import (
    CreateBillRunIn,
    batches_of,
    bill_cycle_day_of,
    check_ad_hoc,
    date_rule,
    schedule_of,
)
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.billing.bill_run import BillRun, BillRunScope
from zorders.domain.billing.bill_run_schedule import DateRule
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import bill_run_posting, bill_runs, scheduled_bill_runs
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext

router = APIRouter(route_class=ZuoraRoute, tags=["Bill runs"])


def _cycle_day(run: BillRun) -> str:
    if run.scope.as_run_day:
        return "AsRunDay"
    return str(run.scope.bill_cycle_day) if run.scope.bill_cycle_day else "AllBillCycleDays"


def _rule_fields(kind: str, rule: DateRule | None) -> dict[str, Any]:
    days = rule.days if rule is not None and rule.month_offset is None else None
    months = rule.month_offset if rule is not None else None
    return {
        f"{kind}DateOffset": days,
        f"{kind}DateMonthOffset": months,
        f"{kind}DateDayOfMonth": rule.day_of_month
        if rule is not None and months is not None
        else None,
    }


def _schedule_fields(run: BillRun, time_zone: str | None) -> dict[str, Any]:
    """A scheduled run's schedule, its next run time (tenant time) and its runs (SB2)."""
    schedule = run.schedule
    if schedule is None:
        return {"schedule": None, "scheduledExecutionTime": None}
    next_time = None
    if run.next_run_date is not None and run.status.value == "Pending":
        at = scheduled_bill_runs.run_time(run.next_run_date, schedule.run_time, time_zone)
        next_time = at.strftime("%Y-%m-%d %H:%M:%S")
    return {
        "schedule": {
            "repeatFrom": schedule.repeat_from,
            "repeatTo": schedule.repeat_to,
            "repeatType": schedule.repeat_type.value,
            "runTime": schedule.run_time,
            "weeklyOnDay": list(schedule.weekly_on_day) or None,
            "monthlyOnEndOfMonth": schedule.monthly_on_end_of_month,
        },
        "scheduledExecutionTime": next_time,
        **_rule_fields("target", run.target_rule),
        **_rule_fields("invoice", run.invoice_rule),
        "numberOfBillRuns": run.runs_made,
        "lastBillRunId": run.last_run_id,
    }


def bill_run_body(run: BillRun, time_zone: str | None = None) -> dict[str, Any]:
    """The client's BillRunResponse fields; a scheduled run's schedule (SB2). The counts,
    errors and error message are the CRUD BillRun's (`GET /v1/object/bill-run/{id}`, RK1)."""
    return {
        "success": True,
        "id": run.id,
        "billRunNumber": run.number,
        "name": run.name,
        "status": run.status.value,
        "targetDate": run.target_date,
        "invoiceDate": run.invoice_date,
        "autoPost": run.auto_post,
        "batches": list(run.scope.batches) or None,
        "billCycleDay": _cycle_day(run),
        "chargeTypeToExclude": [c.value for c in run.exclude],
        "includeSubscriptions": run.include_subscriptions,
        "includeOrderLineItems": run.include_order_line_items,
        **_schedule_fields(run, time_zone),
        "createdDate": run.created_at.strftime("%Y-%m-%d %H:%M:%S") if run.created_at else None,
        "updatedDate": run.updated_at.strftime("%Y-%m-%d %H:%M:%S") if run.updated_at else None,
    }


def _scope(request: Request, ctx: CommandContext, body: CreateBillRunIn) -> BillRunScope:
    accounts: list[str] = []
    subscriptions: list[str] = []
    with dependencies(request).uow_factory(read_only=True) as uow:
        for f in body.bill_run_filters or []:
            if not f.account_id:
                raise DomainError(
                    ErrorCode.MISSING_FIELD,
                    "'billRunFilters[].accountId' may not be null",
                    "billRunFilters",
                )
            accounts.append(find_account(uow, ctx.tenant_id, f.account_id).id)
            if f.filter_type == "Subscription":
                if not f.subscription_id:
                    raise DomainError(
                        ErrorCode.MISSING_FIELD,
                        "'billRunFilters[].subscriptionId' may not be null",
                        "billRunFilters",
                    )
                found = uow.subscriptions.by_id(ctx.tenant_id, f.subscription_id) or (
                    uow.subscriptions.latest(ctx.tenant_id, f.subscription_id)
                )
                if found is None:
                    raise DomainError(
                        ErrorCode.SUBSCRIPTION_NOT_FOUND_FOR_ORDER,
                        f"Subscription '{f.subscription_id}' does not exist.",
                        "billRunFilters",
                    )
                subscriptions.append(found.number)
    day, as_run_day = bill_cycle_day_of(body)
    return BillRunScope(
        account_ids=tuple(dict.fromkeys(accounts)),
        subscription_numbers=tuple(subscriptions),
        batches=batches_of(body),
        bill_cycle_day=day,
        as_run_day=as_run_day,
    )


@router.post("/v1/bill-runs", summary="Create a bill run")
def create(
    body: CreateBillRunIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    if body.batches and body.bill_run_filters:
        raise DomainError(
            ErrorCode.INVALID_BILL_RUN_FIELD,
            "Specify either 'batches' or 'billRunFilters', not both.",
            "batches",
        )
    scope = _scope(request, ctx, body)
    exclude = tuple(ChargeType(c) for c in body.charge_type_to_exclude or [])
    if body.schedule is not None:
        schedule = schedule_of(body)
        new = scheduled_bill_runs.NewScheduledBillRun(
            schedule=schedule,
            target_rule=date_rule(body, schedule, "target"),
            invoice_rule=date_rule(body, schedule, "invoice"),
            auto_post=bool(body.auto_post),
            scope=scope,
            exclude=exclude,
            name=body.name,
            include_subscriptions=body.include_subscriptions is not False,
            include_order_line_items=body.include_order_line_items is not False,
        )
        with unit_of_work(request) as uow:
            run = scheduled_bill_runs.create_scheduled_bill_run(uow, ctx, new)
        return ZuoraJSONResponse(bill_run_body(run, time_zone=ctx.time_zone))
    target_date = check_ad_hoc(body)
    with unit_of_work(request) as uow:
        run = bill_runs.create_bill_run(
            uow,
            ctx,
            target_date=target_date,
            invoice_date=body.invoice_date,
            auto_post=bool(body.auto_post),
            scope=scope,
            exclude=exclude,
            name=body.name,
            include_subscriptions=body.include_subscriptions is not False,
            include_order_line_items=body.include_order_line_items is not False,
        )
    return ZuoraJSONResponse(bill_run_body(run))


@router.get("/v1/bill-runs/{bill_run_id}", summary="Retrieve a bill run")
def get(
    bill_run_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        run = bill_runs.get_bill_run(uow, ctx, bill_run_id)
    body = bill_run_body(run, ctx.time_zone)
    return ZuoraJSONResponse(complete(body, "BillRunResponse"))


@router.put("/v1/bill-runs/{bill_run_id}/post", summary="Post a bill run")
def post(
    bill_run_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        run = bill_run_posting.post_bill_run(
            uow, ctx, bill_run_id, dependencies(request).payment_gateway
        )
    return ZuoraJSONResponse(bill_run_body(run, ctx.time_zone))


@router.put("/v1/bill-runs/{bill_run_id}/cancel", summary="Cancel a bill run")
def cancel(
    bill_run_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        run = bill_run_posting.cancel_bill_run(uow, ctx, bill_run_id)
    return ZuoraJSONResponse(bill_run_body(run, ctx.time_zone))
