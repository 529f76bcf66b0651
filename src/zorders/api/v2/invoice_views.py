"""The v2 billing documents: invoices and credit memos (Zuora's Quickstart `Invoice`,
`CreditMemo`) and their items (`InvoiceItem`, `CreditMemoItem`), read from the documents
`/v1/invoices/{key}` and `/v1/credit-memos/{key}` read, and what their queries may name.

Amounts are the v1 document's: `total` = `subtotal` = the amount (no tax here, `tax` 0),
`balance` = `remaining_balance`; credit memos and their items show positive amounts, as
in v1. Service ends are inclusive, as on the v1 items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from zorders.api.v2.account_views import ACCOUNTS
from zorders.api.v2.order_resource import INVOICE_ITEM_FIELDS
from zorders.api.v2.query import Kind, Resource
from zorders.api.v2.subscription_views import clean, snake, timestamp
from zorders.api.v2.vocabulary import DOCUMENT_STATES
from zorders.domain.accounts import Account
from zorders.domain.billing.discounts import applied_to_item
from zorders.domain.billing.documents import BillingDocument, DocumentKind
from zorders.domain.billing.items import DocumentItem, ProcessingType

# What a document's item also shows of zorders' own: the v1 item's subscription and
# charge numbers, the order line item it bills, and its charge type (decision QS5).
ITEM_EXTRAS = frozenset(
    {"subscription_number", "subscription_item_number", "order_line_item_id", "charge_type"}
)
ITEM_FIELDS = INVOICE_ITEM_FIELDS | ITEM_EXTRAS
CREDIT_MEMO_ITEM_FIELDS = (
    INVOICE_ITEM_FIELDS - {"invoice_id", "booking_reference"}
    | {"credit_memo_id", "invoice_item_id", "subtotal", "on_account_account"}
    | ITEM_EXTRAS
)

_COMMON = """custom_fields created_by_id updated_by_id created_time id updated_time state
balance state_transitions description account_id total subtotal tax document_date
posted_by_id amount_refunded bill_to_id billing_document_settings currency""".split()  # noqa: SIM905
INVOICE_FIELDS = frozenset(
    {
        *_COMMON,
        *"""invoice_number due_date paid past_due amount_paid payment_terms
        sold_to_id""".split(),  # noqa: SIM905
    }
)
CREDIT_MEMO_FIELDS = frozenset(
    {
        *_COMMON,
        *"""credit_memo_number invoice_id reason_code
        exclude_from_auto_apply_rules""".split(),  # noqa: SIM905
    }
)


def _resource(
    name: str, fields: frozenset[str], items: str, item_fields: frozenset[str], **own: Kind
) -> Resource:
    """Invoices and credit memos offer the same query: `items` (with `expand[]=items` or
    `<items>`, selected by `<items>.fields[]`, Zuora's parameter name, or `items.fields[]`),
    filters on `items[field]` (Zuora's example), and `account`."""
    return Resource(
        name=name,
        fields=fields | {"account_number", "remaining_balance", "items", "account"},
        filterable={
            "id": Kind.STRING,
            "account_id": Kind.STRING,
            "account_number": Kind.STRING,
            "state": Kind.STRING,
            "document_date": Kind.DATE,
            "currency": Kind.STRING,
            "total": Kind.NUMBER,
            "subtotal": Kind.NUMBER,
            "balance": Kind.NUMBER,
            "remaining_balance": Kind.NUMBER,
            "created_time": Kind.DATETIME,
            "updated_time": Kind.DATETIME,
            **own,
        },
        sortable=frozenset(
            {"created_time", "updated_time", "id", "document_date", "total", "balance"}
            | {"remaining_balance"}
            | {n for n, kind in own.items() if kind is not Kind.BOOLEAN}
        ),
        related={"items": item_fields, items: item_fields, "account": ACCOUNTS.fields},
        related_filterable={
            "items": {
                "id": Kind.STRING,
                "subscription_id": Kind.STRING,
                "subscription_number": Kind.STRING,
                "subscription_item_id": Kind.STRING,
                "price_id": Kind.STRING,
                "order_line_item_id": Kind.STRING,
                "charge_type": Kind.STRING,
                "name": Kind.STRING,
                "service_start": Kind.DATE,
                "service_end": Kind.DATE,
                "amount": Kind.NUMBER,
            }
        },
        expandable=frozenset({"items", items, "account"}),
    )


INVOICES = _resource(
    "invoices",
    INVOICE_FIELDS,
    "invoice_items",
    ITEM_FIELDS,
    invoice_number=Kind.STRING,
    due_date=Kind.DATE,
    amount_paid=Kind.NUMBER,
    paid=Kind.BOOLEAN,
    past_due=Kind.BOOLEAN,
)
CREDIT_MEMOS = _resource(
    "credit_memos",
    CREDIT_MEMO_FIELDS,
    "credit_memo_items",
    CREDIT_MEMO_ITEM_FIELDS,
    credit_memo_number=Kind.STRING,
    reason_code=Kind.STRING,
)

# A subscription number and a charge number -> (subscription id, subscription item id).
ItemKeys = Callable[[str, str], tuple[str | None, str | None]]


def item_view(entry: DocumentItem, document: BillingDocument, keys: ItemKeys) -> dict[str, Any]:
    """An item of an invoice or (amount positive, naming the invoice item it takes back)
    of a credit memo."""
    item = entry.item
    memo = document.kind is DocumentKind.CREDIT_MEMO
    applied = applied_to_item(entry, document.items)
    subscription_id, subscription_item_id = (
        keys(item.subscription_number, item.charge_number)
        if item.subscription_number
        else (None, None)
    )
    body: dict[str, Any] = {
        "id": entry.id,
        "credit_memo_id" if memo else "invoice_id": document.id,
        "invoice_item_id": item.reverses if memo else None,
        "name": item.charge_name,
        "description": item.rate_plan_name or None,
        "amount": -item.amount if memo else item.amount,
        "unit_amount": item.unit_price,
        "quantity": item.quantity,
        "unit_of_measure": item.uom,
        "service_start": item.service_start,
        "service_end": item.service_end - timedelta(days=1),
        "price_id": item.product_rate_plan_charge_id or None,
        "subscription_id": subscription_id,
        "subscription_item_id": subscription_item_id,
        "subscription_number": item.subscription_number or None,
        "subscription_item_number": item.charge_number or None,
        "order_line_item_id": item.order_line_item_id,
        "charge_type": snake(item.charge_type.value),
        "discount_item": item.processing_type is ProcessingType.DISCOUNT,
        "applied_to_item_id": applied.id if applied is not None else None,
        "tax": Decimal(0),
        "tax_inclusive": False,
        "document_item_date": timestamp(document.created_at),
        "custom_fields": {},
        "created_time": timestamp(document.created_at),
        "updated_time": timestamp(document.created_at),
    }
    return clean(body)


def invoice_view(document: BillingDocument, account: Account | None, today: date) -> dict[str, Any]:
    """The invoice without its items (`expand[]=items` adds them)."""
    body: dict[str, Any] = {
        "id": document.id,
        "invoice_number": document.number,
        "account_id": document.account_id,
        "account_number": account.account_number if account else None,
        "document_date": document.document_date,
        "due_date": document.due_date,
        "currency": document.currency,
        "state": DOCUMENT_STATES[document.status],
        "total": document.amount,
        "subtotal": document.amount,
        "tax": Decimal(0),
        "balance": document.balance,
        "remaining_balance": document.balance,
        "amount_paid": document.payment_amount,
        "amount_refunded": Decimal(0),
        "paid": document.is_paid,
        "past_due": document.is_past_due(today),
        "payment_terms": account.payment_term.value if account else None,
        "bill_to_id": account.bill_to.id if account else None,
        "sold_to_id": account.sold_to.id if account else None,
        "custom_fields": {},
        "created_time": timestamp(document.created_at),
        "updated_time": timestamp(document.created_at),
    }
    return clean(body)


def credit_memo_view(document: BillingDocument, account: Account | None) -> dict[str, Any]:
    """The credit memo without its items (`expand[]=items` adds them)."""
    body: dict[str, Any] = {
        "id": document.id,
        "credit_memo_number": document.number,
        "account_id": document.account_id,
        "account_number": account.account_number if account else None,
        "document_date": document.document_date,
        "currency": document.currency,
        "state": DOCUMENT_STATES[document.status],
        "total": document.amount,
        "subtotal": document.amount,
        "tax": Decimal(0),
        "balance": document.balance,
        "remaining_balance": document.balance,
        "amount_refunded": Decimal(0),
        "reason_code": document.reason_code,
        "bill_to_id": account.bill_to.id if account else None,
        "custom_fields": {},
        "created_time": timestamp(document.created_at),
        "updated_time": timestamp(document.created_at),
    }
    return clean(body)
