"""Payments and payment methods (spec §13.5, §11): the values and the rules they obey.

Pure: no I/O, no clock, no id generation. A payment is External (recorded: cash, check,
a transfer settled elsewhere) or Electronic (charged through a gateway on a stored payment
method). A Processed payment's amount is applied to invoices, in full or in part, at
creation or later; what is not applied stays on the payment as its unapplied amount. A
payment the gateway declined is kept only inside an order that allows payment failure, in
status Error, and never moves money.

Card numbers never leave this module's transient `CardDetails`: a payment method keeps the
last four digits, the card type, the expiry and the gateway's token, nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

from zorders.domain.accounts import AccountMetrics
from zorders.domain.billing.documents import BillingDocument, DocumentKind, DocumentStatus
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.money import minor_units

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


class PaymentMethodType(StrEnum):
    CREDIT_CARD = "CreditCard"


class CardType(StrEnum):
    """Zuora's credit card type names."""

    VISA = "Visa"
    MASTERCARD = "MasterCard"
    AMERICAN_EXPRESS = "AmericanExpress"
    DISCOVER = "Discover"
    JCB = "JCB"
    DINERS = "Diners"


CARD_NUMBER_LENGTHS: Final = range(12, 20)
CARD_HOLDER_NAME_MAX_LENGTH: Final = 50
PAYMENT_COMMENT_MAX_LENGTH: Final = 255
PAYMENT_NUMBER_MAX_LENGTH: Final = 32


# -- values -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CardDetails:
    """A card as a request gives it: only ever passed to a gateway, never stored."""

    number: str = field(repr=False)
    expiration_month: int
    expiration_year: int
    security_code: str | None = field(default=None, repr=False)
    holder_name: str | None = None

    @property
    def last_four(self) -> str:
        return self.number[-4:]


@dataclass(frozen=True)
class GatewayResult:
    """What a gateway answers for a charge."""

    approved: bool
    reference_id: str | None
    response_code: str
    message: str


@dataclass(frozen=True)
class PaymentMethod:
    id: str
    account_id: str
    type: PaymentMethodType
    card_type: CardType
    last_four: str
    expiration_month: int
    expiration_year: int
    token: str
    gateway: str
    holder_name: str | None = None
    status: str = "Active"
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def mask(self) -> str:
        """As Zuora shows a card: `************1111`."""
        return "*" * 12 + self.last_four


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


# -- cards --------------------------------------------------------------------------------


def luhn_valid(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def card_type_of(number: str) -> CardType | None:
    """The card type an issuer prefix names, or None for prefixes zorders does not know."""
    two, four, six = int(number[:2]), int(number[:4]), int(number[:6])
    if number.startswith("4"):
        return CardType.VISA
    if 51 <= two <= 55 or 222100 <= six <= 272099:
        return CardType.MASTERCARD
    if two in (34, 37):
        return CardType.AMERICAN_EXPRESS
    if four == 6011 or two == 65 or 644 <= int(number[:3]) <= 649:
        return CardType.DISCOVER
    if 3528 <= four <= 3589:
        return CardType.JCB
    if two in (36, 38, 39) or 300 <= int(number[:3]) <= 305:
        return CardType.DINERS
    return None


def _invalid_card(message: str, field_name: str = "cardNumber") -> DomainError:
    return DomainError(ErrorCode.INVALID_CARD_NUMBER, message, field_name)


def check_card(card: CardDetails, declared_type: str | None, today: date) -> CardType:
    """The card's type, when the card is well formed and not expired (the gateway decides
    later whether it pays)."""
    number = card.number
    if not number.isascii() or not number.isdigit() or len(number) not in CARD_NUMBER_LENGTHS:
        raise _invalid_card(
            f"'cardNumber' must be {CARD_NUMBER_LENGTHS.start} to "
            f"{CARD_NUMBER_LENGTHS.stop - 1} digits."
        )
    if not luhn_valid(number):
        raise _invalid_card("'cardNumber' is not a valid card number (check digit).")
    kind = card_type_of(number)
    if kind is None:
        raise _invalid_card("'cardNumber' is not a card of a supported type.")
    if declared_type is not None and declared_type != kind.value:
        raise DomainError(
            ErrorCode.INVALID_CARD_NUMBER,
            f"'cardType' is {declared_type} but the card number is a {kind.value} card.",
            "cardType",
        )
    month, year = card.expiration_month, card.expiration_year
    if not 1 <= month <= 12:
        raise DomainError(
            ErrorCode.INVALID_CARD_EXPIRY,
            "'expirationMonth' must be between 1 and 12.",
            "expirationMonth",
        )
    if not 1000 <= year <= 9999:
        raise DomainError(
            ErrorCode.INVALID_CARD_EXPIRY,
            "'expirationYear' must have four digits.",
            "expirationYear",
        )
    if (year, month) < (today.year, today.month):
        raise DomainError(
            ErrorCode.INVALID_CARD_EXPIRY,
            f"The card expired in {month:02d}/{year}.",
            "expirationYear",
        )
    code = card.security_code
    if code is not None and not (code.isascii() and code.isdigit() and 3 <= len(code) <= 4):
        raise DomainError(
            ErrorCode.INVALID_SECURITY_CODE,
            "'securityCode' must be 3 or 4 digits.",
            "securityCode",
        )
    name = card.holder_name
    if name is None or not name.strip():
        raise DomainError(
            ErrorCode.PAYMENT_METHOD_FIELD_REQUIRED,
            "'cardHolderInfo.cardHolderName' may not be null",
            "cardHolderInfo.cardHolderName",
        )
    if len(name) > CARD_HOLDER_NAME_MAX_LENGTH:
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_METHOD_FIELD,
            f"'cardHolderInfo.cardHolderName' must be at most {CARD_HOLDER_NAME_MAX_LENGTH} "
            "characters.",
            "cardHolderInfo.cardHolderName",
        )
    return kind


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
