"""Bill runs: create, execute in batches, post, cancel (issues 5, 15).

A run is executed by a `bill_run` job, recorded with the run (issue 11). It cuts the
run's accounts into batches of BATCH accounts in id order, one `bill_run_batch` job each,
recorded with the run in one transaction (PF43). Each batch is billed in one transaction
with the job's end and the run's counters (`bill_run_batches`), so a batch counts once and
a runner that dies mid-batch leaves nothing of it; the last batch finishes the run. The
run's own runner takes the batches no worker holds, in order; on PostgreSQL other workers
claim the rest (SKIP LOCKED, W2), so batches of one run are billed side by side (PF44).
Memory stays flat: a batch holds BATCH accounts, the run only its batches' job ids.

Nothing stays stuck (issue 8): an account that fails rolls back alone and is recorded with
its batch, and the run goes on; a run that fails as a whole ends in Error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from zorders.domain.billing.bill_run import (
    UNFINISHED,
    BillRun,
    BillRunAccountError,
    BillRunScope,
    BillRunStatus,
)
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_target_date
from zorders.domain.numbering import NumberKind
from zorders.services.bill_run_batches import bill_batch, failure_reason
from zorders.services.clock import Clock, SystemClock, TenantClock
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.jobs import enqueue
from zorders.services.numbering import next_number
from zorders.services.ports import PaymentGateway, UnitOfWork, UnitOfWorkFactory

# Accounts per batch: one transaction, a handful of statements (PF40).
BATCH = 200
BILL_RUN_JOB = "bill_run"
BILL_RUN_BATCH_JOB = "bill_run_batch"
# How long a run's runner waits for the batches other workers hold: polls x seconds; it
# takes any whose runner's lease lapsed meanwhile (PF51).
AWAIT_POLLS = 6000
AWAIT_SECONDS = 0.05
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
    batch_size: int | None = None,
    wall_clock: Clock | None = None,
) -> dict[str, Any]:
    """The `bill_run` job: execute (or finish) the run; its failures are the run's own
    (account errors, Error), so the job itself ends done. Its counts (T9) are the run's."""
    run = execute_bill_run(
        uow_factory,
        ctx,
        str(payload["bill_run_id"]),
        gateway=gateway,
        batch_size=batch_size,
        wall_clock=wall_clock,
    )
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
            run = execute_bill_run(uow_factory, ctx, run_id, gateway=gateway, wall_clock=clock.wall)
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
    batch_size: int | None = None,
    wall_clock: Clock | None = None,
) -> BillRun:
    """Bill every account in scope, one transaction per account, resuming after the
    last account a previous attempt committed. `wall_clock` tells whose lease on a batch
    lapsed (the system's unless given). An account that fails is recorded and the
    run goes on (R1); an unexpected failure of the run itself ends it in Error (R3), so an
    exception never leaves it Processing. Only the process dying (or the database being
    unreachable) does, and `zorders bill-run resume` finishes such runs."""
    try:
        return _execute(uow_factory, ctx, run_id, gateway, batch_size, wall_clock or SystemClock())
    except Exception as error:
        log.exception("bill run %s failed", run_id)
        return _fail_run(uow_factory, ctx, run_id, error)


def _execute(
    uow_factory: UnitOfWorkFactory,
    ctx: CommandContext,
    run_id: str,
    gateway: PaymentGateway | None,
    batch_size: int | None,
    wall_clock: Clock,
) -> BillRun:
    with uow_factory() as uow:
        run = get_bill_run(uow, ctx, run_id, for_update=True)
        # A scheduled run bills nothing itself: its runs do (SB1).
        if run.status not in UNFINISHED or run.schedule is not None:
            return run
        if not run.batches:
            run = _split(uow, ctx, run, BATCH if batch_size is None else batch_size, gateway)
        elif run.status is BillRunStatus.PENDING:
            run = replace(run, status=BillRunStatus.PROCESSING, updated_at=ctx.now)
            uow.bill_runs.update(ctx.tenant_id, run)
        uow.commit()
    if run.status not in UNFINISHED:
        return run  # no account, or billed where it was split (PF53)
    # Each batch is a job: this runner bills those no worker holds, in order (PF44), then
    # waits for those others hold, taking any whose runner's lease lapses meanwhile: one
    # that died, or a worker that claimed it with others, this run among them (PF51).
    candidates: Sequence[str] = run.batches
    for _ in range(AWAIT_POLLS):
        last = _bill_unheld(uow_factory, ctx, run.id, candidates, gateway, wall_clock)
        if last is not None and last.status not in UNFINISHED:
            return last  # this runner billed the last batch
        with uow_factory(read_only=True) as uow:
            run = get_bill_run(uow, ctx, run_id)
            if run.status not in UNFINISHED:
                return run
            candidates = uow.jobs.unheld_among(run.batches, wall_now=wall_clock.now())
        if not candidates:
            time.sleep(AWAIT_SECONDS)
    return run


def _bill_unheld(
    uow_factory: UnitOfWorkFactory,
    ctx: CommandContext,
    run_id: str,
    job_ids: Sequence[str],
    gateway: PaymentGateway | None,
    wall_clock: Clock,
) -> BillRun | None:
    """Bill those of the run's batches `job_ids` no runner holds, each in its own
    transaction; the run as the last of them left it (None if it took none)."""
    last = None
    for job_id in job_ids:
        with uow_factory() as uow:
            now = wall_clock.now()
            payload = uow.jobs.take_unheld(job_id, finished_at=now, wall_now=now)
            if payload is None:
                continue  # done, or a runner holds it
            last = _bill_range(uow, ctx, run_id, payload, gateway)
            uow.commit()
    return last


def _split(
    uow: UnitOfWork,
    ctx: CommandContext,
    run: BillRun,
    size: int,
    gateway: PaymentGateway | None,
) -> BillRun:
    """Cut the run's accounts into batches of `size` (BATCH unless the operator set
    ZORDERS_BILL_RUN_BATCH_SIZE) in id order, one `bill_run_batch` job each, recorded with
    the run (PF43, PF49); a run with no account is done at once. The size travels in each
    batch's payload, so a worker with another setting bills the same batch. A run of
    fewer accounts than a batch is billed here, in this transaction, with no batch job
    (PF53): a daily scheduled run of a small tenant is one transaction, not three."""
    jobs: list[str] = []
    after = run.cursor  # a run an older release had begun resumes after its last account
    while True:
        ids = _accounts_after(uow, ctx, run, after, limit=size)
        if not ids:
            break
        if not jobs and len(ids) < size:
            run = replace(run, status=BillRunStatus.PROCESSING, updated_at=ctx.now)
            run = bill_batch(uow, ctx, run, ids, gateway).added_to(run)
            run = replace(run, status=_done(run))
            uow.bill_runs.update(ctx.tenant_id, run)
            return run
        jobs.append(
            enqueue(
                uow,
                ctx,
                BILL_RUN_BATCH_JOB,
                {"bill_run_id": run.id, "after": after, "upto": ids[-1], "size": size},
            )
        )
        after = ids[-1]
        if len(ids) < size:
            break  # the last batch: no account after it
    status = BillRunStatus.PROCESSING if jobs else _done(run)
    run = replace(run, status=status, batches=tuple(jobs), updated_at=ctx.now)
    uow.bill_runs.update(ctx.tenant_id, run)
    return run


def _accounts_after(
    uow: UnitOfWork,
    ctx: CommandContext,
    run: BillRun,
    after: str | None,
    upto: str | None = None,
    *,
    limit: int,
) -> list[str]:
    scope = run.scope
    if scope.account_ids:
        ordered = sorted(set(scope.account_ids))
        chosen = [
            a for a in ordered if (after is None or a > after) and (upto is None or a <= upto)
        ]
        return chosen[:limit]
    return uow.accounts.ids_in_scope(
        ctx.tenant_id,
        after=after,
        upto=upto,
        limit=limit,
        batches=scope.batches,
        bill_cycle_days=scope.cycle_days(),
    )


def _done(run: BillRun) -> BillRunStatus:
    return BillRunStatus.POSTED if run.auto_post else BillRunStatus.COMPLETED


def run_bill_run_batch(
    uow: UnitOfWork,
    ctx: CommandContext,
    payload: dict[str, Any],
    *,
    gateway: PaymentGateway | None = None,
) -> dict[str, Any]:
    """The `bill_run_batch` job (plain: the batch commits with the job's end, W6)."""
    run = _bill_range(uow, ctx, str(payload["bill_run_id"]), payload, gateway)
    return {"bill_run_id": run.id, "status": run.status.value, "batches_done": run.batches_done}


def _bill_range(
    uow: UnitOfWork,
    ctx: CommandContext,
    run_id: str,
    payload: dict[str, Any],
    gateway: PaymentGateway | None,
) -> BillRun:
    """Bill one batch and add it to the run, which the last batch finishes: one
    transaction, so a batch counts once whoever runs it (PF44)."""
    run = get_bill_run(uow, ctx, run_id)
    if run.status is not BillRunStatus.PROCESSING:
        return run
    upto = str(payload["upto"])
    after = payload.get("after")
    # A batch split before PF49 carries no size: it was 200, the BATCH of then.
    size = int(payload.get("size", 200))
    ids = _accounts_after(uow, ctx, run, None if after is None else str(after), upto, limit=size)
    tally = bill_batch(uow, ctx, run, ids, gateway)
    # The run's row is locked last, so that concurrent batches wait for it only briefly.
    run = tally.added_to(get_bill_run(uow, ctx, run_id, for_update=True))
    run = replace(run, batches_done=run.batches_done + 1, updated_at=ctx.now)
    if run.batches_done >= len(run.batches):
        run = replace(run, status=_done(run))
    uow.bill_runs.update(ctx.tenant_id, run)
    return run


def _fail_run(
    uow_factory: UnitOfWorkFactory, ctx: CommandContext, run_id: str, error: Exception
) -> BillRun:
    """The run as a whole failed: Error, with the reason (what it billed stays, as Drafts
    unless autoPost; canceling the run cancels its drafts)."""
    _, message = failure_reason(ctx, error)
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
