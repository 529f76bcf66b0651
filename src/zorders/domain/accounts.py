"""Customer accounts and their contacts (spec §13.1, §3.3): values and the rules they obey.

Pure: no I/O, no clock, no id generation (ids and `now` are arguments). Field limits are
those of the official client's CreateAccountRequest / CreateAccountContact, which spec
§3.3 lists; messages name the wire fields, since that is what the caller sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Final, TypeAlias

from zorders.domain.currency import validate_currency
from zorders.domain.errors import DomainError, ErrorCode

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
    custom_fields: Mapping[str, CustomFieldValue] = field(default_factory=dict)
    bill_to: ContactChanges | None = None
    sold_to: ContactChanges | None = None
    ship_to: ContactChanges | None = None


# -- summary read models (filled by orders and billing as they arrive) ----------------


@dataclass(frozen=True)
class SummaryRatePlan:
    product_id: str
    product_name: str
    product_sku: str
    product_rate_plan_id: str
    rate_plan_name: str


@dataclass(frozen=True)
class SubscriptionSummary:
    id: str
    subscription_number: str
    status: str
    term_type: str
    auto_renew: bool
    subscription_start_date: date
    term_start_date: date
    term_end_date: date | None
    initial_term: str | None = None
    renewal_term: str | None = None
    rate_plans: tuple[SummaryRatePlan, ...] = ()


@dataclass(frozen=True)
class InvoiceSummary:
    id: str
    invoice_number: str
    invoice_date: date
    due_date: date
    amount: Decimal
    balance: Decimal
    status: str


@dataclass(frozen=True)
class PaidInvoice:
    invoice_id: str
    invoice_number: str
    applied_payment_amount: Decimal


@dataclass(frozen=True)
class PaymentSummary:
    id: str
    payment_number: str
    payment_type: str
    status: str
    effective_date: date
    amount: Decimal
    paid_invoices: tuple[PaidInvoice, ...] = ()


@dataclass(frozen=True)
class UsageSummary:
    start_date: str  # the month, as "2024-01"
    unit_of_measure: str
    quantity: Decimal


@dataclass(frozen=True)
class AccountSummary:
    account: Account
    subscriptions: tuple[SubscriptionSummary, ...] = ()
    invoices: tuple[InvoiceSummary, ...] = ()
    payments: tuple[PaymentSummary, ...] = ()
    usage: tuple[UsageSummary, ...] = ()

    @property
    def last_invoice_date(self) -> date | None:
        return max((i.invoice_date for i in self.invoices), default=None)

    @property
    def last_payment(self) -> PaymentSummary | None:
        return max(self.payments, key=lambda p: p.effective_date, default=None)


# -- rules ----------------------------------------------------------------------------

ACCOUNT_NUMBER_MAX_LENGTH: Final = 70
NAME_MAX_LENGTH: Final = 255
BATCH_MAX_LENGTH: Final = 50
ADDITIONAL_EMAILS_MAX_LENGTH: Final = 1200  # the comma-separated list as a whole
# (attribute, wire name, maximum length) of the optional text fields of an account.
ACCOUNT_TEXT_FIELDS: Final[tuple[tuple[str, str, int], ...]] = (
    ("notes", "notes", 65535),
    ("crm_id", "crmId", 100),
    ("sales_rep", "salesRep", 50),
    ("purchase_order_number", "purchaseOrderNumber", 100),
    ("customer_service_rep_name", "customerServiceRepName", 50),
)
_ID_SHAPE = re.compile(r"^[0-9a-fA-F]{32}$")
_CUSTOM_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*__c$")
_EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+$")


def _invalid(code: ErrorCode, message: str, field_name: str) -> DomainError:
    return DomainError(code, message, field_name)


def validate_name(name: str) -> str:
    if not name.strip() or len(name) > NAME_MAX_LENGTH:
        raise _invalid(
            ErrorCode.INVALID_ACCOUNT_FIELD,
            f"'name' must be 1 to {NAME_MAX_LENGTH} characters.",
            "name",
        )
    return name


def validate_account_number(number: str) -> str:
    """At most 70 characters (spec §13.1). Numbers are also URL keys next to ids, so a
    number may not contain '/' nor look like an id (32 hex characters)."""
    if not number.strip() or len(number) > ACCOUNT_NUMBER_MAX_LENGTH:
        raise _invalid(
            ErrorCode.INVALID_ACCOUNT_NUMBER,
            f"'accountNumber' must be 1 to {ACCOUNT_NUMBER_MAX_LENGTH} characters.",
            "accountNumber",
        )
    if "/" in number or _ID_SHAPE.match(number):
        raise _invalid(
            ErrorCode.INVALID_ACCOUNT_NUMBER,
            "'accountNumber' may not contain '/' nor be 32 hexadecimal characters "
            "(the shape of an account id).",
            "accountNumber",
        )
    return number


def validate_bill_cycle_day(day: int) -> int:
    """1–31 (31 = end of month), or 0 for AutoSet (spec §3.3)."""
    if isinstance(day, bool) or not 0 <= day <= 31:
        raise _invalid(
            ErrorCode.INVALID_BILL_CYCLE_DAY,
            "'billCycleDay' must be between 0 (AutoSet) and 31.",
            "billCycleDay",
        )
    return day


def bcd_setting_option(day: int) -> BcdSettingOption:
    return BcdSettingOption.AUTO_SET if day == 0 else BcdSettingOption.MANUAL_SET


def parse_payment_term(value: str) -> PaymentTerm:
    try:
        return PaymentTerm(value)
    except ValueError:
        raise _invalid(
            ErrorCode.INVALID_PAYMENT_TERM,
            "'paymentTerm' value should be one of: "
            + ", ".join(term.value for term in PaymentTerm),
            "paymentTerm",
        ) from None


def validate_custom_fields(values: Mapping[str, CustomFieldValue], where: str = "") -> CustomFields:
    """`*__c` keys holding a string, a finite number, a boolean or null."""
    for key, value in values.items():
        wire = f"{where}.{key}" if where else key
        if not _CUSTOM_FIELD_NAME.match(key):
            raise _invalid(
                ErrorCode.INVALID_CUSTOM_FIELD,
                f"'{wire}' is not a custom field name (letters, digits and '_', ending in __c).",
                wire,
            )
        number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
        if number and not Decimal(value).is_finite():  # type: ignore[arg-type]
            raise _invalid(
                ErrorCode.INVALID_CUSTOM_FIELD, f"'{wire}' must be a finite number.", wire
            )
        if not (value is None or number or isinstance(value, str | bool)):
            raise _invalid(
                ErrorCode.INVALID_CUSTOM_FIELD,
                f"'{wire}' must be a string, a number, a boolean or null.",
                wire,
            )
    return dict(values)


def validate_contact(info: ContactInfo, where: str) -> ContactInfo:
    for attr, wire, limit in CONTACT_TEXT_FIELDS:
        value: str | None = getattr(info, attr)
        if value is None:
            if attr in REQUIRED_CONTACT_FIELDS:
                raise _invalid(
                    ErrorCode.CONTACT_FIELD_REQUIRED,
                    f"'{where}.{wire}' may not be null",
                    f"{where}.{wire}",
                )
            continue
        required = attr in REQUIRED_CONTACT_FIELDS
        if len(value) > limit or (required and not value.strip()):
            bounds = f"1 to {limit}" if required else f"at most {limit}"
            raise _invalid(
                ErrorCode.INVALID_CONTACT_FIELD,
                f"'{where}.{wire}' must be {bounds} characters.",
                f"{where}.{wire}",
            )
    for attr, wire in (("work_email", "workEmail"), ("personal_email", "personalEmail")):
        email: str | None = getattr(info, attr)
        if email and not _EMAIL.match(email):
            raise _invalid(
                ErrorCode.INVALID_CONTACT_FIELD,
                f"'{where}.{wire}' is not a valid email address.",
                f"{where}.{wire}",
            )
    if info.other_phone_type is not None and info.other_phone_type not in {
        t.value for t in PhoneType
    }:
        raise _invalid(
            ErrorCode.INVALID_CONTACT_FIELD,
            f"'{where}.otherPhoneType' value should be one of: "
            + ", ".join(t.value for t in PhoneType),
            f"{where}.otherPhoneType",
        )
    validate_custom_fields(info.custom_fields, where)
    return info


def _validate_additional_emails(emails: tuple[str, ...]) -> None:
    if len(",".join(emails)) > ADDITIONAL_EMAILS_MAX_LENGTH or not all(
        _EMAIL.match(e) for e in emails
    ):
        raise _invalid(
            ErrorCode.INVALID_ACCOUNT_FIELD,
            "'additionalEmailAddresses' must be valid email addresses, "
            f"{ADDITIONAL_EMAILS_MAX_LENGTH} characters at most in all.",
            "additionalEmailAddresses",
        )


def check_auto_pay(auto_pay: bool, default_payment_method_id: str | None) -> None:
    """Automatic payment charges the default payment method, so it needs one (spec §13.1)."""
    if auto_pay and default_payment_method_id is None:
        raise _invalid(
            ErrorCode.PAYMENT_METHOD_REQUIRED,
            "'autoPay' can be true only for an account with a default payment method; "
            "this account has none.",
            "autoPay",
        )


def check_currency_unchanged(account: Account, currency: str) -> None:
    """An account's currency is fixed at creation (spec §13.1, from the v2 docs)."""
    if currency != account.currency:
        raise _invalid(
            ErrorCode.CURRENCY_CHANGE_NOT_ALLOWED,
            f"The currency of account {account.account_number} is {account.currency}; "
            "it cannot be changed after the account is created.",
            "currency",
        )


def validate_account(account: Account) -> Account:
    """Every rule an account obeys, whether just created or just updated."""
    validate_name(account.name)
    validate_account_number(account.account_number)
    validate_currency(account.currency)
    validate_bill_cycle_day(account.bill_cycle_day)
    if not account.batch.strip() or len(account.batch) > BATCH_MAX_LENGTH:
        raise _invalid(
            ErrorCode.INVALID_ACCOUNT_FIELD,
            f"'batch' must be 1 to {BATCH_MAX_LENGTH} characters.",
            "batch",
        )
    for attr, wire, limit in ACCOUNT_TEXT_FIELDS:
        value: str | None = getattr(account, attr)
        if value is not None and len(value) > limit:
            raise _invalid(
                ErrorCode.INVALID_ACCOUNT_FIELD,
                f"'{wire}' must be at most {limit} characters.",
                wire,
            )
    _validate_additional_emails(account.additional_email_addresses)
    validate_custom_fields(account.custom_fields)
    for contact, where in (
        (account.bill_to, "billToContact"),
        (account.sold_to, "soldToContact"),
        (account.ship_to, "shipToContact"),
    ):
        validate_contact(contact.info, where)
    check_auto_pay(account.auto_pay, account.default_payment_method_id)
    return account


def new_account(
    draft: AccountDraft,
    *,
    account_id: str,
    account_number: str,
    new_contact_id: Callable[[], str],
    now: datetime,
) -> Account:
    """A new, Active account. Without a sold-to (ship-to) contact, one is copied from the
    bill-to contact, unless `soldToSameAsBillTo` (`shipToSameAsBillTo`) asks for the same
    entity (CreateAccountRequest in the official client)."""
    bill_to = Contact(new_contact_id(), account_id, draft.bill_to)

    def role(info: ContactInfo | None, same_as_bill_to: bool) -> Contact:
        if info is not None:
            return Contact(new_contact_id(), account_id, info)
        if same_as_bill_to:
            return bill_to
        return Contact(new_contact_id(), account_id, draft.bill_to)

    sold_to = role(draft.sold_to, draft.sold_to_same_as_bill_to)
    ship_to = role(draft.ship_to, draft.ship_to_same_as_bill_to)
    return validate_account(
        Account(
            id=account_id,
            account_number=account_number,
            name=draft.name,
            currency=draft.currency,
            status=AccountStatus.ACTIVE,
            bill_cycle_day=validate_bill_cycle_day(draft.bill_cycle_day),
            bcd_setting_option=bcd_setting_option(draft.bill_cycle_day),
            payment_term=parse_payment_term(draft.payment_term),
            auto_pay=draft.auto_pay,
            batch=draft.batch,
            invoice_delivery_prefs_email=draft.invoice_delivery_prefs_email,
            invoice_delivery_prefs_print=draft.invoice_delivery_prefs_print,
            bill_to=bill_to,
            sold_to=sold_to,
            ship_to=ship_to,
            created_at=now,
            updated_at=now,
            additional_email_addresses=draft.additional_email_addresses,
            notes=draft.notes,
            crm_id=draft.crm_id,
            sales_rep=draft.sales_rep,
            purchase_order_number=draft.purchase_order_number,
            customer_service_rep_name=draft.customer_service_rep_name,
            custom_fields=dict(draft.custom_fields),
        )
    )


def _required(value: object, wire: str) -> None:
    if value is None:
        raise _invalid(ErrorCode.ACCOUNT_FIELD_REQUIRED, f"'{wire}' may not be null", wire)


def apply_contact_changes(contact: Contact, changes: ContactChanges, where: str) -> Contact:
    known = {attr for attr, _, _ in CONTACT_TEXT_FIELDS}
    unknown = set(changes.values) - known
    if unknown:
        raise ValueError(f"not contact fields: {sorted(unknown)}")
    for attr, value in changes.values.items():
        if value is None and attr in REQUIRED_CONTACT_FIELDS:
            wire = next(w for a, w, _ in CONTACT_TEXT_FIELDS if a == attr)
            raise _invalid(
                ErrorCode.CONTACT_FIELD_REQUIRED,
                f"'{where}.{wire}' may not be null",
                f"{where}.{wire}",
            )
    info = replace(
        contact.info,
        **changes.values,  # type: ignore[arg-type]
        custom_fields={**contact.info.custom_fields, **changes.custom_fields},
    )
    return replace(contact, info=validate_contact(info, where))


def assign_contact(account: Account, role: str, contact: Contact) -> Account:
    """`contact` (one of the account's) as the bill-to, sold-to or ship-to contact."""
    if role == "bill_to":
        return replace(account, bill_to=contact)
    if role == "sold_to":
        return replace(account, sold_to=contact)
    if role == "ship_to":
        return replace(account, ship_to=contact)
    raise ValueError(f"not a contact role: {role}")


def _with_contact(account: Account, contact: Contact) -> Account:
    """`contact` in every role its entity plays."""
    return replace(
        account,
        bill_to=contact if account.bill_to.id == contact.id else account.bill_to,
        sold_to=contact if account.sold_to.id == contact.id else account.sold_to,
        ship_to=contact if account.ship_to.id == contact.id else account.ship_to,
    )


def apply_update(account: Account, update: AccountUpdate, *, now: datetime) -> Account:
    """The account with what `update` sent, validated as a whole. A contact that plays
    several roles is one entity: changing it through one role changes it in all."""
    changes: dict[str, object] = {}
    if update.currency is not UNSET:
        _required(update.currency, "currency")
        assert update.currency is not None
        check_currency_unchanged(account, update.currency)
    if update.name is not UNSET:
        _required(update.name, "name")
        changes["name"] = update.name
    if update.bill_cycle_day is not UNSET:
        _required(update.bill_cycle_day, "billCycleDay")
        assert update.bill_cycle_day is not None
        changes["bill_cycle_day"] = validate_bill_cycle_day(update.bill_cycle_day)
        changes["bcd_setting_option"] = bcd_setting_option(update.bill_cycle_day)
    if update.payment_term is not UNSET:
        _required(update.payment_term, "paymentTerm")
        assert update.payment_term is not None
        changes["payment_term"] = parse_payment_term(update.payment_term)
    required: tuple[tuple[str, str, object], ...] = (
        ("auto_pay", "autoPay", update.auto_pay),
        ("batch", "batch", update.batch),
        (
            "invoice_delivery_prefs_email",
            "invoiceDeliveryPrefsEmail",
            update.invoice_delivery_prefs_email,
        ),
        (
            "invoice_delivery_prefs_print",
            "invoiceDeliveryPrefsPrint",
            update.invoice_delivery_prefs_print,
        ),
    )
    for attr, wire, value in required:
        if value is not UNSET:
            _required(value, wire)
            changes[attr] = value
    for attr, value in (
        ("notes", update.notes),
        ("crm_id", update.crm_id),
        ("sales_rep", update.sales_rep),
        ("purchase_order_number", update.purchase_order_number),
        ("customer_service_rep_name", update.customer_service_rep_name),
    ):
        if value is not UNSET:
            changes[attr] = value
    if update.additional_email_addresses is not UNSET:
        changes["additional_email_addresses"] = update.additional_email_addresses or ()
    if update.custom_fields:
        changes["custom_fields"] = {**account.custom_fields, **update.custom_fields}
    updated: Account = replace(account, **changes)  # type: ignore[arg-type]
    for role, where, role_changes in (
        ("bill_to", "billToContact", update.bill_to),
        ("sold_to", "soldToContact", update.sold_to),
        ("ship_to", "shipToContact", update.ship_to),
    ):
        if role_changes is None:
            continue
        current: Contact = getattr(updated, role)
        changed = apply_contact_changes(current, role_changes, where)
        updated = _with_contact(updated, changed)
    return validate_account(replace(updated, updated_at=now))
