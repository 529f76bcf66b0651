"""The checks of an order's line items that need no database (spec §8.2): how many, on
which order, item numbers, required fields, prices and dates as given."""

from __future__ import annotations

from collections.abc import Sequence

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import MAX_LINE_ITEMS_PER_ORDER
from zorders.domain.line_items.model import InlineDiscountType, ItemCategory
from zorders.services.line_items.commands import LineItemCommand

ITEMS = "order_line_items"


def path(index: int, name: str | None = None) -> str:
    return f"{ITEMS}[{index}]" + (f".{name}" if name else "")


def check_line_items(items: Sequence[LineItemCommand], *, saved_only: bool, status: str) -> None:
    """What needs no database: the count, a saved order, item numbers, required fields."""
    if not items:
        return
    if len(items) > MAX_LINE_ITEMS_PER_ORDER:
        raise DomainError(
            ErrorCode.LINE_ITEM_LIMIT_EXCEEDED,
            f"An order holds at most {MAX_LINE_ITEMS_PER_ORDER} order line items; this one "
            f"has {len(items)}.",
            ITEMS,
        )
    if saved_only:
        # Zuora: "If you have added an order line item to an order, you cannot save the
        # order to a draft order"; a Scheduled order is saved the same way (OS4).
        raise DomainError(
            ErrorCode.LINE_ITEMS_NOT_ALLOWED,
            f"A {status} order cannot hold order line items.",
            ITEMS,
        )
    numbers = [i.item_number for i in items]
    if any(numbers):
        missing = next((n for n, v in enumerate(numbers) if not v), None)
        if missing is not None:
            raise DomainError(
                ErrorCode.INVALID_LINE_ITEM_NUMBER,
                "Give itemNumber to every order line item of the order, or to none.",
                path(missing, "item_number"),
            )
        seen: set[str] = set()
        for n, value in enumerate(numbers):
            assert value is not None
            if value in seen:
                raise DomainError(
                    ErrorCode.INVALID_LINE_ITEM_NUMBER,
                    f"Item number '{value}' is given to two order line items of the order.",
                    path(n, "item_number"),
                )
            seen.add(value)
    for n, item in enumerate(items):
        _check_item(item, n)


def _check_item(item: LineItemCommand, n: int) -> None:
    if item.quantity is None:
        raise DomainError(
            ErrorCode.LINE_ITEM_FIELD_REQUIRED,
            f"'{path(n, 'quantity')}' may not be null",
            path(n, "quantity"),
        )
    if item.quantity < 0:
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_PRICE,
            "The quantity of an order line item cannot be negative.",
            path(n, "quantity"),
        )
    if (
        item.transaction_start_date is not None
        and item.transaction_end_date is not None
        and item.transaction_end_date < item.transaction_start_date
    ):
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_DATES,
            "The transaction end date cannot be before the transaction start date.",
            path(n, "transaction_end_date"),
        )
    if item.discount_per_unit is not None and item.discount_type in (
        None,
        InlineDiscountType.NONE,
    ):
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_PRICE,
            "An inline discount per unit needs an inline discount type (Percentage or "
            "FixedAmount).",
            path(n, "inline_discount_per_unit"),
        )
    if item.list_price_per_unit is not None and item.list_price_per_unit < 0:
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_PRICE,
            "The list price per unit of an order line item cannot be negative.",
            path(n, "list_price_per_unit"),
        )
    if item.amount_per_unit is not None and item.amount_per_unit < 0:
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_PRICE,
            "The amount per unit of an order line item cannot be negative.",
            path(n, "amount_per_unit"),
        )
    ref = item.returns
    if item.item_category is ItemCategory.RETURN:
        for name, value in (
            ("original_order_number", ref.order_number),
            ("original_order_line_item_number", ref.item_number),
        ):
            if not value:
                raise DomainError(
                    ErrorCode.ORIGINAL_LINE_ITEM_REQUIRED,
                    f"'{path(n, name)}' may not be null for a return order line item",
                    path(n, name),
                )
        if item.quantity == 0:
            raise DomainError(
                ErrorCode.INVALID_LINE_ITEM_PRICE,
                "A return order line item returns more than 0 units.",
                path(n, "quantity"),
            )
        priced: tuple[tuple[str, object], ...] = (
            ("product_rate_plan_charge_id", item.product_rate_plan_charge_id),
            ("list_price_per_unit", item.list_price_per_unit),
            ("inline_discount_type", item.discount_type),
            ("inline_discount_per_unit", item.discount_per_unit),
            ("amount_per_unit", item.amount_per_unit),
        )
        for name, given in priced:
            if given is not None:
                raise DomainError(
                    ErrorCode.INVALID_LINE_ITEM_PRICE,
                    "A return order line item takes the price of the sale it returns: "
                    f"'{path(n, name)}' cannot be given.",
                    path(n, name),
                )
    elif ref.order_number or ref.item_number:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            "originalOrderNumber and originalOrderLineItemNumber belong to return order "
            "line items (itemCategory Return).",
            path(n, "item_category"),
        )
