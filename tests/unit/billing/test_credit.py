"""Applying a credit memo to an invoice (domain/billing/credit.py, decision B20)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from zorders.domain.accounts import AccountMetrics
from zorders.domain.billing.credit import apply_credit_memo, metrics_on_credit_application
from zorders.domain.billing.documents import BillingDocument, DocumentKind, DocumentStatus
from zorders.domain.errors import DomainError

DAY = date(2025, 2, 15)


def document(kind: DocumentKind, balance: str, **changes: Any) -> BillingDocument:
    values: dict[str, Any] = {
        "id": kind.value,
        "number": "CM00000001" if kind is DocumentKind.CREDIT_MEMO else "INV00000003",
        "kind": kind,
        "account_id": "acc1",
        "currency": "USD",
        "status": DocumentStatus.POSTED,
        "document_date": DAY,
        "target_date": DAY,
        "due_date": DAY,
        "items": (),
        "balance": D(balance),
        **changes,
    }
    return BillingDocument(**values)


def memo(balance: str = "32.50", **changes: Any) -> BillingDocument:
    return document(DocumentKind.CREDIT_MEMO, balance, **changes)


def invoice(balance: str = "131.50", **changes: Any) -> BillingDocument:
    return document(DocumentKind.INVOICE, balance, **changes)


def test_the_whole_memo_onto_a_larger_invoice() -> None:
    m, i = apply_credit_memo(memo(), invoice(), D("32.50"))
    assert (m.balance, i.balance, i.credit_memo_amount) == (D("0.00"), D("99.00"), D("32.50"))


def test_part_of_a_memo_twice() -> None:
    m, i = apply_credit_memo(memo("50.00"), invoice("30.00"), D("30.00"))
    assert (m.balance, i.balance) == (D("20.00"), D("0.00"))
    m, i2 = apply_credit_memo(m, invoice("45.00", id="inv2"), D("20.00"))
    assert (m.balance, i2.balance, i2.credit_memo_amount) == (D("0.00"), D("25.00"), D("20.00"))


@pytest.mark.parametrize(
    ("m", "i", "amount", "words"),
    [
        (memo(), invoice(account_id="acc2"), "10", "two accounts"),
        (memo(status=DocumentStatus.DRAFT), invoice(), "10", "Posted"),
        (memo(), invoice(status=DocumentStatus.DRAFT), "10", "Posted"),
        (memo(), invoice(currency="EUR"), "10", "EUR"),
        (memo(), invoice(), "32.51", "balance 32.50"),
        (memo("200"), invoice(), "131.51", "balance 131.50"),
        (memo(), invoice(), "0", "Cannot apply 0"),
    ],
)
def test_refused(m: BillingDocument, i: BillingDocument, amount: str, words: str) -> None:
    with pytest.raises(DomainError) as raised:
        apply_credit_memo(m, i, D(amount))
    assert words in raised.value.message


def test_metrics_move_together() -> None:
    before = AccountMetrics(
        balance=D("331.14"),
        total_invoice_balance=D("331.14"),
        credit_balance=D("32.50"),
        unapplied_credit_memo_amount=D("32.50"),
    )
    after = metrics_on_credit_application(before, D("32.50"))
    assert (after.balance, after.total_invoice_balance) == (D("298.64"), D("298.64"))
    assert (after.credit_balance, after.unapplied_credit_memo_amount) == (D("0.00"), D("0.00"))
