"""The payment method of Zuora's CRUD object API (`/v1/object/payment-method`): its
PascalCase fields read into the v1 payment method request (one translator for both), and
the method shown back in PascalCase (masks only; fields without a value left out, as the
CRUD API answers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.payment_methods import PaymentMethod

# CRUD field -> v1 field (top level, then inside the holder and mandate objects).
_TOP: dict[str, str] = {
    "AccountId": "accountKey",
    "Type": "type",
    "CreditCardNumber": "cardNumber",
    "CreditCardType": "cardType",
    "CreditCardExpirationMonth": "expirationMonth",
    "CreditCardExpirationYear": "expirationYear",
    "CreditCardSecurityCode": "securityCode",
    "CreditCardMaskNumber": "creditCardMaskNumber",
    "TokenId": "tokenId",
    "SecondTokenId": "secondTokenId",
    "AchAbaCode": "bankABACode",
    "AchAccountNumber": "bankAccountNumber",
    "AchAccountType": "bankAccountType",
    "AchBankName": "bankName",
    "AchAccountName": "bankAccountName",
    "AchAddress1": "addressLine1",
    "AchAddress2": "addressLine2",
    "BankTransferType": "bankTransferType",
    "BankTransferAccountNumber": "accountNumber",
    "BankCode": "bankCode",
    "BankBranchCode": "branchCode",
    "IBAN": "IBAN",
    "BusinessIdentificationCode": "businessIdentificationCode",
    "ExistingMandate": "existingMandate",
    "PaypalBaid": "BAID",
    "PaypalEmail": "email",
    "Email": "email",
}
_CARD_HOLDER = {
    "CreditCardHolderName": "cardHolderName",
    "CreditCardAddress1": "addressLine1",
    "CreditCardAddress2": "addressLine2",
    "CreditCardCity": "city",
    "CreditCardState": "state",
    "CreditCardPostalCode": "zipCode",
    "CreditCardCountry": "country",
}
_ACCOUNT_HOLDER = {
    "BankTransferAccountName": "accountHolderName",
    "FirstName": "firstName",
    "LastName": "lastName",
    "Email": "email",
    "Phone": "phone",
    "StreetName": "addressLine1",
    "City": "city",
    "State": "state",
    "PostalCode": "zipCode",
    "Country": "country",
}
_MANDATE = {
    "MandateID": "mandateId",
    "MandateStatus": "mandateStatus",
    "MandateReason": "mandateReason",
    "MandateCreationDate": "mandateCreationDate",
    "MandateUpdateDate": "mandateUpdateDate",
}
# PaypalType -> the v1 type of the same PayPal product.
PAYPAL_TYPES = {
    "ExpressCheckout": "PayPalEC",
    "NativeExpressCheckout": "PayPalNativeEC",
    "AdaptivePayments": "PayPalAdaptive",
    "CommercePlatform": "PayPalCP",
}
_PAYPAL_OF = {v1: crud for crud, v1 in PAYPAL_TYPES.items()}
_READ_ONLY = {"Id", "CreatedDate", "UpdatedDate", "PaymentMethodStatus", "Active", "PaypalType"}
KNOWN = set(_TOP) | set(_CARD_HOLDER) | set(_ACCOUNT_HOLDER) | set(_MANDATE) | _READ_ONLY


def v1_body(crud: dict[str, Any], *, reject_unknown: bool = False) -> dict[str, Any]:
    """The v1 request a CRUD body says."""
    unknown = [k for k in crud if k not in KNOWN and not k.endswith("__c")]
    if reject_unknown and unknown:
        raise DomainError(
            ErrorCode.UNKNOWN_FIELD, f"'{unknown[0]}' is not a recognized field", unknown[0]
        )
    body: dict[str, Any] = {v1: crud[k] for k, v1 in _TOP.items() if crud.get(k) is not None}
    for key, table in (
        ("cardHolderInfo", _CARD_HOLDER),
        ("accountHolderInfo", _ACCOUNT_HOLDER),
        ("mandateInfo", _MANDATE),
    ):
        values = {v1: crud[k] for k, v1 in table.items() if crud.get(k) is not None}
        if values:
            body[key] = values
    if crud.get("Type") == "PayPal" and crud.get("PaypalType") is not None:
        paypal = PAYPAL_TYPES.get(crud["PaypalType"])
        if paypal is None:
            raise DomainError(
                ErrorCode.INVALID_VALUE,
                f"'PaypalType' value should be one of: {', '.join(PAYPAL_TYPES)}",
                "PaypalType",
            )
        body["type"] = paypal
    if crud.get("Type") == "ACH" and "accountHolderInfo" in body:
        body.setdefault("email", body["accountHolderInfo"].get("email"))
    return body


def _stamp(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%S.000+00:00") if value else None


def crud_payment_method(method: PaymentMethod) -> dict[str, Any]:
    """The method as the CRUD API shows it: masks, never a full number."""
    holder = method.holder
    mandate = method.mandate
    values: dict[str, Any] = {
        "Id": method.id,
        "AccountId": method.account_id,
        "Type": method.type.value,
        "PaymentMethodStatus": method.status,
        "Active": method.status == "Active",
        "CreatedDate": _stamp(method.created_at),
        "UpdatedDate": _stamp(method.updated_at),
        "CreditCardMaskNumber": method.mask,
        "CreditCardType": method.card_type.value if method.card_type else None,
        "CreditCardExpirationMonth": method.expiration_month,
        "CreditCardExpirationYear": method.expiration_year,
        "CreditCardHolderName": method.holder_name if method.is_card else None,
        "TokenId": method.token_id,
        "SecondTokenId": method.second_token_id,
        "NumConsecutiveFailures": 0,
        "TotalNumberOfProcessedPayments": 0,
        "TotalNumberOfErrorPayments": 0,
        "UseDefaultRetryRule": True,
    }
    if method.type.value == "ACH":
        values.update(
            {
                "AchAbaCode": method.bank_code,
                "AchAccountName": method.bank_account_name,
                "AchAccountNumberMask": method.account_mask,
                "AchAccountType": method.ach_account_type,
                "AchBankName": method.bank_name,
            }
        )
    if method.type.value == "BankTransfer":
        values.update(
            {
                "BankTransferType": method.bank_transfer_type,
                "BankTransferAccountNumberMask": method.account_mask,
                "BankTransferAccountName": holder.name if holder else None,
                "BankCode": method.bank_code,
                "BankBranchCode": method.branch_code,
                "IBAN": method.iban_mask,
                "BusinessIdentificationCode": method.business_identification_code,
            }
        )
    if method.type.value == "PayPal":
        values.update(
            {
                "PaypalBaid": method.baid,
                "PaypalEmail": method.email,
                "PaypalType": _PAYPAL_OF.get(method.paypal_type or "", "ExpressCheckout"),
            }
        )
    if mandate is not None:
        values.update(
            {
                "MandateID": mandate.mandate_id,
                "MandateStatus": mandate.status,
                "MandateReason": mandate.reason,
                "MandateCreationDate": mandate.creation_date,
                "MandateUpdateDate": mandate.update_date,
                "ExistingMandate": mandate.existing_mandate,
            }
        )
    if holder is not None and not method.is_card:
        values.update(
            {
                "FirstName": holder.first_name,
                "LastName": holder.last_name,
                "Email": holder.email or method.email,
                "Phone": holder.phone,
                "StreetName": holder.address_line1,
                "City": holder.city,
                "State": holder.state,
                "PostalCode": holder.zip_code,
                "Country": holder.country,
            }
        )
    return {k: v for k, v in values.items() if v is not None}
