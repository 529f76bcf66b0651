"""Line items and fulfillments as billing items (domain/billing/line_items.py): amounts
computed by hand.

The sale: 5 x 19.99 with 10 % off: amountPerUnit 17.991, amount 89.955 -> 89.96 (LI2).
A return of 2 of it: 2 x 17.991 = 35.982 -> 35.98. Fulfillments 2 then 3 of the sale:
round(89.96 x 2/5 = 35.984) = 35.98, then 89.96 - 35.98 = 53.98 (together 89.96)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.support.billing import stored
from tests.support.line_items import T0, line_item
from zorders.api.views.orders import preview_documents
from zorders.domain.billing.documents import DocumentKind, kind_for
from zorders.domain.billing.items import DocumentItem
from zorders.domain.billing.line_items import bill_line_items, service_period
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.line_items.amounts import allocated_amount, returned_amount
from zorders.domain.line_items.model import (
    BillingRule,
    Fulfillment,
    FulfillmentState,
    FulfillmentType,
    InlineDiscountType,
    ItemCategory,
    ItemState,
    LineItem,
)
from zorders.services.line_item_billing import preview

TEN = (InlineDiscountType.PERCENTAGE, "10")


def _sale(**changes: object) -> LineItem:
    values: dict[str, object] = {
        "discount": TEN,
        "state": ItemState.SENT_TO_BILLING,
        "bill_target_date": date(2025, 7, 1),
        "product_rate_plan_charge_id": "prpc-1",
        "uom": "Each",
    }
    return line_item(**(values | changes))  # type: ignore[arg-type]


def _return(sale: LineItem, quantity: str = "2") -> LineItem:
    return line_item(
        discount=TEN,
        quantity=quantity,
        category=ItemCategory.RETURN,
        state=ItemState.SENT_TO_BILLING,
        bill_target_date=date(2025, 7, 10),
        item_number="2",
        original_line_item_id=sale.id,
    )


def _fulfillment(item: LineItem, number: str, quantity: str, **changes: object) -> Fulfillment:
    values: dict[str, object] = {
        "id": f"f-{number}",
        "number": number,
        "line_item_id": item.id,
        "fulfillment_type": FulfillmentType.DELIVERY,
        "state": FulfillmentState.SENT_TO_BILLING,
        "quantity": Decimal(quantity),
        "fulfillment_date": date(2025, 7, 2),
        "bill_target_date": date(2025, 7, 2),
        "created_at": T0,
    }
    values.update(changes)
    return Fulfillment(**values)  # type: ignore[arg-type]


def test_a_sale_is_a_one_time_charge_of_its_amount_with_no_subscription() -> None:
    sale = _sale(transaction_start_date=date(2025, 7, 1), transaction_end_date=date(2025, 7, 31))
    run = bill_line_items([sale], (), ())
    assert run.credits == ()
    assert run.line_item_ids == (sale.id,)
    [item] = run.charges
    assert (item.subscription_number, item.charge_number) == ("", "")
    assert item.order_line_item_id == sale.id and item.fulfillment_id is None
    assert (item.charge_name, item.charge_type) == ("Widget", ChargeType.ONE_TIME)
    assert item.product_rate_plan_charge_id == "prpc-1"
    # [start, end): the day after the inclusive transaction end date.
    assert (item.service_start, item.service_end) == (date(2025, 7, 1), date(2025, 8, 1))
    assert (item.quantity, item.unit_price, item.uom) == (
        Decimal("5"),
        Decimal("17.991"),
        "Each",
    )
    assert item.amount == Decimal("89.96")
    assert item.pricing.key == f"OrderLineItem:{sale.id}"


def test_a_one_day_item_and_missing_dates() -> None:
    assert service_period(_sale()) == (date(2025, 7, 1), date(2025, 7, 2))
    undated = _sale(transaction_start_date=None, transaction_end_date=None)
    assert service_period(undated) == (date(2025, 7, 1), date(2025, 7, 2))


def test_a_return_credits_its_amount_and_names_the_billed_sale() -> None:
    sale = _sale()
    [billed_sale] = stored(bill_line_items([sale], (), ()).charges)
    back = _return(sale)
    run = bill_line_items([back], (), [billed_sale])
    assert run.charges == ()
    [credit] = run.credits
    assert credit.amount == Decimal("-35.98")
    assert credit.quantity == Decimal("2")
    assert credit.reverses == billed_sale.id
    assert credit.order_line_item_id == back.id
    # Alone on a document, it is a credit memo.
    assert kind_for(run.credits) is DocumentKind.CREDIT_MEMO
    # A return whose sale was never billed credits all the same, naming nothing.
    assert bill_line_items([back], (), ()).credits[0].reverses is None


def test_what_stands_billed_is_not_billed_again() -> None:
    sale = _sale()
    first = bill_line_items([sale], (), ())
    again = bill_line_items([sale], (), stored(first.charges))
    assert again.items == ()
    assert again.line_item_ids == (sale.id,)  # still moves on to Complete


def test_items_billed_by_fulfillments_are_not_billed_themselves() -> None:
    item = _sale(billing_rule=BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS)
    run = bill_line_items([item], (), ())
    assert run.items == () and run.line_item_ids == ()


def test_fulfillments_bill_their_share_cumulatively() -> None:
    item = _sale(billing_rule=BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS, state=ItemState.BOOKED)
    two, three = _fulfillment(item, "F-1", "2"), _fulfillment(item, "F-2", "3")
    both = bill_line_items((), [(three, item), (two, item)], ())
    assert [(i.fulfillment_id, i.quantity, i.amount) for i in both.charges] == [
        ("f-F-1", Decimal("2"), Decimal("35.98")),
        ("f-F-2", Decimal("3"), Decimal("53.98")),
    ]
    assert sum(i.amount for i in both.charges) == Decimal("89.96")
    assert set(both.fulfillment_ids) == {"f-F-1", "f-F-2"}
    # One at a time: the second allocates after what stands billed.
    first = bill_line_items((), [(two, item)], ())
    billed: list[DocumentItem] = stored(first.charges)
    second = bill_line_items((), [(three, item)], billed)
    assert [i.amount for i in second.charges] == [Decimal("53.98")]
    # A billed fulfillment is not billed again.
    assert bill_line_items((), [(two, item)], billed).items == ()


def test_a_return_fulfillment_credits() -> None:
    item = _sale(billing_rule=BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS, state=ItemState.BOOKED)
    delivered = stored(bill_line_items((), [(_fulfillment(item, "F-1", "5"), item)], ()).charges)
    assert delivered[0].item.amount == Decimal("89.96")
    back = _fulfillment(item, "F-2", "2", fulfillment_type=FulfillmentType.RETURN)
    run = bill_line_items((), [(back, item)], delivered)
    assert run.charges == ()
    assert [(i.amount, i.fulfillment_id) for i in run.credits] == [(Decimal("-35.98"), "f-F-2")]


def test_allocation_is_exact_in_any_number_of_parts() -> None:
    total, quantity = Decimal("89.96"), Decimal(5)
    parts = [Decimal(1)] * 5
    shares, before = [], Decimal(0)
    for q in parts:
        shares.append(allocated_amount(total, quantity, before, q, "USD"))
        before += q
    # 17.992 -> 17.99; 35.984 -> 35.98; 53.976 -> 53.98; 71.968 -> 71.97; 89.96
    assert shares == [Decimal(x) for x in ("17.99", "17.99", "18.00", "17.99", "17.99")]
    assert sum(shares) == total
    assert returned_amount(total, quantity, Decimal(0), Decimal(2), "USD") == Decimal("35.98")
    assert allocated_amount(total, Decimal(0), Decimal(0), Decimal(1), "USD") == Decimal(0)


def test_a_zero_priced_sale_still_completes() -> None:
    free = _sale(list_price_per_unit="0")
    run = bill_line_items([free], (), ())
    assert [i.amount for i in run.charges] == [Decimal("0.00")]
    assert run.line_item_ids == (free.id,)


def test_a_preview_shows_sales_on_the_invoice_and_returns_on_a_credit_memo() -> None:
    sale = _sale()
    back = _return(sale)
    booked = _sale(state=ItemState.BOOKED)
    later = _sale(bill_target_date=date(2025, 8, 1))
    items = preview([sale, back, booked, later], date(2025, 7, 10))
    assert sorted(i.amount for i in items) == [Decimal("-35.98"), Decimal("89.96")]
    result = preview_documents(items, date(2025, 7, 10))
    [invoice] = result["invoices"]
    [memo] = result["creditMemos"]
    assert invoice["amount"] == Decimal("89.96")
    [row] = invoice["invoiceItems"]
    assert (row["subscriptionNumber"], row["chargeNumber"], row["orderLineItemId"]) == (
        None,
        None,
        sale.id,
    )
    assert (row["serviceStartDate"], row["serviceEndDate"]) == (date(2025, 7, 1), date(2025, 7, 1))
    assert memo["amount"] == Decimal("35.98")
    assert [r["amountWithoutTax"] for r in memo["creditMemoItems"]] == [Decimal("35.98")]
    assert preview_documents([], date(2025, 7, 10)) == {"invoices": []}
