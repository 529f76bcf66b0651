"""Order line items and fulfillments, stored whole as JSON documents with the columns
lookups, billing and locks need; every query by tenant."""

from __future__ import annotations

import builtins
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, update
from sqlalchemy.engine import Connection

from zorders.domain.line_items.model import Fulfillment, FulfillmentState, ItemState, LineItem
from zorders.storage.documents import from_document, to_document
from zorders.storage.tables import fulfillments as fulfillments_t
from zorders.storage.tables import order_line_items as items_t


def _values(item: LineItem) -> dict[str, Any]:
    return {
        "order_number": item.order_number,
        "item_number": item.item_number,
        "invoice_owner_account_id": item.invoice_owner_account_id,
        "owner_account_id": item.owner_account_id,
        "state": item.state.value,
        "item_category": item.item_category.value,
        "bill_target_date": item.bill_target_date,
        "original_line_item_id": item.original_line_item_id,
        "document": to_document(item),
    }


# A bill run's batch: which accounts have line items or fulfillments to bill (PF52).
_OWNER = items_t.c.invoice_owner_account_id
_OWNERS_BILLABLE_ITEMS = (
    select(_OWNER)
    .distinct()
    .where(
        items_t.c.tenant_id == bindparam("tenant_id"),
        _OWNER.in_(bindparam("owners", expanding=True)),
        items_t.c.state == ItemState.SENT_TO_BILLING.value,
        items_t.c.bill_target_date.is_not(None),
        items_t.c.bill_target_date <= bindparam("target"),
    )
)
_OWNERS_BILLABLE_FULFILLMENTS = (
    select(_OWNER)
    .distinct()
    .join(fulfillments_t, items_t.c.id == fulfillments_t.c.order_line_item_id)
    .where(
        fulfillments_t.c.tenant_id == bindparam("tenant_id"),
        items_t.c.tenant_id == bindparam("tenant_id"),
        _OWNER.in_(bindparam("owners", expanding=True)),
        items_t.c.state != ItemState.CANCELED.value,
        fulfillments_t.c.state == FulfillmentState.SENT_TO_BILLING.value,
        fulfillments_t.c.bill_target_date.is_not(None),
        fulfillments_t.c.bill_target_date <= bindparam("target"),
    )
)


class SqlLineItemRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add_many(self, tenant_id: str, items: Iterable[LineItem]) -> None:
        """`items` in the order's orderLineItems[] order; each needs `created_at`."""
        rows = []
        for position, item in enumerate(items):
            assert item.created_at is not None
            rows.append(
                {
                    "id": item.id,
                    "tenant_id": tenant_id,
                    "order_id": item.order_id,
                    "position": position,
                    "created_at": item.created_at,
                    **_values(item),
                }
            )
        if rows:
            self._c.execute(insert(items_t), rows)

    def update(self, tenant_id: str, item: LineItem) -> None:
        self._c.execute(
            update(items_t)
            .where(items_t.c.tenant_id == tenant_id, items_t.c.id == item.id)
            .values(**_values(item))
        )

    def get(self, tenant_id: str, item_id: str, *, for_update: bool = False) -> LineItem | None:
        query = select(items_t.c.document).where(
            items_t.c.tenant_id == tenant_id, items_t.c.id == item_id
        )
        if for_update:
            query = query.with_for_update()
        document = self._c.execute(query).scalar_one_or_none()
        return from_document(LineItem, document) if document is not None else None

    def get_many(
        self, tenant_id: str, item_ids: Collection[str], *, for_update: bool = False
    ) -> builtins.list[LineItem]:
        """The items found, in id order (locks taken in one order: no deadlock between
        two bulk updates of the same items)."""
        if not item_ids:
            return []
        query = (
            select(items_t.c.document)
            .where(items_t.c.tenant_id == tenant_id, items_t.c.id.in_(list(item_ids)))
            .order_by(items_t.c.id)
        )
        if for_update:
            query = query.with_for_update()
        return [from_document(LineItem, d) for d in self._c.execute(query).scalars()]

    def find(
        self, tenant_id: str, order_number: str, item_number: str, *, for_update: bool = False
    ) -> LineItem | None:
        query = select(items_t.c.document).where(
            items_t.c.tenant_id == tenant_id,
            items_t.c.order_number == order_number,
            items_t.c.item_number == item_number,
        )
        if for_update:
            query = query.with_for_update()
        document = self._c.execute(query).scalar_one_or_none()
        return from_document(LineItem, document) if document is not None else None

    def of_order(self, tenant_id: str, order_id: str) -> builtins.list[LineItem]:
        """In the order's orderLineItems[] order."""
        rows = self._c.execute(
            select(items_t.c.document)
            .where(items_t.c.tenant_id == tenant_id, items_t.c.order_id == order_id)
            .order_by(items_t.c.position)
        ).scalars()
        return [from_document(LineItem, d) for d in rows]

    def of_orders(
        self, tenant_id: str, order_ids: Collection[str]
    ) -> dict[str, builtins.list[LineItem]]:
        """Line items of several orders (order lists), by order id."""
        out: dict[str, builtins.list[LineItem]] = {i: [] for i in order_ids}
        if not order_ids:
            return out
        rows = self._c.execute(
            select(items_t.c.document)
            .where(items_t.c.tenant_id == tenant_id, items_t.c.order_id.in_(list(order_ids)))
            .order_by(items_t.c.order_id, items_t.c.position)
        ).scalars()
        for document in rows:
            item = from_document(LineItem, document)
            out[item.order_id].append(item)
        return out

    def billable(
        self,
        tenant_id: str,
        invoice_owner_account_id: str,
        target: date,
        *,
        item_ids: Collection[str] | None = None,
    ) -> builtins.list[LineItem]:
        """SentToBilling items the account is invoiced for whose bill target date is on or
        before `target`, locked, in id order; only `item_ids` when given."""
        query = select(items_t.c.document).where(
            items_t.c.tenant_id == tenant_id,
            items_t.c.invoice_owner_account_id == invoice_owner_account_id,
            items_t.c.state == ItemState.SENT_TO_BILLING.value,
            items_t.c.bill_target_date.is_not(None),
            items_t.c.bill_target_date <= target,
        )
        if item_ids is not None:
            if not item_ids:
                return []
            query = query.where(items_t.c.id.in_(list(item_ids)))
        query = query.order_by(items_t.c.id).with_for_update()
        return [from_document(LineItem, d) for d in self._c.execute(query).scalars()]

    def owners_with_billable(
        self, tenant_id: str, invoice_owner_account_ids: Collection[str], target: date
    ) -> set[str]:
        """Which of the accounts have a line item or fulfillment `billable` or
        `billable_fulfillments` would return (a bill run's batch, in two statements)."""
        owners = sorted(set(invoice_owner_account_ids))
        if not owners:
            return set()
        params = {"tenant_id": tenant_id, "owners": owners, "target": target}
        found = {str(r[0]) for r in self._c.execute(_OWNERS_BILLABLE_ITEMS, params)}
        return found | {str(r[0]) for r in self._c.execute(_OWNERS_BILLABLE_FULFILLMENTS, params)}

    def returns_of(self, tenant_id: str, sale_id: str) -> builtins.list[LineItem]:
        rows = self._c.execute(
            select(items_t.c.document)
            .where(items_t.c.tenant_id == tenant_id, items_t.c.original_line_item_id == sale_id)
            .order_by(items_t.c.created_at, items_t.c.id)
        ).scalars()
        return [from_document(LineItem, d) for d in rows]

    def delete_of_order(self, tenant_id: str, order_id: str) -> None:
        """The order's line items and their fulfillments (deleting the order)."""
        ids = select(items_t.c.id).where(
            items_t.c.tenant_id == tenant_id, items_t.c.order_id == order_id
        )
        self._c.execute(
            fulfillments_t.delete().where(
                fulfillments_t.c.tenant_id == tenant_id,
                fulfillments_t.c.order_line_item_id.in_(ids.scalar_subquery()),
            )
        )
        self._c.execute(
            items_t.delete().where(items_t.c.tenant_id == tenant_id, items_t.c.order_id == order_id)
        )

    # Fulfillments.

    def add_fulfillment(self, tenant_id: str, fulfillment: Fulfillment) -> None:
        assert fulfillment.created_at is not None
        self._c.execute(
            insert(fulfillments_t).values(
                id=fulfillment.id,
                tenant_id=tenant_id,
                number=fulfillment.number,
                order_line_item_id=fulfillment.line_item_id,
                state=fulfillment.state.value,
                bill_target_date=fulfillment.bill_target_date,
                document=to_document(fulfillment),
                created_at=fulfillment.created_at,
            )
        )

    def update_fulfillment(self, tenant_id: str, fulfillment: Fulfillment) -> None:
        self._c.execute(
            update(fulfillments_t)
            .where(fulfillments_t.c.tenant_id == tenant_id, fulfillments_t.c.id == fulfillment.id)
            .values(
                state=fulfillment.state.value,
                bill_target_date=fulfillment.bill_target_date,
                document=to_document(fulfillment),
            )
        )

    def delete_fulfillment(self, tenant_id: str, fulfillment_id: str) -> None:
        self._c.execute(
            fulfillments_t.delete().where(
                fulfillments_t.c.tenant_id == tenant_id, fulfillments_t.c.id == fulfillment_id
            )
        )

    def get_fulfillment(
        self, tenant_id: str, key: str, *, for_update: bool = False
    ) -> Fulfillment | None:
        """By id or number."""
        query = select(fulfillments_t.c.document).where(
            fulfillments_t.c.tenant_id == tenant_id,
            or_(fulfillments_t.c.id == key, fulfillments_t.c.number == key),
        )
        if for_update:
            query = query.with_for_update()
        document = self._c.execute(query).scalars().first()
        return from_document(Fulfillment, document) if document is not None else None

    def billable_fulfillments(
        self,
        tenant_id: str,
        invoice_owner_account_id: str,
        target: date,
        *,
        line_item_ids: Collection[str] | None = None,
    ) -> builtins.list[Fulfillment]:
        """SentToBilling fulfillments of the account's line items (not Canceled ones) whose
        bill target date is on or before `target`, locked, in id order; only those of
        `line_item_ids` when given."""
        query = (
            select(fulfillments_t.c.document)
            .join(items_t, items_t.c.id == fulfillments_t.c.order_line_item_id)
            .where(
                fulfillments_t.c.tenant_id == tenant_id,
                items_t.c.tenant_id == tenant_id,
                items_t.c.invoice_owner_account_id == invoice_owner_account_id,
                items_t.c.state != ItemState.CANCELED.value,
                fulfillments_t.c.state == FulfillmentState.SENT_TO_BILLING.value,
                fulfillments_t.c.bill_target_date.is_not(None),
                fulfillments_t.c.bill_target_date <= target,
            )
        )
        if line_item_ids is not None:
            if not line_item_ids:
                return []
            query = query.where(fulfillments_t.c.order_line_item_id.in_(list(line_item_ids)))
        query = query.order_by(fulfillments_t.c.id).with_for_update(of=fulfillments_t)
        return [from_document(Fulfillment, d) for d in self._c.execute(query).scalars()]

    def fulfillments_of(self, tenant_id: str, line_item_id: str) -> builtins.list[Fulfillment]:
        rows = self._c.execute(
            select(fulfillments_t.c.document)
            .where(
                fulfillments_t.c.tenant_id == tenant_id,
                fulfillments_t.c.order_line_item_id == line_item_id,
            )
            .order_by(fulfillments_t.c.created_at, fulfillments_t.c.number)
        ).scalars()
        return [from_document(Fulfillment, d) for d in rows]
