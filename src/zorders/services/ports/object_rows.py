"""Rows of a stored table picked by conditions, ordered and cut after a key (the Object
Query dialect's lists, issue 14): one page costs one indexed query, whatever the table's
size. The caller names columns of the table; values are Python values (str, int, Decimal,
bool, date, aware datetime), None for null, a tuple for IN."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

OPERATORS = frozenset({"EQ", "NE", "LT", "GT", "LE", "GE", "SW", "IN"})


@dataclass(frozen=True)
class RowCondition:
    column: str
    op: str
    value: Any


@dataclass(frozen=True)
class RowOrder:
    column: str
    descending: bool


@dataclass(frozen=True)
class RowQuery:
    """Rows of `table` where every condition holds, in `order` (nulls first ascending,
    last descending; ties by `id` in the first key's direction), strictly after
    `after` = (the order columns' values, id) when given, at most `limit`."""

    table: str
    conditions: tuple[RowCondition, ...] = ()
    order: tuple[RowOrder, ...] = ()
    after: tuple[tuple[Any, ...], str] | None = None
    limit: int = 10
    columns: tuple[str, ...] = ()  # more columns to answer besides id and the order's


class ObjectRowRepository(Protocol):
    def tables(self) -> frozenset[str]:
        """The tables `page` reads."""
        ...

    def page(self, tenant_id: str, query: RowQuery) -> list[dict[str, Any]]:
        """The rows' `id`, order columns and `query.columns`, in order."""
        ...
