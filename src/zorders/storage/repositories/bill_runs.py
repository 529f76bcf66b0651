"""Bill runs, stored as documents."""

from __future__ import annotations

from sqlalchemy import insert, or_, select, update
from sqlalchemy.engine import Connection

from zorders.domain.billing.bill_run import BillRun
from zorders.storage.documents import from_document, to_document
from zorders.storage.tables import bill_runs as t


class SqlBillRunRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, tenant_id: str, run: BillRun) -> None:
        assert run.created_at is not None
        self._c.execute(
            insert(t).values(
                id=run.id,
                tenant_id=tenant_id,
                number=run.number,
                status=run.status.value,
                document=to_document(run),
                created_at=run.created_at,
            )
        )

    def update(self, tenant_id: str, run: BillRun) -> None:
        self._c.execute(
            update(t)
            .where(t.c.tenant_id == tenant_id, t.c.id == run.id)
            .values(status=run.status.value, document=to_document(run))
        )

    def unfinished(self) -> list[tuple[str, str]]:
        """(tenant id, run id) of every Pending or Processing run, oldest first."""
        rows = self._c.execute(
            select(t.c.tenant_id, t.c.id)
            .where(t.c.status.in_(["Pending", "Processing"]))
            .order_by(t.c.created_at, t.c.id)
        )
        return [(r[0], r[1]) for r in rows]

    def get(self, tenant_id: str, key: str, *, for_update: bool = False) -> BillRun | None:
        query = select(t.c.document).where(
            t.c.tenant_id == tenant_id, or_(t.c.id == key, t.c.number == key)
        )
        if for_update and self._c.dialect.name == "postgresql":
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return from_document(BillRun, row[0]) if row else None
