"""Customer accounts and their contacts (spec §13.1, §3.3): the values.

Pure: no I/O, no clock, no id generation. The rules these values obey are in `rules`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Final, TypeAlias

ZERO: Final = Decimal(0)
DEFAULT_BATCH: Final = "Batch1"


class PaymentTerm(StrEnum):
    """Zuora's default payment terms; omitted means Due Upon Receipt (spec §13.1)."""

    DUE_UPON_RECEIPT = "Due Upon Receipt"
    NET_30 = "Net 30"
    NET_60 = "Net 60"
    NET_90 = "Net 90"


class AccountStatus(StrEnum):
    DRAFT = "Draft"
    ACTIVE = "Active"
    CANCELED = "Canceled"


class BcdSettingOption(StrEnum):
    AUTO_SET = "AutoSet"
    MANUAL_SET = "ManualSet"


class PhoneType(StrEnum):
    WORK = "Work"
    MOBILE = "Mobile"
    HOME = "Home"
    OTHER = "Other"


CustomFieldValue: TypeAlias = str | int | Decimal | float | bool | None
CustomFields: TypeAlias = dict[str, CustomFieldValue]


# -- values ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactInfo:
    """What a request says about a person; `Contact` adds the identity."""

    first_name: str
    last_name: str
    nickname: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    county: str | None = None
    state: str | None = None
    country: str | None = None
    zip_code: str | None = None
    work_email: str | None = None
    personal_email: str | None = None
    work_phone: str | None = None
    home_phone: str | None = None
    mobile_phone: str | None = None
    other_phone: str | None = None
    other_phone_type: str | None = None
    fax: str | None = None
    tax_region: str | None = None
    contact_description: str | None = None
    custom_fields: CustomFields = field(default_factory=dict)


# (attribute, wire name, maximum length) of every text field of a contact (spec §3.3).
CONTACT_TEXT_FIELDS: Final[tuple[tuple[str, str, int], ...]] = (
    ("first_name", "firstName", 100),
    ("last_name", "lastName", 100),
    ("nickname", "nickname", 100),
    ("address1", "address1", 255),
    ("address2", "address2", 255),
    ("city", "city", 100),
    ("county", "county", 100),
    ("state", "state", 100),
    ("country", "country", 64),
    ("zip_code", "zipCode", 20),
    ("work_email", "workEmail", 80),
    ("personal_email", "personalEmail", 80),
    ("work_phone", "workPhone", 40),
    ("home_phone", "homePhone", 40),
    ("mobile_phone", "mobilePhone", 40),
    ("other_phone", "otherPhone", 40),
    ("other_phone_type", "otherPhoneType", 20),
    ("fax", "fax", 40),
    ("tax_region", "taxRegion", 100),
    ("contact_description", "contactDescription", 100),
)
REQUIRED_CONTACT_FIELDS: Final = frozenset({"first_name", "last_name"})


@dataclass(frozen=True)
class Contact:
    id: str
    account_id: str
    info: ContactInfo


@dataclass(frozen=True)
class AccountMetrics:
    """Kept by billing and orders as documents and subscriptions change."""

    balance: Decimal = ZERO
    credit_balance: Decimal = ZERO
    total_invoice_balance: Decimal = ZERO
    total_debit_memo_balance: Decimal = ZERO
    unapplied_payment_amount: Decimal = ZERO
    unapplied_credit_memo_amount: Decimal = ZERO
    contracted_mrr: Decimal = ZERO
    reserved_payment_amount: Decimal = ZERO


@dataclass(frozen=True)
class Account:
    id: str
    account_number: str
    name: str
    currency: str
    status: AccountStatus
    bill_cycle_day: int
    bcd_setting_option: BcdSettingOption
    payment_term: PaymentTerm
    auto_pay: bool
    batch: str
    invoice_delivery_prefs_email: bool
    invoice_delivery_prefs_print: bool
    bill_to: Contact
    sold_to: Contact
    ship_to: Contact
    created_at: datetime
    updated_at: datetime
    additional_email_addresses: tuple[str, ...] = ()
    notes: str | None = None
    crm_id: str | None = None
    sales_rep: str | None = None
    purchase_order_number: str | None = None
    customer_service_rep_name: str | None = None
    default_payment_method_id: str | None = None
    payment_gateway: str | None = None  # the gateway instance named; all charge the test one
    custom_fields: CustomFields = field(default_factory=dict)
    metrics: AccountMetrics = field(default_factory=AccountMetrics)

    @property
    def contacts(self) -> tuple[Contact, ...]:
        """Each contact once: bill-to, sold-to and ship-to may be one entity."""
        seen: dict[str, Contact] = {}
        for contact in (self.bill_to, self.sold_to, self.ship_to):
            seen.setdefault(contact.id, contact)
        return tuple(seen.values())


@dataclass(frozen=True)
class AccountDraft:
    """A new account as `POST /v1/accounts` or an order's `newAccount` describes it."""

    name: str
    currency: str
    bill_to: ContactInfo
    sold_to: ContactInfo | None = None
    ship_to: ContactInfo | None = None
    sold_to_same_as_bill_to: bool = False
    ship_to_same_as_bill_to: bool = False
    account_number: str | None = None
    bill_cycle_day: int = 0
    payment_term: str = PaymentTerm.DUE_UPON_RECEIPT
    auto_pay: bool = False
    batch: str = DEFAULT_BATCH
    # False for POST /v1/accounts; an order's newAccount defaults it to true (spec §13.1).
    invoice_delivery_prefs_email: bool = False
    invoice_delivery_prefs_print: bool = False
    additional_email_addresses: tuple[str, ...] = ()
    notes: str | None = None
    crm_id: str | None = None
    sales_rep: str | None = None
    purchase_order_number: str | None = None
    customer_service_rep_name: str | None = None
    custom_fields: CustomFields = field(default_factory=dict)
    payment_gateway: str | None = None
    # A payment method made beforehand (a hosted page's, or an async order's own): attached
    # to the new account as its default (`hpmCreditCardPaymentMethodId`).
    payment_method_id: str | None = None
    # True when that method was made for this order from its `paymentMethod` (not given
    # by id): an order that fails before opening the account removes it (RK8).
    payment_method_made: bool = False


# -- updates (PUT semantics: only what was sent changes) ------------------------------


class _Unset(Enum):
    UNSET = "UNSET"


UNSET: Final = _Unset.UNSET


@dataclass(frozen=True)
class ContactChanges:
    """Sent fields of a contact, by attribute name; None clears an optional field."""

    values: Mapping[str, str | None] = field(default_factory=dict)
    custom_fields: Mapping[str, CustomFieldValue] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountUpdate:
    name: str | _Unset | None = UNSET
    currency: str | _Unset | None = UNSET
    bill_cycle_day: int | _Unset | None = UNSET
    payment_term: str | _Unset | None = UNSET
    auto_pay: bool | _Unset | None = UNSET
    batch: str | _Unset | None = UNSET
    invoice_delivery_prefs_email: bool | _Unset | None = UNSET
    invoice_delivery_prefs_print: bool | _Unset | None = UNSET
    additional_email_addresses: tuple[str, ...] | _Unset | None = UNSET
    notes: str | _Unset | None = UNSET
    crm_id: str | _Unset | None = UNSET
    sales_rep: str | _Unset | None = UNSET
    purchase_order_number: str | _Unset | None = UNSET
    customer_service_rep_name: str | _Unset | None = UNSET
    payment_gateway: str | _Unset | None = UNSET
    custom_fields: Mapping[str, CustomFieldValue] = field(default_factory=dict)
    bill_to: ContactChanges | None = None
    sold_to: ContactChanges | None = None
    ship_to: ContactChanges | None = None
