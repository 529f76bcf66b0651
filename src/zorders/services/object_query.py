"""Object Query lists (issue 14): one page of a stored object's rows, the filter, order and
cursor pushed into one query of the tenant's rows; the page's objects are then read by id
by the caller in the same unit of work."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from zorders.services.context import CommandContext
from zorders.services.ports.object_rows import OPERATORS, RowQuery
from zorders.services.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class RowPage:
    rows: tuple[dict[str, Any], ...]  # id and order columns, in order
    more: bool  # rows follow the last one


def page_rows(uow: UnitOfWork, ctx: CommandContext, query: RowQuery) -> RowPage:
    """At most `query.limit` rows, and whether more follow (one row more is read)."""
    if query.table not in uow.object_rows.tables():
        raise ValueError(f"no stored table {query.table!r}")
    for condition in query.conditions:
        if condition.op not in OPERATORS:
            raise ValueError(f"no operator {condition.op!r}")
    rows = uow.object_rows.page(ctx.tenant_id, replace(query, limit=query.limit + 1))
    return RowPage(tuple(rows[: query.limit]), len(rows) > query.limit)
