"""Which documents an order preview's billing items make (services/orders/preview.py,
decision OB1): the credits of order line item returns on a credit memo of their own, the
other items on one document, an invoice when they sum to zero or more, else a credit
memo. Then v1's `previewResult` keys of them (api/views/orders.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from zorders.api.views.orders import preview_documents
from zorders.domain.billing.documents import DocumentKind
from zorders.domain.billing.items import Item, Pricing
from zorders.domain.catalog.enums import ChargeType
from zorders.services.orders.preview import (
    PreviewDocument,
    PreviewDocuments,
    is_return_credit,
    preview_billing_documents,
)

JUL1, AUG1, TARGET = date(2025, 7, 1), date(2025, 8, 1), date(2025, 7, 10)


def _item(amount: str, *, line_item: str | None = None) -> Item:
    return Item(
        subscription_number="" if line_item else "A-S00000001",
        charge_number="" if line_item else "C-1",
        charge_name="Seats",
        charge_type=ChargeType.ONE_TIME if line_item else ChargeType.RECURRING,
        product_rate_plan_charge_id="prpc",
        rate_plan_name="Basic",
        product_name="CloudDesk",
        service_start=JUL1,
        service_end=AUG1,
        amount=D(amount),
        pricing=Pricing("k", D(amount), JUL1, AUG1, 1, 1),
        order_line_item_id=line_item,
    )


CHARGE = _item("100")
CREDIT = _item("-20")  # a subscription's credit: on the run's document
SALE = _item("89.96", line_item="oli-sale")
RETURN = _item("-35.98", line_item="oli-return")


def test_returns_go_on_a_credit_memo_of_their_own() -> None:
    assert [is_return_credit(i) for i in (CHARGE, CREDIT, SALE, RETURN)] == [
        False,
        False,
        False,
        True,
    ]
    documents = preview_billing_documents([CHARGE, RETURN, SALE, CREDIT], TARGET)
    # The rest, in order: 100 - 20 + 89.96 = 169.96 >= 0, an invoice.
    run = PreviewDocument(DocumentKind.INVOICE, (CHARGE, SALE, CREDIT), D("169.96"), TARGET)
    returns = PreviewDocument(DocumentKind.CREDIT_MEMO, (RETURN,), D("-35.98"), TARGET)
    assert documents == PreviewDocuments(run, returns)
    assert documents.invoices == (run,)
    assert documents.credit_memos == (returns,)
    assert (run.sign, returns.sign) == (1, -1)


def test_the_run_is_a_credit_memo_when_it_sums_below_zero() -> None:
    documents = preview_billing_documents([_item("-50"), _item("20")], TARGET)
    assert documents.run is not None
    assert (documents.run.kind, documents.run.total) == (DocumentKind.CREDIT_MEMO, D(-30))
    assert documents.invoices == ()
    # With returns too: the run's memo first.
    with_returns = preview_billing_documents([_item("-50"), RETURN], TARGET)
    assert [(d.kind, d.total) for d in with_returns.credit_memos] == [
        (DocumentKind.CREDIT_MEMO, D(-50)),
        (DocumentKind.CREDIT_MEMO, D("-35.98")),
    ]


def test_a_run_summing_to_zero_is_an_invoice() -> None:
    documents = preview_billing_documents([_item("10"), _item("-10")], TARGET)
    assert documents.run is not None
    assert (documents.run.kind, documents.run.total) == (DocumentKind.INVOICE, D(0))


def test_nothing_to_bill_makes_no_document() -> None:
    assert preview_billing_documents([], TARGET) == PreviewDocuments(None, None)
    only_returns = preview_billing_documents([RETURN], TARGET)
    assert only_returns.run is None
    assert only_returns.invoices == ()
    assert [d.items for d in only_returns.credit_memos] == [(RETURN,)]


def test_v1_keys_of_the_documents() -> None:
    # An invoice run: `invoices` and the returns' `creditMemos` (amounts shown positive).
    body = preview_documents([CHARGE, RETURN], TARGET)
    assert list(body) == ["invoices", "creditMemos"]
    assert [d["amount"] for d in body["invoices"]] == [D(100)]
    assert [d["amount"] for d in body["creditMemos"]] == [D("35.98")]
    assert [r["amountWithoutTax"] for r in body["creditMemos"][0]["creditMemoItems"]] == [
        D("35.98")
    ]
    # A credit memo run: no `invoices` key at all; nothing billed: an empty `invoices`.
    assert list(preview_documents([_item("-50")], TARGET)) == ["creditMemos"]
    assert preview_documents([], TARGET) == {"invoices": []}
    assert preview_documents([RETURN], TARGET)["invoices"] == []
