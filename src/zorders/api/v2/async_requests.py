"""The v2 `async: true` header (spec §12.1: "true ⇒ 202 + request id only") on
`POST /v2/orders` and its preview, and `GET /v2/async_requests/{id}`, where the outcome is
read (QP6-QP8).

The body is checked as the sync call checks it (schema, translation, limits: 400 at
once, nothing stored), then recorded as the v1 async create's or preview's job in the
request's transaction (`services/orders/async_orders.py`); the worker runs it through the one order
path. Zuora tells the outcome of a v2 async request by the "Async Request Succeeded /
Failed" callouts only; zorders has no callouts, so the request is read back by its id, in
the words of that callout's payload (`state`, `create_time`, `complete_time`, `data.id`),
with the order in v2 words (`result`) or the v2 error the sync request would have answered
(`error`)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.v2.errors import answer, bad_request, v2_body
from zorders.api.v2.order_answers import created_answer
from zorders.api.v2.preview_views import preview_answer, previous_versions
from zorders.api.v2.subscription_views import timestamp
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.context import CommandContext
from zorders.services.orders import async_orders
from zorders.services.orders.commands import CreateOrder
from zorders.services.ports import JobRecord, JobState, UnitOfWork

router = APIRouter(route_class=ZuoraRoute, tags=["v2 Async requests"])

# A job that failed outside the order path (a bug, retried and given up): its stored text
# is never answered (W7).
_UNEXPECTED = "The request failed with an unexpected error."

# The async header's values, as Zuora's clients send a boolean header.
_TRUE, _FALSE = frozenset({"true", "1"}), frozenset({"false", "0", ""})


def wants_async(request: Request) -> bool:
    """The `async` request header: true, false or absent; anything else is refused."""
    raw = request.headers.get("async")
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise bad_request(
        "invalid_parameter_boolean", "async", f"'async' must be true or false, not '{raw}'"
    )


def _wire_id(job_id: str) -> str:
    """Our ids are 32 hex digits; shown, as the v1 async jobs' are, as UUIDs (AO1)."""
    return str(uuid.UUID(hex=job_id))


def accepted(job_id: str) -> ZuoraJSONResponse:
    return ZuoraJSONResponse({"request_id": _wire_id(job_id)}, status_code=202)


def submit_create(request: Request, ctx: CommandContext, command: CreateOrder) -> str:
    """The v1 async create's job, with its checks (async limits), in one transaction."""
    with unit_of_work(request) as uow:
        return async_orders.submit_create(
            uow,
            ctx,
            command,
            return_ids=False,
            api_version=None,
            created_by=getattr(request.state, "client_id", None),
        )


def refuse_card() -> None:
    """A card is never stored, and a job's payload is (QP7)."""
    raise bad_request(
        "invalid_parameter",
        "account_data.payment_method",
        "'account_data.payment_method' cannot come with 'async: true': a card is never "
        "stored, and an async request is. Send it without the header, or create the "
        "account with POST /v2/accounts first.",
    )


# -- reading a request back ------------------------------------------------------------------


def _job_key(wire_id: str) -> str:
    try:
        return uuid.UUID(wire_id).hex
    except ValueError:
        return wire_id  # not a UUID: found by no job


def _time(job: JobRecord, finished: bool) -> dict[str, Any]:
    times: dict[str, Any] = {"create_time": timestamp(job.created_at)}
    if finished and job.finished_at is not None:
        times["complete_time"] = timestamp(job.finished_at)
    return times


def _failed(job: JobRecord, error: dict[str, Any]) -> dict[str, Any]:
    return {"id": _wire_id(job.id), "state": "failed", **_time(job, True), "error": error}


def _request_body(uow: UnitOfWork, ctx: CommandContext, job: JobRecord) -> dict[str, Any]:
    if job.state is JobState.FAILED:
        unexpected = answer(ErrorCode.INTERNAL_ERROR, _UNEXPECTED)
        return _failed(job, v2_body([unexpected]))
    result = job.result
    if job.state is not JobState.DONE or result is None:
        return {"id": _wire_id(job.id), "state": "processing", **_time(job, False)}
    if result["status"] == async_orders.FAILED:
        refusals = [
            answer(ErrorCode(r["code"]), r["message"], r.get("field")) for r in result["reasons"]
        ]
        return _failed(job, v2_body(refusals))
    body: dict[str, Any] = {"id": _wire_id(job.id), "state": "succeeded", **_time(job, True)}
    if job.kind == async_orders.ASYNC_CREATE_JOB:
        body["data"] = {"id": result["order_id"]}
        outcome = async_orders.created_outcome(uow, ctx, result)
        if outcome is not None:  # None: deleted since
            body["result"] = created_answer(uow, ctx, outcome)
    elif job.kind == async_orders.ASYNC_PREVIEW_JOB:
        previewed = async_orders.preview_result(result)
        body["result"] = preview_answer(previewed, previous_versions(uow, ctx, previewed))
    elif "order_number" in result:
        body["data"] = {"id": result["order_number"]}
    return body


@router.get("/v2/async_requests/{request_id}", summary="Retrieve an asynchronous request")
def get_request(
    request_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        try:
            job = async_orders.get_job(uow, ctx, _job_key(request_id), shown_as=request_id)
        except DomainError as error:
            raise DomainError(error.code, error.message, "request_id") from None
        body = _request_body(uow, ctx, job)
    return ZuoraJSONResponse(body)
