"""Per-tenant sequences for object numbers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from zorders.domain.numbering import NumberKind
from zorders.storage.tables import sequences


def _next_value_statement(dialect_insert: Any) -> Any:
    """One statement per number (decision PF20): the row is created at 1 or incremented.
    ON CONFLICT DO UPDATE takes the row lock, so a concurrent transaction waits for ours
    to end and then increments our value: no value is handed out twice."""
    return (
        dialect_insert(sequences)
        .values(tenant_id=bindparam("tenant_id"), name=bindparam("name"), value=1)
        .on_conflict_do_update(
            index_elements=["tenant_id", "name"], set_={"value": sequences.c.value + 1}
        )
        .returning(sequences.c.value)
    )


# Built once: the statement is the same for every number (SQLAlchemy caches its SQL).
_NEXT_VALUE = {
    "postgresql": _next_value_statement(postgresql.insert),
    "sqlite": _next_value_statement(sqlite.insert),
}


class SqlSequenceRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def next_value(self, tenant_id: str, kind: NumberKind) -> int:
        statement = _NEXT_VALUE[self._c.dialect.name]
        value = self._c.execute(statement, {"tenant_id": tenant_id, "name": kind.value})
        return int(value.scalar_one())

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
