"""`PUT /v1/order-line-items/{id}` and `POST /v1/order-line-items/bulk` bodies (the official
client's `UpdateOrderLineItem`, `BulkUpdateOrderLineItemsRequest`): shapes, types and
enums. Every field is optional; which were given (and which given as null) is read from
the body by the v1 translator (`api/v1/line_items.py`). Unknown fields are ignored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from zorders.api.schemas.orders import ProcessingOptionsIn, Wire

ItemTypeName = Literal["Product", "Fee", "Services", "Prepayment"]
ItemStateName = Literal["Executing", "Booked", "SentToBilling", "Complete", "Canceled"]
BillingRuleName = Literal["TriggerWithoutFulfillment", "TriggerAsFulfillmentOccurs"]
DiscountTypeName = Literal["Percentage", "FixedAmount", "None"]
TaxModeName = Literal["TaxInclusive", "TaxExclusive"]


class UpdateOrderLineItemIn(Wire):
    item_type: ItemTypeName | None = None
    item_state: ItemStateName | None = None
    item_name: str | None = None
    description: str | None = None
    billing_rule: BillingRuleName | None = None
    quantity: Decimal | None = Field(default=None, ge=0)
    list_price_per_unit: Decimal | None = None
    inline_discount_type: DiscountTypeName | None = None
    inline_discount_per_unit: Decimal | None = None
    amount_per_unit: Decimal | None = None
    bill_target_date: date | None = None
    transaction_start_date: date | None = None
    transaction_end_date: date | None = None
    product_code: str | None = None
    uom: str | None = Field(default=None, alias="UOM")
    tax_code: str | None = None
    tax_mode: TaxModeName | None = None
    related_subscription_number: str | None = None
    owner_account_number: str | None = None
    bill_to: str | None = None
    sold_to: str | None = None
    ship_to: str | None = None
    purchase_order_number: str | None = None
    payment_term: str | None = None
    invoice_template_id: str | None = None
    sequence_set_id: str | None = None
    invoice_group_number: str | None = None
    communication_profile_id: str | None = None
    custom_fields: dict[str, Any] | None = None


class BulkUpdateOrderLineItemIn(UpdateOrderLineItemIn):
    id: str = Field(max_length=64)


class BulkUpdateOrderLineItemsIn(Wire):
    order_line_items: list[BulkUpdateOrderLineItemIn]
    processing_options: ProcessingOptionsIn | None = None
