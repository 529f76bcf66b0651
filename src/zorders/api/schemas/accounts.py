"""Accounts on the wire (v1, spec §13.1), with the official client's field names.

Requests follow CreateAccountRequest / UpdateAccountRequest / CreateAccountContact:
`*__c` custom fields sit at the top level of the account and of each contact; other
unknown fields are ignored, as Zuora does. A payment method comes as `paymentMethod`
(any type, CreateAccountPaymentMethod), `creditCard` or `hpmCreditCardPaymentMethodId`
(one of them); fields whose feature does not exist yet (subscribe-with-account) are
refused rather than silently dropped.
Lengths and ranges are the domain's rules (so their errors carry account codes); the
schemas only check types. The answers are in `api/views/accounts.py`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr

from zorders.api.schemas.payment_methods import (
    account_method,
    hpm_method_id,
    refuse_update_methods,
)
from zorders.domain.accounts import (
    CONTACT_TEXT_FIELDS,
    DEFAULT_BATCH,
    AccountDraft,
    AccountUpdate,
    ContactChanges,
    ContactInfo,
    CustomFields,
    PaymentTerm,
)
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.payment_methods import MethodDetails

# Request fields of features that do not exist yet: refused, never dropped silently.
_NOT_SUPPORTED = {
    "paymentMethodId": "a payment method given by id here (use hpmCreditCardPaymentMethodId)",
    "subscription": "creating a subscription with the account (use POST /v1/orders)",
}


class _ZuoraBody(BaseModel):
    """Unknown fields are kept aside: `*__c` ones become custom fields, others are ignored."""

    model_config = ConfigDict(extra="allow")

    def custom_fields(self) -> CustomFields:
        return {k: v for k, v in (self.model_extra or {}).items() if k.endswith("__c")}

    def payment_method(self) -> MethodDetails | None:
        return account_method(self.model_extra or {})

    def hpm_payment_method_id(self) -> str | None:
        return hpm_method_id(self.model_extra or {})

    def refuse_unsupported(self) -> None:
        for name, feature in _NOT_SUPPORTED.items():
            if (self.model_extra or {}).get(name) is not None:
                raise DomainError(
                    ErrorCode.ACCOUNT_OPTION_NOT_SUPPORTED,
                    f"'{name}' is not supported yet: zorders has no {feature}.",
                    name,
                )


class ContactRequest(_ZuoraBody):
    firstName: StrictStr
    lastName: StrictStr
    nickname: StrictStr | None = None
    address1: StrictStr | None = None
    address2: StrictStr | None = None
    city: StrictStr | None = None
    county: StrictStr | None = None
    state: StrictStr | None = None
    country: StrictStr | None = None
    zipCode: StrictStr | None = None
    workEmail: StrictStr | None = None
    personalEmail: StrictStr | None = None
    workPhone: StrictStr | None = None
    homePhone: StrictStr | None = None
    mobilePhone: StrictStr | None = None
    otherPhone: StrictStr | None = None
    otherPhoneType: StrictStr | None = None
    fax: StrictStr | None = None
    taxRegion: StrictStr | None = None
    contactDescription: StrictStr | None = None

    def to_info(self) -> ContactInfo:
        return ContactInfo(
            **{attr: getattr(self, wire) for attr, wire, _ in CONTACT_TEXT_FIELDS},
            custom_fields=self.custom_fields(),
        )


class ContactUpdateRequest(_ZuoraBody):
    """Every field optional: only those sent change (null clears an optional one)."""

    firstName: StrictStr | None = None
    lastName: StrictStr | None = None
    nickname: StrictStr | None = None
    address1: StrictStr | None = None
    address2: StrictStr | None = None
    city: StrictStr | None = None
    county: StrictStr | None = None
    state: StrictStr | None = None
    country: StrictStr | None = None
    zipCode: StrictStr | None = None
    workEmail: StrictStr | None = None
    personalEmail: StrictStr | None = None
    workPhone: StrictStr | None = None
    homePhone: StrictStr | None = None
    mobilePhone: StrictStr | None = None
    otherPhone: StrictStr | None = None
    otherPhoneType: StrictStr | None = None
    fax: StrictStr | None = None
    taxRegion: StrictStr | None = None
    contactDescription: StrictStr | None = None

    def to_changes(self) -> ContactChanges:
        sent = self.model_fields_set
        return ContactChanges(
            values={
                attr: getattr(self, wire) for attr, wire, _ in CONTACT_TEXT_FIELDS if wire in sent
            },
            custom_fields=self.custom_fields(),
        )


def _emails(value: list[str] | str | None) -> tuple[str, ...]:
    """A list, or one comma-separated string (spec §3.3), of addresses."""
    items = value.split(",") if isinstance(value, str) else (value or [])
    return tuple(item.strip() for item in items if item.strip())


class CreateAccountRequest(_ZuoraBody):
    name: StrictStr
    currency: StrictStr
    billToContact: ContactRequest
    soldToContact: ContactRequest | None = None
    shipToContact: ContactRequest | None = None
    soldToSameAsBillTo: StrictBool | None = None
    shipToSameAsBillTo: StrictBool | None = None
    accountNumber: StrictStr | None = None
    billCycleDay: StrictInt | None = None
    paymentTerm: StrictStr | None = None
    autoPay: StrictBool | None = None
    batch: StrictStr | None = None
    invoiceDeliveryPrefsEmail: StrictBool | None = None
    invoiceDeliveryPrefsPrint: StrictBool | None = None
    additionalEmailAddresses: list[StrictStr] | StrictStr | None = None
    notes: StrictStr | None = None
    crmId: StrictStr | None = None
    salesRep: StrictStr | None = None
    purchaseOrderNumber: StrictStr | None = None
    customerServiceRepName: StrictStr | None = None
    paymentGateway: StrictStr | None = None

    def to_draft(self) -> AccountDraft:
        self.refuse_unsupported()
        self.payment_method()  # checks that at most one payment method is given
        return AccountDraft(
            name=self.name,
            currency=self.currency,
            bill_to=self.billToContact.to_info(),
            sold_to=self.soldToContact.to_info() if self.soldToContact else None,
            ship_to=self.shipToContact.to_info() if self.shipToContact else None,
            sold_to_same_as_bill_to=bool(self.soldToSameAsBillTo),
            ship_to_same_as_bill_to=bool(self.shipToSameAsBillTo),
            account_number=self.accountNumber,
            bill_cycle_day=self.billCycleDay if self.billCycleDay is not None else 0,
            payment_term=self.paymentTerm or PaymentTerm.DUE_UPON_RECEIPT,
            auto_pay=bool(self.autoPay),
            batch=self.batch if self.batch is not None else DEFAULT_BATCH,
            invoice_delivery_prefs_email=bool(self.invoiceDeliveryPrefsEmail),
            invoice_delivery_prefs_print=bool(self.invoiceDeliveryPrefsPrint),
            additional_email_addresses=_emails(self.additionalEmailAddresses),
            notes=self.notes,
            crm_id=self.crmId,
            sales_rep=self.salesRep,
            purchase_order_number=self.purchaseOrderNumber,
            customer_service_rep_name=self.customerServiceRepName,
            custom_fields=self.custom_fields(),
            payment_gateway=self.paymentGateway,
            payment_method_id=self.hpm_payment_method_id(),
        )


# Update fields that map one to one onto AccountUpdate (wire name -> attribute).
_UPDATE_FIELDS = {
    "name": "name",
    "currency": "currency",
    "billCycleDay": "bill_cycle_day",
    "paymentTerm": "payment_term",
    "autoPay": "auto_pay",
    "batch": "batch",
    "invoiceDeliveryPrefsEmail": "invoice_delivery_prefs_email",
    "invoiceDeliveryPrefsPrint": "invoice_delivery_prefs_print",
    "notes": "notes",
    "crmId": "crm_id",
    "salesRep": "sales_rep",
    "purchaseOrderNumber": "purchase_order_number",
    "customerServiceRepName": "customer_service_rep_name",
    "paymentGateway": "payment_gateway",
}


class UpdateAccountRequest(_ZuoraBody):
    """PUT semantics: only the fields sent change. `currency` may be sent only unchanged."""

    name: StrictStr | None = None
    currency: StrictStr | None = None
    billCycleDay: StrictInt | None = None
    paymentTerm: StrictStr | None = None
    autoPay: StrictBool | None = None
    batch: StrictStr | None = None
    invoiceDeliveryPrefsEmail: StrictBool | None = None
    invoiceDeliveryPrefsPrint: StrictBool | None = None
    additionalEmailAddresses: list[StrictStr] | StrictStr | None = None
    notes: StrictStr | None = None
    crmId: StrictStr | None = None
    salesRep: StrictStr | None = None
    purchaseOrderNumber: StrictStr | None = None
    customerServiceRepName: StrictStr | None = None
    paymentGateway: StrictStr | None = None
    billToContact: ContactUpdateRequest | None = None
    soldToContact: ContactUpdateRequest | None = None
    shipToContact: ContactUpdateRequest | None = None
    billToContactId: StrictStr | None = None
    soldToContactId: StrictStr | None = None
    shipToContactId: StrictStr | None = None

    def to_update(self) -> AccountUpdate:
        self.refuse_unsupported()
        refuse_update_methods(self.model_extra or {})
        sent = self.model_fields_set
        values: dict[str, Any] = {
            attr: getattr(self, wire) for wire, attr in _UPDATE_FIELDS.items() if wire in sent
        }
        if "additionalEmailAddresses" in sent:
            values["additional_email_addresses"] = _emails(self.additionalEmailAddresses)
        return AccountUpdate(
            **values,
            custom_fields=self.custom_fields(),
            bill_to=self.billToContact.to_changes() if self.billToContact else None,
            sold_to=self.soldToContact.to_changes() if self.soldToContact else None,
            ship_to=self.shipToContact.to_changes() if self.shipToContact else None,
        )

    def contact_ids(self) -> dict[str, str]:
        """Role -> id of another contact of the account to play it."""
        ids = {
            "bill_to": self.billToContactId,
            "sold_to": self.soldToContactId,
            "ship_to": self.shipToContactId,
        }
        return {role: contact_id for role, contact_id in ids.items() if contact_id is not None}
