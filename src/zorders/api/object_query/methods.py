"""Object Query payment methods (the official client's `ExpandedPaymentMethod`): the
fields zorders keeps of a method, masks only (never a full card or account number)."""

from __future__ import annotations

from typing import Any

from zorders.api.object_query.objects import view
from zorders.api.selection.query import Kind
from zorders.domain.payment_methods import PaymentMethod, PaymentMethodType

METHOD_FIELDS = (
    "id", "accountId", "type", "paymentMethodStatus", "creditCardMaskNumber",
    "creditCardType", "creditCardExpirationMonth", "creditCardExpirationYear",
    "creditCardHolderName", "tokenId", "secondTokenId", "achAccountNumberMask",
    "achAccountType", "achBankName", "achAccountName", "bankTransferType",
    "bankTransferAccountNumberMask", "bankCode", "bankBranchCode",
    "businessIdentificationCode", "iBAN", "paypalBaid", "paypalEmail", "paypalType",
    "createdDate", "updatedDate",
)  # fmt: skip
METHOD_COLUMNS = {
    "id": "id",
    "accountId": "account_id",
    "type": "type",
    "createdDate": "created_at",
}
METHOD_KINDS = {**{f: Kind.STRING for f in METHOD_COLUMNS}, "createdDate": Kind.DATETIME}


def method_view(m: PaymentMethod) -> dict[str, Any]:
    ach = m.type is PaymentMethodType.ACH
    transfer = m.type is PaymentMethodType.BANK_TRANSFER
    return view(
        id=m.id,
        accountId=m.account_id,
        type=m.type,
        paymentMethodStatus=m.status,
        creditCardMaskNumber=m.mask if m.is_card else None,
        creditCardType=m.card_type,
        creditCardExpirationMonth=m.expiration_month,
        creditCardExpirationYear=m.expiration_year,
        creditCardHolderName=m.holder_name,
        tokenId=m.token_id,
        secondTokenId=m.second_token_id,
        achAccountNumberMask=m.account_mask if ach else None,
        achAccountType=m.ach_account_type,
        achBankName=m.bank_name if ach else None,
        achAccountName=m.bank_account_name if ach else None,
        bankTransferType=m.bank_transfer_type,
        bankTransferAccountNumberMask=m.account_mask if transfer else None,
        bankCode=m.bank_code,
        bankBranchCode=m.branch_code,
        businessIdentificationCode=m.business_identification_code,
        iBAN=m.iban_mask,
        paypalBaid=m.baid,
        paypalEmail=m.email,
        paypalType=m.paypal_type,
        createdDate=m.created_at,
        updatedDate=m.updated_at,
    )
