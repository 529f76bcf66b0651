"""Billing documents: invoices and credit memos (spec §13.5; decisions.md #7, #17, #18).

A billing run of an account for a target date puts its items on one document: an invoice
when they sum to zero or more (credits included as negative items), a credit memo when
they sum below zero (its items and amount shown as positive numbers, as Zuora shows them).
A run that finds nothing to bill makes no document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from zorders.domain.billing.items import DocumentItem, Item
from zorders.domain.calendar import add_days


class DocumentKind(StrEnum):
    INVOICE = "Invoice"
    CREDIT_MEMO = "CreditMemo"


class DocumentStatus(StrEnum):
    DRAFT = "Draft"
    POSTED = "Posted"
    CANCELED = "Canceled"


# Zuora's pre-populated credit memo reason codes; the first is its default (decision B19).
CREDIT_MEMO_REASON_CODES = (
    "Correcting Invoice Error",
    "Ad hoc Credit",
    "Charge Dispute",
    "Invoice Reversal",
    "Negative Periodic Charges",
    "Service Unavailable",
    "Unsatisfactory Service",
    "Write-off",
)
DEFAULT_CREDIT_MEMO_REASON_CODE = CREDIT_MEMO_REASON_CODES[0]

# Payment terms in days (spec §13.1).
PAYMENT_TERM_DAYS = {"Due Upon Receipt": 0, "Net 30": 30, "Net 60": 60, "Net 90": 90}


@dataclass(frozen=True)
class BillingDocument:
    id: str
    number: str
    kind: DocumentKind
    account_id: str
    currency: str
    status: DocumentStatus
    document_date: date
    target_date: date
    due_date: date
    items: tuple[DocumentItem, ...]
    balance: Decimal
    source_type: str = "Subscription"
    source_id: str | None = None
    posted_date: date | None = None
    created_at: datetime | None = None
    # What payments applied to an invoice (domain/payments.py); balance already reflects it.
    payment_amount: Decimal = Decimal(0)
    # What credit memos applied to an invoice (domain/billing/credit.py); balance reflects it.
    credit_memo_amount: Decimal = Decimal(0)
    # Credit memos only: why the credit was given (`billingOptions.creditMemoReasonCode`).
    reason_code: str | None = None

    @property
    def amount(self) -> Decimal:
        """The document's amount: invoices as billed, credit memos as a positive number."""
        total = sum((i.item.amount for i in self.items), Decimal(0))
        return -total if self.kind is DocumentKind.CREDIT_MEMO else total

    @property
    def is_paid(self) -> bool:
        """Posted, with nothing left on its balance."""
        return self.status is DocumentStatus.POSTED and self.balance <= 0

    def is_past_due(self, today: date) -> bool:
        """Posted, something left on its balance, and its due date before `today`."""
        return self.status is DocumentStatus.POSTED and self.balance > 0 and self.due_date < today

    @property
    def applied_amount(self) -> Decimal:
        """A credit memo's amount applied so far: its amount less its balance once posted,
        0 while it is not posted."""
        return self.amount - self.balance if self.status is DocumentStatus.POSTED else Decimal(0)


def due_date(document_date: date, payment_term: str) -> date:
    return add_days(document_date, PAYMENT_TERM_DAYS.get(payment_term, 0))  # stops at 9999-12-31


def kind_for(items: tuple[Item, ...]) -> DocumentKind:
    total = sum((i.amount for i in items), Decimal(0))
    return DocumentKind.INVOICE if total >= 0 else DocumentKind.CREDIT_MEMO
