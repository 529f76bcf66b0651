"""The account summary (spec §13.1): read models, filled by orders and billing as they
arrive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zorders.domain.accounts.model import Account


@dataclass(frozen=True)
class SummaryRatePlan:
    product_id: str
    product_name: str
    product_sku: str
    product_rate_plan_id: str
    rate_plan_name: str


@dataclass(frozen=True)
class SubscriptionSummary:
    id: str
    subscription_number: str
    status: str
    term_type: str
    auto_renew: bool
    subscription_start_date: date
    term_start_date: date
    term_end_date: date | None
    initial_term: str | None = None
    renewal_term: str | None = None
    rate_plans: tuple[SummaryRatePlan, ...] = ()


@dataclass(frozen=True)
class InvoiceSummary:
    id: str
    invoice_number: str
    invoice_date: date
    due_date: date
    amount: Decimal
    balance: Decimal
    status: str


@dataclass(frozen=True)
class PaidInvoice:
    invoice_id: str
    invoice_number: str
    applied_payment_amount: Decimal


@dataclass(frozen=True)
class PaymentSummary:
    id: str
    payment_number: str
    payment_type: str
    status: str
    effective_date: date
    amount: Decimal
    paid_invoices: tuple[PaidInvoice, ...] = ()


@dataclass(frozen=True)
class UsageSummary:
    start_date: str  # the month, as "2024-01"
    unit_of_measure: str
    quantity: Decimal


@dataclass(frozen=True)
class AccountSummary:
    account: Account
    subscriptions: tuple[SubscriptionSummary, ...] = ()
    invoices: tuple[InvoiceSummary, ...] = ()
    payments: tuple[PaymentSummary, ...] = ()
    usage: tuple[UsageSummary, ...] = ()

    @property
    def last_invoice_date(self) -> date | None:
        return max((i.invoice_date for i in self.invoices), default=None)

    @property
    def last_payment(self) -> PaymentSummary | None:
        return max(self.payments, key=lambda p: p.effective_date, default=None)
