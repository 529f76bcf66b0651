"""Typed commands and results of the fulfillment use cases (spec §10.4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zorders.domain.line_items.model import Fulfillment, FulfillmentState, FulfillmentType
from zorders.services.billing import BillingOutcome
from zorders.services.orders.commands import ProcessingOptions


@dataclass(frozen=True)
class NewFulfillmentItem:
    item_identifier: str | None = None
    description: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NewFulfillment:
    line_item_id: str
    quantity: Decimal
    fulfillment_date: date
    fulfillment_type: FulfillmentType = FulfillmentType.DELIVERY
    state: FulfillmentState = FulfillmentState.EXECUTING
    bill_target_date: date | None = None
    carrier: str | None = None
    description: str | None = None
    external_id: str | None = None
    fulfillment_location: str | None = None
    fulfillment_system: str | None = None
    tracking_number: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    items: tuple[NewFulfillmentItem, ...] = ()


@dataclass(frozen=True)
class CreateFulfillments:
    fulfillments: tuple[NewFulfillment, ...]
    processing: ProcessingOptions = field(default_factory=ProcessingOptions)


@dataclass(frozen=True)
class UpdateFulfillment:
    """`None` leaves a field as it is; `custom_fields` are merged into the stored ones."""

    key: str  # id or number
    state: FulfillmentState | None = None
    quantity: Decimal | None = None
    fulfillment_date: date | None = None
    bill_target_date: date | None = None
    carrier: str | None = None
    description: str | None = None
    external_id: str | None = None
    fulfillment_location: str | None = None
    fulfillment_system: str | None = None
    tracking_number: str | None = None
    custom_fields: dict[str, Any] | None = None


@dataclass(frozen=True)
class FulfillmentsOutcome:
    fulfillments: tuple[Fulfillment, ...]
    billing: BillingOutcome = field(default_factory=BillingOutcome)
