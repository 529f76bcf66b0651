"""Payment methods on the wire, shaped as the official client reads them:
GetPaymentMethodForAccountResponse (an account's list and default), PaymentMethodResponse
(`GET /v1/payment-methods/{id}`) and GetAccountPaymentMethodResponse (grouped by Zuora's
type keys: `creditcard`, `creditcardreferencetransaction`, `ach`, `banktransfer`,
`paypal`).

Only masks ever leave: a card `************1111`, a bank account or IBAN a star for each
hidden character and the last four (`****2345`); no security code, no full number.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from zorders.api.response_keys import complete, keys_of
from zorders.domain.accounts import Account
from zorders.domain.payment_methods import Mandate, PaymentMethod, PaymentMethodType

# Zuora's keys of "List payment methods of an account", by type.
TYPE_KEYS = {
    PaymentMethodType.CREDIT_CARD: "creditcard",
    PaymentMethodType.CREDIT_CARD_REFERENCE_TRANSACTION: "creditcardreferencetransaction",
    PaymentMethodType.ACH: "ach",
    PaymentMethodType.BANK_TRANSFER: "banktransfer",
    PaymentMethodType.PAYPAL: "paypal",
}


def _stamp(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else None


def _mandate(mandate: Mandate | None) -> dict[str, Any] | None:
    if mandate is None:
        return None
    return {
        "mandateId": mandate.mandate_id,
        "mandateStatus": mandate.status,
        "mandateReason": mandate.reason,
        "mandateCreationDate": mandate.creation_date,
        "mandateUpdateDate": mandate.update_date,
    }


def _holder(method: PaymentMethod) -> dict[str, Any]:
    holder = method.holder
    return {
        "accountHolderName": (holder.name if holder else None) or method.holder_name,
        "addressLine1": holder.address_line1 if holder else None,
        "addressLine2": holder.address_line2 if holder else None,
        "city": holder.city if holder else None,
        "state": holder.state if holder else None,
        "zipCode": holder.zip_code if holder else None,
        "country": holder.country if holder else None,
        "email": holder.email if holder else None,
        "phone": holder.phone if holder else None,
    }


def method_fields(method: PaymentMethod, account: Account | None) -> dict[str, Any]:
    """Every field zorders has a value for, under the client's names."""
    kind = method.type
    body: dict[str, Any] = {
        "id": method.id,
        "type": kind.value,
        "isDefault": account is not None and account.default_payment_method_id == method.id,
        "status": method.status,
        "accountHolderInfo": _holder(method),
        "mandateInfo": _mandate(method.mandate),
        "existingMandate": method.mandate.existing_mandate if method.mandate else None,
        "createdDate": _stamp(method.created_at),
        "updatedDate": _stamp(method.updated_at),
        "totalNumberOfProcessedPayments": 0,
        "totalNumberOfErrorPayments": 0,
        "numConsecutiveFailures": 0,
        "useDefaultRetryRule": True,
    }
    if method.is_card:
        body.update(
            {
                "cardNumber": method.mask,
                "creditCardMaskNumber": method.mask,
                "creditCardType": method.card_type.value if method.card_type else None,
                "expirationMonth": method.expiration_month,
                "expirationYear": method.expiration_year,
            }
        )
    if kind is PaymentMethodType.CREDIT_CARD_REFERENCE_TRANSACTION:
        body.update({"tokenId": method.token_id, "secondTokenId": method.second_token_id})
    if kind is PaymentMethodType.ACH:
        body.update(
            {
                "bankABACode": method.bank_code,
                "bankAccountName": method.bank_account_name,
                "bankAccountNumber": method.account_mask,
                "bankAccountMaskNumber": method.account_mask,
                "bankAccountType": method.ach_account_type,
                "bankName": method.bank_name,
                "accountNumber": method.account_mask,
                "email": method.email,
            }
        )
    if kind is PaymentMethodType.BANK_TRANSFER:
        body.update(
            {
                "bankTransferType": method.bank_transfer_type,
                "accountNumber": method.account_mask,
                "IBAN": method.iban_mask,
                "bankCode": method.bank_code,
                "branchCode": method.branch_code,
                "businessIdentificationCode": method.business_identification_code,
            }
        )
    if kind is PaymentMethodType.PAYPAL:
        body.update({"BAID": method.baid, "email": method.email})
    return body


def _only(body: dict[str, Any], model: str) -> dict[str, Any]:
    keys = keys_of(model)
    completed: dict[str, Any] = complete({k: v for k, v in body.items() if k in keys}, model)
    return completed


def payment_method_body(method: PaymentMethod, account: Account | None) -> dict[str, Any]:
    """One method of an account's list (and its default): GetPaymentMethodForAccountResponse."""
    return _only(method_fields(method, account), "GetPaymentMethodForAccountResponse")


def payment_method_detail(method: PaymentMethod, account: Account | None) -> dict[str, Any]:
    """`GET /v1/payment-methods/{id}`: PaymentMethodResponse."""
    return {"success": True, **_only(method_fields(method, account), "PaymentMethodResponse")}


def account_payment_methods_body(account: Account, methods: list[PaymentMethod]) -> dict[str, Any]:
    """Grouped by Zuora's type keys; a type the account has none of is left out."""
    body: dict[str, Any] = {
        "success": True,
        "defaultPaymentMethodId": account.default_payment_method_id,
        "paymentGateway": account.payment_gateway,
    }
    for kind, key in TYPE_KEYS.items():
        of_kind = [payment_method_body(m, account) for m in methods if m.type is kind]
        if of_kind or kind is PaymentMethodType.CREDIT_CARD:
            body[key] = of_kind
    return body
