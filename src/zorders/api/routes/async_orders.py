"""Async orders (spec §6, §10.5; decisions AO1-AO8): submit a create, a preview or a
delete as a job, and poll `GET /v1/async-jobs/{jobId}`. The body is checked here as the
sync endpoints check it (schema, limits: 400 at once, nothing stored); the worker runs it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import api_version, command_context, dependencies, unit_of_work
from zorders.api.error_table import ERRORS
from zorders.api.response_keys import complete
from zorders.api.routes.order_preview import choices, preview_body, preview_command
from zorders.api.schemas.orders import CreateOrderIn, PreviewOrderIn
from zorders.api.v1 import orders as v1
from zorders.api.v1.accounts import new_account_draft, new_account_method
from zorders.api.views.orders import create_response
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.versions import ApiVersion, parse_version
from zorders.services.context import CommandContext
from zorders.services.orders import async_orders
from zorders.services.payment_methods import with_signup_method
from zorders.services.ports import JobRecord, JobState, UnitOfWork

router = APIRouter(route_class=ZuoraRoute, tags=["Orders"])

# A job that failed outside the order path (a bug, retried and given up): its error text
# is stored, never answered (W7).
_UNEXPECTED = "The job failed with an unexpected error."


def _accepted(job_id: str, status_code: int = 202) -> ZuoraJSONResponse:
    # Our ids are 32 hex digits; Zuora's job ids are UUIDs in their 36-character form (AO1).
    wire_id = str(uuid.UUID(hex=job_id))
    return ZuoraJSONResponse({"jobId": wire_id, "success": True}, status_code=status_code)


def _job_key(wire_id: str) -> str:
    try:
        return uuid.UUID(wire_id).hex
    except ValueError:
        return wire_id  # not a UUID: found by no job


@router.post("/v1/async/orders", summary="Create an order asynchronously", status_code=202)
def create_async(
    body: CreateOrderIn,
    request: Request,
    returnIds: bool = False,
    ctx: CommandContext = Depends(command_context),
    version: ApiVersion = Depends(api_version),
) -> ZuoraJSONResponse:
    draft = new_account_draft(body.new_account)
    method = new_account_method(body.new_account)
    with v1.v1_errors(), unit_of_work(request) as uow:
        # The method is made now (as an orphan) so that the job holds its id, no secret.
        draft = with_signup_method(uow, ctx, dependencies(request).payment_gateway, draft, method)
        command = v1.create_order(body.to_body(), draft)
        job_id = async_orders.submit_create(
            uow,
            ctx,
            command,
            return_ids=returnIds,
            api_version=version.raw,
            created_by=getattr(request.state, "client_id", None),
        )
    return _accepted(job_id)


@router.post("/v1/async/orders/preview", summary="Preview an order asynchronously", status_code=202)
def preview_async(
    body: PreviewOrderIn, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with v1.v1_errors():
        command = preview_command(body)
        with unit_of_work(request) as uow:
            job_id = async_orders.submit_preview(uow, ctx, command, choices(body))
    return _accepted(job_id)


@router.delete("/v1/async/orders/{order_number}", summary="Delete an order asynchronously")
def delete_async(
    order_number: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        job_id = async_orders.submit_delete(uow, ctx, order_number)
    return _accepted(job_id, 200)  # Zuora answers 200 here (spec §6)


@router.get("/v1/async-jobs/{job_id}", summary="Retrieve the status and response of a job")
def get_job(
    job_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        job = async_orders.get_job(uow, ctx, _job_key(job_id), shown_as=job_id)
        body = _job_body(uow, ctx, job)
    return ZuoraJSONResponse(complete(body, "GetAsyncOrderJobResponse"))


def _job_body(uow: UnitOfWork, ctx: CommandContext, job: JobRecord) -> dict[str, Any]:
    if job.state is JobState.FAILED:
        return {"success": True, "status": "Failed", "errors": _UNEXPECTED}
    result = job.result
    if job.state is not JobState.DONE or result is None:
        return {"success": True, "status": "Processing"}
    if result["status"] == async_orders.FAILED:
        reasons = [_reason(r) for r in result["reasons"]]
        return {
            "success": True,
            "status": "Failed",
            "errors": "; ".join(r["message"] for r in reasons),
            "reasons": reasons,
        }
    job_type = async_orders.JOB_TYPES[job.kind]
    if job.kind == async_orders.ASYNC_PREVIEW_JOB:
        answer = preview_body(async_orders.preview_result(result))
    elif job.kind == async_orders.ASYNC_CREATE_JOB:
        answer = _created(uow, ctx, job, result)
    else:
        answer = {"orderNumber": result["order_number"]}
    return {
        "success": True,
        "status": "Completed",
        "result": {"success": True, **answer, "jobType": job_type},
    }


def _created(
    uow: UnitOfWork, ctx: CommandContext, job: JobRecord, result: dict[str, Any]
) -> dict[str, Any]:
    """The sync create's answer, from what the job made (AO5)."""
    outcome = async_orders.created_outcome(uow, ctx, result)
    if outcome is None:  # deleted since: its number is all that is left
        return {"orderNumber": result["order_number"]}
    body = create_response(
        outcome.order,
        outcome.account,
        outcome.versions,
        version=parse_version(job.payload.get("api_version")),
        today=date.fromisoformat(result["today"]),
        return_ids=bool(job.payload.get("return_ids")),
        billing=outcome.billing,
        payment=outcome.payment,
        owners=outcome.owners,
        line_items=outcome.line_items,
    )
    body.pop("success", None)
    return body


def _reason(stored: dict[str, Any]) -> dict[str, Any]:
    """A refusal the job kept, in v1's field names and Zuora's 8-digit code."""
    error = DomainError(ErrorCode(stored["code"]), stored["message"], stored.get("field"))
    try:
        with v1.v1_errors():
            raise error
    except DomainError as named:
        error = named
    return {"code": ERRORS[error.code].code, "message": error.message}
