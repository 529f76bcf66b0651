"""Invoices and credit memos, and the index of their items by subscription."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import bindparam, func, insert, or_, select, update
from sqlalchemy.engine import Connection, RowMapping

from zorders.domain.billing.documents import BillingDocument, DocumentKind, DocumentStatus
from zorders.domain.billing.items import DocumentItem
from zorders.storage.documents import from_document, to_document
from zorders.storage.tables import billing_documents as docs
from zorders.storage.tables import billing_items as items_t


def _document(row: RowMapping) -> BillingDocument:
    return from_document(BillingDocument, row["document"])


# A bill run's batch: the documents standing that bill its subscriptions (PF52).
_BILLED_OF_SUBSCRIPTIONS = (
    select(docs)
    .where(
        docs.c.tenant_id == bindparam("tenant_id"),
        docs.c.id.in_(
            select(items_t.c.document_id).where(
                items_t.c.tenant_id == bindparam("tenant_id"),
                items_t.c.subscription_number.in_(bindparam("numbers", expanding=True)),
            )
        ),
        docs.c.status != DocumentStatus.CANCELED.value,
    )
    .order_by(docs.c.created_at, docs.c.number)
)


class SqlBillingRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def _values(self, document: BillingDocument) -> dict[str, object]:
        return {
            "status": document.status.value,
            "balance": document.balance,
            "amount": document.amount,
            "document": to_document(document),
        }

    def add_document(self, tenant_id: str, document: BillingDocument) -> None:
        self.add_documents(tenant_id, [document])

    def add_documents(self, tenant_id: str, documents: Sequence[BillingDocument]) -> None:
        """The documents and their items, one executemany each (a bill run's batch)."""
        if not documents:
            return
        rows = []
        for document in documents:
            assert document.created_at is not None
            rows.append(
                {
                    "id": document.id,
                    "tenant_id": tenant_id,
                    "account_id": document.account_id,
                    "kind": document.kind.value,
                    "number": document.number,
                    "document_date": document.document_date,
                    "target_date": document.target_date,
                    "currency": document.currency,
                    "source_id": document.source_id,
                    "created_at": document.created_at,
                    **self._values(document),
                }
            )
        self._c.execute(insert(docs), rows)
        items = [
            {
                "id": i.id,
                "tenant_id": tenant_id,
                "document_id": document.id,
                "subscription_number": i.item.subscription_number,
                "charge_number": i.item.charge_number,
                "service_start": i.item.service_start,
                "amount": i.item.amount,
                "order_line_item_id": i.item.order_line_item_id,
            }
            for document in documents
            for i in document.items
        ]
        if items:
            self._c.execute(insert(items_t), items)

    def update_document(self, tenant_id: str, document: BillingDocument) -> None:
        self._c.execute(
            update(docs)
            .where(docs.c.tenant_id == tenant_id, docs.c.id == document.id)
            .values(**self._values(document))
        )

    def get_document(self, tenant_id: str, key: str, kind: DocumentKind) -> BillingDocument | None:
        row = (
            self._c.execute(
                select(docs).where(
                    docs.c.tenant_id == tenant_id,
                    docs.c.kind == kind.value,
                    or_(docs.c.id == key, docs.c.number == key),
                )
            )
            .mappings()
            .first()
        )
        return _document(row) if row else None

    def documents_of_account(self, tenant_id: str, account_id: str) -> list[BillingDocument]:
        """Oldest first: by document date, then number (taken under the account's lock, so
        in commit order), never by a request's clock (decision B21)."""
        rows = self._c.execute(
            select(docs)
            .where(docs.c.tenant_id == tenant_id, docs.c.account_id == account_id)
            .order_by(docs.c.document_date, func.length(docs.c.number), docs.c.number)
        ).mappings()
        return [_document(r) for r in rows]

    def documents_of_tenant(self, tenant_id: str, kind: DocumentKind) -> list[BillingDocument]:
        rows = self._c.execute(
            select(docs)
            .where(docs.c.tenant_id == tenant_id, docs.c.kind == kind.value)
            .order_by(docs.c.document_date, func.length(docs.c.number), docs.c.number)
        ).mappings()
        return [_document(r) for r in rows]

    def documents_of_source(self, tenant_id: str, source_id: str) -> list[BillingDocument]:
        """Documents a bill run (or an order) made."""
        rows = self._c.execute(
            select(docs)
            .where(docs.c.tenant_id == tenant_id, docs.c.source_id == source_id)
            .order_by(func.length(docs.c.number), docs.c.number)
        ).mappings()
        return [_document(r) for r in rows]

    def billed_items(self, tenant_id: str, subscription_number: str) -> list[DocumentItem]:
        """Every item billed for the subscription on documents that stand (not canceled).
        The order only matters to credits stored before they named their item (B21)."""
        return self.billed_items_many(tenant_id, [subscription_number])[subscription_number]

    def billed_items_many(
        self, tenant_id: str, subscription_numbers: Collection[str]
    ) -> dict[str, list[DocumentItem]]:
        """`billed_items` of many subscriptions in one statement, by subscription number
        (each in the order `billed_items` gives)."""
        wanted = sorted(set(subscription_numbers))
        out: dict[str, list[DocumentItem]] = {n: [] for n in wanted}
        if not wanted:
            return out
        rows = self._c.execute(
            _BILLED_OF_SUBSCRIPTIONS, {"tenant_id": tenant_id, "numbers": wanted}
        ).mappings()
        for row in rows:
            for i in _document(row).items:
                if i.item.subscription_number in out:
                    out[i.item.subscription_number].append(i)
        return out

    def billed_line_item_items(
        self, tenant_id: str, line_item_ids: Collection[str]
    ) -> list[DocumentItem]:
        """Every item billed for the line items (and their fulfillments) on documents that
        stand (not canceled)."""
        wanted = set(line_item_ids)
        if not wanted:
            return []
        ids = select(items_t.c.document_id).where(
            items_t.c.tenant_id == tenant_id,
            items_t.c.order_line_item_id.in_(sorted(wanted)),
        )
        rows = self._c.execute(
            select(docs)
            .where(
                docs.c.tenant_id == tenant_id,
                docs.c.id.in_(ids),
                docs.c.status != DocumentStatus.CANCELED.value,
            )
            .order_by(docs.c.created_at, docs.c.number)
        ).mappings()
        out: list[DocumentItem] = []
        for row in rows:
            out.extend(i for i in _document(row).items if i.item.order_line_item_id in wanted)
        return out
