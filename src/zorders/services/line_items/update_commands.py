"""Inputs of the line item updates (`PUT /v1/order-line-items/{id}`, the bulk update):
typed, dialect-free. Every field may be left out; a field left out (`NOT_GIVEN`) is kept,
one given as None is cleared."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, TypeVar, Union

from zorders.domain.line_items.model import (
    BillingRule,
    InlineDiscountType,
    ItemState,
    ItemType,
    TaxMode,
)
from zorders.services.orders.commands import ProcessingOptions


class NotGiven(Enum):
    NOT_GIVEN = "not given"


NOT_GIVEN = NotGiven.NOT_GIVEN
_T = TypeVar("_T")
Given = Union[_T, Literal[NotGiven.NOT_GIVEN]]  # noqa: UP007 (a generic alias)


@dataclass(frozen=True)
class LineItemChanges:
    item_type: Given[ItemType] = NOT_GIVEN
    item_state: Given[ItemState] = NOT_GIVEN
    item_name: Given[str | None] = NOT_GIVEN
    description: Given[str | None] = NOT_GIVEN
    billing_rule: Given[BillingRule] = NOT_GIVEN
    quantity: Given[Decimal] = NOT_GIVEN
    list_price_per_unit: Given[Decimal] = NOT_GIVEN
    inline_discount_type: Given[InlineDiscountType] = NOT_GIVEN
    inline_discount_per_unit: Given[Decimal | None] = NOT_GIVEN
    amount_per_unit: Given[Decimal | None] = NOT_GIVEN
    bill_target_date: Given[date | None] = NOT_GIVEN
    transaction_start_date: Given[date] = NOT_GIVEN
    transaction_end_date: Given[date] = NOT_GIVEN
    product_code: Given[str | None] = NOT_GIVEN
    uom: Given[str | None] = NOT_GIVEN
    tax_code: Given[str | None] = NOT_GIVEN
    tax_mode: Given[TaxMode | None] = NOT_GIVEN
    related_subscription_number: Given[str | None] = NOT_GIVEN
    # An account key (number or id), resolved by the service.
    owner_account: Given[str] = NOT_GIVEN
    bill_to: Given[str | None] = NOT_GIVEN
    sold_to: Given[str | None] = NOT_GIVEN
    ship_to: Given[str | None] = NOT_GIVEN
    purchase_order_number: Given[str | None] = NOT_GIVEN
    payment_term: Given[str | None] = NOT_GIVEN
    invoice_template_id: Given[str | None] = NOT_GIVEN
    sequence_set_id: Given[str | None] = NOT_GIVEN
    invoice_group_number: Given[str | None] = NOT_GIVEN
    communication_profile_id: Given[str | None] = NOT_GIVEN
    # Merged into the item's (a None value clears one).
    custom_fields: Given[dict[str, Any]] = NOT_GIVEN
    # Fields kept and echoed, not acted upon (accounting codes, revenue fields), under
    # the dialect's names: opaque to the services. Merged like custom fields.
    extra: Given[dict[str, Any]] = NOT_GIVEN

    def given(self) -> dict[str, Any]:
        return {
            f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not NOT_GIVEN
        }


@dataclass(frozen=True)
class UpdateLineItem:
    item_id: str
    changes: LineItemChanges = field(default_factory=LineItemChanges)


@dataclass(frozen=True)
class BulkUpdateLineItems:
    """Seed 003: up to 100 items, all or nothing, then (optionally) billing."""

    items: tuple[UpdateLineItem, ...]
    processing: ProcessingOptions = field(default_factory=ProcessingOptions)
