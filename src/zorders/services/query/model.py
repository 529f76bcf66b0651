"""A query as the engine runs it: a source (an object kind), the attributes to read and
a condition tree over attributes, with typed values. Attribute names are the engine's
own (snake_case); each dialect maps its field names onto them at the edge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Comparator(StrEnum):
    EQ = "="
    NE = "!="
    LT = "<"
    GT = ">"
    LE = "<="
    GE = ">="
    LIKE = "like"


class Kind(StrEnum):
    """How an attribute's values are typed (and compared)."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"


Value = str | int | Decimal | bool | date | datetime | None

# A custom field's attribute: the prefix and the field's name as written (ZQ15).
CUSTOM = "custom:"


def custom_attr(name: str) -> str:
    return CUSTOM + name


@dataclass(frozen=True)
class Comparison:
    attr: str
    comparator: Comparator
    value: Value


@dataclass(frozen=True)
class IsNull:
    attr: str
    negated: bool = False


@dataclass(frozen=True)
class Junction:
    """`and` (all parts) or `or` (any part)."""

    conjunction: bool
    parts: tuple[Condition, ...]


Condition = Comparison | IsNull | Junction


@dataclass(frozen=True)
class Query:
    source: str
    attrs: tuple[str, ...]
    where: Condition | None = None


@dataclass(frozen=True)
class QueryPage:
    """Rows in key order (each a mapping attribute -> value), and the key of the last one
    when more rows follow."""

    rows: tuple[dict[str, Value], ...]
    next_after: str | None


def _value_to_json(value: Value) -> Any:
    if isinstance(value, bool) or value is None:
        return {"t": "v", "v": value}
    if isinstance(value, datetime):
        return {"t": "dt", "v": value.isoformat()}
    if isinstance(value, date):
        return {"t": "d", "v": value.isoformat()}
    if isinstance(value, Decimal):
        return {"t": "n", "v": format(value, "f")}
    return {"t": "v", "v": value}


def _value_from_json(data: dict[str, Any]) -> Value:
    tag, raw = data["t"], data["v"]
    if tag == "dt":
        return datetime.fromisoformat(raw)
    if tag == "d":
        return date.fromisoformat(raw)
    if tag == "n":
        return Decimal(raw)
    value: Value = raw
    return value


def condition_to_json(condition: Condition | None) -> Any:
    """A condition as JSON (a job's payload keeps the query it runs)."""
    if condition is None:
        return None
    if isinstance(condition, Comparison):
        return {
            "attr": condition.attr,
            "cmp": condition.comparator.value,
            "value": _value_to_json(condition.value),
        }
    if isinstance(condition, IsNull):
        return {"attr": condition.attr, "null": not condition.negated}
    return {
        "all" if condition.conjunction else "any": [condition_to_json(p) for p in condition.parts]
    }


def condition_from_json(data: Any) -> Condition | None:
    if data is None:
        return None
    if "all" in data or "any" in data:
        conjunction = "all" in data
        parts = data["all"] if conjunction else data["any"]
        found = [condition_from_json(p) for p in parts]
        return Junction(conjunction, tuple(p for p in found if p is not None))
    if "null" in data:
        return IsNull(data["attr"], negated=not data["null"])
    return Comparison(data["attr"], Comparator(data["cmp"]), _value_from_json(data["value"]))


def query_to_json(query: Query) -> dict[str, Any]:
    return {
        "source": query.source,
        "attrs": list(query.attrs),
        "where": condition_to_json(query.where),
    }


def query_from_json(data: dict[str, Any]) -> Query:
    return Query(data["source"], tuple(data["attrs"]), condition_from_json(data["where"]))
