"""What billing produces: items (a charge or a credit for a span of one charge), the
items as stored on a document, and a run's result. The engine (`engine.py`) makes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from zorders.domain.catalog.enums import ChargeType


class ProcessingType(StrEnum):
    CHARGE = "Charge"
    DISCOUNT = "Discount"


@dataclass(frozen=True)
class Pricing:
    """How a billed span was priced: enough to credit part of it later."""

    key: str  # the segment values that were priced
    period_amount: Decimal  # the full period's price, unrounded
    full_start: date
    full_end: date
    months: int | None  # month-based periods: their length in months
    bcd: int


@dataclass(frozen=True)
class Item:
    """An invoice item: a charge (positive) or a credit (negative) for a service span
    [service_start, service_end) of one charge."""

    subscription_number: str
    charge_number: str
    charge_name: str
    charge_type: ChargeType
    product_rate_plan_charge_id: str
    rate_plan_name: str
    product_name: str
    service_start: date
    service_end: date
    amount: Decimal
    pricing: Pricing
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    uom: str | None = None
    processing_type: ProcessingType = ProcessingType.CHARGE
    applied_to_charge_number: str | None = None
    # Credits: the id of the billed charge item this credit takes back (part of).
    reverses: str | None = None
    # Items that bill an order line item (no subscription: subscription_number and
    # charge_number are ""): the line item's id (Zuora's `orderLineItemId`).
    order_line_item_id: str | None = None
    # Items that bill a fulfillment of such a line item: the fulfillment's id.
    fulfillment_id: str | None = None


@dataclass(frozen=True)
class DocumentItem:
    """An item as billed: stored on a document, with its own id."""

    id: str
    item: Item


@dataclass(frozen=True)
class BillRun:
    items: tuple[Item, ...]
    # New chargedThroughDate per charge number (exclusive, decisions.md #6).
    charged_through: dict[str, date] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum((i.amount for i in self.items), Decimal(0))
