"""Payment methods of every type Zuora's gateways take (spec §13.5): the stored value, the
transient details a request gives, and the checks each type obeys.

Pure: no I/O, no clock, no id generation. Types: CreditCard, CreditCardReferenceTransaction
(a gateway's card token, e.g. Stripe's customer and card ids), ACH, BankTransfer (Direct
Debit UK / Bacs, SEPA and the other direct debits, with mandate) and PayPal (a billing
agreement, BAID). Secrets (a full card number, a security code, a full bank account number
or IBAN) live only in the transient `CardDetails` / `MethodDetails`, which are passed to the
gateway and never stored: a payment method keeps masks, the last four digits and the
gateway's token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Final

from zorders.domain.errors import DomainError, ErrorCode


class PaymentMethodType(StrEnum):
    CREDIT_CARD = "CreditCard"
    CREDIT_CARD_REFERENCE_TRANSACTION = "CreditCardReferenceTransaction"
    ACH = "ACH"
    BANK_TRANSFER = "BankTransfer"
    PAYPAL = "PayPal"


class CardType(StrEnum):
    """Zuora's credit card type names."""

    VISA = "Visa"
    MASTERCARD = "MasterCard"
    AMERICAN_EXPRESS = "AmericanExpress"
    DISCOVER = "Discover"
    JCB = "JCB"
    DINERS = "Diners"


class AchAccountType(StrEnum):
    CHECKING = "Checking"
    SAVING = "Saving"
    BUSINESS_CHECKING = "BusinessChecking"


# Zuora's `bankTransferType` values zorders takes (the direct debits of its gateways).
BANK_TRANSFER_TYPES: Final = frozenset(
    {"DirectDebitUK", "SEPA", "DirectDebitNZ", "Becs", "Betalingsservice", "Autogiro", "PAD"}
)
# What the newer `type` values of `POST /v1/payment-methods` mean.
BANK_TRANSFER_ALIASES: Final = {
    "Bacs": "DirectDebitUK",
    "SEPA": "SEPA",
    "Becs": "Becs",
    "Becsnz": "DirectDebitNZ",
    "Betalingsservice": "Betalingsservice",
    "Autogiro": "Autogiro",
    "PAD": "PAD",
}
PAYPAL_TYPES: Final = frozenset({"PayPalNativeEC", "PayPalEC", "PayPalCP", "PayPalAdaptive"})

CARD_NUMBER_LENGTHS: Final = range(12, 20)
CARD_HOLDER_NAME_MAX_LENGTH: Final = 50
BANK_NUMBER_MAX_LENGTH: Final = 34  # an IBAN's longest
SCRUBBED: Final = "Record Scrubbed"  # what Zuora's scrub writes over personal data


def mask_of(last_four: str, hidden: int) -> str:
    """Zuora's mask: a star for each hidden character, then the last four."""
    return "*" * hidden + last_four


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
class AccountHolder:
    """The holder of a bank account (or a card's holder address): not secret."""

    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    state: str | None = None
    zip_code: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Mandate:
    """A direct debit (or ACH) mandate as the gateway reports it."""

    mandate_id: str | None = None
    status: str | None = None
    reason: str | None = None
    creation_date: date | None = None
    update_date: date | None = None
    existing_mandate: str | None = None  # Zuora's "Yes" / "No"


@dataclass(frozen=True)
class MethodDetails:
    """A new payment method as a request gives it, secrets included: only ever passed to
    the gateway and to `new_method_values`, never stored."""

    type: PaymentMethodType
    card: CardDetails | None = None
    card_type: str | None = None
    token_id: str | None = None
    second_token_id: str | None = None
    card_mask: str | None = None  # a reference transaction's card, as the client shows it
    expiration_month: int | None = None
    expiration_year: int | None = None
    bank_transfer_type: str | None = None
    account_number: str | None = field(default=None, repr=False)  # bank transfer or ACH
    iban: str | None = field(default=None, repr=False)
    bank_code: str | None = None  # sort code / ABA routing number
    branch_code: str | None = None
    business_identification_code: str | None = None
    ach_account_type: str | None = None
    bank_name: str | None = None
    bank_account_name: str | None = None
    baid: str | None = None
    email: str | None = None
    paypal_type: str | None = None
    holder: AccountHolder | None = None
    mandate: Mandate | None = None

    @property
    def gateway_reference(self) -> str:
        """What the gateway keeps for the method (and the test gateway's outcomes name)."""
        if self.type is PaymentMethodType.CREDIT_CARD_REFERENCE_TRANSACTION:
            return self.token_id or ""
        if self.type is PaymentMethodType.PAYPAL:
            return self.baid or ""
        return self.iban or self.account_number or ""


@dataclass(frozen=True)
class PaymentMethod:
    id: str
    account_id: str | None  # None: an orphan (a hosted page's), attached later
    type: PaymentMethodType
    card_type: CardType | None = None
    last_four: str | None = None
    expiration_month: int | None = None
    expiration_year: int | None = None
    token: str = ""
    gateway: str = ""
    holder_name: str | None = None
    status: str = "Active"
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # Credit card reference transaction.
    token_id: str | None = None
    second_token_id: str | None = None
    card_mask: str | None = None
    # ACH and bank transfer: the number's mask only.
    account_mask: str | None = None
    iban_mask: str | None = None
    bank_transfer_type: str | None = None
    bank_code: str | None = None
    branch_code: str | None = None
    business_identification_code: str | None = None
    ach_account_type: str | None = None
    bank_name: str | None = None
    bank_account_name: str | None = None
    # PayPal.
    baid: str | None = None
    email: str | None = None
    paypal_type: str | None = None
    holder: AccountHolder | None = None
    mandate: Mandate | None = None
    scrubbed: bool = False

    @property
    def mask(self) -> str | None:
        """As Zuora shows a card: `************1111` (a reference transaction: as given)."""
        if self.type is PaymentMethodType.CREDIT_CARD and self.last_four:
            return mask_of(self.last_four, 12)
        return self.card_mask

    @property
    def is_card(self) -> bool:
        return self.type in (
            PaymentMethodType.CREDIT_CARD,
            PaymentMethodType.CREDIT_CARD_REFERENCE_TRANSACTION,
        )


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


def check_expiry(month: int, year: int, today: date) -> None:
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
    check_expiry(card.expiration_month, card.expiration_year, today)
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
