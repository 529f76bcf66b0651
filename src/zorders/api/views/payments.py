"""Payments and payment methods on the wire, shaped as the official client reads them
(PaymentResponse, Payment); payment methods are `views.payment_methods`.

Amounts are exact JSON numbers; timestamps `YYYY-MM-DD HH:MM:SS` in UTC, as billing
documents show them. A card shows its mask (`************1111`), never more.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from zorders.domain.accounts import Account
from zorders.domain.payments import ZERO, Payment


def _stamp(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else None


def payment_fields(payment: Payment, account: Account) -> dict[str, Any]:
    """One payment: the fields of the official client's Payment / PaymentResponse."""
    return {
        "id": payment.id,
        "number": payment.number,
        "accountId": payment.account_id,
        "accountNumber": account.account_number,
        "type": payment.type.value,
        "status": payment.status.value,
        "amount": payment.amount,
        "appliedAmount": payment.applied_amount,
        "unappliedAmount": payment.unapplied_amount,
        "refundAmount": ZERO,
        "creditBalanceAmount": ZERO,
        "currency": payment.currency,
        "effectiveDate": payment.effective_date,
        "paymentMethodId": payment.payment_method_id,
        "comment": payment.comment,
        "gatewayId": None,
        "gatewayState": payment.gateway_state.value,
        "gatewayResponse": payment.gateway_response,
        "gatewayResponseCode": payment.gateway_response_code,
        "referenceId": payment.gateway_reference_id,
        "submittedOn": _stamp(payment.created_at) if payment.gateway else None,
        "standalone": False,
        "prepayment": False,
        "createdDate": _stamp(payment.created_at),
        "updatedDate": _stamp(payment.updated_at),
        # zorders' own: what the payment paid and the order that collected it.
        "paidInvoices": [
            {
                "invoiceId": a.invoice_id,
                "invoiceNumber": a.invoice_number,
                "appliedPaymentAmount": a.amount,
            }
            for a in payment.applications
        ],
        "sourceOrderNumber": payment.source_order_number,
    }


def legacy_payment_fields(payment: Payment, account: Account) -> dict[str, Any]:
    """A payment as the older `GET /v1/transactions/payments/accounts/{key}` shows it
    (Zuora's GETPaymentType: `accountID`, `paymentNumber`, `paymentMethodID`...)."""
    return {
        "id": payment.id,
        "accountID": payment.account_id,
        "accountName": account.name,
        "accountNumber": account.account_number,
        "paymentNumber": payment.number,
        "type": payment.type.value,
        "status": payment.status.value,
        "amount": payment.amount,
        "effectiveDate": payment.effective_date,
        "paymentMethodID": payment.payment_method_id,
        "gatewayTransactionNumber": payment.gateway_reference_id,
        "createdDate": _stamp(payment.created_at),
        "updatedDate": _stamp(payment.updated_at),
        "paidInvoices": [
            {
                "invoiceId": a.invoice_id,
                "invoiceNumber": a.invoice_number,
                "appliedPaymentAmount": a.amount,
            }
            for a in payment.applications
        ],
    }


def payment_body(payment: Payment, account: Account) -> dict[str, Any]:
    return {"success": True, **payment_fields(payment, account)}
