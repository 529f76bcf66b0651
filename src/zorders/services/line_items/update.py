"""`PUT /v1/order-line-items/{id}`: one line item edited under its row lock, by the
editability and state tables of the domain (spec §8.4, §10.4; decisions LI4, OU1-OU5)."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import replace
from typing import Any

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.editing import edit
from zorders.domain.line_items.model import ItemCategory, ItemState, LineItem
from zorders.services.context import CommandContext
from zorders.services.line_items.update_commands import NOT_GIVEN, LineItemChanges, UpdateLineItem
from zorders.services.ports import UnitOfWork


def not_found(item_id: str, field: str | None = None) -> DomainError:
    return DomainError(
        ErrorCode.ORDER_LINE_ITEM_NOT_FOUND,
        f"The order line item '{item_id}' does not exist.",
        field,
    )


def get_line_item(
    uow: UnitOfWork, ctx: CommandContext, item_id: str, *, for_update: bool = False
) -> LineItem:
    item = uow.line_items.get(ctx.tenant_id, item_id, for_update=for_update)
    if item is None:
        raise not_found(item_id)
    return item


def _domain_changes(
    uow: UnitOfWork, ctx: CommandContext, item: LineItem, changes: LineItemChanges
) -> dict[str, Any]:
    """The given fields with their references resolved and checked as the create path
    checks them (an account by number or id, a subscription number, contacts)."""
    values = changes.given()
    owner_key = values.pop("owner_account", NOT_GIVEN)
    owner_id = item.owner_account_id
    if owner_key is not NOT_GIVEN:
        owner = uow.accounts.get(ctx.tenant_id, owner_key) or uow.accounts.get_by_number(
            ctx.tenant_id, owner_key
        )
        if owner is None:
            raise DomainError(
                ErrorCode.LINE_ITEM_ACCOUNT_NOT_FOUND,
                f"Account '{owner_key}' does not exist.",
                "owner_account_id",
            )
        owner_id = values["owner_account_id"] = owner.id
    number = values.get("related_subscription_number")
    if number and not uow.subscriptions.number_in_use(ctx.tenant_id, number):
        raise DomainError(
            ErrorCode.LINE_ITEM_SUBSCRIPTION_NOT_FOUND,
            f"Subscription '{number}' does not exist.",
            "related_subscription_number",
        )
    for name, account_id in (
        ("bill_to", item.invoice_owner_account_id),
        ("ship_to", item.invoice_owner_account_id),
        ("sold_to", owner_id),
    ):
        contact = values.get(name)
        if not contact:
            continue
        account = uow.accounts.get(ctx.tenant_id, account_id)
        if account is None or contact not in {c.id for c in account.contacts}:
            raise DomainError(
                ErrorCode.LINE_ITEM_ACCOUNT_NOT_FOUND,
                f"Contact '{contact}' is not a contact of the item's "
                + ("owner." if name == "sold_to" else "invoice owner."),
                name,
            )
    return values


def apply(
    uow: UnitOfWork,
    ctx: CommandContext,
    item: LineItem,
    changes: LineItemChanges,
    current: MutableMapping[str, LineItem],
) -> LineItem:
    """Edits `item` (locked by the caller) and stores it; `current` holds the items this
    request already changed, by id, and receives the ones this edit changes."""
    edited = edit(item, _domain_changes(uow, ctx, item, changes), ctx.now)
    if edited is item:
        return item
    uow.line_items.update(ctx.tenant_id, edited)
    current[edited.id] = edited
    if _return_canceled(item, edited):
        _give_back(uow, ctx, edited, current)
    return edited


def _return_canceled(before: LineItem, after: LineItem) -> bool:
    return (
        after.item_category is ItemCategory.RETURN
        and before.state is not ItemState.CANCELED
        and after.state is ItemState.CANCELED
        and after.original_line_item_id is not None
    )


def _give_back(
    uow: UnitOfWork, ctx: CommandContext, ret: LineItem, current: MutableMapping[str, LineItem]
) -> None:
    """A canceled return takes nothing back: its quantity is available to return again
    (OU5)."""
    sale_id = ret.original_line_item_id
    assert sale_id is not None
    sale = current.get(sale_id) or uow.line_items.get(ctx.tenant_id, sale_id, for_update=True)
    if sale is None:
        return
    available = min(sale.price.quantity, sale.quantity_available_for_return + ret.quantity)
    restored = replace(sale, quantity_available_for_return=available, updated_at=ctx.now)
    uow.line_items.update(ctx.tenant_id, restored)
    current[sale_id] = restored


def update_line_item(uow: UnitOfWork, ctx: CommandContext, command: UpdateLineItem) -> LineItem:
    item = get_line_item(uow, ctx, command.item_id, for_update=True)
    return apply(uow, ctx, item, command.changes, {})
