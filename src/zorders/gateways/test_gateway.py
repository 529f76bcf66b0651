"""The built-in test gateway: documented card numbers, predictable answers, no I/O.

| card number        | type       | a charge                                        |
|--------------------|------------|-------------------------------------------------|
| 4111111111111111   | Visa       | approved                                        |
| 5555555555554444   | MasterCard | approved                                        |
| 4000000000000002   | Visa       | declined: `card_declined`, "Card declined"      |
| 4000000000009995   | Visa       | declined: `insufficient_funds`, "Insufficient funds" |
| any other number   |            | fails: `invalid_card_number`, "Invalid card number"  |

A card is tokenized when its payment method is created; the token names the card's
behaviour and its last four digits, never the number. Charges are deterministic: the same
token, amount, currency and reference always give the same answer and the same gateway
reference id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from zorders.domain.payments import CardDetails, GatewayResult

APPROVED: Final = "approved"
CARD_DECLINED: Final = "card_declined"
INSUFFICIENT_FUNDS: Final = "insufficient_funds"
INVALID_CARD_NUMBER: Final = "invalid_card_number"


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
MESSAGES: Final = {
    APPROVED: "Approved",
    CARD_DECLINED: "Card declined",
    INSUFFICIENT_FUNDS: "Insufficient funds",
    INVALID_CARD_NUMBER: "Invalid card number",
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
