"""Saving a Draft or Scheduled order: validated as if it executed now (K4), its order
action ids assigned once and kept from then on."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.accounts import Account
from zorders.domain.orders.model import Order, OrderStatus
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.orders.commands import CreateOrder
from zorders.services.orders.execute import execute
from zorders.services.ports import UnitOfWork


def validate_saved(
    uow: UnitOfWork, ctx: CommandContext, account: Account, command: CreateOrder
) -> None:
    """The whole execution, references resolved and every action applied, with nothing
    stored and no number consumed: an unknown plan, subscription or account, or an action
    the subscription refuses, is a 4xx at save, as it would be on a Completed order."""
    probe = Order(
        id="",
        number="#draft",
        account_id=account.id,
        status=OrderStatus.DRAFT,
        order_date=command.order_date,
    )
    execute(uow, ctx, probe, account, command, dry_run=True)


def assign_ids(command: CreateOrder) -> CreateOrder:
    """Every action of `command` with an id: its own when it has one, else a new one."""
    return replace(
        command,
        subscriptions=tuple(
            replace(
                item,
                actions=tuple(
                    a if a.id is not None else replace(a, id=new_id()) for a in item.actions
                ),
            )
            for item in command.subscriptions
        ),
    )
