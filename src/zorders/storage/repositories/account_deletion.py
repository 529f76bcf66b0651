"""Deleting an account's transactions (`DELETE /v1/accounts/{key}`, decision RS3): what
blocks it, and the removal of every row that belongs to the account, in the caller's
transaction."""

from __future__ import annotations

from sqlalchemy import delete, or_, select
from sqlalchemy.engine import Connection

from zorders.storage.repositories import rate_plan_rows
from zorders.storage.tables.billing import (
    bill_run_account_errors,
    billing_documents,
    billing_items,
    payment_methods,
    payments,
)
from zorders.storage.tables.line_items import fulfillments, order_line_items
from zorders.storage.tables.orders import (
    order_actions,
    order_subscriptions,
    orders,
    subscription_versions,
    subscriptions,
)


class SqlAccountDeletionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def shared_subscriptions(self, tenant_id: str, account_id: str) -> list[str]:
        """Numbers of the subscriptions the account owns or is invoiced for in some version
        while another account plays the other role in some version (a subscription owned
        and invoiced apart, or an owner transfer, past or present)."""
        v = subscription_versions.c
        numbers = select(v.number).where(
            v.tenant_id == tenant_id,
            or_(v.account_id == account_id, v.invoice_owner_account_id == account_id),
        )
        rows = self._c.execute(
            select(v.number)
            .where(
                v.tenant_id == tenant_id,
                v.number.in_(numbers),
                or_(v.account_id != account_id, v.invoice_owner_account_id != account_id),
            )
            .distinct()
            .order_by(v.number)
        )
        return [row[0] for row in rows]

    def shared_line_items(self, tenant_id: str, account_id: str) -> list[str]:
        """Order line items that the account owns and another account is invoiced for, or
        the reverse."""
        li = order_line_items.c
        rows = self._c.execute(
            select(li.item_number, li.order_number)
            .where(
                li.tenant_id == tenant_id,
                or_(li.owner_account_id == account_id, li.invoice_owner_account_id == account_id),
                li.owner_account_id != li.invoice_owner_account_id,
            )
            .order_by(li.order_number, li.item_number)
        )
        return [f"{row[1]}/{row[0]}" for row in rows]

    def remove_transactions(self, tenant_id: str, account_id: str) -> None:
        """Every subscription, order (with its line items and fulfillments), billing
        document, payment and payment method of the account."""
        c = self._c
        order_ids = select(orders.c.id).where(
            orders.c.tenant_id == tenant_id, orders.c.account_id == account_id
        )
        item_ids = select(order_line_items.c.id).where(
            order_line_items.c.tenant_id == tenant_id,
            order_line_items.c.order_id.in_(order_ids),
        )
        c.execute(
            delete(fulfillments).where(
                fulfillments.c.tenant_id == tenant_id,
                fulfillments.c.order_line_item_id.in_(item_ids),
            )
        )
        for child in (order_line_items, order_subscriptions, order_actions):
            c.execute(
                delete(child).where(child.c.tenant_id == tenant_id, child.c.order_id.in_(order_ids))
            )
        c.execute(
            delete(orders).where(orders.c.tenant_id == tenant_id, orders.c.account_id == account_id)
        )
        rate_plan_rows.delete_rows(c, tenant_id, rate_plan_rows.of_account(account_id))
        for table in (subscription_versions, subscriptions):
            c.execute(
                delete(table).where(
                    table.c.tenant_id == tenant_id, table.c.account_id == account_id
                )
            )
        document_ids = select(billing_documents.c.id).where(
            billing_documents.c.tenant_id == tenant_id,
            billing_documents.c.account_id == account_id,
        )
        c.execute(
            delete(billing_items).where(
                billing_items.c.tenant_id == tenant_id,
                billing_items.c.document_id.in_(document_ids),
            )
        )
        for table in (billing_documents, payments, payment_methods, bill_run_account_errors):
            c.execute(
                delete(table).where(
                    table.c.tenant_id == tenant_id, table.c.account_id == account_id
                )
            )
