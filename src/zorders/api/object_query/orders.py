"""Object Query orders and order actions (the official client's `ExpandedOrders`,
`ExpandedOrderAction`): the fields zorders knows, read from the page's stored orders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zorders.api.object_query.customers import ACCOUNT_FIELDS, account_view
from zorders.api.object_query.objects import ObjectSpec, custom, resource, view
from zorders.api.selection.query import Kind, Query
from zorders.domain.orders.model import Order, OrderActionRecord, OrderSubscription
from zorders.services.context import CommandContext
from zorders.services.ports.unit_of_work import UnitOfWork

# -- order actions -----------------------------------------------------------------------------

ACTION_FIELDS = (
    "id", "orderId", "type", "sequence", "subscriptionNumber", "changeReason",
    "contractEffectiveDate", "serviceActivationDate", "customerAcceptanceDate",
    "createdById", "createdDate", "updatedDate",
)  # fmt: skip
_ACTION_COLUMNS = {
    "id": "id",
    "orderId": "order_id",
    "type": "type",
    "sequence": "sequence",
    "subscriptionNumber": "subscription_number",
}
_ACTION_KINDS = {**{f: Kind.STRING for f in _ACTION_COLUMNS}, "sequence": Kind.INTEGER}


def action_view(order: Order, sub: OrderSubscription, a: OrderActionRecord) -> dict[str, Any]:
    dates = a.trigger_dates
    return {
        **view(
            id=a.id,
            orderId=order.id,
            type=a.type,
            sequence=a.sequence,
            subscriptionNumber=sub.subscription_number,
            changeReason=a.change_reason,
            contractEffectiveDate=dates.get("ContractEffective"),
            serviceActivationDate=dates.get("ServiceActivation"),
            customerAcceptanceDate=dates.get("CustomerAcceptance"),
            createdById=order.created_by,
            createdDate=order.created_at,
            updatedDate=order.updated_at,
        ),
        **custom(a.custom_fields),
    }


def _actions(order: Order) -> list[dict[str, Any]]:
    return [action_view(order, sub, a) for sub in order.subscriptions for a in sub.actions]


# -- orders ------------------------------------------------------------------------------------

ORDER_FIELDS = (
    "id", "orderNumber", "orderDate", "accountId", "status", "category", "description",
    "scheduledDate", "isScheduled", "cancelReason", "createdById", "createdDate",
    "updatedDate",
)  # fmt: skip
_ORDER_COLUMNS = {
    "id": "id",
    "orderNumber": "number",
    "orderDate": "order_date",
    "accountId": "account_id",
    "status": "status",
    "category": "category",
    "scheduledDate": "scheduled_date",
    "createdDate": "created_at",
    "updatedDate": "updated_at",
}
_ORDER_KINDS = {
    **{f: Kind.STRING for f in _ORDER_COLUMNS},
    "orderDate": Kind.DATE,
    "scheduledDate": Kind.DATE,
    "createdDate": Kind.DATETIME,
    "updatedDate": Kind.DATETIME,
}


def order_view(o: Order) -> dict[str, Any]:
    return {
        **view(
            id=o.id,
            orderNumber=o.number,
            orderDate=o.order_date,
            accountId=o.account_id,
            status=o.status,
            category=o.category,
            description=o.description,
            scheduledDate=o.scheduled_date,
            isScheduled=o.scheduled_date is not None,
            cancelReason=o.cancel_reason,
            createdById=o.created_by,
            createdDate=o.created_at,
            updatedDate=o.updated_at,
        ),
        **custom(o.custom_fields),
    }


def _load_orders(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        order = uow.orders.get(ctx.tenant_id, row["id"])
        assert order is not None, "an order just paged is stored"
        one = order_view(order)
        if query.expands("account"):
            account = uow.accounts.get(ctx.tenant_id, order.account_id)
            one["account"] = account_view(account) if account else None
        if query.expands("orderActions"):
            one["orderActions"] = _actions(order)
        out.append(one)
    return out


def _load_actions(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        order = uow.orders.find_action(ctx.tenant_id, row["id"])
        assert order is not None, "an order action just paged is stored"
        one = next(a for a in _actions(order) if a["id"] == row["id"])
        if query.expands("order"):
            one["order"] = order_view(order)
        out.append(one)
    return out


ORDERS = ObjectSpec(
    path="orders",
    singular="order",
    table="orders",
    resource=resource(
        "orders",
        ORDER_FIELDS,
        _ORDER_KINDS,
        related={"account": ACCOUNT_FIELDS, "orderActions": ACTION_FIELDS},
        expandable=("account", "orderActions"),
    ),
    columns=_ORDER_COLUMNS,
    keys=("id", "number"),
    load=_load_orders,
)

ORDER_ACTIONS = ObjectSpec(
    path="order-actions",
    singular="orderaction",
    table="order_actions",
    resource=resource(
        "order-actions",
        ACTION_FIELDS,
        _ACTION_KINDS,
        related={"order": ORDER_FIELDS},
        expandable=("order",),
        # The stored action rows have no creation time: by their order's id, ties by id
        # (OQ11).
        default_sort=("orderId", True),
    ),
    columns=_ACTION_COLUMNS,
    keys=("id",),
    load=_load_actions,
)
