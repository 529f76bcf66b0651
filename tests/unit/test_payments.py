"""Payments without a database: the test gateway's documented cards, card checks, amounts,
applying a payment to invoices, and what money does to the account metrics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal as D
from typing import Any

import pytest

from zorders.domain.accounts import AccountMetrics
from zorders.domain.billing.documents import BillingDocument, DocumentKind, DocumentStatus
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.payments import (
    APPLICABLE,
    PAYMENT_TRANSITIONS,
    CardDetails,
    CardType,
    Payment,
    PaymentStatus,
    PaymentType,
    apply_to_invoice,
    card_type_of,
    check_amount,
    check_card,
    check_number,
    luhn_valid,
    metrics_on_application,
    metrics_on_payment,
)
from zorders.gateways.test_gateway import TEST_CARDS, TestGateway
from zorders.services.ports import PaymentGateway

TODAY = date(2025, 1, 15)
NOW = datetime(2025, 1, 15, 12, 0, 0)


def card(number: str = "4111111111111111", **changes: Any) -> CardDetails:
    values: dict[str, Any] = {
        "number": number,
        "expiration_month": 12,
        "expiration_year": 2030,
        "security_code": "123",
        "holder_name": "Ada Lovelace",
        **changes,
    }
    return CardDetails(**values)


def failure(call: Callable[[], object]) -> tuple[ErrorCode, str | None]:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code, caught.value.field


# -- the test gateway ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "approved", "code", "message"),
    [
        ("4111111111111111", True, "approved", "Approved"),
        ("5555555555554444", True, "approved", "Approved"),
        ("4000000000000002", False, "card_declined", "Card declined"),
        ("4000000000009995", False, "insufficient_funds", "Insufficient funds"),
        ("4242424242424242", False, "invalid_card_number", "Invalid card number"),
        ("378282246310005", False, "invalid_card_number", "Invalid card number"),
    ],
)
def test_documented_cards(number: str, approved: bool, code: str, message: str) -> None:
    gateway = TestGateway()
    token = gateway.tokenize(card(number))
    result = gateway.charge(token, D("10.00"), "USD", "pay-1")
    assert (result.approved, result.response_code, result.message) == (approved, code, message)
    assert (result.reference_id is not None) is approved


def test_tokens_keep_no_card_number_and_charges_are_deterministic() -> None:
    gateway: PaymentGateway = TestGateway()  # it is a PaymentGateway
    token = gateway.tokenize(card())
    assert "4111111111111111" not in token and "411111" not in token
    assert token.endswith("1111")
    first = gateway.charge(token, D("10.00"), "USD", "pay-1")
    assert first == gateway.charge(token, D("10.00"), "USD", "pay-1")
    assert first.reference_id is not None and first.reference_id.startswith("TG")
    assert len(first.reference_id) == 24
    assert gateway.charge(token, D("10.00"), "USD", "pay-2").reference_id != first.reference_id
    assert gateway.name == "TestGateway"


def test_foreign_tokens_are_invalid_cards() -> None:
    result = TestGateway().charge("tok_from_elsewhere", D(1), "USD", "x")
    assert (result.approved, result.response_code) == (False, "invalid_card_number")


def test_the_documented_table() -> None:
    assert [(c.number, c.card_type, c.outcome) for c in TEST_CARDS] == [
        ("4111111111111111", "Visa", "approved"),
        ("5555555555554444", "MasterCard", "approved"),
        ("4000000000000002", "Visa", "card_declined"),
        ("4000000000009995", "Visa", "insufficient_funds"),
    ]
    for test_card in TEST_CARDS:
        assert luhn_valid(test_card.number)
        assert card_type_of(test_card.number) == CardType(test_card.card_type)


def test_card_details_never_show_the_number() -> None:
    assert "4111111111111111" not in repr(card())
    assert "123" not in repr(card(security_code="123", expiration_year=2031))


# -- cards ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("4111111111111111", CardType.VISA),
        ("5555555555554444", CardType.MASTERCARD),
        ("2223003122003222", CardType.MASTERCARD),
        ("378282246310005", CardType.AMERICAN_EXPRESS),
        ("6011111111111117", CardType.DISCOVER),
        ("3530111333300000", CardType.JCB),
        ("36227206271667", CardType.DINERS),
        ("9999999999999995", None),
    ],
)
def test_card_types(number: str, kind: CardType | None) -> None:
    assert card_type_of(number) is kind


def test_a_good_card() -> None:
    assert check_card(card(), None, TODAY) is CardType.VISA
    assert check_card(card("5555555555554444"), "MasterCard", TODAY) is CardType.MASTERCARD
    # Expiring this month is still good; no security code is fine (it is never stored).
    assert check_card(card(expiration_month=1, expiration_year=2025), None, TODAY)
    assert check_card(card(security_code=None), None, TODAY)


@pytest.mark.parametrize(
    ("changes", "declared", "code", "field"),
    [
        ({"number": "4111-1111-1111-1111"}, None, ErrorCode.INVALID_CARD_NUMBER, "cardNumber"),
        ({"number": "41111111111"}, None, ErrorCode.INVALID_CARD_NUMBER, "cardNumber"),
        ({"number": "4111111111111112"}, None, ErrorCode.INVALID_CARD_NUMBER, "cardNumber"),
        ({"number": "9999999999999995"}, None, ErrorCode.INVALID_CARD_NUMBER, "cardNumber"),
        ({}, "MasterCard", ErrorCode.INVALID_CARD_NUMBER, "cardType"),
        ({"expiration_month": 13}, None, ErrorCode.INVALID_CARD_EXPIRY, "expirationMonth"),
        ({"expiration_year": 30}, None, ErrorCode.INVALID_CARD_EXPIRY, "expirationYear"),
        (
            {"expiration_month": 12, "expiration_year": 2024},
            None,
            ErrorCode.INVALID_CARD_EXPIRY,
            "expirationYear",
        ),
        ({"security_code": "12"}, None, ErrorCode.INVALID_SECURITY_CODE, "securityCode"),
        ({"security_code": "12a"}, None, ErrorCode.INVALID_SECURITY_CODE, "securityCode"),
        (
            {"holder_name": " "},
            None,
            ErrorCode.PAYMENT_METHOD_FIELD_REQUIRED,
            "cardHolderInfo.cardHolderName",
        ),
        (
            {"holder_name": "x" * 51},
            None,
            ErrorCode.INVALID_PAYMENT_METHOD_FIELD,
            "cardHolderInfo.cardHolderName",
        ),
    ],
)
def test_bad_cards(
    changes: dict[str, Any], declared: str | None, code: ErrorCode, field: str
) -> None:
    number = changes.pop("number", "4111111111111111")
    assert failure(lambda: check_card(card(number, **changes), declared, TODAY)) == (code, field)


# -- amounts and numbers --------------------------------------------------------------------


def test_amounts() -> None:
    assert check_amount(D("10.50"), "USD") == D("10.50")
    assert check_amount(D("1000"), "JPY") == D("1000")
    assert check_amount(D("1.125"), "KWD") == D("1.125")
    bad = [("0", "USD"), ("-1", "USD"), ("10.001", "USD"), ("10.5", "JPY"), ("NaN", "USD"),
           ("Infinity", "USD")]  # fmt: skip
    for amount, currency in ((D(a), c) for a, c in bad):
        assert failure(lambda a=amount, c=currency: check_amount(a, c)) == (
            ErrorCode.INVALID_PAYMENT_AMOUNT,
            "amount",
        )


def test_given_numbers() -> None:
    assert check_number("PAY-2025-1") == "PAY-2025-1"
    for bad in ("", " ", "a/b", "x" * 33, "0123456789abcdef0123456789ABCDEF"):
        assert failure(lambda b=bad: check_number(b)) == (
            ErrorCode.INVALID_PAYMENT_FIELD,
            "number",
        )


# -- applying -------------------------------------------------------------------------------


def invoice(balance: str = "164.00", **changes: Any) -> BillingDocument:
    values: dict[str, Any] = {
        "id": "inv1",
        "number": "INV00000001",
        "kind": DocumentKind.INVOICE,
        "account_id": "acc1",
        "currency": "USD",
        "status": DocumentStatus.POSTED,
        "document_date": TODAY,
        "target_date": TODAY,
        "due_date": TODAY,
        "items": (),
        "balance": D(balance),
        **changes,
    }
    return BillingDocument(**values)


def payment(amount: str = "100.00", **changes: Any) -> Payment:
    values: dict[str, Any] = {
        "id": "pay1",
        "number": "P-00000001",
        "account_id": "acc1",
        "type": PaymentType.EXTERNAL,
        "status": PaymentStatus.PROCESSED,
        "amount": D(amount),
        "currency": "USD",
        "effective_date": TODAY,
        **changes,
    }
    return Payment(**values)


def test_partial_then_full_application() -> None:
    paid, inv = apply_to_invoice(payment("200.00"), invoice(), D("100.00"), TODAY, NOW)
    assert (inv.balance, inv.payment_amount) == (D("64.00"), D("100.00"))
    assert (paid.applied_amount, paid.unapplied_amount) == (D("100.00"), D("100.00"))
    paid, inv = apply_to_invoice(paid, inv, D("64.00"), TODAY, NOW)
    assert (inv.balance, inv.payment_amount) == (D("0.00"), D("164.00"))
    assert (paid.applied_amount, paid.unapplied_amount) == (D("164.00"), D("36.00"))
    assert [(a.invoice_number, a.amount) for a in paid.applications] == [
        ("INV00000001", D("100.00")),
        ("INV00000001", D("64.00")),
    ]
    # Nothing more fits: the invoice is paid.
    assert failure(lambda: apply_to_invoice(paid, inv, D("0.01"), TODAY, NOW)) == (
        ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED,
        "invoices.amount",
    )


@pytest.mark.parametrize(
    ("pay", "inv", "amount", "code"),
    [
        # More than the invoice's balance.
        (payment("500"), invoice(), "164.01", ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED),
        # More than the payment's unapplied amount.
        (payment("50"), invoice(), "60", ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED),
        (payment(), invoice(account_id="acc2"), "10", ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED),
        (
            payment(),
            invoice(status=DocumentStatus.DRAFT),
            "10",
            ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED,
        ),
        (
            payment(),
            invoice(kind=DocumentKind.CREDIT_MEMO),
            "10",
            ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED,
        ),
        (payment(), invoice(currency="EUR"), "10", ErrorCode.PAYMENT_CURRENCY_MISMATCH),
        (payment(status=PaymentStatus.ERROR), invoice(), "10", ErrorCode.INVALID_PAYMENT_STATE),
        (payment(), invoice(), "0", ErrorCode.INVALID_PAYMENT_AMOUNT),
        (payment(), invoice(), "1.001", ErrorCode.INVALID_PAYMENT_AMOUNT),
    ],
)
def test_refused_applications(
    pay: Payment, inv: BillingDocument, amount: str, code: ErrorCode
) -> None:
    assert failure(lambda: apply_to_invoice(pay, inv, D(amount), TODAY, NOW))[0] is code


def test_error_payments_hold_nothing() -> None:
    failed = payment(status=PaymentStatus.ERROR)
    assert (failed.applied_amount, failed.unapplied_amount) == (0, 0)
    assert PaymentStatus.ERROR not in APPLICABLE
    assert PAYMENT_TRANSITIONS[PaymentStatus.ERROR] == frozenset()
    assert PAYMENT_TRANSITIONS[PaymentStatus.CANCELED] == frozenset()


def test_metrics() -> None:
    billed = AccountMetrics(balance=D("164.00"), total_invoice_balance=D("164.00"))
    received = metrics_on_payment(billed, payment("200.00"))
    assert received.unapplied_payment_amount == D("200.00")
    assert received.balance == D("164.00")
    applied = metrics_on_application(received, D("164.00"))
    assert (applied.balance, applied.total_invoice_balance, applied.unapplied_payment_amount) == (
        D("0.00"),
        D("0.00"),
        D("36.00"),
    )
    assert metrics_on_payment(billed, payment(status=PaymentStatus.ERROR)) == billed
