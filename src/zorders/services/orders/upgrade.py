"""A one-off upgrade (K7): Draft and Scheduled orders stored before issue 9 kept their
request body, not a command. Each is translated (by the dialect that wrote it, given by
the composition root) into the command it stands for, its order action ids kept."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from zorders.domain.orders.model import Order, OrderStatus
from zorders.services.orders.commands import CreateOrder
from zorders.services.ports import UnitOfWorkFactory

Translate = Callable[[Mapping[str, Any]], CreateOrder]

_SAVED = frozenset({OrderStatus.DRAFT, OrderStatus.SCHEDULED})
_PAGE = 200


def upgrade_order(order: Order, translate: Translate) -> Order:
    """`order` with its stored body turned into a command; the actions keep the ids
    they were saved with (matched by position, as they were assigned)."""
    command = translate(order.request)
    items = []
    for item, record in zip(command.subscriptions, order.subscriptions, strict=False):
        ids = [a.id for a in record.actions]
        actions = tuple(
            replace(a, id=ids[i] if i < len(ids) else None) for i, a in enumerate(item.actions)
        )
        items.append(replace(item, actions=actions))
    stored = replace(
        command,
        subscriptions=tuple(items) + command.subscriptions[len(items) :],
        existing_account=order.account_id,
        new_account=None,
        order_number=order.number,
        status=order.status,
    )
    return replace(order, command=stored, request={})


def upgrade_stored_orders(uow_factory: UnitOfWorkFactory, translate: Translate) -> int:
    """Every tenant's Draft and Scheduled orders that still hold a body; returns how many
    were converted. Idempotent: a converted order holds no body any more."""
    converted = 0
    with uow_factory() as uow:
        tenants = uow.tenants.list()
        for tenant in tenants:
            offset = 0
            while True:
                orders = uow.orders.list(tenant.id, offset=offset, limit=_PAGE, statuses=_SAVED)
                for order in orders:
                    if order.command is None and order.request:
                        uow.orders.update(tenant.id, upgrade_order(order, translate))
                        converted += 1
                if len(orders) < _PAGE:
                    break
                offset += _PAGE
        uow.commit()
    return converted
