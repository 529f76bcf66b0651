"""The v1 dialect of the line item updates: shape-checked bodies (`api/schemas/line_items.py`)
into `LineItemChanges`, keeping which fields were given and which were given as null,
and the services' neutral field paths back into v1 names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from zorders.api.schemas.line_items import (
    BulkUpdateOrderLineItemsIn,
    UpdateOrderLineItemIn,
)
from zorders.api.v1.orders import processing_options, v1_errors
from zorders.domain.accounts.rules import validate_custom_fields
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import LINE_ITEM_TEXT_MAX, check_text
from zorders.domain.line_items.model import (
    BillingRule,
    InlineDiscountType,
    ItemState,
    ItemType,
    TaxMode,
)
from zorders.services.line_items.update_commands import (
    BulkUpdateLineItems,
    LineItemChanges,
    UpdateLineItem,
)

# Fields Zuora accepts that zorders keeps and echoes but does not act upon (revenue
# integration): stored under these names in the item's `extra`.
EXTRA_FIELDS: dict[str, type] = {
    "accountingCode": str,
    "adjustmentLiabilityAccountingCode": str,
    "adjustmentRevenueAccountingCode": str,
    "contractAssetAccountingCode": str,
    "contractLiabilityAccountingCode": str,
    "contractRecognizedRevenueAccountingCode": str,
    "deferredRevenueAccountingCode": str,
    "recognizedRevenueAccountingCode": str,
    "unbilledReceivablesAccountingCode": str,
    "revenueRecognitionRule": str,
    "revenueRecognitionTiming": str,
    "revenueAmortizationMethod": str,
    "isAllocationEligible": bool,
    "isUnbilled": bool,
    "excludeItemBillingFromRevenueAccounting": bool,
    "excludeItemBookingFromRevenueAccounting": bool,
}
_ENUMS: dict[str, type] = {
    "item_type": ItemType,
    "item_state": ItemState,
    "billing_rule": BillingRule,
    "inline_discount_type": InlineDiscountType,
    "tax_mode": TaxMode,
}
# Given as null, these would leave the item without a value it needs.
_NOT_NULL = frozenset(
    {
        "item_type",
        "item_state",
        "billing_rule",
        "quantity",
        "list_price_per_unit",
        "inline_discount_type",
        "transaction_start_date",
        "transaction_end_date",
        "owner_account_number",
        "custom_fields",
    }
)
# Neutral names whose v1 name is not their camelCase.
_V1_NAMES = {"uom": "UOM", "owner_account_id": "owner_account_number", "state": "item_state"}
_SNAKE_OF = re.compile(r"(?<=[a-z0-9])([A-Z])")


@contextmanager
def line_item_errors() -> Iterator[None]:
    """v1 names in errors: `order_line_items[2].uom` -> `orderLineItems[2].UOM`."""
    with v1_errors():
        try:
            yield
        except DomainError as error:
            if not error.field:
                raise
            *head, last = error.field.split(".")
            if last not in _V1_NAMES:
                raise
            named = ".".join([*head, _V1_NAMES[last]])
            raise DomainError(
                error.code, error.message.replace(f"'{error.field}'", f"'{named}'"), named
            ) from None


def _snake(wire: str) -> str:
    return _SNAKE_OF.sub(lambda m: "_" + m.group(1).lower(), wire)


def _extra(body: UpdateOrderLineItemIn) -> dict[str, Any] | None:
    given = {k: v for k, v in (body.model_extra or {}).items() if k in EXTRA_FIELDS}
    for key, value in given.items():
        kind = EXTRA_FIELDS[key]
        if value is not None and not isinstance(value, kind):
            raise DomainError(
                ErrorCode.INVALID_LINE_ITEM_FIELD,
                f"'{key}' must be a {'boolean' if kind is bool else 'string'}.",
                key,
            )
        if isinstance(value, str):
            check_text(value, key, LINE_ITEM_TEXT_MAX[_snake(key)])
    return given or None


def changes(body: UpdateOrderLineItemIn) -> LineItemChanges:
    values: dict[str, Any] = {}
    for name in (body.model_fields_set & set(type(body).model_fields)) - {"id"}:
        value = getattr(body, name)
        if value is None and name in _NOT_NULL:
            shown = _V1_NAMES.get(name, name)
            raise DomainError(
                ErrorCode.LINE_ITEM_UPDATE_FIELD_REQUIRED, f"'{shown}' may not be null", shown
            )
        if isinstance(value, str) and name in LINE_ITEM_TEXT_MAX:
            check_text(value, name, LINE_ITEM_TEXT_MAX[name])
        if name in _ENUMS and value is not None:
            value = _ENUMS[name](value)
        if name == "custom_fields":
            value = validate_custom_fields(value, "customFields")
        values["owner_account" if name == "owner_account_number" else name] = value
    extra = _extra(body)
    if extra:
        values["extra"] = extra
    return LineItemChanges(**values)


def update(item_id: str, body: UpdateOrderLineItemIn) -> UpdateLineItem:
    return UpdateLineItem(item_id, changes(body))


def bulk_update(body: BulkUpdateOrderLineItemsIn) -> BulkUpdateLineItems:
    items = []
    for index, item in enumerate(body.order_line_items):
        try:
            items.append(UpdateLineItem(item.id, changes(item)))
        except DomainError as error:
            field = f"order_line_items[{index}].{error.field}"
            raise DomainError(
                error.code, error.message.replace(f"'{error.field}'", f"'{field}'"), field
            ) from None
    options = body.processing_options
    raw = options.model_dump(mode="json", by_alias=True, exclude_none=True) if options else None
    return BulkUpdateLineItems(tuple(items), processing_options(raw))
