"""The built-in test gateway: documented test values per payment method type, predictable
answers, no I/O. Every account's and payment method's `paymentGateway` name is kept as
given, and every electronic payment goes through this gateway.

Credit cards (`CreditCard`), by card number:

| card number        | type       | a charge                                             |
|--------------------|------------|------------------------------------------------------|
| 4111111111111111   | Visa       | approved                                             |
| 5555555555554444   | MasterCard | approved                                             |
| 4000000000000002   | Visa       | declined: `card_declined`, "Card declined"           |
| 4000000000009995   | Visa       | declined: `insufficient_funds`, "Insufficient funds" |
| any other number   |            | fails: `invalid_card_number`, "Invalid card number"  |

The other types, by the value that names the method at its gateway. These values decline;
any other value is approved (a test tenant takes a real integration's tokens as they are):

| type | field | value | a charge |
|---|---|---|---|
| CreditCardReferenceTransaction | tokenId | tok_visa | approved |
|  |  | tok_chargeDeclined | declined: `card_declined` |
|  |  | tok_chargeDeclinedInsufficientFunds | `insufficient_funds` |
| ACH | bankAccountNumber | 000123456789 | approved |
|  |  | 000111111116 | declined: `account_closed` |
|  |  | 000222222227 | declined: `insufficient_funds` |
| BankTransfer (DirectDebitUK) | accountNumber | 00012345 | approved |
|  |  | 90012345 | declined: `debit_not_authorized` |
| BankTransfer (SEPA) | IBAN | DE89370400440532013000 | approved |
|  |  | DE62370400440532013001 | declined: `debit_not_authorized` |
| PayPal | BAID | B-5YM98274U1542804X | approved |
|  |  | B-DECLINED0000000 | declined: `paypal_declined` |

A method is tokenized when it is created; the token names its behaviour and the last four
characters of its value, never the value. Charges are deterministic: the same token,
amount, currency and reference always give the same answer and the same gateway reference id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from zorders.domain.payment_methods import CardDetails, MethodDetails
from zorders.domain.payments import GatewayResult

APPROVED: Final = "approved"
CARD_DECLINED: Final = "card_declined"
INSUFFICIENT_FUNDS: Final = "insufficient_funds"
INVALID_CARD_NUMBER: Final = "invalid_card_number"
ACCOUNT_CLOSED: Final = "account_closed"
DEBIT_NOT_AUTHORIZED: Final = "debit_not_authorized"
PAYPAL_DECLINED: Final = "paypal_declined"


@dataclass(frozen=True)
class TestCard:
    __test__ = False  # not a pytest test class

    number: str
    card_type: str
    outcome: str


TEST_CARDS: Final[tuple[TestCard, ...]] = (
    TestCard("4111111111111111", "Visa", APPROVED),
    TestCard("5555555555554444", "MasterCard", APPROVED),
    TestCard("4000000000000002", "Visa", CARD_DECLINED),
    TestCard("4000000000009995", "Visa", INSUFFICIENT_FUNDS),
)
_OUTCOMES: Final = {card.number: card.outcome for card in TEST_CARDS}

# The documented approving values (any value not declining is approved) and the declining ones.
APPROVING_VALUES: Final = {
    "CreditCardReferenceTransaction": "tok_visa",
    "ACH": "000123456789",
    "DirectDebitUK": "00012345",
    "SEPA": "DE89370400440532013000",
    "PayPal": "B-5YM98274U1542804X",
}
DECLINING_VALUES: Final = {
    "tok_chargeDeclined": CARD_DECLINED,
    "tok_chargeDeclinedInsufficientFunds": INSUFFICIENT_FUNDS,
    "000111111116": ACCOUNT_CLOSED,
    "000222222227": INSUFFICIENT_FUNDS,
    "90012345": DEBIT_NOT_AUTHORIZED,
    "DE62370400440532013001": DEBIT_NOT_AUTHORIZED,
    "B-DECLINED0000000": PAYPAL_DECLINED,
}
MESSAGES: Final = {
    APPROVED: "Approved",
    CARD_DECLINED: "Card declined",
    INSUFFICIENT_FUNDS: "Insufficient funds",
    INVALID_CARD_NUMBER: "Invalid card number",
    ACCOUNT_CLOSED: "Bank account closed",
    DEBIT_NOT_AUTHORIZED: "Direct debit not authorized",
    PAYPAL_DECLINED: "PayPal billing agreement declined",
}
_TOKEN_PREFIX: Final = "tgw"


class TestGateway:
    """`zorders.services.ports.PaymentGateway` for tests, demos and local development."""

    __test__ = False  # not a pytest test class

    @property
    def name(self) -> str:
        return "TestGateway"

    def tokenize(self, card: CardDetails) -> str:
        outcome = _OUTCOMES.get(card.number, INVALID_CARD_NUMBER)
        return f"{_TOKEN_PREFIX}_{outcome}_{card.last_four}"

    def tokenize_method(self, details: MethodDetails) -> str:
        """A method other than a card: its gateway reference (token, account number, IBAN,
        BAID) decides its behaviour."""
        value = details.gateway_reference
        outcome = DECLINING_VALUES.get(value, APPROVED)
        return f"{_TOKEN_PREFIX}_{outcome}_{value[-4:]}"

    def charge(self, token: str, amount: Decimal, currency: str, reference: str) -> GatewayResult:
        prefix, _, rest = token.partition("_")
        outcome = rest.rpartition("_")[0] if prefix == _TOKEN_PREFIX else ""
        if outcome not in MESSAGES:
            outcome = INVALID_CARD_NUMBER
        approved = outcome == APPROVED
        digest = hashlib.sha256(f"{token}|{amount}|{currency}|{reference}".encode()).hexdigest()
        return GatewayResult(
            approved=approved,
            reference_id=f"TG{digest[:22].upper()}" if approved else None,
            response_code=outcome,
            message=MESSAGES[outcome],
        )
