"""What an Object Query object offers: its `Resource` (fields, filterable and sortable
fields, related objects, expansions) for the selection machinery, the stored column behind
each filterable or sortable field (filters and sorts run in SQL), the columns a path key
may name, and how the page's rows become views (lowerCamel dicts)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from zorders.api.selection.query import Kind, Query, Resource
from zorders.services.context import CommandContext
from zorders.services.ports.object_rows import RowCondition, RowOrder
from zorders.services.ports.unit_of_work import UnitOfWork

# rows of the page (id and order columns) -> their views, in the rows' order.
Loader = Callable[
    [UnitOfWork, CommandContext, Query, Sequence[Mapping[str, Any]]], list[dict[str, Any]]
]


@dataclass(frozen=True)
class ObjectSpec:
    path: str  # /object-query/<path>
    singular: str  # `<singular>.fields[]`
    table: str  # the stored table the list pages
    resource: Resource
    columns: Mapping[str, str]  # field -> column, for every filterable and sortable field
    keys: tuple[str, ...]  # columns a path key may name (id first)
    load: Loader
    # How the rows one key names are ordered (the first is answered): latest version first.
    key_order: tuple[RowOrder, ...] = ()
    # Conditions every read of the object holds (the kind of a billing document).
    fixed: tuple[RowCondition, ...] = ()
    # More columns of the page's rows the loader reads (an item's document id).
    fetch: tuple[str, ...] = ()

    def column(self, field: str) -> str:
        return self.columns[field]

    def kind(self, field: str) -> Kind:
        return self.resource.filterable[field]


def wire(value: Any) -> Any:
    """A Python value as Object Query shows it: timestamps ISO 8601 in UTC with offset
    (decision OQ6), dates ISO, amounts as numbers (Decimal, every digit kept)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [wire(v) for v in value]
    return value


def view(**fields: Any) -> dict[str, Any]:
    return {k: wire(v) for k, v in fields.items()}


def custom(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {k: wire(v) for k, v in fields.items() if k.endswith("__c")}


def resource(
    name: str,
    fields: Sequence[str],
    filterable: Mapping[str, Kind],
    *,
    related: Mapping[str, Sequence[str]] | None = None,
    expandable: Sequence[str] = (),
    default_sort: tuple[str, bool] = ("createdDate", True),
) -> Resource:
    """Every filterable field sorts too (both run on columns)."""
    return Resource(
        name=name,
        fields=frozenset(fields),
        filterable=dict(filterable),
        sortable=frozenset(filterable),
        related={k: frozenset(v) for k, v in (related or {}).items()},
        expandable=frozenset(expandable),
        default_sort=default_sort,
    )


def cursor_value(text: Any, kind: Kind) -> Any:
    """A cursor's sort value (as `wire_key` wrote it) back to the column's Python value."""
    if text is None:
        return None
    if kind is Kind.NUMBER:
        return Decimal(str(text))
    if kind is Kind.INTEGER:
        return int(text)
    if kind is Kind.BOOLEAN:
        return bool(text)
    if kind is Kind.DATE:
        return date.fromisoformat(str(text))
    if kind is Kind.DATETIME:
        moment = datetime.fromisoformat(str(text))
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return str(text)
