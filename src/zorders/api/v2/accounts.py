"""v2 accounts (spec §12.2 `account_data`): request bodies → the account services' values.

`AccountCreate` is also the v2 order's `account_data` (helper V2 reuses `to_draft` and
`card`). Unknown fields are refused (`unknown_parameter`): v2 bodies are closed, custom
fields live under `custom_fields`. Views (domain → v2 JSON) are in `account_views`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr

from zorders.api.v2.errors import bad_request
from zorders.domain.accounts import (
    DEFAULT_BATCH,
    AccountDraft,
    AccountUpdate,
    ContactChanges,
    ContactInfo,
    CustomFields,
    PaymentTerm,
)
from zorders.domain.payments import CardDetails, CardType

CustomFieldValues = dict[str, StrictStr | StrictBool | StrictInt | Decimal | None]


class _V2Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Address(_V2Body):
    line1: StrictStr | None = None
    line2: StrictStr | None = None
    city: StrictStr | None = None
    state: StrictStr | None = None
    country: StrictStr | None = None
    county: StrictStr | None = None
    postal_code: StrictStr | None = None


# v2 contact field -> ContactInfo attribute (the address is nested, see `Address`).
CONTACT_FIELDS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "nickname": "nickname",
    "work_email": "work_email",
    # Zuora's v2 contact has one `email` besides `work_email`: v1's personalEmail (QA8).
    "email": "personal_email",
    "work_phone": "work_phone",
    "home_phone": "home_phone",
    "mobile_phone": "mobile_phone",
    "other_phone": "other_phone",
    "other_phone_type": "other_phone_type",
    "fax": "fax",
    "tax_region": "tax_region",
}
ADDRESS_FIELDS = {
    "line1": "address1",
    "line2": "address2",
    "city": "city",
    "state": "state",
    "country": "country",
    "county": "county",
    "postal_code": "zip_code",
}


class ContactUpdate(_V2Body):
    """PATCH semantics: only the fields sent change (null clears an optional one)."""

    first_name: StrictStr | None = None
    last_name: StrictStr | None = None
    nickname: StrictStr | None = None
    address: Address | None = None
    work_email: StrictStr | None = None
    email: StrictStr | None = None
    work_phone: StrictStr | None = None
    home_phone: StrictStr | None = None
    mobile_phone: StrictStr | None = None
    other_phone: StrictStr | None = None
    other_phone_type: StrictStr | None = None
    fax: StrictStr | None = None
    tax_region: StrictStr | None = None
    custom_fields: CustomFieldValues | None = None

    def to_changes(self) -> ContactChanges:
        sent = self.model_fields_set
        values: dict[str, str | None] = {
            attr: getattr(self, name) for name, attr in CONTACT_FIELDS.items() if name in sent
        }
        if "address" in sent:
            address = self.address or Address()
            given = address.model_fields_set if self.address else set(ADDRESS_FIELDS)
            values.update(
                {attr: getattr(address, n) for n, attr in ADDRESS_FIELDS.items() if n in given}
            )
        return ContactChanges(values=values, custom_fields=dict(self.custom_fields or {}))


class ContactCreate(ContactUpdate):
    first_name: StrictStr
    last_name: StrictStr

    def to_info(self) -> ContactInfo:
        address = self.address or Address()
        return ContactInfo(
            **{attr: getattr(self, name) for name, attr in CONTACT_FIELDS.items()},
            **{attr: getattr(address, name) for name, attr in ADDRESS_FIELDS.items()},
            custom_fields=dict(self.custom_fields or {}),
        )


class BillingDocumentSettings(_V2Body):
    email_documents: StrictBool | None = None
    print_documents: StrictBool | None = None
    additional_email: list[StrictStr] | None = None


class Card(_V2Body):
    card_number: StrictStr
    brand: StrictStr | None = None
    expiry_month: StrictInt
    expiry_year: StrictInt
    security_code: StrictStr | None = None


class BillingDetails(_V2Body):
    name: StrictStr | None = None


class PaymentMethodIn(_V2Body):
    type: Literal["card"]
    card: Card
    billing_details: BillingDetails | None = None


# v2 card brands -> Zuora's v1 card type names (decision QA6).
BRANDS = {
    "visa": CardType.VISA,
    "mastercard": CardType.MASTERCARD,
    "amex": CardType.AMERICAN_EXPRESS,
    "american_express": CardType.AMERICAN_EXPRESS,
    "discover": CardType.DISCOVER,
    "jcb": CardType.JCB,
    "diners": CardType.DINERS,
    "diners_club": CardType.DINERS,
}


def card_type(brand: str | None) -> str | None:
    """A known v2 brand in v1 words; any other string is passed on for the payment
    service to refuse in its own words."""
    if brand is None:
        return None
    return BRANDS.get(brand.lower(), brand)


# Fields of Zuora's v2 account bodies that zorders has nothing behind yet: a value is
# refused by name rather than dropped (null is accepted).
UNSUPPORTED_ACCOUNT_FIELDS = (
    "communication_profile_id",
    "default_payment_method_id",
    "parent_account_id",
    "payment_gateway",
    "sequence_set_id",
    "tax_certificate",
    "tax_identifier",
)


class _Unsupported(_V2Body):
    communication_profile_id: Any = None
    default_payment_method_id: Any = None
    parent_account_id: Any = None
    payment_gateway: Any = None
    sequence_set_id: Any = None
    tax_certificate: Any = None
    tax_identifier: Any = None

    def refuse_unsupported(self, *also: str) -> None:
        for name in (*UNSUPPORTED_ACCOUNT_FIELDS, *also):
            if getattr(self, name, None) is not None:
                raise bad_request(
                    "invalid_parameter", name, f"'{name}' is not supported by zorders yet"
                )


class AccountCreate(_Unsupported):
    name: StrictStr
    currency: StrictStr
    bill_to: ContactCreate
    sold_to: ContactCreate | None = None
    account_number: StrictStr | None = None
    bill_cycle_day: StrictInt | None = None
    auto_pay: StrictBool | None = None
    batch: StrictStr | None = None
    payment_terms: StrictStr | None = None
    crm_id: StrictStr | None = None
    sales_rep: StrictStr | None = None
    description: StrictStr | None = None
    billing_document_settings: BillingDocumentSettings | None = None
    payment_method: PaymentMethodIn | None = None
    custom_fields: CustomFieldValues | None = None

    def to_draft(self) -> AccountDraft:
        self.refuse_unsupported()
        docs = self.billing_document_settings or BillingDocumentSettings()
        return AccountDraft(
            name=self.name,
            currency=self.currency,
            bill_to=self.bill_to.to_info(),
            sold_to=self.sold_to.to_info() if self.sold_to else None,
            # Without sold_to, Zuora's v2 account uses the bill-to contact (as v1 does).
            sold_to_same_as_bill_to=self.sold_to is None,
            ship_to_same_as_bill_to=True,
            account_number=self.account_number,
            bill_cycle_day=self.bill_cycle_day if self.bill_cycle_day is not None else 0,
            payment_term=self.payment_terms or PaymentTerm.DUE_UPON_RECEIPT,
            auto_pay=bool(self.auto_pay),
            batch=self.batch if self.batch is not None else DEFAULT_BATCH,
            invoice_delivery_prefs_email=bool(docs.email_documents),
            invoice_delivery_prefs_print=bool(docs.print_documents),
            additional_email_addresses=tuple(docs.additional_email or ()),
            notes=self.description,
            crm_id=self.crm_id,
            sales_rep=self.sales_rep,
            custom_fields=_custom(self.custom_fields),
        )

    def card(self) -> tuple[CardDetails, str | None] | None:
        """The new card and its declared type, if the body brings one."""
        if self.payment_method is None:
            return None
        card = self.payment_method.card
        holder = self.payment_method.billing_details
        return (
            CardDetails(
                number=card.card_number,
                expiration_month=card.expiry_month,
                expiration_year=card.expiry_year,
                security_code=card.security_code,
                # Without billing_details.name the card holder is the bill-to contact.
                holder_name=(holder.name if holder and holder.name else None)
                or f"{self.bill_to.first_name} {self.bill_to.last_name}",
            ),
            card_type(card.brand),
        )


def _custom(values: dict[str, Any] | None) -> CustomFields:
    return dict(values or {})


# PATCH fields that map one to one onto AccountUpdate (v2 name -> attribute).
_UPDATE_FIELDS = {
    "name": "name",
    "currency": "currency",
    "bill_cycle_day": "bill_cycle_day",
    "payment_terms": "payment_term",
    "auto_pay": "auto_pay",
    "batch": "batch",
    "crm_id": "crm_id",
    "sales_rep": "sales_rep",
    "description": "notes",
}


class AccountPatch(_Unsupported):
    account_number: Any = None
    name: StrictStr | None = None
    currency: StrictStr | None = None
    bill_cycle_day: StrictInt | None = None
    auto_pay: StrictBool | None = None
    batch: StrictStr | None = None
    payment_terms: StrictStr | None = None
    crm_id: StrictStr | None = None
    sales_rep: StrictStr | None = None
    description: StrictStr | None = None
    bill_to: ContactUpdate | None = None
    sold_to: ContactUpdate | None = None
    billing_document_settings: BillingDocumentSettings | None = None
    custom_fields: CustomFieldValues | None = None

    def to_update(self) -> AccountUpdate:
        self.refuse_unsupported("account_number")
        sent = self.model_fields_set
        values: dict[str, Any] = {
            attr: getattr(self, name) for name, attr in _UPDATE_FIELDS.items() if name in sent
        }
        docs = self.billing_document_settings
        if docs is not None:
            given = docs.model_fields_set
            if "email_documents" in given:
                values["invoice_delivery_prefs_email"] = docs.email_documents
            if "print_documents" in given:
                values["invoice_delivery_prefs_print"] = docs.print_documents
            if "additional_email" in given:
                values["additional_email_addresses"] = tuple(docs.additional_email or ())
        return AccountUpdate(
            **values,
            custom_fields=_custom(self.custom_fields),
            bill_to=self.bill_to.to_changes() if self.bill_to else None,
            sold_to=self.sold_to.to_changes() if self.sold_to else None,
        )
