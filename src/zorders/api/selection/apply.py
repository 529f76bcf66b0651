"""Applying a parsed query to views (plain JSON-shaped dicts): filters evaluated in memory,
fields and related fields selected, related lists filtered (`api/selection/query.py`
documents the parameters)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from zorders.api.selection.cursor import parse_datetime
from zorders.api.selection.kinds import Kind

if TYPE_CHECKING:
    from zorders.api.selection.query import Filter, Query, Resource


def _value(obj: Mapping[str, Any], path: str) -> Any:
    value: Any = obj
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _comparable(value: Any, kind: Kind) -> Any:
    """A view's value read like a filter literal of `kind` (None stays None)."""
    if value is None:
        return None
    try:
        if kind is Kind.NUMBER:
            return Decimal(str(value))
        if kind is Kind.INTEGER:
            return int(value)
        if kind is Kind.DATE:
            return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        if kind is Kind.DATETIME:
            return value if isinstance(value, datetime) else parse_datetime(str(value))
    except (ValueError, InvalidOperation):
        return None
    if kind is Kind.BOOLEAN:
        return bool(value)
    return str(value) if not isinstance(value, str) else value


def _holds(obj: Mapping[str, Any], f: Filter) -> bool:
    value = _comparable(_value(obj, f.field), f.kind)
    if f.op == "EQ":
        return bool(value == f.value)
    if f.op == "NE":
        return bool(value != f.value)
    if f.op == "IN":
        return value in f.value
    if value is None or f.value is None:
        return False
    if f.op == "SW":
        return str(value).startswith(str(f.value))
    try:
        return bool(
            {
                "LT": value < f.value,
                "GT": value > f.value,
                "LE": value <= f.value,
                "GE": value >= f.value,
            }[f.op]
        )
    except TypeError:
        return False


def matches(obj: Mapping[str, Any], filters: Iterable[Filter]) -> bool:
    """All filters hold (AND)."""
    return all(_holds(obj, f) for f in filters)


def _restrict(obj: Mapping[str, Any], names: frozenset[str] | None) -> dict[str, Any]:
    if names is None:
        return dict(obj)
    return {k: v for k, v in obj.items() if k in names or k == "id"}


def select(obj: Mapping[str, Any], query: Query, resource: Resource) -> dict[str, Any]:
    """One object as the query asks: its fields, its related objects' fields, the items of
    its related lists that pass the related filters."""
    out = _restrict(obj, query.fields)
    for rel in resource.related:
        if rel not in out or out[rel] is None:
            continue
        names = query.related_fields.get(rel)
        filters = query.related_filters.get(rel, ())
        value = out[rel]
        if isinstance(value, list):
            out[rel] = [_restrict(v, names) for v in value if matches(v, filters)]
        elif isinstance(value, Mapping) and isinstance(value.get("data"), list):
            out[rel] = {
                **value,
                "data": [_restrict(v, names) for v in value["data"] if matches(v, filters)],
            }
        elif isinstance(value, Mapping):
            out[rel] = _restrict(value, names)
    return out
