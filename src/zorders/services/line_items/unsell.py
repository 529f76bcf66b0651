"""Deleting an order's line items with the order (decision OS9): refused once any is
billed (Complete) or while a return of another order takes back one of its sales; a
deleted return gives its quantity back to the sale it returned."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.model import ItemCategory, ItemState
from zorders.domain.orders.model import Order
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork


def unsell(uow: UnitOfWork, ctx: CommandContext, order: Order) -> None:
    tenant = ctx.tenant_id
    items = uow.line_items.of_order(tenant, order.id)
    if not items:
        return
    for item in items:
        if item.state is ItemState.COMPLETE:
            raise DomainError(
                ErrorCode.LINE_ITEM_DELETE_NOT_ALLOWED,
                f"Order {order.number} cannot be deleted: its order line item "
                f"{item.item_number} is billed (Complete).",
                "order_number",
            )
        if item.item_category is ItemCategory.SALES:
            others = [
                r for r in uow.line_items.returns_of(tenant, item.id) if r.order_id != order.id
            ]
            if others:
                raise DomainError(
                    ErrorCode.LINE_ITEM_DELETE_NOT_ALLOWED,
                    f"Order {order.number} cannot be deleted: order {others[0].order_number} "
                    f"returns its order line item {item.item_number}; delete that order first.",
                    "order_number",
                )
    returns = sorted(
        (i for i in items if i.original_line_item_id is not None),
        key=lambda i: i.original_line_item_id or "",
    )
    for item in returns:
        assert item.original_line_item_id is not None
        sale = uow.line_items.get(tenant, item.original_line_item_id, for_update=True)
        if sale is None or sale.order_id == order.id:
            continue
        uow.line_items.update(
            tenant,
            replace(
                sale,
                quantity_available_for_return=sale.quantity_available_for_return + item.quantity,
                updated_at=ctx.now,
            ),
        )
    uow.line_items.delete_of_order(tenant, order.id)
