"""The port of queries: a page of one source's rows, in key order, scoped to a tenant."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from zorders.services.query.model import Query, QueryPage


class QueryRepository(Protocol):
    def page(
        self, tenant_id: str, query: Query, *, after: str | None, limit: int, today: date
    ) -> QueryPage:
        """At most `limit` rows whose key is past `after` (None: from the first), values
        that depend on the day as of `today`."""
        ...
