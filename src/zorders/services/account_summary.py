"""The invoices and payments of an account summary (`GET /v1/accounts/{key}/summary`,
decision RS7): Zuora "only returns the last 6" of each, newest first."""

from __future__ import annotations

from zorders.domain.accounts import InvoiceSummary, PaidInvoice, PaymentSummary
from zorders.domain.billing.documents import DocumentKind
from zorders.services.ports import UnitOfWork

LAST = 6


def invoice_summaries(uow: UnitOfWork, tenant_id: str, account_id: str) -> list[InvoiceSummary]:
    invoices = [
        d
        for d in uow.billing.documents_of_account(tenant_id, account_id)
        if d.kind is DocumentKind.INVOICE
    ]
    invoices.sort(key=lambda d: (d.document_date, len(d.number), d.number), reverse=True)
    return [
        InvoiceSummary(
            id=d.id,
            invoice_number=d.number,
            invoice_date=d.document_date,
            due_date=d.due_date,
            amount=d.amount,
            balance=d.balance,
            status=d.status.value,
        )
        for d in invoices[:LAST]
    ]


def payment_summaries(uow: UnitOfWork, tenant_id: str, account_id: str) -> list[PaymentSummary]:
    count = 0
    found = []
    while True:  # every payment of the account, a page at a time
        page = uow.payments.list(tenant_id, offset=count, limit=500, account_id=account_id)
        found.extend(page)
        count += len(page)
        if len(page) < 500:
            break
    found.sort(key=lambda p: (p.effective_date, len(p.number), p.number), reverse=True)
    return [
        PaymentSummary(
            id=p.id,
            payment_number=p.number,
            payment_type=p.type.value,
            status=p.status.value,
            effective_date=p.effective_date,
            amount=p.amount,
            paid_invoices=tuple(
                PaidInvoice(a.invoice_id, a.invoice_number, a.amount) for a in p.applications
            ),
        )
        for p in found[:LAST]
    ]
