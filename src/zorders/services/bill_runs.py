"""Bill runs: create, execute in chunks, post, cancel (issue 5).

Execution bills one account per unit of work and records the run's progress in the same
transaction, so a run that crashes halfway resumes after the last account it committed;
and since billing an account twice for one target date adds nothing, nothing is billed
twice and nothing is missed. A run is executed by a `bill_run` job, recorded with the
run (issue 11): a worker that dies mid-run leaves it to the next one, once its lease
lapses (decisions.md W9). Memory stays flat: accounts are read `CHUNK` ids at a time.

Nothing stays stuck (issue 8): an account that fails rolls back alone and is recorded in a
transaction of its own, and the run goes on; a run that fails as a whole ends in Error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from zorders.domain.billing.bill_run import (
    UNFINISHED,
    BillRun,
    BillRunAccountError,
    BillRunScope,
    BillRunStatus,
    error_message,
)
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_target_date
from zorders.domain.numbering import NumberKind
from zorders.services.auto_pay import Collected, collect_auto_pay
from zorders.services.billing import bill_account
from zorders.services.clock import TenantClock
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.jobs import enqueue
from zorders.services.numbering import next_number
from zorders.services.ports import PaymentGateway, UnitOfWork, UnitOfWorkFactory

CHUNK = 100
BILL_RUN_JOB = "bill_run"
# Account errors shown with a run (GET, resume); the run counts them all.
SHOWN_ERRORS = 100

log = logging.getLogger(__name__)


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
    include_subscriptions: bool = True,
    include_order_line_items: bool = True,
    scheduled_bill_run_id: str | None = None,
    run_date: date | None = None,
) -> BillRun:
    """An ad hoc run, or one run of a scheduled run (`scheduled_bill_run_id`, `run_date`),
    recorded with the `bill_run` job that executes it."""
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
        include_subscriptions=include_subscriptions,
        include_order_line_items=include_order_line_items,
        scheduled_bill_run_id=scheduled_bill_run_id,
        run_date=run_date,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    uow.bill_runs.add(ctx.tenant_id, run)
    enqueue(uow, ctx, BILL_RUN_JOB, {"bill_run_id": run.id})
    return run


def run_bill_run_job(
    uow_factory: UnitOfWorkFactory,
    ctx: CommandContext,
    payload: dict[str, Any],
    *,
    gateway: PaymentGateway | None = None,
) -> dict[str, Any]:
    """The `bill_run` job: execute (or finish) the run; its failures are the run's own
    (account errors, Error), so the job itself ends done. Its counts (T9) are the run's."""
    run = execute_bill_run(uow_factory, ctx, str(payload["bill_run_id"]), gateway=gateway)
    return {"status": run.status.value, "accounts": run.accounts_processed, "counts": counts(run)}


def counts(run: BillRun) -> dict[str, int]:
    """The clock answer's counters (T9) for one executed run (those at zero left out)."""
    made = {
        "bill_runs": 1,
        "invoices": run.invoices,
        "credit_memos": run.credit_memos,
        "payments": run.payments,
        "payments_failed": run.payments_failed,
    }
    return {name: count for name, count in made.items() if count}


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
        bill_cycle_days=scope.cycle_days(),
    )


@dataclass(frozen=True)
class ResumeOutcome:
    """What `resume_unfinished` did with one run: `run` is its state afterwards, or None
    when it could neither be executed nor marked Error (`failure` says why)."""

    tenant_id: str
    run_id: str
    run: BillRun | None
    account_errors: tuple[BillRunAccountError, ...] = ()
    failure: str | None = None

    @property
    def ok(self) -> bool:
        return (
            self.run is not None
            and self.run.status is not BillRunStatus.ERROR
            and not self.run.account_errors
        )


def resume_unfinished(
    uow_factory: UnitOfWorkFactory,
    clock: TenantClock,
    request_id: str,
    gateway: PaymentGateway | None = None,
) -> list[ResumeOutcome]:
    """Finish every Pending or Processing run of every tenant (after a crash or a restart
    of the process that was running them): each resumes after its last committed account,
    each on its own: one run's failure does not stop the others (decision R5)."""
    with uow_factory(read_only=True) as uow:
        unfinished = uow.bill_runs.unfinished()
    outcomes = []
    for tenant_id, run_id in unfinished:
        try:
            ctx = clock.context(tenant_id, request_id)  # each tenant's own now (T1)
            run = execute_bill_run(uow_factory, ctx, run_id, gateway=gateway)
            if run.schedule is not None:  # its runs are its jobs' to make (SB1)
                continue
            with uow_factory(read_only=True) as uow:
                errors = uow.bill_runs.account_errors(tenant_id, run_id, limit=SHOWN_ERRORS)
        except Exception as error:  # even recording the failure failed: report, go on
            log.exception("bill run %s (tenant %s) could not be resumed", run_id, tenant_id)
            outcomes.append(
                ResumeOutcome(tenant_id, run_id, None, failure=f"{type(error).__name__}: {error}")
            )
            continue
        outcomes.append(ResumeOutcome(tenant_id, run_id, run, tuple(errors)))
    return outcomes


def execute_bill_run(
    uow_factory: UnitOfWorkFactory,
    ctx: CommandContext,
    run_id: str,
    *,
    gateway: PaymentGateway | None = None,
) -> BillRun:
    """Bill every account in scope, one transaction per account, resuming after the
    last account a previous attempt committed. An account that fails is recorded and the
    run goes on (R1); an unexpected failure of the run itself ends it in Error (R3), so an
    exception never leaves it Processing. Only the process dying (or the database being
    unreachable) does, and `zorders bill-run resume` finishes such runs."""
    try:
        return _execute(uow_factory, ctx, run_id, gateway)
    except Exception as error:
        log.exception("bill run %s failed", run_id)
        return _fail_run(uow_factory, ctx, run_id, error)


def _execute(
    uow_factory: UnitOfWorkFactory,
    ctx: CommandContext,
    run_id: str,
    gateway: PaymentGateway | None,
) -> BillRun:
    with uow_factory() as uow:
        run = get_bill_run(uow, ctx, run_id, for_update=True)
        # A scheduled run bills nothing itself: its runs do (SB1).
        if run.status not in UNFINISHED or run.schedule is not None:
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
            try:
                run = _bill_one(uow_factory, ctx, run_id, account_id, gateway)
            except Exception as error:  # this account's transaction rolled back alone
                log.exception("bill run %s: account %s failed", run_id, account_id)
                run = _record_account_error(uow_factory, ctx, run_id, account_id, error)
    with uow_factory() as uow:
        run = get_bill_run(uow, ctx, run_id, for_update=True)
        if run.status not in UNFINISHED:  # another runner finished it meanwhile (W9)
            return run
        done = BillRunStatus.POSTED if run.auto_post else BillRunStatus.COMPLETED
        run = replace(run, status=done, updated_at=ctx.now)
        uow.bill_runs.update(ctx.tenant_id, run)
        uow.commit()
    return run


def _bill_one(
    uow_factory: UnitOfWorkFactory,
    ctx: CommandContext,
    run_id: str,
    account_id: str,
    gateway: PaymentGateway | None,
) -> BillRun:
    """One account, its autoPay collection (SB7) and the run's progress, in one
    transaction (skipped when another runner of the same run got past it: accounts go in
    id order, W9)."""
    with uow_factory() as uow:
        run = get_bill_run(uow, ctx, run_id, for_update=True)
        if _passed(run, account_id):
            return run
        account = uow.accounts.get(ctx.tenant_id, account_id, for_update=True)
        invoices = credit_memos = 0
        collected = Collected()
        if account is not None:
            outcome = bill_account(
                uow,
                ctx,
                account,
                run.target_date,
                document_date=run.invoice_date,
                draft=not run.auto_post,
                exclude=frozenset(run.exclude),
                subscription_numbers=_subscriptions(run),
                source_type="BillRun",
                source_id=run.id,
                line_items=run.include_order_line_items and not run.scope.subscription_numbers,
            )
            invoices, credit_memos = len(outcome.invoices), len(outcome.credit_memos)
            collected = collect_auto_pay(uow, ctx, gateway, account, outcome.invoices)
        run = replace(
            run,
            cursor=account_id,
            accounts_processed=run.accounts_processed + 1,
            invoices=run.invoices + invoices,
            credit_memos=run.credit_memos + credit_memos,
            payments=run.payments + collected.payments,
            payments_failed=run.payments_failed + collected.failed,
            updated_at=ctx.now,
        )
        uow.bill_runs.update(ctx.tenant_id, run)
        uow.commit()
    return run


def _passed(run: BillRun, account_id: str) -> bool:
    return run.cursor is not None and account_id <= run.cursor


def _subscriptions(run: BillRun) -> tuple[str, ...] | None:
    """Which subscriptions the run bills: none without `includeSubscriptions`, the listed
    ones, or (None) all of each account's."""
    if not run.include_subscriptions:
        return ()
    return run.scope.subscription_numbers or None


def _reason(ctx: CommandContext, error: Exception) -> tuple[ErrorCode, str]:
    """A DomainError says what is wrong in its own words; anything else is reported by its
    kind only, the details going to the log under the request id (like a 500, F3)."""
    if isinstance(error, DomainError):
        return error.code, error_message(error.message)
    return ErrorCode.INTERNAL_ERROR, error_message(
        f"Unexpected error ({type(error).__name__}); the service log has the details "
        f"under request id {ctx.request_id}."
    )


def _account_number(
    uow_factory: UnitOfWorkFactory, ctx: CommandContext, account_id: str
) -> str | None:
    """The failed account's number, if it can still be read (its own read may be what
    failed: then the error is recorded with the id alone)."""
    try:
        with uow_factory(read_only=True) as uow:
            account = uow.accounts.get(ctx.tenant_id, account_id)
    except Exception:
        return None
    return account.account_number if account is not None else None


def _record_account_error(
    uow_factory: UnitOfWorkFactory,
    ctx: CommandContext,
    run_id: str,
    account_id: str,
    error: Exception,
) -> BillRun:
    """In a transaction of its own: the error row and the run's progress past the account
    (the account is not retried when the run resumes; billing it again is a new run)."""
    number = _account_number(uow_factory, ctx, account_id)
    code, message = _reason(ctx, error)
    with uow_factory() as uow:
        run = get_bill_run(uow, ctx, run_id, for_update=True)
        if _passed(run, account_id):
            return run
        failure = BillRunAccountError(run.id, account_id, number, code.value, message, ctx.now)
        uow.bill_runs.add_account_error(ctx.tenant_id, new_id(), failure)
        run = replace(
            run,
            cursor=account_id,
            accounts_processed=run.accounts_processed + 1,
            account_errors=run.account_errors + 1,
            updated_at=ctx.now,
        )
        uow.bill_runs.update(ctx.tenant_id, run)
        uow.commit()
    return run


def _fail_run(
    uow_factory: UnitOfWorkFactory, ctx: CommandContext, run_id: str, error: Exception
) -> BillRun:
    """The run as a whole failed: Error, with the reason (what it billed stays, as Drafts
    unless autoPost; canceling the run cancels its drafts)."""
    _, message = _reason(ctx, error)
    with uow_factory() as uow:
        run = get_bill_run(uow, ctx, run_id, for_update=True)
        if run.status not in UNFINISHED:
            return run
        run = replace(run, status=BillRunStatus.ERROR, error_message=message, updated_at=ctx.now)
        uow.bill_runs.update(ctx.tenant_id, run)
        uow.commit()
    return run


def account_errors(uow: UnitOfWork, ctx: CommandContext, run: BillRun) -> list[BillRunAccountError]:
    """The first SHOWN_ERRORS account errors of a run (`account_errors` counts them all)."""
    if not run.account_errors:
        return []
    return uow.bill_runs.account_errors(ctx.tenant_id, run.id, limit=SHOWN_ERRORS)
