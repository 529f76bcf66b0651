"""Pages of a table's rows for the Object Query lists (issue 14): conditions, order and the
cursor's keyset in one SQL query, so that a page costs O(page) whatever the table's size.

Order: nulls first ascending (last descending) on both backends, as the in-memory pages of
`api/selection/paging.py` order them; ties by `id`. Amounts are DecimalType: canonical text
on SQLite, so there they are compared and ordered as SQLite numbers (REAL), exact up to 15
significant digits; NUMERIC on PostgreSQL, exact."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, and_, case, cast, false, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from zorders.services.ports.object_rows import RowCondition, RowOrder, RowQuery
from zorders.storage.tables import (
    accounts,
    billing_documents,
    billing_items,
    contacts,
    order_actions,
    orders,
    payment_methods,
    payments,
    product_rate_plan_charges,
    product_rate_plans,
    products,
    subscription_rate_plan_charges,
    subscription_rate_plans,
    subscription_versions,
    subscriptions,
)
from zorders.storage.types import DecimalType

_TABLES = {
    t.name: t
    for t in (
        accounts,
        billing_documents,
        billing_items,
        contacts,
        subscriptions,
        subscription_versions,
        orders,
        order_actions,
        products,
        product_rate_plans,
        product_rate_plan_charges,
        payments,
        payment_methods,
        subscription_rate_plans,
        subscription_rate_plan_charges,
    )
}


def _derived() -> dict[tuple[str, str], Any]:
    """Columns a table borrows from the row it belongs to: an item's document kind, so
    that the invoice items keep to invoices (one correlated look-up by primary key)."""
    kind = (
        select(billing_documents.c.kind)
        .where(billing_documents.c.id == billing_items.c.document_id)
        .scalar_subquery()
        .label("document_kind")
    )
    return {("billing_items", "document_kind"): kind}


_DERIVED = _derived()


def _column(table: Any, name: str) -> Any:
    derived = _DERIVED.get((table.name, name))
    return derived if derived is not None else table.c[name]


class SqlObjectRowRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._sqlite = connection.dialect.name == "sqlite"

    def tables(self) -> frozenset[str]:
        return frozenset(_TABLES)

    def _expr(self, column: Any) -> Any:
        if self._sqlite and isinstance(column.type, DecimalType):
            return cast(column, Float)
        return column

    def _value(self, column: Any, value: Any) -> Any:
        if self._sqlite and isinstance(column.type, DecimalType) and value is not None:
            return float(value)
        return value

    def _condition(self, column: Any, condition: RowCondition) -> ColumnElement[bool]:
        expr, op, value = self._expr(column), condition.op, condition.value
        if op == "IN":
            values = [self._value(column, v) for v in value if v is not None]
            held: ColumnElement[bool] = expr.in_(values) if values else false()
            if any(v is None for v in value):
                held = or_(held, column.is_(None))
            return held
        if value is None:
            return column.is_(None) if op == "EQ" else column.is_not(None)  # type: ignore[no-any-return]
        value = self._value(column, value)
        if op == "EQ":
            return expr == value  # type: ignore[no-any-return]
        if op == "NE":
            return or_(expr != value, column.is_(None))
        if op == "SW":
            # substr, not LIKE: case-sensitive on both backends, no wildcards in the value.
            return func.substr(column, 1, len(value)) == value  # type: ignore[no-any-return]
        return {  # type: ignore[no-any-return]
            "LT": expr < value,
            "GT": expr > value,
            "LE": expr <= value,
            "GE": expr >= value,
        }[op]

    def _after(
        self, table: Any, order: tuple[RowOrder, ...], after: tuple[tuple[Any, ...], str]
    ) -> Any:
        """Rows strictly after the cursor's (values, id) in the list order."""
        values, last_id = after
        tie_descending = order[0].descending if order else True
        keys = [(table.c[o.column], o.descending, v) for o, v in zip(order, values, strict=True)]
        keys.append((table.c.id, tie_descending, last_id))
        branches = []
        equal: list[Any] = []
        for column, descending, value in keys:
            expr, bound = self._expr(column), self._value(column, value)
            if value is None:
                later = false() if descending else column.is_not(None)
                same = column.is_(None)
            else:
                if descending:
                    later = or_(expr < bound, column.is_(None)) if column.nullable else expr < bound
                else:
                    later = expr > bound
                same = expr == bound
            branches.append(and_(*equal, later) if equal else later)
            equal.append(same)
        return or_(*branches)

    def page(self, tenant_id: str, query: RowQuery) -> list[dict[str, Any]]:
        table = _TABLES[query.table]
        names = list(dict.fromkeys(["id", *(o.column for o in query.order), *query.columns]))
        stmt = select(*(table.c[n] for n in names)).where(table.c.tenant_id == tenant_id)
        for condition in query.conditions:
            stmt = stmt.where(self._condition(_column(table, condition.column), condition))
        if query.after is not None:
            stmt = stmt.where(self._after(table, query.order, query.after))
        ordering: list[Any] = []
        for o in query.order:
            column = table.c[o.column]
            expr = self._expr(column)
            if column.nullable:
                present = case((column.is_(None), 0), else_=1)
                ordering.append(present.desc() if o.descending else present)
            # A column without nulls orders by itself, so that an index can serve the order.
            ordering.append(expr.desc() if o.descending else expr)
        tie_descending = query.order[0].descending if query.order else True
        ordering.append(table.c.id.desc() if tie_descending else table.c.id)
        stmt = stmt.order_by(*ordering).limit(query.limit)
        return [dict(row) for row in self._connection.execute(stmt).mappings()]
