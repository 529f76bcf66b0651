"""The service's own keys (decision CO3): one row per name, never per tenant."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from zorders.storage.tables import service_keys

_INSERT: dict[str, Any] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class SqlServiceKeyRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, name: str) -> str | None:
        found = self._c.execute(
            select(service_keys.c.value).where(service_keys.c.name == name)
        ).scalar()
        return None if found is None else str(found)

    def add_if_absent(self, name: str, value: str, at: datetime) -> None:
        insert = _INSERT[self._c.dialect.name]
        self._c.execute(
            insert(service_keys)
            .values(name=name, value=value, created_at=at)
            .on_conflict_do_nothing(index_elements=["name"])
        )
