"""Object Query invoices, credit memos and payments (the official client's
`ExpandedInvoice`, `ExpandedCreditMemo`, `ExpandedPayment`): the fields zorders knows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from zorders.api.object_query.customers import ACCOUNT_FIELDS, account_view
from zorders.api.object_query.items import ITEM_COLUMNS, ITEM_FIELDS, ITEM_KINDS, items_view
from zorders.api.object_query.methods import (
    METHOD_COLUMNS,
    METHOD_FIELDS,
    METHOD_KINDS,
    method_view,
)
from zorders.api.object_query.objects import ObjectSpec, resource, view
from zorders.api.selection.query import Kind, Query
from zorders.domain.billing.documents import BillingDocument, DocumentKind
from zorders.domain.payments import Payment
from zorders.services.context import CommandContext
from zorders.services.ports.object_rows import RowCondition
from zorders.services.ports.unit_of_work import UnitOfWork

_DOCUMENT_KINDS = {
    "id": Kind.STRING,
    "accountId": Kind.STRING,
    "status": Kind.STRING,
    "targetDate": Kind.DATE,
    "currency": Kind.STRING,
    "amount": Kind.NUMBER,
    "balance": Kind.NUMBER,
    "createdDate": Kind.DATETIME,
}
_DOCUMENT_COLUMNS = {
    "id": "id",
    "accountId": "account_id",
    "status": "status",
    "targetDate": "target_date",
    "currency": "currency",
    "amount": "amount",
    "balance": "balance",
    "createdDate": "created_at",
}

INVOICE_FIELDS = (
    "id", "invoiceNumber", "accountId", "currency", "status", "invoiceDate", "targetDate",
    "dueDate", "amount", "balance", "paymentAmount", "creditMemoAmount", "postedDate",
    "sourceType", "sourceId", "createdDate",
)  # fmt: skip
CREDIT_MEMO_FIELDS = (
    "id", "memoNumber", "accountId", "currency", "status", "memoDate", "targetDate",
    "amount", "balance", "reasonCode", "postedOn", "sourceType", "sourceId", "createdDate",
)  # fmt: skip


def invoice_view(d: BillingDocument) -> dict[str, Any]:
    return view(
        id=d.id,
        invoiceNumber=d.number,
        accountId=d.account_id,
        currency=d.currency,
        status=d.status,
        invoiceDate=d.document_date,
        targetDate=d.target_date,
        dueDate=d.due_date,
        amount=d.amount,
        balance=d.balance,
        paymentAmount=d.payment_amount,
        creditMemoAmount=d.credit_memo_amount,
        postedDate=d.posted_date,
        sourceType=d.source_type,
        sourceId=d.source_id,
        createdDate=d.created_at,
    )


def credit_memo_view(d: BillingDocument) -> dict[str, Any]:
    return view(
        id=d.id,
        memoNumber=d.number,
        accountId=d.account_id,
        currency=d.currency,
        status=d.status,
        memoDate=d.document_date,
        targetDate=d.target_date,
        amount=d.amount,
        balance=d.balance,
        reasonCode=d.reason_code,
        postedOn=d.posted_date,
        sourceType=d.source_type,
        sourceId=d.source_id,
        createdDate=d.created_at,
    )


def _documents(kind: DocumentKind, shape: Any) -> Any:
    def load(
        uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        out = []
        for row in rows:
            document = uow.billing.get_document(ctx.tenant_id, row["id"], kind)
            assert document is not None, "a document just paged is stored"
            one = shape(document)
            if query.expands("account"):
                account = uow.accounts.get(ctx.tenant_id, document.account_id)
                one["account"] = account_view(account) if account else None
            if query.expands("invoiceItems"):
                one["invoiceItems"] = items_view(document)
            out.append(one)
        return out

    return load


def _load_items(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    documents: dict[str, BillingDocument] = {}
    out = []
    for row in rows:
        document_id = row["document_id"]
        if document_id not in documents:
            found = uow.billing.get_document(ctx.tenant_id, document_id, DocumentKind.INVOICE)
            assert found is not None, "an invoice item just paged is on a stored invoice"
            documents[document_id] = found
        document = documents[document_id]
        one = next(v for v in items_view(document) if v["id"] == row["id"])
        if query.expands("invoice"):
            one["invoice"] = invoice_view(document)
        out.append(one)
    return out


def payment_view(p: Payment) -> dict[str, Any]:
    applied = sum((a.amount for a in p.applications), Decimal(0))
    return view(
        id=p.id,
        paymentNumber=p.number,
        accountId=p.account_id,
        type=p.type,
        status=p.status,
        amount=p.amount,
        appliedAmount=applied,
        unappliedAmount=p.amount - applied,
        currency=p.currency,
        effectiveDate=p.effective_date,
        paymentMethodId=p.payment_method_id,
        gatewayState=p.gateway_state,
        gatewayResponse=p.gateway_response,
        gatewayResponseCode=p.gateway_response_code,
        referenceId=p.gateway_reference_id,
        comment=p.comment,
        createdDate=p.created_at,
        updatedDate=p.updated_at,
    )


PAYMENT_FIELDS = (
    "id", "paymentNumber", "accountId", "type", "status", "amount", "appliedAmount",
    "unappliedAmount", "currency", "effectiveDate", "paymentMethodId", "gatewayState",
    "gatewayResponse", "gatewayResponseCode", "referenceId", "comment", "createdDate",
    "updatedDate",
)  # fmt: skip


def _load_payments(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        payment = uow.payments.get(ctx.tenant_id, row["id"])
        assert payment is not None, "a payment just paged is stored"
        one = payment_view(payment)
        if query.expands("account"):
            account = uow.accounts.get(ctx.tenant_id, payment.account_id)
            one["account"] = account_view(account) if account else None
        out.append(one)
    return out


INVOICES = ObjectSpec(
    path="invoices",
    singular="invoice",
    table="billing_documents",
    resource=resource(
        "invoices",
        INVOICE_FIELDS,
        {**_DOCUMENT_KINDS, "invoiceNumber": Kind.STRING, "invoiceDate": Kind.DATE},
        related={"account": ACCOUNT_FIELDS, "invoiceItems": ITEM_FIELDS},
        expandable=("account", "invoiceItems"),
    ),
    columns={**_DOCUMENT_COLUMNS, "invoiceNumber": "number", "invoiceDate": "document_date"},
    keys=("id", "number"),
    load=_documents(DocumentKind.INVOICE, invoice_view),
    fixed=(RowCondition("kind", "EQ", DocumentKind.INVOICE.value),),
)

CREDIT_MEMOS = ObjectSpec(
    path="credit-memos",
    singular="creditmemo",
    table="billing_documents",
    resource=resource(
        "credit-memos",
        CREDIT_MEMO_FIELDS,
        {**_DOCUMENT_KINDS, "memoNumber": Kind.STRING, "memoDate": Kind.DATE},
        related={"account": ACCOUNT_FIELDS},
        expandable=("account",),
    ),
    columns={**_DOCUMENT_COLUMNS, "memoNumber": "number", "memoDate": "document_date"},
    keys=("id", "number"),
    load=_documents(DocumentKind.CREDIT_MEMO, credit_memo_view),
    fixed=(RowCondition("kind", "EQ", DocumentKind.CREDIT_MEMO.value),),
)

PAYMENTS = ObjectSpec(
    path="payments",
    singular="payment",
    table="payments",
    resource=resource(
        "payments",
        PAYMENT_FIELDS,
        {
            "id": Kind.STRING,
            "paymentNumber": Kind.STRING,
            "accountId": Kind.STRING,
            "type": Kind.STRING,
            "status": Kind.STRING,
            "amount": Kind.NUMBER,
            "effectiveDate": Kind.DATE,
            "createdDate": Kind.DATETIME,
        },
        related={"account": ACCOUNT_FIELDS},
        expandable=("account",),
    ),
    columns={
        "id": "id",
        "paymentNumber": "number",
        "accountId": "account_id",
        "type": "type",
        "status": "status",
        "amount": "amount",
        "effectiveDate": "effective_date",
        "createdDate": "created_at",
    },
    keys=("id", "number"),
    load=_load_payments,
)

INVOICE_ITEMS = ObjectSpec(
    path="invoice-items",
    singular="invoiceitem",
    table="billing_items",
    resource=resource(
        "invoice-items",
        ITEM_FIELDS,
        ITEM_KINDS,
        related={"invoice": INVOICE_FIELDS},
        expandable=("invoice",),
        # The stored item rows have no creation time: newest service first (OQ12).
        default_sort=("serviceStartDate", True),
    ),
    columns=ITEM_COLUMNS,
    keys=("id",),
    load=_load_items,
    fixed=(RowCondition("document_kind", "EQ", DocumentKind.INVOICE.value),),
    fetch=("document_id",),
)


def _load_methods(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        method = uow.payments.get_method(ctx.tenant_id, row["id"])
        assert method is not None, "a payment method just paged is stored"
        one = method_view(method)
        if query.expands("account"):
            account = (
                uow.accounts.get(ctx.tenant_id, method.account_id) if method.account_id else None
            )
            one["account"] = account_view(account) if account else None
        out.append(one)
    return out


PAYMENT_METHODS = ObjectSpec(
    path="payment-methods",
    singular="paymentmethod",
    table="payment_methods",
    resource=resource(
        "payment-methods",
        METHOD_FIELDS,
        METHOD_KINDS,
        related={"account": ACCOUNT_FIELDS},
        expandable=("account",),
    ),
    columns=METHOD_COLUMNS,
    keys=("id",),
    load=_load_methods,
)
