"""A query source (issue 14): its table (or join), its key, the tenant column, the column
behind each attribute and, for objects with custom fields, where those are (ZQ15)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    FromClause,
    String,
    bindparam,
    case,
    cast,
    func,
    literal,
    type_coerce,
)
from sqlalchemy.sql.elements import KeyedColumnElement

from zorders.services.query.model import CUSTOM
from zorders.storage.types import JsonDate


@dataclass(frozen=True)
class Source:
    table: FromClause
    key: ColumnElement[Any]
    tenant: KeyedColumnElement[Any]
    attrs: dict[str, ColumnElement[Any]]
    # Rows of the table that are not the source's (an invoice among billing documents).
    scope: ColumnElement[bool] = field(default_factory=lambda: literal(True))
    # The JSON column holding the record's custom fields, when it has them, and their
    # object's path in it (ZQ15).
    custom: ColumnElement[Any] | None = None
    custom_path: tuple[str, ...] = ()

    def column(self, attr: str, dialect: str) -> ColumnElement[Any]:
        """The column behind `attr`; a custom field's value as text (ZQ15)."""
        if attr.startswith(CUSTOM) and self.custom is not None:
            path = (*self.custom_path, attr[len(CUSTOM) :])
            return _custom_text(self.custom, path, dialect)
        return self.attrs[attr]


# The day a query reads values that depend on it (a subscription's Status, ZQ16): a bound
# parameter the repository gives when it runs the statement.
TODAY = "query_today"


def today_param() -> ColumnElement[Any]:
    found: ColumnElement[Any] = bindparam(TODAY, type_=JsonDate())
    return found


def _custom_text(
    custom: ColumnElement[Any], path: tuple[str, ...], dialect: str
) -> ColumnElement[Any]:
    """A custom field's value as text, the same on both backends: a string as it is, a
    number's digits (a Decimal's, kept under its tag, with its scale), `true` / `false`."""
    values = type_coerce(custom, JSON)
    tagged = values[(*path, "$decimal")].as_string()
    if dialect != "sqlite":
        text: ColumnElement[Any] = func.coalesce(tagged, values[path].as_string())
        return text
    where = "$" + "".join(f'."{step}"' for step in path)
    kind = func.json_type(custom, where)
    plain = case(
        (kind.in_(("true", "false")), kind),
        else_=cast(func.json_extract(custom, where), String),
    )
    found: ColumnElement[Any] = func.coalesce(tagged, plain)
    return found
