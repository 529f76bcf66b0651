"""Reading a line item with what its v1 body names: its owner and invoice owner accounts
and, when asked, its fulfillments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zorders.domain.accounts import Account
from zorders.domain.line_items.model import Fulfillment, LineItem
from zorders.services.context import CommandContext
from zorders.services.line_items.update import get_line_item
from zorders.services.ports import UnitOfWork


@dataclass(frozen=True)
class LineItemView:
    item: LineItem
    accounts: dict[str, Account]
    fulfillments: list[Fulfillment] | None = None


def accounts_of(
    uow: UnitOfWork, ctx: CommandContext, items: Iterable[LineItem]
) -> dict[str, Account]:
    ids = {i.owner_account_id for i in items} | {i.invoice_owner_account_id for i in items}
    found = {key: uow.accounts.get(ctx.tenant_id, key) for key in sorted(ids)}
    return {key: account for key, account in found.items() if account is not None}


def read_line_item(
    uow: UnitOfWork, ctx: CommandContext, item_id: str, *, with_fulfillments: bool = False
) -> LineItemView:
    item = get_line_item(uow, ctx, item_id)
    fulfillments = (
        uow.line_items.fulfillments_of(ctx.tenant_id, item.id) if with_fulfillments else None
    )
    return LineItemView(item, accounts_of(uow, ctx, [item]), fulfillments)
