"""Bill runs, stored as documents; their account errors as rows of their own."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, or_, select, update
from sqlalchemy.engine import Connection

from zorders.domain.billing.bill_run import BillRun, BillRunAccountError
from zorders.storage.documents import from_document, to_document
from zorders.storage.tables import bill_run_account_errors as e
from zorders.storage.tables import bill_runs as t

# The statements of every run's steps, built once (PF52): by id or number, and the
# rewrite of its document.
_GET = select(t.c.document).where(
    t.c.tenant_id == bindparam("tenant_id"),
    or_(t.c.id == bindparam("key"), t.c.number == bindparam("key")),
)
_GET_LOCKED = _GET.with_for_update()
_UPDATE = (
    update(t)
    .where(t.c.tenant_id == bindparam("run_tenant_id"), t.c.id == bindparam("run_id"))
    .values(status=bindparam("run_status"), document=bindparam("run_document"))
)


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
            _UPDATE,
            {
                "run_tenant_id": tenant_id,
                "run_id": run.id,
                "run_status": run.status.value,
                "run_document": to_document(run),
            },
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
        locked = for_update and self._c.dialect.name == "postgresql"
        row = self._c.execute(
            _GET_LOCKED if locked else _GET, {"tenant_id": tenant_id, "key": key}
        ).first()
        return from_document(BillRun, row[0]) if row else None

    def add_account_error(self, tenant_id: str, error_id: str, error: BillRunAccountError) -> None:
        self._c.execute(
            insert(e).values(
                id=error_id,
                tenant_id=tenant_id,
                bill_run_id=error.bill_run_id,
                account_id=error.account_id,
                account_number=error.account_number,
                code=error.code,
                message=error.message,
                created_at=error.created_at,
            )
        )

    def account_errors(
        self, tenant_id: str, run_id: str, *, limit: int
    ) -> list[BillRunAccountError]:
        """The run's account errors in the order they happened (at most `limit`)."""
        rows = self._c.execute(
            select(e)
            .where(e.c.tenant_id == tenant_id, e.c.bill_run_id == run_id)
            .order_by(e.c.created_at, e.c.account_id)
            .limit(limit)
        )
        return [
            BillRunAccountError(
                bill_run_id=r.bill_run_id,
                account_id=r.account_id,
                account_number=r.account_number,
                code=r.code,
                message=r.message,
                created_at=r.created_at,
            )
            for r in rows
        ]
