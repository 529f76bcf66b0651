"""v1 fulfillment bodies (`CreateFulfillmentsRequest`, `UpdateFulfillmentRequest` of the
official client), with the client's documented text maxima."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from zorders.api.schemas.orders import Wire

FulfillmentTypeIn = Literal["Delivery", "Return"]
FulfillmentStateIn = Literal["Executing", "Booked", "SentToBilling", "Complete", "Cancelled"]


class FulfillmentItemIn(Wire):
    item_identifier: str | None = Field(default=None, max_length=36)
    description: str | None = Field(default=None, max_length=255)
    custom_fields: dict[str, Any] | None = None


class FulfillmentFieldsIn(Wire):
    """The fields a create and an update share."""

    bill_target_date: date | None = None
    carrier: str | None = Field(default=None, max_length=25)
    custom_fields: dict[str, Any] | None = None
    description: str | None = Field(default=None, max_length=255)
    external_id: str | None = Field(default=None, max_length=50)
    fulfillment_location: str | None = Field(default=None, max_length=50)
    fulfillment_system: str | None = Field(default=None, max_length=25)
    tracking_number: str | None = Field(default=None, max_length=50)
    state: FulfillmentStateIn | None = None


class CreateFulfillmentIn(FulfillmentFieldsIn):
    order_line_item_id: str = Field(max_length=32)
    fulfillment_date: date
    quantity: Decimal
    fulfillment_type: FulfillmentTypeIn | None = None
    fulfillment_items: list[FulfillmentItemIn] | None = None


class CreateFulfillmentsIn(Wire):
    fulfillments: list[CreateFulfillmentIn] | None = None
    processing_options: dict[str, Any] | None = None


class UpdateFulfillmentIn(FulfillmentFieldsIn):
    fulfillment_date: date | None = None
    quantity: Decimal | None = None
