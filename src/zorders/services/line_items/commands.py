"""An order line item as an order command carries it (spec §8.2): typed, references
unresolved (the catalog charge by id, the owner account by number or id, the sale a
return takes back by order and item number). `CreateOrder.line_items` holds these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zorders.domain.line_items.model import (
    BillingRule,
    InlineDiscountType,
    ItemCategory,
    ItemState,
    ItemType,
    TaxMode,
)


@dataclass(frozen=True)
class ReturnOf:
    """The sale a return line item takes back."""

    order_number: str | None = None
    item_number: str | None = None


@dataclass(frozen=True)
class LineItemCommand:
    item_category: ItemCategory = ItemCategory.SALES
    # None: Product for a sale, the sale's type for a return.
    item_type: ItemType | None = None
    # None: Executing.
    item_state: ItemState | None = None
    item_name: str | None = None
    # All or none of an order's items give one; none: "1", "2", ... in order.
    item_number: str | None = None
    product_rate_plan_charge_id: str | None = None
    product_code: str | None = None
    quantity: Decimal | None = None
    list_price_per_unit: Decimal | None = None
    discount_type: InlineDiscountType | None = None
    discount_per_unit: Decimal | None = None
    # Accepted only where no inline discount applies (older integrations send it).
    amount_per_unit: Decimal | None = None
    bill_target_date: date | None = None
    billing_rule: BillingRule | None = None
    transaction_start_date: date | None = None
    transaction_end_date: date | None = None
    related_subscription_number: str | None = None
    # The unique token of a CreateSubscription action of the same order.
    unique_token: str | None = None
    returns: ReturnOf = ReturnOf()
    # Account key (number or id); None: the order's account.
    owner_account: str | None = None
    currency: str | None = None
    bill_to: str | None = None
    sold_to: str | None = None
    ship_to: str | None = None
    uom: str | None = None
    tax_code: str | None = None
    tax_mode: TaxMode | None = None
    purchase_order_number: str | None = None
    description: str | None = None
    payment_term: str | None = None
    invoice_template_id: str | None = None
    sequence_set_id: str | None = None
    invoice_group_number: str | None = None
    communication_profile_id: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    # Accepted, kept and echoed, not acted upon (accounting codes, revenue flags, billing
    # schedule, prepayment fields), as the dialect named them. Opaque to the services.
    extra: dict[str, Any] = field(default_factory=dict)
