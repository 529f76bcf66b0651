"""Bill runs (issue 5): create (answered at once; a `bill_run` job recorded with the run
executes it on a worker, issue 11), read, post, cancel. A run that a dead worker left
Processing is taken up again when its job's lease lapses (decisions.md W9)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.errors import ERRORS
from zorders.api.schemas.orders import Wire
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.billing.bill_run import BillRun, BillRunAccountError, BillRunScope
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import bill_runs
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext

router = APIRouter(route_class=ZuoraRoute, tags=["Bill runs"])


class BillRunFilterIn(Wire):
    filter_type: Literal["Account", "Subscription"] = "Account"
    account_id: str | None = None
    subscription_id: str | None = None


class CreateBillRunIn(Wire):
    name: str | None = None
    target_date: date
    invoice_date: date | None = None
    auto_post: bool | None = None
    bill_run_filters: list[BillRunFilterIn] | None = None
    batches: list[str] | None = None
    bill_cycle_day: str | None = Field(default=None)
    charge_type_to_exclude: list[Literal["OneTime", "Recurring", "Usage"]] | None = None
    # Zuora's defaults (and what the official client sends): both true.
    include_subscriptions: bool | None = None
    include_order_line_items: bool | None = None


def _account_error(error: BillRunAccountError) -> dict[str, Any]:
    try:
        spec = ERRORS[ErrorCode(error.code)]
    except (ValueError, KeyError):  # a code this version no longer has
        spec = ERRORS[ErrorCode.INTERNAL_ERROR]
    return {
        "accountId": error.account_id,
        "accountNumber": error.account_number,
        "errorCode": spec.code,
        "errorMessage": error.message,
    }


def bill_run_body(run: BillRun, errors: Sequence[BillRunAccountError] = ()) -> dict[str, Any]:
    """Zuora's bill run fields, plus the run's `errorMessage` (Zuora's BillRun.ErrorMessage)
    and the accounts whose billing failed (decision R4)."""
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
        "billCycleDay": str(run.scope.bill_cycle_day)
        if run.scope.bill_cycle_day
        else "AllBillCycleDays",
        "chargeTypeToExclude": [c.value for c in run.exclude],
        "includeSubscriptions": run.include_subscriptions,
        "includeOrderLineItems": run.include_order_line_items,
        "numberOfAccounts": run.accounts_processed,
        "numberOfInvoices": run.invoices,
        "numberOfCreditMemos": run.credit_memos,
        "errorMessage": run.error_message,
        "numberOfAccountErrors": run.account_errors,
        "accountErrors": [_account_error(e) for e in errors],
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
    day = body.bill_cycle_day
    if day not in (None, "AllBillCycleDays") and not (day.isdigit() and 1 <= int(day) <= 31):
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            "'billCycleDay' is 1 to 31 or AllBillCycleDays",
            "billCycleDay",
        )
    return BillRunScope(
        account_ids=tuple(dict.fromkeys(accounts)),
        subscription_numbers=tuple(subscriptions),
        batches=tuple(body.batches or ()),
        bill_cycle_day=int(day) if day and day.isdigit() else None,
    )


@router.post("/v1/bill-runs", summary="Create a bill run")
def create(
    body: CreateBillRunIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    scope = _scope(request, ctx, body)
    with unit_of_work(request) as uow:
        run = bill_runs.create_bill_run(
            uow,
            ctx,
            target_date=body.target_date,
            invoice_date=body.invoice_date,
            auto_post=bool(body.auto_post),
            scope=scope,
            exclude=tuple(ChargeType(c) for c in body.charge_type_to_exclude or []),
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
        errors = bill_runs.account_errors(uow, ctx, run)
    return ZuoraJSONResponse(bill_run_body(run, errors))


@router.put("/v1/bill-runs/{bill_run_id}/post", summary="Post a bill run")
def post(
    bill_run_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        run = bill_runs.post_bill_run(uow, ctx, bill_run_id)
        errors = bill_runs.account_errors(uow, ctx, run)
    return ZuoraJSONResponse(bill_run_body(run, errors))


@router.put("/v1/bill-runs/{bill_run_id}/cancel", summary="Cancel a bill run")
def cancel(
    bill_run_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        run = bill_runs.cancel_bill_run(uow, ctx, bill_run_id)
        errors = bill_runs.account_errors(uow, ctx, run)
    return ZuoraJSONResponse(bill_run_body(run, errors))
