"""One batch of a bill run's accounts, billed in the caller's transaction (issue 15).

The batch is read in a few statements (its accounts, locked in id order; their
subscriptions; what stands billed of them; which have billable line items), composed in
memory account by account, and stored in a few more: the documents and their items, one
block of numbers per kind, the charged-through dates, the accounts' metrics (PF40, PF41).
An account that needs more than billing (a billable line item, an autoPay collection) is
billed alone, inside a savepoint, after what the batch composed so far was stored: numbers
still follow account order (PF42). An account that fails is recorded as an account error
and the batch goes on (R1); if storing the composed accounts fails, they are billed one by
one, each in a savepoint of its own, so the failure is the failing account's alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from zorders.domain.accounts import Account
from zorders.domain.billing.bill_run import BillRun, BillRunAccountError, error_message
from zorders.domain.billing.documents import BillingDocument, DocumentKind
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.numbering import NumberKind, format_number
from zorders.domain.subscription.model import Subscription
from zorders.services.auto_pay import collect_auto_pay
from zorders.services.billing import bill_account, credit_memo_reason
from zorders.services.billing_compose import Composition, compose, number_kind
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.ports import PaymentGateway, UnitOfWork
from zorders.services.tenants import tenant_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tally:
    """What a batch (or part of one) did, added to the run's counters when it commits."""

    accounts: int = 0
    invoices: int = 0
    credit_memos: int = 0
    payments: int = 0
    payments_failed: int = 0
    errors: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.accounts + other.accounts,
            self.invoices + other.invoices,
            self.credit_memos + other.credit_memos,
            self.payments + other.payments,
            self.payments_failed + other.payments_failed,
            self.errors + other.errors,
        )

    def added_to(self, run: BillRun) -> BillRun:
        return replace(
            run,
            accounts_processed=run.accounts_processed + self.accounts,
            invoices=run.invoices + self.invoices,
            credit_memos=run.credit_memos + self.credit_memos,
            payments=run.payments + self.payments,
            payments_failed=run.payments_failed + self.payments_failed,
            account_errors=run.account_errors + self.errors,
        )


def subscriptions_billed(run: BillRun) -> tuple[str, ...] | None:
    """Which subscriptions the run bills: none without `includeSubscriptions`, the listed
    ones, or (None) all of each account's."""
    if not run.include_subscriptions:
        return ()
    return run.scope.subscription_numbers or None


def bills_line_items(run: BillRun) -> bool:
    return run.include_order_line_items and not run.scope.subscription_numbers


def bill_batch(
    uow: UnitOfWork,
    ctx: CommandContext,
    run: BillRun,
    account_ids: list[str],
    gateway: PaymentGateway | None,
) -> Tally:
    """Bill `account_ids` (in id order) for the run, in the caller's unit of work."""
    tenant = ctx.tenant_id
    accounts = uow.accounts.get_many(tenant, account_ids, for_update=True)
    wanted = subscriptions_billed(run)
    try:
        with uow.savepoint():
            owned = uow.subscriptions.latest_for_invoice_owners(tenant, list(accounts))
            subscriptions = {
                account_id: [s for s in found if wanted is None or s.number in wanted]
                for account_id, found in owned.items()
            }
            numbers = [s.number for found in subscriptions.values() for s in found]
            billed = uow.billing.billed_items_many(tenant, numbers)
            alone = (
                uow.line_items.owners_with_billable(tenant, list(accounts), run.target_date)
                if bills_line_items(run)
                else set()
            )
    except Exception:
        # One account's data the batch cannot read (R1): each account is billed alone,
        # so the failure is that account's error and the others bill (PF50).
        log.exception("bill run %s: reading a batch failed; billing its accounts alone", run.id)
        tally = Tally()
        for account_id in account_ids:
            account = accounts.get(account_id)
            if account is None:
                tally += Tally(accounts=1)
            else:
                tally += _bill_alone(uow, ctx, run, account, gateway)
        return tally
    rule = tenant_settings(uow, tenant).proration
    reason = credit_memo_reason(None)
    pending: list[tuple[Account, Composition]] = []
    tally = Tally()
    for account_id in account_ids:
        account = accounts.get(account_id)
        if account is None:  # deleted since the batch was made: nothing to bill
            tally += Tally(accounts=1)
            continue
        if account_id in alone or _collects(run, account):
            tally += _store(uow, ctx, run, pending, gateway)
            pending = []
            tally += _bill_alone(uow, ctx, run, account, gateway)
            continue
        try:
            composed = compose(
                ctx,
                account,
                subscriptions.get(account_id, []),
                billed,
                rule,
                run.target_date,
                document_date=run.invoice_date,
                draft=not run.auto_post,
                exclude=frozenset(run.exclude),
                source_type="BillRun",
                source_id=run.id,
                reason=reason,
            )
        except Exception as error:
            tally += record_failure(uow, ctx, run, account_id, account.account_number, error)
            continue
        pending.append((account, composed))
    return tally + _store(uow, ctx, run, pending, gateway)


def _collects(run: BillRun, account: Account) -> bool:
    """An autoPay account's posted invoices are paid in the run (SB7)."""
    return run.auto_post and account.auto_pay and account.default_payment_method_id is not None


def _store(
    uow: UnitOfWork,
    ctx: CommandContext,
    run: BillRun,
    pending: list[tuple[Account, Composition]],
    gateway: PaymentGateway | None,
) -> Tally:
    if not pending:
        return Tally()
    try:
        with uow.savepoint():
            documents = _write(uow, ctx, [c for _, c in pending])
    except Exception:
        log.exception("bill run %s: storing a batch failed; billing its accounts alone", run.id)
        tally = Tally()
        for account, _ in pending:
            tally += _bill_alone(uow, ctx, run, account, gateway)
        return tally
    invoices = sum(1 for d in documents if d.kind is DocumentKind.INVOICE)
    return Tally(accounts=len(pending), invoices=invoices, credit_memos=len(documents) - invoices)


def _write(
    uow: UnitOfWork, ctx: CommandContext, compositions: list[Composition]
) -> list[BillingDocument]:
    """Numbers in account order, one block per kind (PF41), then one statement per table."""
    tenant = ctx.tenant_id
    unnumbered = [d for c in compositions for d in c.documents]
    wanted = {kind: 0 for kind in NumberKind}
    for document in unnumbered:
        wanted[number_kind(document.kind)] += 1
    following = {
        kind: uow.sequences.reserve_many(tenant, kind, count)
        for kind, count in wanted.items()
        if count
    }
    documents = []
    for document in unnumbered:
        kind = number_kind(document.kind)
        documents.append(replace(document, number=format_number(kind, following[kind])))
        following[kind] += 1
    uow.billing.add_documents(tenant, documents)
    charged: list[Subscription] = [s for c in compositions for s in c.charged]
    uow.subscriptions.update_documents(tenant, charged)
    uow.accounts.update_billing_many(tenant, [c.account for c in compositions if c.account_changed])
    return documents


def _bill_alone(
    uow: UnitOfWork,
    ctx: CommandContext,
    run: BillRun,
    account: Account,
    gateway: PaymentGateway | None,
) -> Tally:
    """One account with everything billing does (line items, autoPay), in a savepoint:
    when it fails, it alone rolls back and is recorded."""
    try:
        with uow.savepoint():
            outcome = bill_account(
                uow,
                ctx,
                account,
                run.target_date,
                document_date=run.invoice_date,
                draft=not run.auto_post,
                exclude=frozenset(run.exclude),
                subscription_numbers=subscriptions_billed(run),
                source_type="BillRun",
                source_id=run.id,
                line_items=bills_line_items(run),
            )
            collected = collect_auto_pay(uow, ctx, gateway, account, outcome.invoices)
    except Exception as error:
        return record_failure(uow, ctx, run, account.id, account.account_number, error)
    return Tally(
        accounts=1,
        invoices=len(outcome.invoices),
        credit_memos=len(outcome.credit_memos),
        payments=collected.payments,
        payments_failed=collected.failed,
    )


def failure_reason(ctx: CommandContext, error: Exception) -> tuple[ErrorCode, str]:
    """A DomainError says what is wrong in its own words; anything else is reported by its
    kind only, the details going to the log under the request id (like a 500, F3)."""
    if isinstance(error, DomainError):
        return error.code, error_message(error.message)
    return ErrorCode.INTERNAL_ERROR, error_message(
        f"Unexpected error ({type(error).__name__}); the service log has the details "
        f"under request id {ctx.request_id}."
    )


def record_failure(
    uow: UnitOfWork,
    ctx: CommandContext,
    run: BillRun,
    account_id: str,
    account_number: str | None,
    error: Exception,
) -> Tally:
    """The account's error row, in the batch's transaction (the account is not retried
    when the run resumes; billing it again is a new run)."""
    log.error("bill run %s: account %s failed", run.id, account_id, exc_info=error)
    code, message = failure_reason(ctx, error)
    failure = BillRunAccountError(run.id, account_id, account_number, code.value, message, ctx.now)
    uow.bill_runs.add_account_error(ctx.tenant_id, new_id(), failure)
    return Tally(accounts=1, errors=1)
