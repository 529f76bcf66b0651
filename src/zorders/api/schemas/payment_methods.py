"""Payment method requests on the wire (v1): the official client's CreatePaymentMethodRequest
alternatives (`POST /v1/payment-methods`), CreateAccountPaymentMethod (`paymentMethod` of
`POST /v1/accounts` and of an order's `newAccount`), the older `creditCard`, and the
CRUD object's PascalCase fields, all read into one `MethodDetails`.

Types: CreditCard, CreditCardReferenceTransaction, ACH, BankTransfer (with
`bankTransferType`) or its newer names (Bacs, SEPA, Becs, Becsnz, Betalingsservice,
Autogiro, PAD), PayPal and PayPalNativeEC / PayPalEC / PayPalCP / PayPalAdaptive. Any
other type is refused (PAYMENT_METHOD_TYPE_NOT_SUPPORTED).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.payment_methods import (
    BANK_TRANSFER_ALIASES,
    PAYPAL_TYPES,
    AccountHolder,
    CardDetails,
    Mandate,
    MethodDetails,
    PaymentMethodType,
)

TYPES = (
    "CreditCard, CreditCardReferenceTransaction, ACH, BankTransfer (or Bacs, SEPA, Becs, "
    "Becsnz, Betalingsservice, Autogiro, PAD), PayPal (or PayPalNativeEC, PayPalEC, "
    "PayPalCP, PayPalAdaptive)"
)


class HolderIn(BaseModel):
    """accountHolderInfo (bank transfer) or cardHolderInfo (cards)."""

    model_config = ConfigDict(extra="ignore")

    accountHolderName: str | None = None
    cardHolderName: str | None = None
    firstName: str | None = None
    lastName: str | None = None
    email: str | None = None
    phone: str | None = None
    addressLine1: str | None = None
    addressLine2: str | None = None
    city: str | None = None
    state: str | None = None
    zipCode: str | None = None
    country: str | None = None

    def to_holder(self) -> AccountHolder:
        return AccountHolder(
            name=self.accountHolderName or self.cardHolderName,
            first_name=self.firstName,
            last_name=self.lastName,
            email=self.email,
            phone=self.phone,
            address_line1=self.addressLine1,
            address_line2=self.addressLine2,
            city=self.city,
            state=self.state,
            zip_code=self.zipCode,
            country=self.country,
        )


class MandateIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    mandateId: str | None = None
    mandateStatus: str | None = None
    mandateReason: str | None = None
    mandateCreationDate: date | None = None
    mandateUpdateDate: date | None = None
    existingMandate: str | None = None

    def to_mandate(self, existing: str | None = None) -> Mandate:
        return Mandate(
            mandate_id=self.mandateId,
            status=self.mandateStatus,
            reason=self.mandateReason,
            creation_date=self.mandateCreationDate,
            update_date=self.mandateUpdateDate,
            existing_mandate=self.existingMandate or existing,
        )


class PaymentMethodIn(BaseModel):
    """Every field a v1 create of any type sends; each type reads its own."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    type: str | None = None
    accountKey: str | None = None
    makeDefault: bool = False
    # Cards.
    cardNumber: str | None = None
    cardType: str | None = None
    expirationMonth: int | None = None
    expirationYear: int | None = None
    securityCode: str | None = None
    cardHolderInfo: HolderIn | None = None
    # Credit card reference transaction.
    tokenId: str | None = None
    secondTokenId: str | None = None
    creditCardMaskNumber: str | None = None
    # Bank transfer.
    bankTransferType: str | None = None
    accountHolderInfo: HolderIn | None = None
    accountNumber: str | None = None
    bankCode: str | None = None
    branchCode: str | None = None
    iban: str | None = Field(default=None, alias="IBAN")
    businessIdentificationCode: str | None = None
    mandateInfo: MandateIn | None = None
    existingMandate: str | None = None
    # ACH (its holder's address sits at the top level).
    bankABACode: str | None = None
    bankAccountNumber: str | None = None
    bankAccountType: str | None = None
    bankName: str | None = None
    bankAccountName: str | None = None
    addressLine1: str | None = None
    addressLine2: str | None = None
    city: str | None = None
    state: str | None = None
    zipCode: str | None = None
    country: str | None = None
    phone: str | None = None
    # PayPal.
    baid: str | None = Field(default=None, alias="BAID")
    email: str | None = None

    def to_details(self, field_prefix: str = "") -> MethodDetails:
        kind = self.type
        if kind is None:
            raise DomainError(
                ErrorCode.PAYMENT_METHOD_FIELD_REQUIRED,
                f"'{field_prefix}type' may not be null",
                f"{field_prefix}type",
            )
        mandate = self.mandateInfo.to_mandate(self.existingMandate) if self.mandateInfo else None
        if mandate is None and self.existingMandate:
            mandate = Mandate(existing_mandate=self.existingMandate)
        if kind == "CreditCard":
            return self._card()
        if kind == "CreditCardReferenceTransaction":
            return MethodDetails(
                PaymentMethodType.CREDIT_CARD_REFERENCE_TRANSACTION,
                token_id=self.tokenId,
                second_token_id=self.secondTokenId,
                card_mask=self.creditCardMaskNumber,
                card_type=self.cardType,
                expiration_month=self.expirationMonth,
                expiration_year=self.expirationYear,
                holder=self.cardHolderInfo.to_holder() if self.cardHolderInfo else None,
                mandate=mandate,
            )
        if kind == "ACH":
            return MethodDetails(
                PaymentMethodType.ACH,
                bank_code=self.bankABACode,
                account_number=self.bankAccountNumber,
                ach_account_type=self.bankAccountType,
                bank_name=self.bankName,
                bank_account_name=self.bankAccountName,
                email=self.email,
                holder=AccountHolder(
                    name=self.bankAccountName,
                    email=self.email,
                    phone=self.phone,
                    address_line1=self.addressLine1,
                    address_line2=self.addressLine2,
                    city=self.city,
                    state=self.state,
                    zip_code=self.zipCode,
                    country=self.country,
                ),
                mandate=mandate,
            )
        if kind == "BankTransfer" or kind in BANK_TRANSFER_ALIASES:
            transfer_type = self.bankTransferType if kind == "BankTransfer" else None
            return MethodDetails(
                PaymentMethodType.BANK_TRANSFER,
                bank_transfer_type=transfer_type or BANK_TRANSFER_ALIASES.get(kind),
                account_number=self.accountNumber,
                iban=self.iban,
                bank_code=self.bankCode,
                branch_code=self.branchCode,
                business_identification_code=self.businessIdentificationCode,
                holder=self.accountHolderInfo.to_holder() if self.accountHolderInfo else None,
                mandate=mandate,
            )
        if kind == "PayPal" or kind in PAYPAL_TYPES:
            return MethodDetails(
                PaymentMethodType.PAYPAL,
                baid=self.baid,
                email=self.email,
                paypal_type=kind if kind != "PayPal" else "PayPalEC",
            )
        raise DomainError(
            ErrorCode.PAYMENT_METHOD_TYPE_NOT_SUPPORTED,
            f"Payment method type '{kind}' is not supported: zorders takes {TYPES}.",
            f"{field_prefix}type",
        )

    def _card(self) -> MethodDetails:
        holder = self.cardHolderInfo
        card = None
        if self.cardNumber is not None:
            for name in ("expirationMonth", "expirationYear"):
                if getattr(self, name) is None:
                    raise DomainError(
                        ErrorCode.PAYMENT_METHOD_FIELD_REQUIRED, f"'{name}' may not be null", name
                    )
            assert self.expirationMonth is not None and self.expirationYear is not None
            card = CardDetails(
                number=self.cardNumber,
                expiration_month=self.expirationMonth,
                expiration_year=self.expirationYear,
                security_code=self.securityCode,
                holder_name=holder.cardHolderName if holder else None,
            )
        return MethodDetails(
            PaymentMethodType.CREDIT_CARD,
            card=card,
            card_type=self.cardType,
            holder=holder.to_holder() if holder else None,
        )


def method_details(raw: Any, field_prefix: str = "") -> MethodDetails:
    """A `paymentMethod` (or, with type CreditCard, a `creditCard`) object of a request."""
    if not isinstance(raw, dict):
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_METHOD_FIELD,
            f"'{field_prefix.rstrip('.')}' must be an object.",
            field_prefix.rstrip("."),
        )
    try:
        body = PaymentMethodIn.model_validate(raw)
    except ValueError as error:
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_METHOD_FIELD,
            f"'{field_prefix.rstrip('.')}' is not a valid payment method: {error}",
            field_prefix.rstrip("."),
        ) from None
    return body.to_details(field_prefix)


# -- a new account's payment method (`POST /v1/accounts`, an order's `newAccount`) ---------

ACCOUNT_METHOD_FIELDS = ("paymentMethod", "creditCard", "hpmCreditCardPaymentMethodId")


def account_method(extra: dict[str, Any]) -> MethodDetails | None:
    """`paymentMethod` or `creditCard` (a card, its type implied), and not both of them nor
    with `hpmCreditCardPaymentMethodId` (Zuora's rule)."""
    given = [name for name in ACCOUNT_METHOD_FIELDS if extra.get(name) is not None]
    if len(given) > 1:
        raise DomainError(
            ErrorCode.ACCOUNT_OPTION_NOT_SUPPORTED,
            f"'{given[0]}' and '{given[1]}' cannot be used together: give one payment method.",
            given[1],
        )
    if extra.get("paymentMethod") is not None:
        return method_details(extra["paymentMethod"], "paymentMethod.")
    if extra.get("creditCard") is not None:
        card = extra["creditCard"]
        raw = {**card, "type": "CreditCard"} if isinstance(card, dict) else card
        return method_details(raw, "creditCard.")
    return None


def hpm_method_id(extra: dict[str, Any]) -> str | None:
    value = extra.get("hpmCreditCardPaymentMethodId")
    if value is not None and not isinstance(value, str):
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_METHOD_FIELD,
            "'hpmCreditCardPaymentMethodId' must be a string.",
            "hpmCreditCardPaymentMethodId",
        )
    return value


def refuse_update_methods(extra: dict[str, Any]) -> None:
    """An account update takes no payment method (Zuora's UpdateAccountRequest has none)."""
    for name in ACCOUNT_METHOD_FIELDS:
        if extra.get(name) is not None:
            raise DomainError(
                ErrorCode.ACCOUNT_OPTION_NOT_SUPPORTED,
                f"'{name}' is not an account update: create the payment method with "
                "POST /v1/payment-methods (makeDefault) instead.",
                name,
            )
