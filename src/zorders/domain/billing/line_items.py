"""Order line items as billing items (issue 10; decisions OB1–OB6).

A billable line item (SentToBilling, bill target date on or before the target) becomes one
item with no subscription (`subscription_number` and `charge_number` are ""), named by
`order_line_item_id`: a one-time charge of the item's `amount` over its transaction
dates. A sale charges (positive); a return (`itemCategory` Return) credits (negative)
what the return's `amount` says (the sell side computed it, decision LI3), naming the
sale's billed item when there is one (`Item.reverses`).

An item billed as its fulfillments occur (`TriggerAsFulfillmentOccurs`) is never billed
itself: each billable fulfillment is, for its share of the item's amount, allocated
cumulatively like returns (domain/line_items/amounts.allocated_amount), so fulfilling
every unit, in any number of fulfillments, bills exactly the item's amount. A fulfillment
of type Return credits its share.

What stands billed (`billed`: the items of documents that are not canceled) is never
billed again: a line item with a standing item of its own, a fulfillment with one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from zorders.domain.billing.items import DocumentItem, Item, Pricing
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.line_items.amounts import allocated_amount
from zorders.domain.line_items.model import (
    Fulfillment,
    FulfillmentType,
    ItemCategory,
    LineItem,
)


@dataclass(frozen=True)
class LineItemRun:
    """What billing the line items adds: charges (sales, deliveries) for the invoice,
    credits (returns) for a credit memo of their own, and which line items and
    fulfillments are billed now (they move to Complete)."""

    charges: tuple[Item, ...] = ()
    credits: tuple[Item, ...] = ()
    line_item_ids: tuple[str, ...] = ()
    fulfillment_ids: tuple[str, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        return self.charges + self.credits


def service_period(item: LineItem) -> tuple[date, date]:
    """The item's transaction dates as an engine span [start, end): the end is the day
    after the (inclusive) transaction end date. Missing dates fall back to the bill
    target date, then the order date."""
    start = item.transaction_start_date or item.bill_target_date or item.order_date
    end = item.transaction_end_date or start
    end = max(end, start)
    return start, end + timedelta(days=1)


def _item(
    line: LineItem,
    amount: Decimal,
    quantity: Decimal,
    *,
    key: str,
    reverses: str | None = None,
    fulfillment_id: str | None = None,
) -> Item:
    start, end = service_period(line)
    return Item(
        subscription_number="",
        charge_number="",
        charge_name=line.item_name or "",
        charge_type=ChargeType.ONE_TIME,
        product_rate_plan_charge_id=line.product_rate_plan_charge_id or "",
        rate_plan_name="",
        product_name="",
        service_start=start,
        service_end=end,
        amount=amount,
        # Not priced by periods: the key says what was billed, the period amount is the
        # line item's (or fulfillment's) amount as billed.
        pricing=Pricing(
            key=key, period_amount=abs(amount), full_start=start, full_end=end, months=None, bcd=1
        ),
        quantity=quantity,
        unit_price=line.amounts.amount_per_unit,
        uom=line.uom,
        reverses=reverses,
        order_line_item_id=line.id,
        fulfillment_id=fulfillment_id,
    )


def _standing_item(billed: Sequence[DocumentItem], line_item_id: str) -> DocumentItem | None:
    """The line item's own billed item (not one of a fulfillment), if one stands."""
    return next(
        (
            e
            for e in billed
            if e.item.order_line_item_id == line_item_id and e.item.fulfillment_id is None
        ),
        None,
    )


def bill_line_items(
    items: Sequence[LineItem],
    fulfillments: Sequence[tuple[Fulfillment, LineItem]],
    billed: Sequence[DocumentItem],
) -> LineItemRun:
    """The items that billing `items` (billable line items) and `fulfillments` (billable
    fulfillments, each with its line item) adds, given what stands billed of those line
    items and of the sales their returns take back."""
    charges: list[Item] = []
    credits: list[Item] = []
    line_ids: list[str] = []
    for line in items:
        if line.requires_fulfillment:
            continue  # billed by its fulfillments
        line_ids.append(line.id)
        if _standing_item(billed, line.id) is not None:
            continue  # billed already: it only moves on to Complete
        amount = line.amounts.amount
        if line.item_category is ItemCategory.RETURN:
            sale = (
                _standing_item(billed, line.original_line_item_id)
                if line.original_line_item_id
                else None
            )
            credits.append(
                _item(
                    line,
                    -amount,
                    line.quantity,
                    key=f"OrderLineItem:{line.id}",
                    reverses=sale.id if sale is not None else None,
                )
            )
        else:
            charges.append(_item(line, amount, line.quantity, key=f"OrderLineItem:{line.id}"))
    fulfilled = _fulfillment_items(fulfillments, billed)
    return LineItemRun(
        charges=tuple(charges) + tuple(i for i in fulfilled if i.amount >= 0),
        credits=tuple(credits) + tuple(i for i in fulfilled if i.amount < 0),
        line_item_ids=tuple(line_ids),
        fulfillment_ids=tuple(f.id for f, _ in fulfillments),
    )


def _fulfillment_items(
    fulfillments: Sequence[tuple[Fulfillment, LineItem]], billed: Sequence[DocumentItem]
) -> list[Item]:
    """Deliveries and returns of each line item are allocated apart, each cumulatively
    after what stands billed of its kind, in fulfillment date order."""
    done = {e.item.fulfillment_id for e in billed if e.item.fulfillment_id is not None}
    before: dict[tuple[str, bool], Decimal] = {}
    for entry in billed:
        item = entry.item
        if item.fulfillment_id is not None and item.order_line_item_id is not None:
            key = (item.order_line_item_id, item.amount < 0)
            before[key] = before.get(key, Decimal(0)) + (item.quantity or Decimal(0))
    out: list[Item] = []
    ordered = sorted(
        fulfillments,
        key=lambda p: (p[0].fulfillment_date or date.min, p[0].number),
    )
    for fulfillment, line in ordered:
        if fulfillment.id in done:
            continue
        credit = (fulfillment.fulfillment_type is FulfillmentType.RETURN) != (
            line.item_category is ItemCategory.RETURN
        )
        key = (line.id, credit)
        share = allocated_amount(
            line.amounts.amount,
            line.quantity,
            before.get(key, Decimal(0)),
            fulfillment.quantity,
            line.currency,
        )
        before[key] = before.get(key, Decimal(0)) + fulfillment.quantity
        out.append(
            _item(
                line,
                -share if credit else share,
                fulfillment.quantity,
                key=f"Fulfillment:{fulfillment.id}",
                fulfillment_id=fulfillment.id,
            )
        )
    return out
