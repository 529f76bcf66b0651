"""`PUT /v1/order-line-items/{id}` and `POST /v1/order-line-items/bulk` bodies (the official
client's `UpdateOrderLineItem`, `BulkUpdateOrderLineItemsRequest`): the fields, types,
enums and lengths of an order's `orderLineItems[]` (`line_item_fields.OrderLineItemIn`,
one schema for both), plus the two revenue fields only the update names. Every field is
optional; which were given (and which given as null) is read by the v1 translator
(`api/v1/line_items.py`), which ignores those an update does not take (`itemCategory`,
`itemNumber`, the return's original, prepayment...), as it ignores unknown fields."""

from __future__ import annotations

from pydantic import Field

from zorders.api.schemas.line_item_fields import OrderLineItemIn
from zorders.api.schemas.orders import ProcessingOptionsIn, Wire
from zorders.domain.limits import LINE_ITEM_TEXT_LIMITS


class UpdateOrderLineItemIn(OrderLineItemIn):
    revenue_recognition_timing: str | None = Field(
        default=None, max_length=LINE_ITEM_TEXT_LIMITS["revenue_recognition_timing"]
    )
    revenue_amortization_method: str | None = Field(
        default=None, max_length=LINE_ITEM_TEXT_LIMITS["revenue_amortization_method"]
    )


class BulkUpdateOrderLineItemIn(UpdateOrderLineItemIn):
    id: str = Field(max_length=64)


class BulkUpdateOrderLineItemsIn(Wire):
    order_line_items: list[BulkUpdateOrderLineItemIn]
    processing_options: ProcessingOptionsIn | None = None
