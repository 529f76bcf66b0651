"""JSON arrays of stored documents as rows (issue 14, ZQ11): each element of an array
through the backend's JSON table function (`json_each` on SQLite, a lateral
`json_array_elements` on PostgreSQL), and an element's values, typed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ColumnElement, Numeric, cast, func, type_coerce

from zorders.storage.types import DecimalType, JsonDate


def elements(
    dialect: str, parent: ColumnElement[Any], key: str, name: str, *, numbered: bool = False
) -> Any:
    """The elements of `parent`'s array `key`; `numbered`: with their place (`place`,
    0-based on SQLite, 1-based on PostgreSQL: only its order matters)."""
    if dialect == "sqlite":
        found = func.json_each(parent, f"$.{key}")
        return found.table_valued("value", "key", name=name)
    elements = func.json_array_elements(type_coerce(parent, JSON)[key])
    if numbered:
        numbered_elements = elements.table_valued("value", with_ordinality="key")
        return numbered_elements.render_derived(name=name).lateral()
    return elements.table_valued("value", name=name).lateral()


class Element:
    """One JSON array element's values, typed."""

    def __init__(self, value: ColumnElement[Any]) -> None:
        self._value = type_coerce(value, JSON)

    def text(self, *path: str) -> ColumnElement[Any]:
        found: ColumnElement[Any] = self._value[path].as_string()
        return found

    def integer(self, *path: str) -> ColumnElement[Any]:
        found: ColumnElement[Any] = self._value[path].as_integer()
        return found

    def boolean(self, *path: str) -> ColumnElement[Any]:
        found: ColumnElement[Any] = self._value[path].as_boolean()
        return found

    def date(self, *path: str) -> ColumnElement[Any]:
        return type_coerce(self.text(*path), JsonDate())

    def decimal(self, dialect: str, *path: str) -> ColumnElement[Any]:
        """A Decimal kept as text: exact NUMERIC on PostgreSQL; on SQLite a DecimalType,
        which the query repository compares as a number (ZQ5)."""
        if dialect == "sqlite":
            return type_coerce(self.text(*path), DecimalType())
        return cast(self.text(*path), Numeric(asdecimal=True))
