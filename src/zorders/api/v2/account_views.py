"""The v2 account object (domain → snake_case JSON) and what its queries may name."""

from __future__ import annotations

from typing import Any

from zorders.api.v2.query import Kind, Resource
from zorders.api.v2.subscription_views import timestamp
from zorders.domain.accounts import Account, AccountStatus, Contact
from zorders.domain.payments import CardType, PaymentMethod

# Zuora's card types in the v2 brand words (the reverse of `accounts.BRANDS`).
BRAND_OF_CARD_TYPE = {
    CardType.VISA: "visa",
    CardType.MASTERCARD: "mastercard",
    CardType.AMERICAN_EXPRESS: "amex",
    CardType.DISCOVER: "discover",
    CardType.JCB: "jcb",
    CardType.DINERS: "diners",
}

CONTACT_KEYS = frozenset(
    {
        "id",
        "account_id",
        "first_name",
        "last_name",
        "nickname",
        "address",
        "work_email",
        "email",
        "work_phone",
        "home_phone",
        "mobile_phone",
        "other_phone",
        "other_phone_type",
        "fax",
        "tax_region",
        "custom_fields",
    }
)
PAYMENT_METHOD_KEYS = frozenset(
    {
        "id",
        "account_id",
        "type",
        "card",
        "billing_details",
        "state",
        "custom_fields",
        "created_by_id",
        "created_time",
        "updated_by_id",
        "updated_time",
    }
)

ACCOUNTS = Resource(
    name="accounts",
    fields=frozenset(
        {
            "id",
            "account_number",
            "name",
            "description",
            "currency",
            "enabled",
            "batch",
            "bill_cycle_day",
            "auto_pay",
            "payment_terms",
            "payment_gateway",
            "communication_profile_id",
            "parent_account_id",
            "sequence_set_id",
            "remaining_invoice_balance",
            "remaining_credit_memo_balance",
            "remaining_debit_memo_balance",
            "remaining_payment_balance",
            "crm_id",
            "sales_rep",
            "bill_to_id",
            "sold_to_id",
            "bill_to",
            "sold_to",
            "default_payment_method_id",
            "billing_document_settings",
            "custom_fields",
            "created_by_id",
            "created_time",
            "updated_by_id",
            "updated_time",
            "default_payment_method",
            "payment_methods",
        }
    ),
    filterable={
        "id": Kind.STRING,
        "account_number": Kind.STRING,
        "name": Kind.STRING,
        "currency": Kind.STRING,
        "enabled": Kind.BOOLEAN,
        "batch": Kind.STRING,
        "bill_cycle_day": Kind.INTEGER,
        "auto_pay": Kind.BOOLEAN,
        "payment_terms": Kind.STRING,
        "remaining_invoice_balance": Kind.NUMBER,
        "remaining_credit_memo_balance": Kind.NUMBER,
        "remaining_payment_balance": Kind.NUMBER,
        "crm_id": Kind.STRING,
        "sales_rep": Kind.STRING,
        "created_time": Kind.DATETIME,
        "updated_time": Kind.DATETIME,
    },
    sortable=frozenset(
        {
            "id",
            "account_number",
            "name",
            "balance",
            "bill_cycle_day",
            "created_time",
            "updated_time",
        }
    ),
    related={
        "bill_to": CONTACT_KEYS,
        "sold_to": CONTACT_KEYS,
        "default_payment_method": PAYMENT_METHOD_KEYS,
        "payment_methods": PAYMENT_METHOD_KEYS,
    },
    related_filterable={"payment_methods": {"id": Kind.STRING, "state": Kind.STRING}},
    expandable=frozenset({"default_payment_method", "payment_methods"}),
)


def contact_view(contact: Contact) -> dict[str, Any]:
    info = contact.info
    return {
        "id": contact.id,
        "account_id": contact.account_id,
        "first_name": info.first_name,
        "last_name": info.last_name,
        "nickname": info.nickname,
        "address": {
            "line1": info.address1,
            "line2": info.address2,
            "city": info.city,
            "state": info.state,
            "country": info.country,
            "county": info.county,
            "postal_code": info.zip_code,
        },
        "work_email": info.work_email,
        "email": info.personal_email,
        "work_phone": info.work_phone,
        "home_phone": info.home_phone,
        "mobile_phone": info.mobile_phone,
        "other_phone": info.other_phone,
        "other_phone_type": info.other_phone_type,
        "fax": info.fax,
        "tax_region": info.tax_region,
        "custom_fields": dict(info.custom_fields),
    }


# The v2 names of the v1 payment method types (cards of both kinds are `card`).
_V2_TYPES = {"ACH": "ach_debit", "BankTransfer": "bank_transfer", "PayPal": "paypal"}


def payment_method_view(method: PaymentMethod) -> dict[str, Any]:
    return {
        "id": method.id,
        "account_id": method.account_id,
        "type": _V2_TYPES.get(method.type.value, "card"),
        "card": {
            "brand": BRAND_OF_CARD_TYPE.get(method.card_type, method.card_type.value.lower())
            if method.card_type
            else None,
            "last_4": method.last_four,
            "expiry_month": method.expiration_month,
            "expiry_year": method.expiration_year,
        }
        if method.is_card
        else None,
        "billing_details": {"name": method.holder_name},
        "state": method.status.lower(),
        "custom_fields": {},
        "created_by_id": None,
        "created_time": timestamp(method.created_at),
        "updated_by_id": None,
        "updated_time": timestamp(method.updated_at),
    }


def account_view(account: Account) -> dict[str, Any]:
    """Every field of Zuora's v2 Account we hold (QA8); routes add the expanded relations
    they were asked for."""
    metrics = account.metrics
    return {
        "id": account.id,
        "account_number": account.account_number,
        "name": account.name,
        "description": account.notes,
        "currency": account.currency,
        "enabled": account.status is not AccountStatus.CANCELED,
        "batch": account.batch,
        "bill_cycle_day": account.bill_cycle_day,
        "auto_pay": account.auto_pay,
        "payment_terms": account.payment_term.value,
        "payment_gateway": None,
        "communication_profile_id": None,
        "parent_account_id": None,
        "sequence_set_id": None,
        "remaining_invoice_balance": metrics.total_invoice_balance,
        "remaining_credit_memo_balance": metrics.unapplied_credit_memo_amount,
        "remaining_debit_memo_balance": metrics.total_debit_memo_balance,
        "remaining_payment_balance": metrics.unapplied_payment_amount,
        "crm_id": account.crm_id,
        "sales_rep": account.sales_rep,
        "bill_to_id": account.bill_to.id,
        "sold_to_id": account.sold_to.id,
        "bill_to": contact_view(account.bill_to),
        "sold_to": contact_view(account.sold_to),
        "default_payment_method_id": account.default_payment_method_id,
        "billing_document_settings": {
            "email_documents": account.invoice_delivery_prefs_email,
            "print_documents": account.invoice_delivery_prefs_print,
            "additional_email": list(account.additional_email_addresses),
            "invoice_template_id": None,
            "credit_memo_template_id": None,
            "debit_memo_template_id": None,
        },
        "custom_fields": dict(account.custom_fields),
        "created_by_id": None,
        "created_time": timestamp(account.created_at),
        "updated_by_id": None,
        "updated_time": timestamp(account.updated_at),
    }
