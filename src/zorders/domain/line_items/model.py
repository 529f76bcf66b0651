"""An order line item as stored (spec §8.2, §8.3) and its fulfillments (§10.4).

Amounts derived from the price fields (`amount_per_unit`, `list_price`, `discount`,
`amount`) are computed by `domain/line_items/amounts.py` whenever the price fields
change and stored with the item, so a read never recomputes them differently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class ItemType(StrEnum):
    PRODUCT = "Product"
    FEE = "Fee"
    SERVICES = "Services"
    PREPAYMENT = "Prepayment"


class ItemCategory(StrEnum):
    SALES = "Sales"
    RETURN = "Return"


class ItemState(StrEnum):
    EXECUTING = "Executing"
    BOOKED = "Booked"
    SENT_TO_BILLING = "SentToBilling"
    COMPLETE = "Complete"
    CANCELED = "Canceled"


class BillingRule(StrEnum):
    TRIGGER_WITHOUT_FULFILLMENT = "TriggerWithoutFulfillment"
    TRIGGER_AS_FULFILLMENT_OCCURS = "TriggerAsFulfillmentOccurs"


class InlineDiscountType(StrEnum):
    PERCENTAGE = "Percentage"
    FIXED_AMOUNT = "FixedAmount"
    NONE = "None"


class TaxMode(StrEnum):
    TAX_INCLUSIVE = "TaxInclusive"
    TAX_EXCLUSIVE = "TaxExclusive"


@dataclass(frozen=True)
class Price:
    """What the client (or the catalog charge) set; the rest is derived from it."""

    quantity: Decimal
    list_price_per_unit: Decimal
    discount_type: InlineDiscountType = InlineDiscountType.NONE
    # Percent (5 = 5 %) or an amount per unit, by `discount_type`.
    discount_per_unit: Decimal | None = None
    # Sent by the client where no inline discount applies (older integrations); None =
    # the list price per unit.
    amount_per_unit: Decimal | None = None


@dataclass(frozen=True)
class Amounts:
    """Derived from a Price and the currency (decision LI2)."""

    amount_per_unit: Decimal  # exact, not rounded
    list_price: Decimal  # list_price_per_unit x quantity, rounded to the minor unit
    amount: Decimal  # amount_per_unit x quantity, rounded to the minor unit
    discount: Decimal  # list_price - amount
    amount_without_tax: Decimal  # = amount (no tax engine: tax is 0)


@dataclass(frozen=True)
class LineItem:
    id: str
    order_id: str
    order_number: str
    order_date: date
    item_number: str
    item_type: ItemType
    item_category: ItemCategory
    state: ItemState
    item_name: str | None
    price: Price
    amounts: Amounts
    currency: str
    # The order's account: the one invoiced (`invoiceOwnerAccount*`).
    invoice_owner_account_id: str
    # `ownerAccountNumber`, default the order's account.
    owner_account_id: str
    billing_rule: BillingRule = BillingRule.TRIGGER_WITHOUT_FULFILLMENT
    bill_target_date: date | None = None
    transaction_start_date: date | None = None
    transaction_end_date: date | None = None
    product_rate_plan_charge_id: str | None = None
    product_code: str | None = None
    uom: str | None = None
    tax_code: str | None = None
    tax_mode: TaxMode | None = None
    related_subscription_number: str | None = None
    bill_to: str | None = None
    sold_to: str | None = None
    ship_to: str | None = None
    purchase_order_number: str | None = None
    description: str | None = None
    payment_term: str | None = None
    invoice_template_id: str | None = None
    sequence_set_id: str | None = None
    invoice_group_number: str | None = None
    communication_profile_id: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    # Accepted and kept, not acted upon (accounting codes, revenue flags, prepayment and
    # billing-schedule fields): echoed by reads under their wire names.
    extra: dict[str, Any] = field(default_factory=dict)
    # Returns: the sale this item takes back.
    original_line_item_id: str | None = None
    original_order_id: str | None = None
    original_order_number: str | None = None
    original_order_date: date | None = None
    original_item_number: str | None = None
    # Sales: what is left to return (quantity less what returns took back).
    quantity_available_for_return: Decimal = Decimal(0)
    # Fulfillment items (billing rule TriggerAsFulfillmentOccurs).
    quantity_fulfilled: Decimal = Decimal(0)
    # When a later order (a return) changed this item.
    amended_by_order_on: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def requires_fulfillment(self) -> bool:
        return self.billing_rule is BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS

    @property
    def quantity(self) -> Decimal:
        return self.price.quantity

    @property
    def quantity_pending_fulfillment(self) -> Decimal:
        if not self.requires_fulfillment:
            return Decimal(0)
        return max(self.price.quantity - self.quantity_fulfilled, Decimal(0))


class FulfillmentType(StrEnum):
    DELIVERY = "Delivery"
    RETURN = "Return"


class FulfillmentState(StrEnum):
    EXECUTING = "Executing"
    BOOKED = "Booked"
    SENT_TO_BILLING = "SentToBilling"
    COMPLETE = "Complete"
    # Zuora's fulfillment enum spells it with two l's (spec §10.4).
    CANCELLED = "Cancelled"


@dataclass(frozen=True)
class FulfillmentItem:
    """A sub-item of a fulfillment (`fulfillmentItems[]`): an asset it ships, such as a
    serial number; kept and answered, not acted upon (decision OF9)."""

    id: str
    item_identifier: str | None = None
    description: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Fulfillment:
    id: str
    number: str
    line_item_id: str
    fulfillment_type: FulfillmentType
    state: FulfillmentState
    quantity: Decimal
    fulfillment_date: date | None = None
    bill_target_date: date | None = None
    carrier: str | None = None
    description: str | None = None
    external_id: str | None = None
    fulfillment_location: str | None = None
    fulfillment_system: str | None = None
    tracking_number: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    items: tuple[FulfillmentItem, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None
