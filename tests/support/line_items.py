"""Line items as tests build them: a sale or a return with derived amounts, stored with
the order that holds it when a test needs it in a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from zorders.domain.line_items.amounts import derive
from zorders.domain.line_items.model import (
    InlineDiscountType,
    ItemCategory,
    ItemState,
    ItemType,
    LineItem,
    Price,
)
from zorders.services.ids import new_id

T0 = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)


def line_item(
    *,
    order_id: str = "o" * 32,
    order_number: str = "O-00000001",
    account_id: str = "a" * 32,
    item_number: str = "1",
    quantity: str = "5",
    list_price_per_unit: str = "19.99",
    discount: tuple[InlineDiscountType, str] | None = None,
    currency: str = "USD",
    state: ItemState = ItemState.EXECUTING,
    category: ItemCategory = ItemCategory.SALES,
    bill_target_date: date | None = None,
    order_date: date = date(2025, 7, 1),
    **changes: Any,
) -> LineItem:
    kind, per_unit = discount or (InlineDiscountType.NONE, None)
    price = Price(
        quantity=Decimal(quantity),
        list_price_per_unit=Decimal(list_price_per_unit),
        discount_type=kind,
        discount_per_unit=Decimal(per_unit) if per_unit is not None else None,
    )
    item = LineItem(
        id=new_id(),
        order_id=order_id,
        order_number=order_number,
        order_date=order_date,
        item_number=item_number,
        item_type=ItemType.PRODUCT,
        item_category=category,
        state=state,
        item_name="Widget",
        price=price,
        amounts=derive(price, currency),
        currency=currency,
        invoice_owner_account_id=account_id,
        owner_account_id=account_id,
        bill_target_date=bill_target_date,
        transaction_start_date=order_date,
        transaction_end_date=order_date,
        quantity_available_for_return=(
            Decimal(quantity) if category is ItemCategory.SALES else Decimal(0)
        ),
        created_at=T0,
        updated_at=T0,
    )
    return replace(item, **changes)
