"""Applying a credit memo to an invoice (spec §11 `applyCredit`; decision B20).

Both documents are Posted, of the same account and currency. The amount moves from the
credit memo's balance (its unapplied amount) to the invoice's `creditMemoAmount`, and
the account's invoice balance and credit balance fall by it together.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from zorders.domain.accounts import AccountMetrics
from zorders.domain.billing.documents import BillingDocument, DocumentKind, DocumentStatus
from zorders.domain.errors import DomainError, ErrorCode


def apply_credit_memo(
    memo: BillingDocument, invoice: BillingDocument, amount: Decimal
) -> tuple[BillingDocument, BillingDocument]:
    """`amount` of the memo's balance onto the invoice; neither balance goes below zero."""
    if memo.kind is not DocumentKind.CREDIT_MEMO or invoice.kind is not DocumentKind.INVOICE:
        raise ValueError("a credit memo applies to an invoice")
    problem = None
    if memo.account_id != invoice.account_id:
        problem = f"Credit memo {memo.number} and invoice {invoice.number} are of two accounts."
    elif memo.status is not DocumentStatus.POSTED or invoice.status is not DocumentStatus.POSTED:
        problem = f"Credit memo {memo.number} and invoice {invoice.number} must both be Posted."
    elif memo.currency != invoice.currency:
        problem = (
            f"Credit memo {memo.number} is in {memo.currency}, invoice {invoice.number} in "
            f"{invoice.currency}."
        )
    elif amount <= 0 or amount > memo.balance or amount > invoice.balance:
        problem = (
            f"Cannot apply {amount} of credit memo {memo.number} (balance {memo.balance}) to "
            f"invoice {invoice.number} (balance {invoice.balance})."
        )
    if problem:
        raise DomainError(ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED, problem, "applyCredit")
    return (
        replace(memo, balance=memo.balance - amount),
        replace(
            invoice,
            balance=invoice.balance - amount,
            credit_memo_amount=invoice.credit_memo_amount + amount,
        ),
    )


def metrics_on_credit_application(metrics: AccountMetrics, amount: Decimal) -> AccountMetrics:
    """The invoices owe less and the open credit is smaller, by the same amount."""
    return replace(
        metrics,
        balance=metrics.balance - amount,
        total_invoice_balance=metrics.total_invoice_balance - amount,
        credit_balance=metrics.credit_balance - amount,
        unapplied_credit_memo_amount=metrics.unapplied_credit_memo_amount - amount,
    )
