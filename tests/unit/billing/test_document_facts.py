"""Facts of billing documents the views and the console show: the item a discount item
applies to (`discounts.applied_to_item`, Zuora's appliedToItemId), whether an invoice is
paid or past due, and what of a credit memo is applied (`documents.BillingDocument`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from zorders.domain.billing.discounts import applied_to_item
from zorders.domain.billing.documents import BillingDocument, DocumentKind, DocumentStatus
from zorders.domain.billing.items import DocumentItem, Item, Pricing, ProcessingType
from zorders.domain.catalog.enums import ChargeType

JAN1, FEB1 = date(2025, 1, 1), date(2025, 2, 1)
_PRICING = Pricing("k", D(100), JAN1, FEB1, 1, 1)


def _item(
    number: str,
    amount: str,
    *,
    start: date = JAN1,
    applied_to: str | None = None,
) -> Item:
    return Item(
        subscription_number="A-S00000001",
        charge_number=number,
        charge_name=number,
        charge_type=ChargeType.RECURRING,
        product_rate_plan_charge_id="prpc",
        rate_plan_name="Basic",
        product_name="CloudDesk",
        service_start=start,
        service_end=FEB1,
        amount=D(amount),
        pricing=_PRICING,
        processing_type=ProcessingType.DISCOUNT if applied_to else ProcessingType.CHARGE,
        applied_to_charge_number=applied_to,
    )


CHARGE = DocumentItem("item-charge", _item("C-1", "100"))
CREDIT = DocumentItem("item-credit", _item("C-1", "-50"))
OTHER_START = DocumentItem("item-march", _item("C-1", "100", start=date(2025, 3, 1)))
OFF_CHARGE = DocumentItem("item-off", _item("D-1", "-10", applied_to="C-1"))
OFF_CREDIT = DocumentItem("item-off-credit", _item("D-1", "5", applied_to="C-1"))
ITEMS = (OTHER_START, CHARGE, CREDIT, OFF_CHARGE, OFF_CREDIT)


def test_a_discount_of_a_charge_applies_to_the_charge_of_its_service_start() -> None:
    assert applied_to_item(OFF_CHARGE, ITEMS) is CHARGE


def test_a_discount_of_a_credit_applies_to_the_credit() -> None:
    # Positive (it takes back part of a discount): the negative item of the same charge.
    assert applied_to_item(OFF_CREDIT, ITEMS) is CREDIT


def test_items_that_discount_nothing_here_apply_to_nothing() -> None:
    assert applied_to_item(CHARGE, ITEMS) is None  # not a discount
    march = DocumentItem(
        "item-off-march", _item("D-1", "-10", start=date(2025, 4, 1), applied_to="C-1")
    )
    assert applied_to_item(march, ITEMS) is None  # no item of C-1 starts on Apr 1
    assert applied_to_item(OFF_CHARGE, (OFF_CHARGE, CREDIT)) is None  # only a credit of C-1


def _document(
    kind: DocumentKind,
    status: DocumentStatus,
    balance: str,
    *amounts: str,
) -> BillingDocument:
    return BillingDocument(
        id="d",
        number="INV00000001",
        kind=kind,
        account_id="a",
        currency="USD",
        status=status,
        document_date=JAN1,
        target_date=JAN1,
        due_date=FEB1,
        items=tuple(DocumentItem(f"i{n}", _item("C-1", a)) for n, a in enumerate(amounts)),
        balance=D(balance),
    )


def test_an_invoice_is_paid_once_posted_with_nothing_left() -> None:
    posted = _document(DocumentKind.INVOICE, DocumentStatus.POSTED, "0", "100")
    assert posted.is_paid
    assert not posted.is_past_due(date(2025, 3, 1))
    # A draft is not paid, whatever its balance.
    assert not _document(DocumentKind.INVOICE, DocumentStatus.DRAFT, "0", "100").is_paid
    assert not _document(DocumentKind.INVOICE, DocumentStatus.POSTED, "40", "100").is_paid


def test_an_invoice_is_past_due_after_its_due_date() -> None:
    owing = _document(DocumentKind.INVOICE, DocumentStatus.POSTED, "40", "100")
    assert not owing.is_past_due(FEB1)  # on the due date: not yet
    assert owing.is_past_due(date(2025, 2, 2))
    draft = _document(DocumentKind.INVOICE, DocumentStatus.DRAFT, "100", "100")
    assert not draft.is_past_due(date(2025, 3, 1))


def test_a_credit_memos_applied_amount() -> None:
    # Items -30 and -20: amount 50; 20 left unapplied, so 30 applied.
    memo = _document(DocumentKind.CREDIT_MEMO, DocumentStatus.POSTED, "20", "-30", "-20")
    assert memo.amount == D(50)
    assert memo.applied_amount == D(30)
    # Not posted: nothing applied yet.
    draft = _document(DocumentKind.CREDIT_MEMO, DocumentStatus.DRAFT, "50", "-30", "-20")
    assert draft.applied_amount == D(0)
