"""What Acme's code passes in and gets back: plain values, exact amounts (Decimal)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

Plan = Literal["starter", "growth"]

# Acme's product rate plans in its Zuora catalog (catalog.yaml has the same ids).
PLANS: dict[Plan, str] = {
    "starter": "8a28e2a17f0e4c6b017f0e5d9c1a0101",
    "growth": "8a28e2a17f0e4c6b017f0e5d9c1a0201",
}


@dataclass(frozen=True)
class Customer:
    company: str
    first_name: str
    last_name: str
    email: str


@dataclass(frozen=True)
class Card:
    number: str
    card_type: str
    expiration_month: int
    expiration_year: int
    security_code: str
    holder: str


@dataclass(frozen=True)
class SignUp:
    account_number: str
    subscription_number: str
    invoice_number: str
    payment_number: str
    payment_status: str
    paid_amount: Decimal


@dataclass(frozen=True)
class Change:
    """An order on an existing subscription: what it made and when it takes effect."""

    order_number: str
    status: str  # Completed, or Scheduled until its date
    effective_date: date
    invoice_numbers: list[str]
    payment_status: str | None


@dataclass(frozen=True)
class Invoice:
    number: str
    invoice_date: date
    amount: Decimal
    balance: Decimal
    status: str


@dataclass(frozen=True)
class Line:
    """One item of an invoice."""

    charge_name: str
    service_start: date
    service_end: date  # inclusive
    amount: Decimal


@dataclass(frozen=True)
class Payment:
    number: str
    effective_date: date
    amount: Decimal
    status: str  # Processed, or Error for a decline
    gateway_response_code: str | None


class BillingError(Exception):
    """Zuora refused a call: its first reason's code and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


class PaymentDeclined(BillingError):
    """The gateway declined the payment (Zuora's error category 99: integration error)."""
