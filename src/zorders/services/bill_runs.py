"""Bill runs: create, execute in chunks, post, cancel (issue 5).

Execution bills one account per unit of work and records the run's progress in the same
transaction, so a run that crashes halfway resumes after the last account it committed;
and since billing an account twice for one target date adds nothing, nothing is billed
twice and nothing is missed. Memory stays flat: accounts are read `CHUNK` ids at a time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from zorders.domain.billing.bill_run import (
    CANCELLABLE,
    POSTABLE,
    BillRun,
    BillRunScope,
    BillRunStatus,
)
from zorders.domain.billing.documents import DocumentKind, DocumentStatus
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_target_date
from zorders.domain.numbering import NumberKind
from zorders.services.billing import bill_account, cancel_invoice, post_invoice
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.numbering import next_number
from zorders.services.ports import UnitOfWork, UnitOfWorkFactory

CHUNK = 100


def create_bill_run(
    uow: UnitOfWork,
    ctx: CommandContext,
    *,
    target_date: date,
    invoice_date: date | None,
    auto_post: bool,
    scope: BillRunScope,
    exclude: tuple[ChargeType, ...] = (),
    name: str | None = None,
) -> BillRun:
    check_target_date(target_date, ctx.today, "targetDate")
    for account_id in scope.account_ids:
        if uow.accounts.get(ctx.tenant_id, account_id) is None:
            raise DomainError(
                ErrorCode.ACCOUNT_NOT_FOUND_FOR_ORDER,
                f"Account '{account_id}' does not exist.",
                "billRunFilters",
            )
    run = BillRun(
        id=new_id(),
        number=next_number(uow, ctx.tenant_id, NumberKind.BILL_RUN),
        status=BillRunStatus.PENDING,
        target_date=target_date,
        invoice_date=invoice_date or target_date,
        auto_post=auto_post,
        scope=scope,
        exclude=exclude,
        name=name,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    uow.bill_runs.add(ctx.tenant_id, run)
    return run


def get_bill_run(
    uow: UnitOfWork, ctx: CommandContext, key: str, *, for_update: bool = False
) -> BillRun:
    run = uow.bill_runs.get(ctx.tenant_id, key, for_update=for_update)
    if run is None:
        raise DomainError(ErrorCode.BILL_RUN_NOT_FOUND, f"Bill run '{key}' does not exist.", "id")
    return run


def _next_accounts(uow: UnitOfWork, ctx: CommandContext, run: BillRun) -> list[str]:
    scope = run.scope
    if scope.account_ids:
        ordered = sorted(scope.account_ids)
        return [a for a in ordered if run.cursor is None or a > run.cursor][:CHUNK]
    return uow.accounts.ids_in_scope(
        ctx.tenant_id,
        after=run.cursor,
        limit=CHUNK,
        batches=scope.batches,
        bill_cycle_day=scope.bill_cycle_day,
    )


def resume_unfinished(
    uow_factory: UnitOfWorkFactory, now: datetime, request_id: str
) -> list[BillRun]:
    """Finish every Pending or Processing run of every tenant (after a crash or a restart
    of the process that was running them): each resumes after its last committed account."""
    with uow_factory(read_only=True) as uow:
        unfinished = uow.bill_runs.unfinished()
    return [
        execute_bill_run(uow_factory, CommandContext(tenant_id, now, request_id), run_id)
        for tenant_id, run_id in unfinished
    ]


def execute_bill_run(uow_factory: UnitOfWorkFactory, ctx: CommandContext, run_id: str) -> BillRun:
    """Bill every account in scope, one transaction per account, resuming after the
    last account a previous attempt committed."""
    with uow_factory() as uow:
        run = get_bill_run(uow, ctx, run_id, for_update=True)
        if run.status not in (BillRunStatus.PENDING, BillRunStatus.PROCESSING):
            return run
        run = replace(run, status=BillRunStatus.PROCESSING, updated_at=ctx.now)
        uow.bill_runs.update(ctx.tenant_id, run)
        uow.commit()
    while True:
        with uow_factory(read_only=True) as uow:
            chunk = _next_accounts(uow, ctx, run)
        if not chunk:
            break
        for account_id in chunk:
            with uow_factory() as uow:
                run = get_bill_run(uow, ctx, run_id, for_update=True)
                account = uow.accounts.get(ctx.tenant_id, account_id, for_update=True)
                invoices = credit_memos = 0
                if account is not None:
                    outcome = bill_account(
                        uow,
                        ctx,
                        account,
                        run.target_date,
                        document_date=run.invoice_date,
                        draft=not run.auto_post,
                        exclude=frozenset(run.exclude),
                        subscription_numbers=run.scope.subscription_numbers or None,
                        source_type="BillRun",
                        source_id=run.id,
                    )
                    invoices, credit_memos = len(outcome.invoices), len(outcome.credit_memos)
                run = replace(
                    run,
                    cursor=account_id,
                    accounts_processed=run.accounts_processed + 1,
                    invoices=run.invoices + invoices,
                    credit_memos=run.credit_memos + credit_memos,
                    updated_at=ctx.now,
                )
                uow.bill_runs.update(ctx.tenant_id, run)
                uow.commit()
    with uow_factory() as uow:
        run = get_bill_run(uow, ctx, run_id, for_update=True)
        done = BillRunStatus.POSTED if run.auto_post else BillRunStatus.COMPLETED
        run = replace(run, status=done, updated_at=ctx.now)
        uow.bill_runs.update(ctx.tenant_id, run)
        uow.commit()
    return run


def post_bill_run(uow: UnitOfWork, ctx: CommandContext, key: str) -> BillRun:
    run = get_bill_run(uow, ctx, key, for_update=True)
    if run.status not in POSTABLE:
        raise DomainError(
            ErrorCode.INVALID_BILL_RUN_STATE,
            f"Bill run {run.number} is {run.status.value}: only Completed runs can be posted.",
            "status",
        )
    for document in uow.billing.documents_of_source(ctx.tenant_id, run.id):
        if document.kind is DocumentKind.INVOICE and document.status is DocumentStatus.DRAFT:
            post_invoice(uow, ctx, document.id)
    run = replace(run, status=BillRunStatus.POSTED, updated_at=ctx.now)
    uow.bill_runs.update(ctx.tenant_id, run)
    return run


def cancel_bill_run(uow: UnitOfWork, ctx: CommandContext, key: str) -> BillRun:
    run = get_bill_run(uow, ctx, key, for_update=True)
    if run.status not in CANCELLABLE:
        raise DomainError(
            ErrorCode.INVALID_BILL_RUN_STATE,
            f"Bill run {run.number} is {run.status.value}: only Pending or Completed runs "
            "can be canceled.",
            "status",
        )
    for document in uow.billing.documents_of_source(ctx.tenant_id, run.id):
        if document.kind is DocumentKind.INVOICE and document.status is DocumentStatus.DRAFT:
            cancel_invoice(uow, ctx, document.id)
    run = replace(run, status=BillRunStatus.CANCELED, updated_at=ctx.now)
    uow.bill_runs.update(ctx.tenant_id, run)
    return run
