"""Stored answers of idempotent requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from zorders.services.ports import IdempotencyRecord
from zorders.storage.tables import idempotency_keys as t


def _values(record: IdempotencyRecord) -> dict[str, object]:
    return {
        "method": record.method,
        "path": record.path,
        "completed": record.completed,
        "work_committed": record.work_committed,
        "status_code": record.status_code,
        "headers": [list(h) for h in record.headers],
        "body": record.body,
        "created_at": record.created_at,
        "expires_at": record.expires_at,
        "locked_until": record.locked_until,
    }


class SqlIdempotencyRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def _key(self, tenant_id: str, key: str):  # type: ignore[no-untyped-def]
        return and_(t.c.tenant_id == tenant_id, t.c.key == key)

    def insert_claim(self, record: IdempotencyRecord) -> bool:
        dialect_insert = (
            postgresql.insert if self._c.dialect.name == "postgresql" else sqlite.insert
        )
        result = self._c.execute(
            dialect_insert(t)
            .values(tenant_id=record.tenant_id, key=record.key, **_values(record))
            .on_conflict_do_nothing(index_elements=["tenant_id", "key"])
            # rowcount of INSERT .. ON CONFLICT is not reported by every driver: ask back.
            .returning(t.c.key)
        )
        return result.first() is not None

    def get(self, tenant_id: str, key: str) -> IdempotencyRecord | None:
        row = self._c.execute(select(t).where(self._key(tenant_id, key))).mappings().first()
        if row is None:
            return None
        return IdempotencyRecord(
            tenant_id=row["tenant_id"],
            key=row["key"],
            method=row["method"],
            path=row["path"],
            completed=row["completed"],
            status_code=row["status_code"],
            headers=[(str(k), str(v)) for k, v in (row["headers"] or [])],
            body=row["body"],
            created_at=row["created_at"],
            expires_at=row["expires_at"],
            locked_until=row["locked_until"],
            work_committed=row["work_committed"],
        )

    def take_over(
        self, tenant_id: str, key: str, record: IdempotencyRecord, *, stale_before: datetime
    ) -> bool:
        stale = or_(
            t.c.expires_at <= stale_before,
            and_(
                t.c.completed.is_(False),
                t.c.work_committed.is_(False),
                t.c.locked_until <= stale_before,
            ),
        )
        result = self._c.execute(
            update(t).where(self._key(tenant_id, key), stale).values(**_values(record))
        )
        return result.rowcount == 1

    def complete(
        self,
        tenant_id: str,
        key: str,
        status_code: int,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> None:
        self._c.execute(
            update(t)
            .where(self._key(tenant_id, key))
            .values(
                completed=True,
                status_code=status_code,
                headers=[list(h) for h in headers],
                body=body,
            )
        )

    def seal(self, tenant_id: str, key: str) -> None:
        self._c.execute(update(t).where(self._key(tenant_id, key)).values(work_committed=True))

    def release(self, tenant_id: str, key: str) -> None:
        self._c.execute(
            delete(t).where(
                self._key(tenant_id, key),
                t.c.completed.is_(False),
                t.c.work_committed.is_(False),
            )
        )

    def delete_expired(self, now: datetime) -> int:
        return self._c.execute(delete(t).where(t.c.expires_at <= now)).rowcount
