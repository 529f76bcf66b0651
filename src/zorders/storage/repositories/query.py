"""Queries compiled to SQLAlchemy Core (issue 14): every value a bound parameter, every
query scoped to the tenant, rows in key order and paged by key (decision ZQ3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, and_, cast, false, or_, select, true
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from zorders.services.query.model import (
    Comparator,
    Comparison,
    Condition,
    IsNull,
    Junction,
    Query,
    QueryPage,
    Value,
)
from zorders.storage.query_base import TODAY, Source
from zorders.storage.query_documents import sources_for
from zorders.storage.types import DecimalType


class SqlQueryRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._dialect = connection.dialect.name
        self._sqlite = self._dialect == "sqlite"

    def page(
        self, tenant_id: str, query: Query, *, after: str | None, limit: int, today: date
    ) -> QueryPage:
        source = sources_for(self._dialect)[query.source]
        columns = [
            source.column(attr, self._dialect).label(f"c{i}") for i, attr in enumerate(query.attrs)
        ]
        statement = (
            select(source.key.label("k"), *columns)
            .select_from(source.table)
            .where(source.tenant == tenant_id, source.scope)
        )
        if query.where is not None:
            statement = statement.where(self._condition(source, query.where))
        if after is not None:
            statement = statement.where(source.key > after)
        statement = statement.order_by(source.key).limit(limit + 1)
        found = self._connection.execute(statement, {TODAY: today}).all()
        rows = tuple(
            {attr: row[i + 1] for i, attr in enumerate(query.attrs)} for row in found[:limit]
        )
        more = len(found) > limit
        return QueryPage(rows, str(found[limit - 1][0]) if more else None)

    def _condition(self, source: Source, condition: Condition) -> ColumnElement[bool]:
        if isinstance(condition, Junction):
            parts = [self._condition(source, part) for part in condition.parts]
            if not parts:
                return true() if condition.conjunction else false()
            return and_(*parts) if condition.conjunction else or_(*parts)
        column = source.column(condition.attr, self._dialect)
        if isinstance(condition, IsNull):
            return column.is_not(None) if condition.negated else column.is_(None)
        return self._compare(column, condition)

    def _compare(self, column: ColumnElement[Any], condition: Comparison) -> ColumnElement[bool]:
        value: Value = condition.value
        if value is None:
            # ZOQL's `= null` / `!= null` read as `is null` / `is not null`.
            if condition.comparator is Comparator.NE:
                return column.is_not(None)
            return column.is_(None)
        left: ColumnElement[Any] = column
        right: Any = value
        result: Any
        if isinstance(column.type, DecimalType) and self._sqlite:
            # SQLite keeps amounts as text (storage/types.py): compare them as numbers
            # (decision ZQ5).
            left = cast(column, Float)
            right = float(value) if isinstance(value, Decimal | int) else value
        op = condition.comparator
        if op is Comparator.LIKE:
            # Case-insensitive on both backends, as SQLite's LIKE is (ZQ4).
            result = left.ilike(str(value), escape="\\")
        elif op is Comparator.EQ:
            result = left == right
        elif op is Comparator.NE:
            result = left != right
        elif op is Comparator.LT:
            result = left < right
        elif op is Comparator.GT:
            result = left > right
        elif op is Comparator.LE:
            result = left <= right
        else:
            result = left >= right
        checked: ColumnElement[bool] = result
        return checked
