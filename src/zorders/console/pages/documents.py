"""Invoice, credit memo and payment pages: items, service periods and applications."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from zorders.console.pages.common import reading
from zorders.console.viewer import Viewer
from zorders.domain.billing.discounts import applied_to_item
from zorders.domain.billing.documents import BillingDocument, DocumentKind
from zorders.services import billing, payments

# The most payments of the account the invoice page looks through for its applications.
PAYMENT_SCAN = 2000


def _document_page(viewer: Viewer, request: Request, kind: DocumentKind) -> dict[str, Any]:
    number = request.path_params["number"]
    ctx = viewer.ctx
    with reading(viewer) as uow:
        document: BillingDocument = billing.get_document(uow, ctx, number, kind)
        account = uow.accounts.get(ctx.tenant_id, document.account_id)
        applications = []
        if kind is DocumentKind.INVOICE:
            for payment in payments.list_payments(
                uow, ctx, offset=0, limit=PAYMENT_SCAN, account_key=document.account_id
            ):
                for application in payment.applications:
                    if application.invoice_id == document.id:
                        applications.append((payment, application))
    targets = {}
    for entry in document.items:
        target = applied_to_item(entry, document.items)
        if target is not None:
            targets[entry.id] = target
    word = "Invoice" if kind is DocumentKind.INVOICE else "Credit memo"
    return {
        "title": f"{word} {document.number}",
        "word": word,
        "document": document,
        "account": account,
        "applied_to": targets,
        "applications": applications,
    }


def invoice_page(viewer: Viewer, request: Request) -> dict[str, Any]:
    return _document_page(viewer, request, DocumentKind.INVOICE)


def credit_memo_page(viewer: Viewer, request: Request) -> dict[str, Any]:
    return _document_page(viewer, request, DocumentKind.CREDIT_MEMO)


def payment_page(viewer: Viewer, request: Request) -> dict[str, Any]:
    number = request.path_params["number"]
    ctx = viewer.ctx
    with reading(viewer) as uow:
        payment = payments.get_payment(uow, ctx, number)
        account = uow.accounts.get(ctx.tenant_id, payment.account_id)
    return {"title": f"Payment {payment.number}", "payment": payment, "account": account}
