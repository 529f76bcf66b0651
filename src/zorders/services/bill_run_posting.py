"""Posting and canceling a bill run (issue 5), and the autoPay collection that posting
starts (issue 11, decision SB7). Canceling a scheduled run stops its schedule (SB2)."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.billing.bill_run import CANCELLABLE, POSTABLE, BillRun, BillRunStatus
from zorders.domain.billing.documents import DocumentKind, DocumentStatus
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.auto_pay import Collected, collect_auto_pay
from zorders.services.bill_runs import get_bill_run
from zorders.services.billing import cancel_invoice, post_invoice
from zorders.services.context import CommandContext
from zorders.services.ports import PaymentGateway, UnitOfWork


def post_bill_run(
    uow: UnitOfWork, ctx: CommandContext, key: str, gateway: PaymentGateway | None = None
) -> BillRun:
    """Post the run's drafts, then collect the autoPay accounts' invoices (SB7)."""
    run = get_bill_run(uow, ctx, key, for_update=True)
    if run.schedule is not None:
        raise DomainError(
            ErrorCode.INVALID_BILL_RUN_STATE,
            f"Bill run {run.number} is a scheduled bill run: it has no documents of its own "
            "(post the bill runs it made).",
            "status",
        )
    if run.status not in POSTABLE:
        raise DomainError(
            ErrorCode.INVALID_BILL_RUN_STATE,
            f"Bill run {run.number} is {run.status.value}: only Completed runs can be posted.",
            "status",
        )
    by_account: dict[str, list[str]] = {}
    for document in uow.billing.documents_of_source(ctx.tenant_id, run.id):
        if document.kind is DocumentKind.INVOICE and document.status is DocumentStatus.DRAFT:
            post_invoice(uow, ctx, document.id)
            by_account.setdefault(document.account_id, []).append(document.id)
    collected = Collected()
    for account_id in sorted(by_account):
        account = uow.accounts.get(ctx.tenant_id, account_id, for_update=True)
        if account is None:
            continue
        posted = [
            uow.billing.get_document(ctx.tenant_id, i, DocumentKind.INVOICE)
            for i in by_account[account_id]
        ]
        invoices = [d for d in posted if d is not None]
        collected += collect_auto_pay(uow, ctx, gateway, account, invoices)
    run = replace(
        run,
        status=BillRunStatus.POSTED,
        payments=run.payments + collected.payments,
        payments_failed=run.payments_failed + collected.failed,
        updated_at=ctx.now,
    )
    uow.bill_runs.update(ctx.tenant_id, run)
    return run


def cancel_bill_run(uow: UnitOfWork, ctx: CommandContext, key: str) -> BillRun:
    run = get_bill_run(uow, ctx, key, for_update=True)
    if run.status not in CANCELLABLE:
        raise DomainError(
            ErrorCode.INVALID_BILL_RUN_STATE,
            f"Bill run {run.number} is {run.status.value}: only Pending, Completed or Error "
            "runs can be canceled.",
            "status",
        )
    for document in uow.billing.documents_of_source(ctx.tenant_id, run.id):
        if document.kind is DocumentKind.INVOICE and document.status is DocumentStatus.DRAFT:
            cancel_invoice(uow, ctx, document.id)
    run = replace(run, status=BillRunStatus.CANCELED, updated_at=ctx.now)
    uow.bill_runs.update(ctx.tenant_id, run)
    return run
