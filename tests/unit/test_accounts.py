"""Account rules (domain/accounts/): pure, table-driven."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from zorders.api.views.accounts import summary_body
from zorders.domain.accounts import (
    CONTACT_TEXT_FIELDS,
    Account,
    AccountDraft,
    AccountStatus,
    AccountSummary,
    AccountUpdate,
    BcdSettingOption,
    ContactChanges,
    ContactInfo,
    InvoiceSummary,
    PaidInvoice,
    PaymentSummary,
    PaymentTerm,
    SubscriptionSummary,
    SummaryRatePlan,
    UsageSummary,
    apply_update,
    bcd_setting_option,
    check_auto_pay,
    new_account,
    parse_payment_term,
    validate_account_number,
    validate_bill_cycle_day,
    validate_contact,
    validate_custom_fields,
    validate_name,
)
from zorders.domain.errors import DomainError, ErrorCode

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
LATER = datetime(2025, 3, 2, 12, 0, tzinfo=UTC)
ADA = ContactInfo(first_name="Ada", last_name="Lovelace", city="London")


def make(draft: AccountDraft | None = None, **overrides: Any) -> Account:
    ids = (f"c{n}" for n in itertools.count(1))
    draft = draft or AccountDraft(name="Acme", currency="USD", bill_to=ADA)
    return new_account(
        replace(draft, **overrides),
        account_id="acc1",
        account_number="A00000001",
        new_contact_id=lambda: next(ids),
        now=NOW,
    )


def code_of(call: Any) -> tuple[ErrorCode, str | None]:
    with pytest.raises(DomainError) as info:
        call()
    return info.value.code, info.value.field


@pytest.mark.parametrize(
    ("day", "valid"), [(0, True), (1, True), (28, True), (31, True), (-1, False), (32, False)]
)
def test_bill_cycle_day(day: int, valid: bool) -> None:
    if valid:
        assert validate_bill_cycle_day(day) == day
    else:
        assert code_of(lambda: validate_bill_cycle_day(day)) == (
            ErrorCode.INVALID_BILL_CYCLE_DAY,
            "billCycleDay",
        )


@pytest.mark.parametrize(
    ("day", "option"),
    [(0, BcdSettingOption.AUTO_SET), (1, BcdSettingOption.MANUAL_SET), (31, "ManualSet")],
)
def test_bcd_setting_option(day: int, option: str) -> None:
    assert bcd_setting_option(day) == option


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Due Upon Receipt", PaymentTerm.DUE_UPON_RECEIPT),
        ("Net 30", PaymentTerm.NET_30),
        ("Net 60", PaymentTerm.NET_60),
        ("Net 90", PaymentTerm.NET_90),
        ("Net 45", None),
        ("net 30", None),
        ("", None),
    ],
)
def test_payment_terms(text: str, term: PaymentTerm | None) -> None:
    if term is not None:
        assert parse_payment_term(text) is term
    else:
        assert code_of(lambda: parse_payment_term(text)) == (
            ErrorCode.INVALID_PAYMENT_TERM,
            "paymentTerm",
        )


@pytest.mark.parametrize(
    ("name", "valid"),
    [("A", True), ("x" * 255, True), ("", False), ("  ", False), ("x" * 256, False)],
)
def test_account_name(name: str, valid: bool) -> None:
    if valid:
        assert validate_name(name) == name
    else:
        assert code_of(lambda: validate_name(name)) == (ErrorCode.INVALID_ACCOUNT_FIELD, "name")


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("A00000001", True),
        ("CUST-42", True),
        ("x" * 70, True),
        ("x" * 71, False),
        ("", False),
        (" ", False),
        ("a/b", False),
        ("0123456789abcdef0123456789ABCDEF", False),  # the shape of an id
    ],
)
def test_account_number(number: str, valid: bool) -> None:
    if valid:
        assert validate_account_number(number) == number
    else:
        assert code_of(lambda: validate_account_number(number)) == (
            ErrorCode.INVALID_ACCOUNT_NUMBER,
            "accountNumber",
        )


def _value_of_length(attr: str, length: int) -> str:
    if attr.endswith("email"):
        return "a" * (length - len("@b.io")) + "@b.io"
    return "x" * length


@pytest.mark.parametrize(
    ("attr", "wire", "limit"),
    [f for f in CONTACT_TEXT_FIELDS if f[0] != "other_phone_type"],
)
def test_contact_field_limits(attr: str, wire: str, limit: int) -> None:
    # The limits of spec §3.3: exactly the limit passes, one more is refused.
    assert validate_contact(replace(ADA, **{attr: _value_of_length(attr, limit)}), "billToContact")
    too_long = replace(ADA, **{attr: _value_of_length(attr, limit + 1)})
    assert code_of(lambda: validate_contact(too_long, "billToContact")) == (
        ErrorCode.INVALID_CONTACT_FIELD,
        f"billToContact.{wire}",
    )


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"first_name": ""}, ErrorCode.INVALID_CONTACT_FIELD, "soldToContact.firstName"),
        ({"last_name": "   "}, ErrorCode.INVALID_CONTACT_FIELD, "soldToContact.lastName"),
        ({"first_name": None}, ErrorCode.CONTACT_FIELD_REQUIRED, "soldToContact.firstName"),
        ({"work_email": "nobody"}, ErrorCode.INVALID_CONTACT_FIELD, "soldToContact.workEmail"),
        (
            {"personal_email": "a b@c.d"},
            ErrorCode.INVALID_CONTACT_FIELD,
            "soldToContact.personalEmail",
        ),
        (
            {"other_phone_type": "Fax"},
            ErrorCode.INVALID_CONTACT_FIELD,
            "soldToContact.otherPhoneType",
        ),
        ({"custom_fields": {"Pet": "cat"}}, ErrorCode.INVALID_CUSTOM_FIELD, "soldToContact.Pet"),
    ],
)
def test_contact_rules(changes: dict[str, Any], code: ErrorCode, field: str) -> None:
    contact = replace(ADA, **changes)
    assert code_of(lambda: validate_contact(contact, "soldToContact")) == (code, field)


@pytest.mark.parametrize("phone_type", ["Work", "Mobile", "Home", "Other"])
def test_phone_types(phone_type: str) -> None:
    validate_contact(replace(ADA, other_phone_type=phone_type), "billToContact")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("text", True),
        ("", True),
        (7, True),
        (Decimal("12.50"), True),
        (1.5, True),
        (True, True),
        (None, True),
        ([1], False),
        ({"a": 1}, False),
        (Decimal("NaN"), False),
        (float("inf"), False),
    ],
)
def test_custom_field_values(value: Any, valid: bool) -> None:
    if valid:
        assert validate_custom_fields({"Tier__c": value}) == {"Tier__c": value}
    else:
        assert code_of(lambda: validate_custom_fields({"Tier__c": value})) == (
            ErrorCode.INVALID_CUSTOM_FIELD,
            "Tier__c",
        )


@pytest.mark.parametrize("key", ["Tier", "1Tier__c", "Ti er__c", "__c", "Tier__C"])
def test_custom_field_names(key: str) -> None:
    assert code_of(lambda: validate_custom_fields({key: "x"}))[0] is ErrorCode.INVALID_CUSTOM_FIELD


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"currency": "usd"}, ErrorCode.INVALID_CURRENCY, "currency"),
        ({"currency": "XXX"}, ErrorCode.INVALID_CURRENCY, "currency"),
        ({"name": ""}, ErrorCode.INVALID_ACCOUNT_FIELD, "name"),
        ({"bill_cycle_day": 32}, ErrorCode.INVALID_BILL_CYCLE_DAY, "billCycleDay"),
        ({"payment_term": "Net 45"}, ErrorCode.INVALID_PAYMENT_TERM, "paymentTerm"),
        ({"batch": ""}, ErrorCode.INVALID_ACCOUNT_FIELD, "batch"),
        ({"batch": "b" * 51}, ErrorCode.INVALID_ACCOUNT_FIELD, "batch"),
        ({"notes": "n" * 65536}, ErrorCode.INVALID_ACCOUNT_FIELD, "notes"),
        ({"crm_id": "c" * 101}, ErrorCode.INVALID_ACCOUNT_FIELD, "crmId"),
        ({"sales_rep": "s" * 51}, ErrorCode.INVALID_ACCOUNT_FIELD, "salesRep"),
        (
            {"purchase_order_number": "p" * 101},
            ErrorCode.INVALID_ACCOUNT_FIELD,
            "purchaseOrderNumber",
        ),
        (
            {"customer_service_rep_name": "r" * 51},
            ErrorCode.INVALID_ACCOUNT_FIELD,
            "customerServiceRepName",
        ),
        (
            {"additional_email_addresses": ("ok@x.io", "bad")},
            ErrorCode.INVALID_ACCOUNT_FIELD,
            "additionalEmailAddresses",
        ),
        (
            {"additional_email_addresses": ("a" * 600 + "@x.io",) * 2},
            ErrorCode.INVALID_ACCOUNT_FIELD,
            "additionalEmailAddresses",
        ),
        ({"custom_fields": {"Tier__c": [1]}}, ErrorCode.INVALID_CUSTOM_FIELD, "Tier__c"),
        ({"auto_pay": True}, ErrorCode.PAYMENT_METHOD_REQUIRED, "autoPay"),
        (
            {"bill_to": replace(ADA, zip_code="9" * 21)},
            ErrorCode.INVALID_CONTACT_FIELD,
            "billToContact.zipCode",
        ),
        (
            {"ship_to": replace(ADA, fax="9" * 41)},
            ErrorCode.INVALID_CONTACT_FIELD,
            "shipToContact.fax",
        ),
    ],
)
def test_new_account_rules(overrides: dict[str, Any], code: ErrorCode, field: str) -> None:
    assert code_of(lambda: make(**overrides)) == (code, field)


def test_auto_pay_needs_a_default_payment_method() -> None:
    check_auto_pay(False, None)
    check_auto_pay(True, "0" * 32)
    assert code_of(lambda: check_auto_pay(True, None))[0] is ErrorCode.PAYMENT_METHOD_REQUIRED


def test_new_account_defaults() -> None:
    account = make()
    assert account.status is AccountStatus.ACTIVE
    assert account.bill_cycle_day == 0
    assert account.bcd_setting_option is BcdSettingOption.AUTO_SET
    assert account.payment_term is PaymentTerm.DUE_UPON_RECEIPT
    assert account.batch == "Batch1"
    assert not account.auto_pay
    assert not account.invoice_delivery_prefs_email
    assert account.created_at == account.updated_at == NOW
    assert account.metrics.balance == Decimal(0)


def test_sold_to_and_ship_to_are_copies_unless_asked_to_be_the_same_entity() -> None:
    copied = make()
    assert [c.id for c in (copied.bill_to, copied.sold_to, copied.ship_to)] == ["c1", "c2", "c3"]
    assert copied.bill_to.info == copied.sold_to.info == copied.ship_to.info == ADA
    assert len(copied.contacts) == 3

    same = make(sold_to_same_as_bill_to=True, ship_to_same_as_bill_to=True)
    assert same.bill_to is same.sold_to is same.ship_to
    assert len(same.contacts) == 1

    grace = ContactInfo(first_name="Grace", last_name="Hopper")
    # An explicit sold-to contact wins over soldToSameAsBillTo (the official client's rule).
    explicit = make(sold_to=grace, sold_to_same_as_bill_to=True, ship_to_same_as_bill_to=True)
    assert explicit.sold_to.info == grace
    assert explicit.sold_to.id != explicit.bill_to.id
    assert explicit.ship_to is explicit.bill_to


def test_update_changes_only_what_was_sent() -> None:
    account = make(notes="old", crm_id="crm-1", custom_fields={"A__c": "1", "B__c": "2"})
    updated = apply_update(
        account,
        AccountUpdate(notes="new", custom_fields={"B__c": None, "C__c": 3}),
        now=LATER,
    )
    assert updated == replace(
        account,
        notes="new",
        custom_fields={"A__c": "1", "B__c": None, "C__c": 3},
        updated_at=LATER,
    )
    assert apply_update(account, AccountUpdate(crm_id=None), now=LATER).crm_id is None


def test_update_bill_cycle_day_and_terms() -> None:
    account = make()
    manual = apply_update(
        account, AccountUpdate(bill_cycle_day=12, payment_term="Net 60"), now=LATER
    )
    assert (manual.bill_cycle_day, manual.bcd_setting_option) == (12, BcdSettingOption.MANUAL_SET)
    assert manual.payment_term is PaymentTerm.NET_60
    auto = apply_update(manual, AccountUpdate(bill_cycle_day=0), now=LATER)
    assert auto.bcd_setting_option is BcdSettingOption.AUTO_SET


@pytest.mark.parametrize(
    ("update", "code", "field"),
    [
        (AccountUpdate(currency="EUR"), ErrorCode.CURRENCY_CHANGE_NOT_ALLOWED, "currency"),
        (AccountUpdate(currency=None), ErrorCode.ACCOUNT_FIELD_REQUIRED, "currency"),
        (AccountUpdate(name=None), ErrorCode.ACCOUNT_FIELD_REQUIRED, "name"),
        (AccountUpdate(name="x" * 256), ErrorCode.INVALID_ACCOUNT_FIELD, "name"),
        (AccountUpdate(bill_cycle_day=None), ErrorCode.ACCOUNT_FIELD_REQUIRED, "billCycleDay"),
        (AccountUpdate(bill_cycle_day=40), ErrorCode.INVALID_BILL_CYCLE_DAY, "billCycleDay"),
        (AccountUpdate(payment_term="Net 7"), ErrorCode.INVALID_PAYMENT_TERM, "paymentTerm"),
        (AccountUpdate(auto_pay=True), ErrorCode.PAYMENT_METHOD_REQUIRED, "autoPay"),
        (AccountUpdate(auto_pay=None), ErrorCode.ACCOUNT_FIELD_REQUIRED, "autoPay"),
        (AccountUpdate(batch=None), ErrorCode.ACCOUNT_FIELD_REQUIRED, "batch"),
        (AccountUpdate(custom_fields={"X": 1}), ErrorCode.INVALID_CUSTOM_FIELD, "X"),
        (
            AccountUpdate(bill_to=ContactChanges({"last_name": None})),
            ErrorCode.CONTACT_FIELD_REQUIRED,
            "billToContact.lastName",
        ),
        (
            AccountUpdate(ship_to=ContactChanges({"zip_code": "1" * 21})),
            ErrorCode.INVALID_CONTACT_FIELD,
            "shipToContact.zipCode",
        ),
    ],
)
def test_update_rules(update: AccountUpdate, code: ErrorCode, field: str) -> None:
    assert code_of(lambda: apply_update(make(), update, now=LATER)) == (code, field)


def test_sending_the_same_currency_is_not_a_change() -> None:
    account = make()
    assert apply_update(account, AccountUpdate(currency="USD"), now=LATER).currency == "USD"


def test_contact_changes() -> None:
    account = make()
    updated = apply_update(
        account,
        AccountUpdate(
            bill_to=ContactChanges({"city": "Paris", "nickname": "A"}, {"Pet__c": "cat"})
        ),
        now=LATER,
    )
    assert updated.bill_to.info == replace(
        ADA, city="Paris", nickname="A", custom_fields={"Pet__c": "cat"}
    )
    # The sold-to contact is a separate entity (a copy): it keeps its values.
    assert updated.sold_to == account.sold_to
    cleared = apply_update(
        updated, AccountUpdate(bill_to=ContactChanges({"city": None})), now=LATER
    )
    assert cleared.bill_to.info.city is None


def test_a_shared_contact_changes_in_every_role() -> None:
    account = make(sold_to_same_as_bill_to=True)
    updated = apply_update(
        account, AccountUpdate(sold_to=ContactChanges({"state": "Ohio"})), now=LATER
    )
    assert updated.bill_to.info.state == updated.sold_to.info.state == "Ohio"
    assert updated.bill_to.id == updated.sold_to.id
    assert updated.ship_to.info.state is None


def test_summary_derived_values_and_wire_shape() -> None:
    account = make()
    summary = AccountSummary(
        account=account,
        subscriptions=(
            SubscriptionSummary(
                id="s1",
                subscription_number="A-S00000001",
                status="Active",
                term_type="TERMED",
                auto_renew=True,
                subscription_start_date=date(2025, 1, 1),
                term_start_date=date(2025, 1, 1),
                term_end_date=date(2026, 1, 1),
                initial_term="12 Months",
                rate_plans=(SummaryRatePlan("p1", "Gold", "SKU-1", "prp1", "Monthly"),),
            ),
        ),
        invoices=(
            InvoiceSummary(
                "i1",
                "INV00000001",
                date(2025, 1, 1),
                date(2025, 1, 31),
                Decimal("10.10"),
                Decimal("0.00"),
                "Posted",
            ),
            InvoiceSummary(
                "i2",
                "INV00000002",
                date(2025, 2, 1),
                date(2025, 3, 3),
                Decimal("10.10"),
                Decimal("10.10"),
                "Posted",
            ),
        ),
        payments=(
            PaymentSummary(
                "p1",
                "P-00000001",
                "Electronic",
                "Processed",
                date(2025, 1, 5),
                Decimal("10.10"),
                (PaidInvoice("i1", "INV00000001", Decimal("10.10")),),
            ),
        ),
        usage=(UsageSummary("2025-02", "GB", Decimal("3.5")),),
    )
    assert summary.last_invoice_date == date(2025, 2, 1)
    assert summary.last_payment is not None and summary.last_payment.id == "p1"
    body = summary_body(summary)
    assert body["basicInfo"]["lastInvoiceDate"] == date(2025, 2, 1)
    assert body["basicInfo"]["lastPaymentAmount"] == Decimal("10.10")
    assert body["subscriptions"][0]["ratePlans"] == [
        {
            "productId": "p1",
            "productName": "Gold",
            "productSku": "SKU-1",
            "productRatePlanId": "prp1",
            "ratePlanName": "Monthly",
        }
    ]
    assert [i["balance"] for i in body["invoices"]] == [Decimal("0.00"), Decimal("10.10")]
    assert body["payments"][0]["paidInvoices"] == [
        {
            "invoiceId": "i1",
            "invoiceNumber": "INV00000001",
            "appliedPaymentAmount": Decimal("10.10"),
        }
    ]
    assert body["usage"] == [
        {"startDate": "2025-02", "unitOfMeasure": "GB", "quantity": Decimal("3.5")}
    ]


def test_an_empty_summary() -> None:
    body = summary_body(AccountSummary(account=make()))
    assert [body[k] for k in ("subscriptions", "invoices", "payments", "usage")] == [[], [], [], []]
    assert body["basicInfo"]["lastInvoiceDate"] is None
    assert body["basicInfo"]["lastPaymentAmount"] is None
