"""Orders, stored whole as JSON documents, with index rows for lookups by subscription
(`order_subscriptions`) and by action id (`order_actions`); every query by tenant."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, exists, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.model import Order, OrderStatus
from zorders.services.ids import new_id
from zorders.storage.documents import order_from_document, order_to_document
from zorders.storage.repositories.subscriptions import unique_violation
from zorders.storage.tables import order_actions as actions_t
from zorders.storage.tables import order_subscriptions as order_subs_t
from zorders.storage.tables import orders as orders_t
from zorders.storage.tables import subscriptions as heads_t

DATE_FIELDS = ("order_date", "updated_date")

# Statements of every order, built once (PF27).
_NUMBER_IN_USE = select(orders_t.c.id).where(
    orders_t.c.tenant_id == bindparam("tenant_id"), orders_t.c.number == bindparam("number")
)
_INSERT_ORDER = insert(orders_t)
_INSERT_SUBSCRIPTIONS = insert(order_subs_t)
_INSERT_ACTIONS = insert(actions_t)


def _order_values(order: Order) -> dict[str, Any]:
    if order.created_at is None:
        raise ValueError(f"order {order.number} has no created_at")
    return {
        "number": order.number,
        "account_id": order.account_id,
        "status": order.status.value,
        "order_date": order.order_date,
        "category": order.category.value,
        "description": order.description,
        "reason_code": order.reason_code,
        "scheduled_date": order.scheduled_date,
        "cancel_reason": order.cancel_reason,
        "document": order_to_document(order),
        "created_by": order.created_by,
        "created_at": order.created_at,
        # A new order's updated_at defaults to its created_at.
        "updated_at": order.updated_at or order.created_at,
    }


class SqlOrderRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, tenant_id: str, order: Order, *, owners: Mapping[str, str] | None = None) -> None:
        """The order and its index rows; ORDER_NUMBER_TAKEN when a concurrent transaction
        took the number first. `order.created_at` is required."""
        try:
            self._c.execute(
                _INSERT_ORDER, {"id": order.id, "tenant_id": tenant_id, **_order_values(order)}
            )
        except IntegrityError as err:
            if unique_violation(err, orders_t, "tenant_id", "number"):
                raise DomainError(
                    ErrorCode.ORDER_NUMBER_TAKEN,
                    f"An order with number '{order.number}' already exists.",
                    "orderNumber",
                ) from err
            raise
        self._insert_index_rows(tenant_id, order, owners)

    def update(
        self, tenant_id: str, order: Order, *, owners: Mapping[str, str] | None = None
    ) -> None:
        """Rewrites the order's row and its index rows (created_at is kept)."""
        values = _order_values(order)
        del values["created_at"]
        self._c.execute(
            update(orders_t)
            .where(orders_t.c.tenant_id == tenant_id, orders_t.c.id == order.id)
            .values(**values)
        )
        self._delete_index_rows(tenant_id, order.id)
        self._insert_index_rows(tenant_id, order, owners)

    def get(self, tenant_id: str, number: str, *, for_update: bool = False) -> Order | None:
        # By number, or by id (v2 paths take either, spec §12.1).
        query = select(orders_t.c.document).where(
            orders_t.c.tenant_id == tenant_id,
            or_(orders_t.c.number == number, orders_t.c.id == number),
        )
        if for_update:
            query = query.with_for_update()
        document = self._c.execute(query).scalar_one_or_none()
        return order_from_document(document) if document is not None else None

    def number_in_use(self, tenant_id: str, number: str) -> bool:
        found = self._c.execute(_NUMBER_IN_USE, {"tenant_id": tenant_id, "number": number})
        return found.first() is not None

    def delete(self, tenant_id: str, order_id: str) -> None:
        self._delete_index_rows(tenant_id, order_id)
        self._c.execute(
            delete(orders_t).where(orders_t.c.tenant_id == tenant_id, orders_t.c.id == order_id)
        )

    def list(
        self,
        tenant_id: str,
        *,
        offset: int,
        limit: int,
        account_id: str | None = None,
        subscription_number: str | None = None,
        subscription_owner_account_id: str | None = None,
        statuses: frozenset[OrderStatus] | None = None,
        date_field: str = "order_date",
        start_date: date | None = None,
        end_date: date | None = None,
    ) -> builtins.list[Order]:
        """Orders matching every filter given, oldest first (created_at, then number).

        `account_id` is the order's account; `subscription_owner_account_id` the owner of
        one of its subscriptions (as recorded when the order was last written);
        `date_field` ("order_date" or "updated_date") is what the inclusive
        `start_date`..`end_date` range applies to (updated_date by UTC day)."""
        if date_field not in DATE_FIELDS:
            raise ValueError(f"date_field must be one of {DATE_FIELDS}, not {date_field!r}")
        conditions: builtins.list[Any] = [orders_t.c.tenant_id == tenant_id]
        if account_id is not None:
            conditions.append(orders_t.c.account_id == account_id)
        if subscription_number is not None:
            conditions.append(
                self._has_subscription_row(order_subs_t.c.subscription_number, subscription_number)
            )
        if subscription_owner_account_id is not None:
            conditions.append(
                self._has_subscription_row(
                    order_subs_t.c.owner_account_id, subscription_owner_account_id
                )
            )
        if statuses is not None:
            conditions.append(orders_t.c.status.in_(sorted(s.value for s in statuses)))
        if date_field == "order_date":
            if start_date is not None:
                conditions.append(orders_t.c.order_date >= start_date)
            if end_date is not None:
                conditions.append(orders_t.c.order_date <= end_date)
        else:
            if start_date is not None:
                conditions.append(orders_t.c.updated_at >= _utc_midnight(start_date))
            if end_date is not None:
                conditions.append(
                    orders_t.c.updated_at < _utc_midnight(end_date + timedelta(days=1))
                )
        query = (
            select(orders_t.c.document)
            .where(*conditions)
            .order_by(orders_t.c.created_at, orders_t.c.number)
            .offset(offset)
            .limit(limit)
        )
        return [order_from_document(doc) for doc in self._c.execute(query).scalars()]

    def count_for_subscription(self, tenant_id: str, subscription_number: str) -> int:
        query = select(func.count(func.distinct(order_subs_t.c.order_id))).where(
            order_subs_t.c.tenant_id == tenant_id,
            order_subs_t.c.subscription_number == subscription_number,
        )
        return int(self._c.execute(query).scalar_one())

    def find_action(
        self, tenant_id: str, action_id: str, *, for_update: bool = False
    ) -> Order | None:
        """The order holding the action with this id; `for_update` locks the order's row
        (not the action's index row) as `get(..., for_update=True)` does."""
        query = (
            select(orders_t.c.document)
            .select_from(actions_t.join(orders_t, orders_t.c.id == actions_t.c.order_id))
            .where(
                actions_t.c.tenant_id == tenant_id,
                actions_t.c.id == action_id,
                orders_t.c.tenant_id == tenant_id,
            )
        )
        if for_update:
            query = query.with_for_update(of=orders_t)
        document = self._c.execute(query).scalar_one_or_none()
        return order_from_document(document) if document is not None else None

    # -- index rows ----------------------------------------------------------------------

    def _has_subscription_row(self, column: Any, value: str) -> Any:
        return exists().where(
            order_subs_t.c.tenant_id == orders_t.c.tenant_id,
            order_subs_t.c.order_id == orders_t.c.id,
            column == value,
        )

    def _insert_index_rows(
        self, tenant_id: str, order: Order, given: Mapping[str, str] | None
    ) -> None:
        if not order.subscriptions:
            return
        # What the caller just wrote is not read back (PF24): only numbers it did not give.
        known = dict(given or {})
        missing = tuple(n for n in order.subscription_numbers() if n not in known)
        owners = {**self._owners(tenant_id, missing), **known} if missing else known
        self._c.execute(
            _INSERT_SUBSCRIPTIONS,
            [
                {
                    "id": new_id(),
                    "tenant_id": tenant_id,
                    "order_id": order.id,
                    "subscription_number": s.subscription_number,
                    # The owner of the subscription's latest version when the order is
                    # written; the order's account for a subscription not stored yet.
                    "owner_account_id": owners.get(s.subscription_number, order.account_id),
                    "sequence": s.sequence,
                }
                for s in order.subscriptions
            ],
        )
        actions = [
            {
                "id": action.id,
                "tenant_id": tenant_id,
                "order_id": order.id,
                "subscription_number": s.subscription_number,
                "sequence": action.sequence,
                "type": action.type.value,
            }
            for s in order.subscriptions
            for action in s.actions
        ]
        if actions:
            self._c.execute(_INSERT_ACTIONS, actions)

    def _delete_index_rows(self, tenant_id: str, order_id: str) -> None:
        for table in (actions_t, order_subs_t):
            self._c.execute(
                delete(table).where(table.c.tenant_id == tenant_id, table.c.order_id == order_id)
            )

    def _owners(self, tenant_id: str, numbers: tuple[str, ...]) -> dict[str, str]:
        rows = self._c.execute(
            select(heads_t.c.number, heads_t.c.account_id).where(
                heads_t.c.tenant_id == tenant_id, heads_t.c.number.in_(sorted(set(numbers)))
            )
        )
        return {row.number: row.account_id for row in rows}


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)
