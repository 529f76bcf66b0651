"""Async orders (spec §6, §10.5; decisions AO1-AO8): `POST /v1/async/orders`, its preview
and `DELETE /v1/async/orders/{n}` record a job in the request's transaction; the worker
runs it through the one order path (create_order, preview, delete_order) and the job's
result is what `GET /v1/async-jobs/{id}` answers.

A business refusal does not fail the job: the order's effects roll back to a savepoint and
the job ends done with status Failed and the refusal's code and message (AO3), so that the
answer carries Zuora's reasons. A subscription another transaction holds fails the job at
once with SUBSCRIPTION_LOCKED (Zuora's 40000050), which clients retry (AO4).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zorders.domain.billing.documents import DocumentKind
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import ASYNC_ORDER_LIMITS
from zorders.services import payment_methods
from zorders.services.billing import BillingOutcome
from zorders.services.context import CommandContext
from zorders.services.documents import from_document, to_document
from zorders.services.jobs.core import Handler, Payload, Result, enqueue
from zorders.services.orders import lifecycle
from zorders.services.orders.commands import CreateOrder, PreviewOrder
from zorders.services.orders.create import OrderOutcome, create_order
from zorders.services.orders.preview import PreviewChoices, PreviewResult, preview
from zorders.services.orders.processing import check_command
from zorders.services.ports import JobRecord, PaymentGateway, UnitOfWork

ASYNC_CREATE_JOB = "async_create_order"
ASYNC_PREVIEW_JOB = "async_preview_order"
ASYNC_DELETE_JOB = "async_delete_order"
# `result.jobType` of each kind (spec §6; the delete's is ours, AO6).
JOB_TYPES = {
    ASYNC_CREATE_JOB: "AsyncCreateOrder",
    ASYNC_PREVIEW_JOB: "AsyncPreviewOrder",
    ASYNC_DELETE_JOB: "AsyncDeleteOrder",
}
COMPLETED, FAILED = "Completed", "Failed"
# Zuora's text for an operation that met a lock held by another one (AO4).
LOCKED_MESSAGE = "Operation failed due to a lock competition, please retry later."


def submit_create(
    uow: UnitOfWork,
    ctx: CommandContext,
    command: CreateOrder,
    *,
    return_ids: bool,
    api_version: str | None,
    created_by: str | None,
) -> str:
    """Checked as the sync create checks before it reads the database, with the async
    limits (spec §15); recorded as a job in the caller's transaction."""
    check_command(command, ASYNC_ORDER_LIMITS)
    payload = {
        "command": to_document(command),
        "return_ids": return_ids,
        "api_version": api_version,
        "created_by": created_by,
    }
    return enqueue(uow, ctx, ASYNC_CREATE_JOB, payload)


def submit_preview(
    uow: UnitOfWork, ctx: CommandContext, command: PreviewOrder, choices: PreviewChoices
) -> str:
    check_command(replace(command.order, status=None), ASYNC_ORDER_LIMITS)
    payload = {"command": to_document(command.order), "choices": to_document(choices)}
    return enqueue(uow, ctx, ASYNC_PREVIEW_JOB, payload)


def submit_delete(uow: UnitOfWork, ctx: CommandContext, order_number: str) -> str:
    return enqueue(uow, ctx, ASYNC_DELETE_JOB, {"order_number": order_number})


def _lock(uow: UnitOfWork, ctx: CommandContext, numbers: set[str]) -> None:
    if not uow.subscriptions.lock_nowait(ctx.tenant_id, numbers):
        raise DomainError(ErrorCode.SUBSCRIPTION_LOCKED, LOCKED_MESSAGE, "subscriptions")


def _named(command: CreateOrder) -> set[str]:
    return {i.subscription_number for i in command.subscriptions if i.subscription_number}


def _failed(error: DomainError) -> Result:
    reason = {"code": error.code.value, "message": error.message, "field": error.field}
    return {"status": FAILED, "reasons": [reason], "counts": {"async_jobs_failed": 1}}


def _completed(**fields: Any) -> Result:
    return {"status": COMPLETED, **fields, "counts": {"async_jobs_completed": 1}}


def create_handler(gateway: PaymentGateway | None) -> Handler:
    def run(uow: UnitOfWork, ctx: CommandContext, payload: Payload) -> Result:
        command = from_document(CreateOrder, payload["command"])
        try:
            _lock(uow, ctx, _named(command))
            with uow.savepoint():
                outcome = create_order(
                    uow,
                    ctx,
                    command,
                    created_by=payload.get("created_by"),
                    gateway=gateway,
                    limits=ASYNC_ORDER_LIMITS,
                )
        except DomainError as error:
            # The new account's method made with the request has no account to go to.
            payment_methods.drop_signup_method(uow, ctx, command.new_account)
            return _failed(error)
        return _completed(
            order_number=outcome.order.number,
            order_id=outcome.order.id,
            version_ids=[v.id for v in outcome.versions],
            invoice_ids=[d.id for d in outcome.billing.invoices],
            credit_memo_ids=[d.id for d in outcome.billing.credit_memos],
            payment_id=outcome.payment.id if outcome.payment is not None else None,
            today=ctx.today.isoformat(),
        )

    return run


def run_preview(uow: UnitOfWork, ctx: CommandContext, payload: Payload) -> Result:
    command = PreviewOrder(from_document(CreateOrder, payload["command"]))
    choices = from_document(PreviewChoices, payload["choices"])
    try:
        with uow.savepoint(keep=False):  # a preview stores nothing
            result = preview(uow, ctx, command, choices, limits=ASYNC_ORDER_LIMITS)
    except DomainError as error:
        return _failed(error)
    return _completed(preview=to_document(result))


def run_delete(uow: UnitOfWork, ctx: CommandContext, payload: Payload) -> Result:
    number = str(payload["order_number"])
    try:
        order = lifecycle.get_order(uow, ctx, number)
        _lock(uow, ctx, {s.subscription_number for s in order.subscriptions})
        with uow.savepoint():
            lifecycle.delete_order(uow, ctx, number)
    except DomainError as error:
        return _failed(error)
    return _completed(order_number=number)


# -- reading a job back ----------------------------------------------------------------


def get_job(
    uow: UnitOfWork, ctx: CommandContext, job_id: str, *, shown_as: str | None = None
) -> JobRecord:
    """The tenant's async order job; another tenant's, or any other kind, is not found
    (named `shown_as`, the id as the caller wrote it)."""
    job = uow.jobs.get(job_id)
    if job is None or job.tenant_id != ctx.tenant_id or job.kind not in JOB_TYPES:
        raise DomainError(
            ErrorCode.ASYNC_JOB_NOT_FOUND,
            f"The job '{shown_as or job_id}' does not exist.",
            "jobId",
        )
    return job


_DOCUMENT_KEYS = (
    ("invoice_ids", DocumentKind.INVOICE),
    ("credit_memo_ids", DocumentKind.CREDIT_MEMO),
)


def created_outcome(uow: UnitOfWork, ctx: CommandContext, result: Result) -> OrderOutcome | None:
    """The create answer's values, read back by the ids the job kept (AO5); None when the
    order has been deleted since."""
    assert result is not None
    order = uow.orders.get(ctx.tenant_id, result["order_number"])
    if order is None or order.id != result.get("order_id", order.id):
        return None  # deleted (and its number perhaps given to another order since)
    account = lifecycle.order_account(uow, ctx, order)
    versions = tuple(
        v
        for v in (uow.subscriptions.by_id(ctx.tenant_id, i) for i in result["version_ids"])
        if v is not None
    )
    documents = [
        uow.billing.get_document(ctx.tenant_id, i, kind)
        for key, kind in (
            ("invoice_ids", DocumentKind.INVOICE),
            ("credit_memo_ids", DocumentKind.CREDIT_MEMO),
        )
        for i in result[key]
    ]
    billing = BillingOutcome(tuple(d for d in documents if d is not None))
    payment_id = result["payment_id"]
    payment = uow.payments.get(ctx.tenant_id, payment_id) if payment_id else None
    owners = {account.id: account}
    for v in versions:
        owner = uow.accounts.get(ctx.tenant_id, v.account_id)
        if owner is not None:
            owners[owner.id] = owner
    items = tuple(uow.line_items.of_order(ctx.tenant_id, order.id))
    return OrderOutcome(order, account, versions, billing, payment, owners, items)


def preview_result(result: Result) -> PreviewResult:
    assert result is not None
    return from_document(PreviewResult, result["preview"])
