"""The rules of a new payment method of each type, and the stored value it becomes
(masks and non-secret details only). Pure: the caller gives ids, the clock and the token."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.payment_methods import (
    BANK_NUMBER_MAX_LENGTH,
    BANK_TRANSFER_TYPES,
    SCRUBBED,
    AccountHolder,
    AchAccountType,
    CardType,
    MethodDetails,
    PaymentMethod,
    PaymentMethodType,
    check_card,
    check_expiry,
    mask_of,
)


def _required(value: object, name: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError(
            ErrorCode.PAYMENT_METHOD_FIELD_REQUIRED, f"'{name}' may not be null", name
        )


def _invalid(message: str, name: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_PAYMENT_METHOD_FIELD, message, name)


def _bank_number(value: str, name: str, *, alphanumeric: bool = False) -> None:
    ok = value.isascii() and (value.isalnum() if alphanumeric else value.isdigit())
    if not ok or not 4 <= len(value) <= BANK_NUMBER_MAX_LENGTH:
        kind = "letters and digits" if alphanumeric else "digits"
        raise _invalid(f"'{name}' must be 4 to {BANK_NUMBER_MAX_LENGTH} {kind}.", name)


def check_method(details: MethodDetails, today: date) -> CardType | None:
    """Each type's required fields and formats; a card's type for a CreditCard."""
    kind = details.type
    if kind is PaymentMethodType.CREDIT_CARD:
        _required(details.card, "cardNumber")
        assert details.card is not None
        return check_card(details.card, details.card_type, today)
    if kind is PaymentMethodType.CREDIT_CARD_REFERENCE_TRANSACTION:
        _required(details.token_id, "tokenId")
        if details.card_type is not None and details.card_type not in set(CardType):
            raise _invalid(f"'cardType' {details.card_type} is not a card type.", "cardType")
        if details.expiration_month is not None and details.expiration_year is not None:
            check_expiry(details.expiration_month, details.expiration_year, today)
        return CardType(details.card_type) if details.card_type else None
    if kind is PaymentMethodType.ACH:
        _required(details.bank_code, "bankABACode")
        _required(details.account_number, "bankAccountNumber")
        _required(details.ach_account_type, "bankAccountType")
        _required(details.bank_account_name, "bankAccountName")
        assert details.bank_code is not None and details.account_number is not None
        if (
            not (details.bank_code.isascii() and details.bank_code.isdigit())
            or len(details.bank_code) != 9
        ):
            raise _invalid("'bankABACode' must be 9 digits.", "bankABACode")
        _bank_number(details.account_number, "bankAccountNumber")
        if details.ach_account_type not in set(AchAccountType):
            raise _invalid(
                "'bankAccountType' must be Checking, Saving or BusinessChecking.",
                "bankAccountType",
            )
        return None
    if kind is PaymentMethodType.BANK_TRANSFER:
        _required(details.bank_transfer_type, "bankTransferType")
        if details.bank_transfer_type not in BANK_TRANSFER_TYPES:
            raise _invalid(
                f"'bankTransferType' {details.bank_transfer_type} is not one of "
                f"{', '.join(sorted(BANK_TRANSFER_TYPES))}.",
                "bankTransferType",
            )
        holder = details.holder
        _required(holder.name if holder else None, "accountHolderInfo.accountHolderName")
        if details.bank_transfer_type == "SEPA":
            _required(details.iban, "IBAN")
            assert details.iban is not None
            _bank_number(details.iban, "IBAN", alphanumeric=True)
        else:
            _required(details.account_number, "accountNumber")
            assert details.account_number is not None
            _bank_number(details.account_number, "accountNumber")
            if details.bank_transfer_type == "DirectDebitUK":
                _required(details.bank_code, "bankCode")
        return None
    # PayPal: a billing agreement.
    _required(details.baid, "BAID")
    _required(details.email, "email")
    return None


def new_method(
    details: MethodDetails,
    *,
    method_id: str,
    account_id: str | None,
    card_type: CardType | None,
    token: str,
    gateway: str,
    now: datetime,
) -> PaymentMethod:
    """The stored value: no full card or account number, no IBAN, no security code."""
    card = details.card
    number = details.account_number
    return PaymentMethod(
        id=method_id,
        account_id=account_id,
        type=details.type,
        card_type=card_type,
        last_four=card.last_four if card else None,
        expiration_month=card.expiration_month if card else details.expiration_month,
        expiration_year=card.expiration_year if card else details.expiration_year,
        token=token,
        gateway=gateway,
        holder_name=(card.holder_name if card else None)
        or (details.holder.name if details.holder else None),
        created_at=now,
        updated_at=now,
        token_id=details.token_id,
        second_token_id=details.second_token_id,
        card_mask=details.card_mask,
        account_mask=mask_of(number[-4:], len(number) - 4) if number else None,
        iban_mask=mask_of(details.iban[-4:], len(details.iban) - 4) if details.iban else None,
        bank_transfer_type=details.bank_transfer_type,
        bank_code=details.bank_code,
        branch_code=details.branch_code,
        business_identification_code=details.business_identification_code,
        ach_account_type=details.ach_account_type,
        bank_name=details.bank_name,
        bank_account_name=details.bank_account_name,
        baid=details.baid,
        email=details.email or (details.holder.email if details.holder else None),
        paypal_type=details.paypal_type,
        holder=details.holder,
        mandate=details.mandate,
    )


def scrubbed(method: PaymentMethod, now: datetime) -> PaymentMethod:
    """Zuora's scrub: personal data written over with "Record Scrubbed", numbers and the
    token dropped, the method closed (soft-deleted: no longer listed or charged)."""

    def over(value: str | None) -> str | None:
        return SCRUBBED if value else None

    holder = method.holder
    return replace(
        method,
        status="Closed",
        scrubbed=True,
        token="",
        holder_name=over(method.holder_name),
        last_four=None,
        card_mask=over(method.card_mask) or (SCRUBBED if method.last_four else None),
        expiration_month=12 if method.expiration_month else None,
        expiration_year=2000 if method.expiration_year else None,
        token_id=over(method.token_id),
        second_token_id=over(method.second_token_id),
        account_mask=over(method.account_mask),
        iban_mask=over(method.iban_mask),
        bank_code=over(method.bank_code),
        bank_account_name=over(method.bank_account_name),
        baid=over(method.baid),
        email=over(method.email),
        holder=AccountHolder(name=over(holder.name), email=over(holder.email)) if holder else None,
        updated_at=now,
    )
