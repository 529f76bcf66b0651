"""The rules accounts and contacts obey (spec §13.1, §3.3): validation and updates.

Pure: no I/O, no clock, no id generation (ids and `now` are arguments). Field limits are
those of the official client's CreateAccountRequest / CreateAccountContact, which spec
§3.3 lists; messages name the wire fields, since that is what the caller sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Final

from zorders.domain.accounts.model import (
    CONTACT_TEXT_FIELDS,
    REQUIRED_CONTACT_FIELDS,
    UNSET,
    Account,
    AccountDraft,
    AccountStatus,
    AccountUpdate,
    BcdSettingOption,
    Contact,
    ContactChanges,
    ContactInfo,
    CustomFields,
    CustomFieldValue,
    PaymentTerm,
    PhoneType,
)
from zorders.domain.currency import validate_currency
from zorders.domain.errors import DomainError, ErrorCode

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
    ("payment_gateway", "paymentGateway", 40),
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
            payment_gateway=draft.payment_gateway,
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
        ("payment_gateway", update.payment_gateway),
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
