"""The `scheduled_order` job (issue 11, decisions SO1-SO6): a Scheduled order executes on
its date through the one placement path (`place`, as activate runs a Draft), with the
processing options it was saved with.

A plain job (W6): the execution, its billing and payment, the order's outcome and the
job's completion commit together. A business refusal (a DomainError) rolls the
execution back to a savepoint and fails the order with its reason, in that same
transaction; a worker that dies mid-run leaves the order Scheduled and its job is
claimed again after its lease.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.model import (
    ExecutedSubscription,
    Order,
    OrderStatus,
    ScheduledExecution,
)
from zorders.domain.payments import PaymentStatus
from zorders.services.context import CommandContext
from zorders.services.orders.create import OrderOutcome, place
from zorders.services.orders.lifecycle import order_account, stored_command
from zorders.services.orders.schedule import ScheduledOrderJob, stale_reason
from zorders.services.ports import PaymentGateway, UnitOfWork

# Refusals a retry can cure: the job is retried (W7) rather than the order failed.
_RETRYABLE = frozenset({ErrorCode.LOCKING_CONTENTION})

Result = dict[str, Any]


def scheduled_order_handler(
    gateway: PaymentGateway | None,
) -> Callable[[UnitOfWork, CommandContext, dict[str, Any]], Result]:
    """The job's handler, with the gateway `collectPayment` charges through (None: a
    scheduled order that collects a payment fails, as a preview refuses it)."""

    def handle(uow: UnitOfWork, ctx: CommandContext, payload: dict[str, Any]) -> Result:
        return run_scheduled_order(uow, ctx, payload, gateway=gateway)

    return handle


def run_scheduled_order(
    uow: UnitOfWork,
    ctx: CommandContext,
    payload: dict[str, Any],
    *,
    gateway: PaymentGateway | None,
) -> Result:
    job = ScheduledOrderJob.from_payload(payload)
    # Under the order's row lock: an update, cancel or delete waits for the outcome.
    order = uow.orders.get(ctx.tenant_id, job.order_number, for_update=True)
    reason = stale_reason(job, order)
    if reason is not None or order is None:
        return {"order_number": job.order_number, "skipped": reason}
    try:
        with uow.savepoint():
            outcome = _execute(uow, ctx, order, gateway)
    except DomainError as error:
        if error.code in _RETRYABLE:
            raise
        return _fail(uow, ctx, order, error)
    execution = _execution(ctx, outcome)
    uow.orders.update(ctx.tenant_id, replace(outcome.order, execution=execution))
    return {
        "order_number": order.number,
        "status": execution.status.value,
        "counts": _counts(execution),
    }


def _execute(
    uow: UnitOfWork, ctx: CommandContext, order: Order, gateway: PaymentGateway | None
) -> OrderOutcome:
    """Scheduled -> Completed, or Pending when trigger dates are still missing: the stored
    command executes, its order actions keeping their ids, as activate does."""
    command = replace(stored_command(order), status=None)
    account = order_account(uow, ctx, order)
    return place(
        uow, ctx, replace(order, updated_at=ctx.now), account, command, gateway=gateway, new=False
    )


def _execution(ctx: CommandContext, outcome: OrderOutcome) -> ScheduledExecution:
    payment = outcome.payment
    processed = payment is not None and payment.status is PaymentStatus.PROCESSED
    return ScheduledExecution(
        executed_at=ctx.now,
        status=outcome.order.status,
        subscriptions=tuple(
            ExecutedSubscription(v.number, v.status_on(ctx.today).value) for v in outcome.versions
        ),
        invoice_numbers=tuple(d.number for d in outcome.billing.invoices),
        credit_memo_numbers=tuple(d.number for d in outcome.billing.credit_memos),
        payment_number=payment.number if payment is not None else None,
        payment_status=payment.status if payment is not None else None,
        paid_amount=payment.amount if payment is not None and processed else None,
        payment_error_code=payment.gateway_response_code
        if payment is not None and not processed
        else None,
        payment_error_message=payment.gateway_response
        if payment is not None and not processed
        else None,
    )


def _fail(uow: UnitOfWork, ctx: CommandContext, order: Order, error: DomainError) -> Result:
    """Failed, with the refusal kept on the order (SO3); nothing of the execution stays."""
    execution = ScheduledExecution(
        executed_at=ctx.now,
        status=OrderStatus.FAILED,
        error_code=error.code,
        error_message=error.message,
    )
    failed = replace(order, status=OrderStatus.FAILED, updated_at=ctx.now, execution=execution)
    uow.orders.update(ctx.tenant_id, failed)
    return {
        "order_number": order.number,
        "status": OrderStatus.FAILED.value,
        "error": {"code": error.code.value, "message": error.message},
        "counts": {"orders_failed": 1},
    }


def _counts(execution: ScheduledExecution) -> dict[str, int]:
    counts = {"orders_executed": 1}
    if execution.invoice_numbers:
        counts["invoices"] = len(execution.invoice_numbers)
    if execution.credit_memo_numbers:
        counts["credit_memos"] = len(execution.credit_memo_numbers)
    if execution.payment_number is not None:
        paid = execution.payment_status is PaymentStatus.PROCESSED
        counts["payments" if paid else "payments_failed"] = 1
    return counts
