"""Per-tenant sequences for object numbers."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from zorders.domain.numbering import NumberKind
from zorders.storage.tables import sequences


class SqlSequenceRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def next_value(self, tenant_id: str, kind: NumberKind) -> int:
        dialect_insert = (
            postgresql.insert if self._c.dialect.name == "postgresql" else sqlite.insert
        )
        self._c.execute(
            dialect_insert(sequences)
            .values(tenant_id=tenant_id, name=kind.value, value=0)
            .on_conflict_do_nothing(index_elements=["tenant_id", "name"])
        )
        # UPDATE ... RETURNING takes the row lock: a concurrent transaction waits for ours
        # to end and then sees our increment, so no value is handed out twice.
        value = self._c.execute(
            update(sequences)
            .where(sequences.c.tenant_id == tenant_id, sequences.c.name == kind.value)
            .values(value=sequences.c.value + 1)
            .returning(sequences.c.value)
        ).scalar_one()
        return int(value)

    def reserve_many(self, tenant_id: str, kind: NumberKind, count: int) -> int:
        """Take `count` consecutive values in one statement (a bill run's batch, PF41) and
        return the first; the row stays locked to commit, as with `next_value`."""
        dialect_insert = (
            postgresql.insert if self._c.dialect.name == "postgresql" else sqlite.insert
        )
        statement = dialect_insert(sequences).values(
            tenant_id=tenant_id, name=kind.value, value=count
        )
        value = self._c.execute(
            statement.on_conflict_do_update(
                index_elements=["tenant_id", "name"],
                set_={"value": sequences.c.value + count},
            ).returning(sequences.c.value)
        ).scalar_one()
        return int(value) - count + 1
