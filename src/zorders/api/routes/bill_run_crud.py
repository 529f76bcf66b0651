"""The bill run through Zuora's CRUD object API (issue 13, decision RK1):
`GET /v1/object/bill-run/{id}`, in the BillRun object's PascalCase words.

The REST bill run (`GET /v1/bill-runs/{id}`, the client's BillRunResponse) documents no
counts; Zuora's BillRun object does (`NumberOfAccounts`, `NumberOfInvoices`,
`NumberOfCreditMemos`, `ErrorMessage`), so they are read here. Fields without a value are
left out, as the CRUD API answers; the id only (not the number) finds the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.errors import ERRORS
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.billing.bill_run import BillRun, BillRunAccountError
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import bill_runs
from zorders.services.context import CommandContext

router = APIRouter(route_class=ZuoraRoute, tags=["Bill runs (CRUD)"])

# The BillRun object's ErrorMessage: "Character limit: 255".
_MESSAGE_LIMIT = 255


def _at(value: datetime | None) -> str | None:
    """CRUD timestamps: `2025-01-01T00:00:00.000+00:00`."""
    return value.isoformat(timespec="milliseconds") if value is not None else None


def _code(code: str) -> int:
    try:
        return ERRORS[ErrorCode(code)].code
    except (ValueError, KeyError):  # a code this version no longer has
        return ERRORS[ErrorCode.INTERNAL_ERROR].code


def error_message(run: BillRun, errors: Sequence[BillRunAccountError]) -> str | None:
    """The run's own failure; else, when accounts failed, how many and the first ones
    (number, code, message), cut to the object's 255 characters (RK1)."""
    if run.error_message is not None or not run.account_errors:
        return run.error_message
    parts = "; ".join(f"{e.account_number} ({_code(e.code)}): {e.message}" for e in errors)
    text = f"{run.account_errors} account(s) failed: {parts}"
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 3] + "..."


def _bill_cycle_day(run: BillRun) -> str:
    if run.scope.as_run_day:
        return "AsRunDay"
    day = run.scope.bill_cycle_day
    return f"{day:02d}" if day else "AllBillCycleDays"


def crud_bill_run(run: BillRun, errors: Sequence[BillRunAccountError] = ()) -> dict[str, Any]:
    """The BillRun object's fields that have a value."""
    scope = run.scope
    body: dict[str, Any] = {
        "Id": run.id,
        "BillRunNumber": run.number,
        "Name": run.name,
        "Status": run.status.value,
        "TargetDate": run.target_date,
        "InvoiceDate": run.invoice_date,
        "AutoPost": run.auto_post,
        "AccountId": scope.account_ids[0] if len(scope.account_ids) == 1 else None,
        "Batches": ",".join(scope.batches) or None,
        "BillCycleDay": _bill_cycle_day(run),
        "ChargeTypeToExclude": ",".join(c.value for c in run.exclude) or None,
        "NumberOfAccounts": run.accounts_processed,
        "NumberOfInvoices": run.invoices,
        "NumberOfCreditMemos": run.credit_memos,
        "ErrorMessage": error_message(run, errors),
        "CreatedDate": _at(run.created_at),
        "UpdatedDate": _at(run.updated_at),
    }
    return {k: v for k, v in body.items() if v is not None}


@router.get("/v1/object/bill-run/{id}", summary="CRUD: Retrieve a bill run")
def get_crud_bill_run(
    id: str,
    request: Request,
    fields: str | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        run = uow.bill_runs.get(ctx.tenant_id, id)
        if run is None or run.id != id:
            raise DomainError(ErrorCode.BILL_RUN_NOT_FOUND, f"Cannot find entity by key: '{id}'.")
        errors = bill_runs.account_errors(uow, ctx, run)
    body = crud_bill_run(run, errors)
    if fields:
        wanted = {f.strip().lower() for f in fields.split(",") if f.strip()} | {"id"}
        body = {k: v for k, v in body.items() if k.lower() in wanted}
    return ZuoraJSONResponse(body)
