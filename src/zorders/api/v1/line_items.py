"""The v1 dialect of the line item updates: shape-checked bodies (`api/schemas/line_items.py`)
into `LineItemChanges`, keeping which fields were given and which were given as null,
and the services' neutral field paths back into v1 names."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import Any

from zorders.api.schemas.line_items import (
    BulkUpdateOrderLineItemsIn,
    UpdateOrderLineItemIn,
)
from zorders.api.v1.orders import processing_options, v1_errors
from zorders.domain.accounts.rules import validate_custom_fields
from zorders.domain.errors import DomainError, ErrorCode
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

# Fields the official client's UpdateOrderLineItem names that zorders keeps and echoes but
# does not act upon (revenue integration, decision OS2): stored under their wire names in
# the item's `extra`.
KEPT_ON_UPDATE = frozenset(
    {
        "accounting_code",
        "adjustment_liability_accounting_code",
        "adjustment_revenue_accounting_code",
        "contract_asset_accounting_code",
        "contract_liability_accounting_code",
        "contract_recognized_revenue_accounting_code",
        "deferred_revenue_accounting_code",
        "recognized_revenue_accounting_code",
        "unbilled_receivables_accounting_code",
        "revenue_recognition_rule",
        "revenue_recognition_timing",
        "revenue_amortization_method",
        "is_allocation_eligible",
        "is_unbilled",
        "exclude_item_billing_from_revenue_accounting",
        "exclude_item_booking_from_revenue_accounting",
    }
)
# The fields an update acts upon (the rest of the create schema is ignored: OU3).
_UPDATED = frozenset(f.name for f in fields(LineItemChanges)) - {"owner_account", "extra"} | {
    "owner_account_number"
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


def _kept(body: UpdateOrderLineItemIn, given: Iterable[str]) -> dict[str, Any]:
    model = type(body).model_fields
    return {model[n].alias or n: getattr(body, n) for n in sorted(given) if n in KEPT_ON_UPDATE}


def changes(body: UpdateOrderLineItemIn) -> LineItemChanges:
    values: dict[str, Any] = {}
    given = body.model_fields_set & set(type(body).model_fields)
    for name in given & _UPDATED:
        value = getattr(body, name)
        if value is None and name in _NOT_NULL:
            shown = _V1_NAMES.get(name, name)
            raise DomainError(
                ErrorCode.LINE_ITEM_FIELD_REQUIRED, f"'{shown}' may not be null", shown
            )
        if name in _ENUMS and value is not None:
            value = _ENUMS[name](value)
        if name == "custom_fields":
            value = validate_custom_fields(value, "customFields")
        values["owner_account" if name == "owner_account_number" else name] = value
    extra = _kept(body, given)
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
