"""Payments and payment methods (spec §13.5, §11): the values and the rules they obey.

Pure: no I/O, no clock, no id generation. A payment is External (recorded: cash, check,
a transfer settled elsewhere) or Electronic (charged through a gateway on a stored payment
method). A Processed payment's amount is applied to invoices, in full or in part, at
creation or later; what is not applied stays on the payment as its unapplied amount. A
payment the gateway declined is kept only inside an order that allows payment failure, in
status Error, and never moves money.

Payment methods of every type, their transient request details and their checks are in
`zorders.domain.payment_methods` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

from zorders.domain.accounts import AccountMetrics
from zorders.domain.billing.documents import BillingDocument, DocumentKind, DocumentStatus
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.money import minor_units
from zorders.domain.payment_methods import (
    CardDetails,
    CardType,
    PaymentMethod,
    PaymentMethodType,
    card_type_of,
    check_card,
    luhn_valid,
)

__all__ = [
    "CardDetails",
    "CardType",
    "PaymentMethod",
    "PaymentMethodType",
    "card_type_of",
    "check_card",
    "luhn_valid",
]

ZERO: Final = Decimal(0)


class PaymentType(StrEnum):
    EXTERNAL = "External"
    ELECTRONIC = "Electronic"


class PaymentStatus(StrEnum):
    """The official client's PaymentStatus; zorders makes Processed and Error payments."""

    DRAFT = "Draft"
    PROCESSING = "Processing"
    PROCESSED = "Processed"
    ERROR = "Error"
    CANCELED = "Canceled"
    POSTED = "Posted"


# The payment state machine as data (architecture principle 5): the moves a payment may
# make. Created payments start Processed (approved or external) or Error (declined);
# Error and Canceled are final. Cancel and refund arrive later; the table says where.
PAYMENT_TRANSITIONS: Final[Mapping[PaymentStatus, frozenset[PaymentStatus]]] = {
    PaymentStatus.PROCESSED: frozenset({PaymentStatus.CANCELED}),
    PaymentStatus.ERROR: frozenset(),
    PaymentStatus.CANCELED: frozenset(),
}
# Statuses whose unapplied amount may be applied to invoices.
APPLICABLE: Final = frozenset({PaymentStatus.PROCESSED})


class GatewayState(StrEnum):
    NOT_SUBMITTED = "NotSubmitted"
    SUBMITTED = "Submitted"
    SETTLED = "Settled"
    FAILED_TO_SETTLE = "FailedToSettle"


PAYMENT_COMMENT_MAX_LENGTH: Final = 255
PAYMENT_NUMBER_MAX_LENGTH: Final = 32


# -- values -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GatewayResult:
    """What a gateway answers for a charge."""

    approved: bool
    reference_id: str | None
    response_code: str
    message: str


@dataclass(frozen=True)
class PaymentApplication:
    invoice_id: str
    invoice_number: str
    amount: Decimal
    effective_date: date
    created_at: datetime | None = None


@dataclass(frozen=True)
class Payment:
    id: str
    number: str
    account_id: str
    type: PaymentType
    status: PaymentStatus
    amount: Decimal
    currency: str
    effective_date: date
    applications: tuple[PaymentApplication, ...] = ()
    payment_method_id: str | None = None
    payment_method_type: str | None = None
    gateway: str | None = None
    gateway_state: GatewayState = GatewayState.NOT_SUBMITTED
    gateway_reference_id: str | None = None
    gateway_response_code: str | None = None
    gateway_response: str | None = None
    comment: str | None = None
    # The order whose collectPayment made the payment, if any.
    source_order_number: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def applied_amount(self) -> Decimal:
        return sum((a.amount for a in self.applications), ZERO)

    @property
    def unapplied_amount(self) -> Decimal:
        """What may still be applied; a payment that moved no money has none."""
        if self.status not in APPLICABLE:
            return ZERO
        return self.amount - self.applied_amount


# -- amounts ------------------------------------------------------------------------------


def check_amount(amount: Decimal, currency: str, field_name: str = "amount") -> Decimal:
    """A positive, finite amount with no more decimals than the currency has."""
    if not amount.is_finite() or amount <= 0:
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_AMOUNT, f"'{field_name}' must be greater than 0.", field_name
        )
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > minor_units(currency):
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_AMOUNT,
            f"'{field_name}' has more decimals than {currency} allows ({minor_units(currency)}).",
            field_name,
        )
    return amount


def check_number(number: str) -> str:
    """A given payment number: a key next to ids in URLs, like account numbers."""
    if (
        not number.strip()
        or len(number) > PAYMENT_NUMBER_MAX_LENGTH
        or "/" in number
        or (len(number) == 32 and all(c in "0123456789abcdefABCDEF" for c in number))
    ):
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_FIELD,
            f"'number' must be 1 to {PAYMENT_NUMBER_MAX_LENGTH} characters, without '/', "
            "and not shaped like an id (32 hexadecimal characters).",
            "number",
        )
    return number


# -- applying -----------------------------------------------------------------------------


def apply_to_invoice(
    payment: Payment,
    invoice: BillingDocument,
    amount: Decimal,
    effective_date: date,
    now: datetime,
) -> tuple[Payment, BillingDocument]:
    """Apply `amount` of the payment's unapplied amount to a Posted invoice of the same
    account: the invoice's balance falls by it (never below zero), its payment amount
    rises by it."""
    check_amount(amount, payment.currency, "invoices.amount")
    if payment.status not in APPLICABLE:
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_STATE,
            f"Payment {payment.number} is {payment.status.value}: only Processed payments can "
            "be applied.",
            "status",
        )
    if invoice.kind is not DocumentKind.INVOICE or invoice.account_id != payment.account_id:
        raise DomainError(
            ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED,
            f"Invoice {invoice.number} does not belong to the payment's account.",
            "invoices",
        )
    if invoice.status is not DocumentStatus.POSTED:
        raise DomainError(
            ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED,
            f"Invoice {invoice.number} is {invoice.status.value}: payments apply to Posted "
            "invoices only.",
            "invoices",
        )
    if invoice.currency != payment.currency:
        raise DomainError(
            ErrorCode.PAYMENT_CURRENCY_MISMATCH,
            f"Invoice {invoice.number} is in {invoice.currency}, the payment in "
            f"{payment.currency}.",
            "currency",
        )
    if amount > invoice.balance:
        raise DomainError(
            ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED,
            f"The amount applied to invoice {invoice.number} ({amount}) is more than its "
            f"balance ({invoice.balance}).",
            "invoices.amount",
        )
    if amount > payment.unapplied_amount:
        raise DomainError(
            ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED,
            f"The amounts applied ({amount} to invoice {invoice.number}) are more than the "
            f"unapplied amount of payment {payment.number} ({payment.unapplied_amount}).",
            "invoices.amount",
        )
    applied = replace(
        payment,
        applications=(
            *payment.applications,
            PaymentApplication(invoice.id, invoice.number, amount, effective_date, now),
        ),
        updated_at=now,
    )
    paid = replace(
        invoice, balance=invoice.balance - amount, payment_amount=invoice.payment_amount + amount
    )
    return applied, paid


def metrics_on_payment(metrics: AccountMetrics, payment: Payment) -> AccountMetrics:
    """A new payment's money arrives unapplied; a payment that moved none changes nothing."""
    if payment.status not in APPLICABLE:
        return metrics
    return replace(
        metrics, unapplied_payment_amount=metrics.unapplied_payment_amount + payment.amount
    )


def metrics_on_application(metrics: AccountMetrics, amount: Decimal) -> AccountMetrics:
    """Applying moves money from the unapplied payments to the invoices it pays."""
    return replace(
        metrics,
        balance=metrics.balance - amount,
        total_invoice_balance=metrics.total_invoice_balance - amount,
        unapplied_payment_amount=metrics.unapplied_payment_amount - amount,
    )
