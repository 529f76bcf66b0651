"""`processingOptions.applyCredit` (spec §11; decision B20): after an order's billing run,
the invoice owner's open credit pays the invoices the run made, before any payment is
collected. Credit memos first, then unapplied payments (Zuora's default
`creditApplyOrder`), each oldest first; invoices in the order the run made them.
Everything moves inside the order's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from zorders.domain.billing.credit import apply_credit_memo, metrics_on_credit_application
from zorders.domain.billing.documents import BillingDocument, DocumentKind, DocumentStatus
from zorders.domain.payments import (
    Payment,
    PaymentStatus,
    apply_to_invoice,
    metrics_on_application,
)
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

_PAGE = 200


def apply_credit_to_invoices(
    uow: UnitOfWork, ctx: CommandContext, invoices: Iterable[BillingDocument]
) -> None:
    by_owner: dict[str, list[BillingDocument]] = {}
    for invoice in invoices:
        by_owner.setdefault(invoice.account_id, []).append(invoice)
    for account_id, owner_invoices in by_owner.items():
        account = uow.accounts.get(ctx.tenant_id, account_id, for_update=True)
        assert account is not None, "an invoice's account is never deleted"
        # The run's documents are current: nothing touched them since it made them.
        open_invoices = [
            d for d in owner_invoices if d.status is DocumentStatus.POSTED and d.balance > 0
        ]
        if not open_invoices:
            continue
        metrics = account.metrics
        memos = [
            d
            for d in uow.billing.documents_of_account(ctx.tenant_id, account_id)
            if d.kind is DocumentKind.CREDIT_MEMO
            and d.status is DocumentStatus.POSTED
            and d.balance > 0
            and d.currency == account.currency
        ]
        touched_memos: set[int] = set()
        touched_payments: set[int] = set()
        for index, invoice in enumerate(open_invoices):
            for m, memo in enumerate(memos):
                amount = min(memo.balance, invoice.balance)
                if amount <= 0:
                    continue
                memo, invoice = apply_credit_memo(memo, invoice, amount)
                memos[m] = memo
                touched_memos.add(m)
                metrics = metrics_on_credit_application(metrics, amount)
            open_invoices[index] = invoice
        for m in sorted(touched_memos):
            uow.billing.update_document(ctx.tenant_id, memos[m])
        payments = _unapplied_payments(uow, ctx, account_id)
        for index, invoice in enumerate(open_invoices):
            for p, payment in enumerate(payments):
                amount = min(payment.unapplied_amount, invoice.balance)
                if amount <= 0:
                    continue
                payment, invoice = apply_to_invoice(payment, invoice, amount, ctx.today, ctx.now)
                payments[p] = payment
                touched_payments.add(p)
                metrics = metrics_on_application(metrics, amount)
            open_invoices[index] = invoice
        for p in sorted(touched_payments):
            uow.payments.update(ctx.tenant_id, payments[p])
        for invoice in open_invoices:
            uow.billing.update_document(ctx.tenant_id, invoice)
        uow.accounts.update(ctx.tenant_id, replace(account, metrics=metrics))


def _unapplied_payments(uow: UnitOfWork, ctx: CommandContext, account_id: str) -> list[Payment]:
    """The account's Processed payments with money left, oldest first. The caller holds the
    account's row lock, which every payment write takes first (P12)."""
    found: list[Payment] = []
    offset = 0
    while True:
        page = uow.payments.list(
            ctx.tenant_id,
            offset=offset,
            limit=_PAGE,
            account_id=account_id,
            status=PaymentStatus.PROCESSED.value,
        )
        found.extend(p for p in page if p.unapplied_amount > 0)
        if len(page) < _PAGE:
            return found
        offset += _PAGE
