"""The selection machinery (spec §12.1): one parser and one applier for every route of the
v2 and Object Query dialects; what differs between them is a `Dialect` (api/selection/dialect.py).
The text below speaks v2 (`api/v2/query.py` binds the v2 dialect).

A route declares what its object offers in a `Resource` and works on its v2 view (plain
JSON-shaped dicts, snake_case, built by the route's view function):

    ACCOUNTS = Resource(
        name="accounts",
        fields=frozenset({"id", "account_number", "name", ...}),
        filterable={"account_number": Kind.STRING, "balance": Kind.NUMBER, ...},
        sortable=frozenset({"created_time", "account_number", ...}),
        related={"bill_to": frozenset({...})},      # for `bill_to.fields[]`
        expandable=frozenset({"payment_methods"}),  # for `expand[]`
    )

    query = parse_query(request.query_params.multi_items(), ACCOUNTS, listing=True)
    return page(views, query, ACCOUNTS)   # api/v2/paging.py: {"data": [...], "next_page": ...}
    return select(view, query, ACCOUNTS)  # one object (single reads, create answers)

or, in a route signature, `query: Query = Depends(query_of(ACCOUNTS, listing=True))`.

Query parameters (repeatable; `fields[]=a,b` and `fields[]=a&fields[]=b` are the same):
- `fields[]`: the top-level fields to return (`id` always comes back). Default: all.
- `<related>.fields[]`: the same for a related object or list of the resource
  (`subscriptions.fields[]`); `<related>` must be in `Resource.related`.
- `expand[]`: relations to expand, from `Resource.expandable`; the route reads
  `query.expands("x")` and puts the expanded object in its view.
- `filter[]`: `<field>.<OP>:<value>` with OP one of `EQ NE LT GT LE GE SW IN`, AND-combined;
  `IN:[a,b]`; `EQ:null` / `NE:null` for nulls; values are read by the field's `Kind`. On
  lists only. `<related>[<field>].<OP>:<value>` filters the items of a related list
  (lists and single reads).
- `sort[]`: `<field>.asc|desc`, several allowed; lists only. Default `created_time.desc`
  (reverse chronological), ties broken by `id` in the same direction.
- `page_size`: 1..99, default 30; `cursor`: the `next_page` of the previous page.

The cursor is opaque: base64url of JSON `{"s": <sort spec>, "k": <last sort values>,
"i": <last id>}`. The next page starts strictly after that key, so rows inserted
meanwhile neither repeat nor shift a page (keyset pagination). A cursor that does not
decode, or was made for another sort, is a `bad_request` naming `cursor`.

Every bad input is the dialect's error (v2: a `V2Error` `bad_request`) whose `parameter` is
the query parameter
(`fields[]`, `subscriptions.fields[]`, `expand[]`, `filter[]`, `sort[]`, `page_size`,
`cursor`): unknown field names included (decision QA5).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import Request

from zorders.api.selection.apply import matches, select
from zorders.api.selection.cursor import decode_cursor, parse_datetime
from zorders.api.selection.dialect import Dialect
from zorders.api.selection.kinds import Kind

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "Dialect",
    "Filter",
    "Kind",
    "Query",
    "Resource",
    "SortKey",
    "matches",
    "parse_query",
    "query_of",
    "select",
]

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 99


@dataclass(frozen=True)
class Resource:
    name: str
    fields: frozenset[str]
    filterable: Mapping[str, Kind] = field(default_factory=dict)
    sortable: frozenset[str] = frozenset({"created_time", "updated_time", "id"})
    # related name -> its fields (for `<related>.fields[]`), and its filterable fields.
    related: Mapping[str, frozenset[str]] = field(default_factory=dict)
    related_filterable: Mapping[str, Mapping[str, Kind]] = field(default_factory=dict)
    expandable: frozenset[str] = frozenset()
    default_sort: tuple[str, bool] = ("created_time", True)  # (field, descending)


@dataclass(frozen=True)
class Filter:
    field: str
    op: str
    value: Any  # read by Kind; a tuple for IN; None for null
    kind: Kind


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool


@dataclass(frozen=True)
class Query:
    fields: frozenset[str] | None = None
    related_fields: Mapping[str, frozenset[str]] = field(default_factory=dict)
    expand: frozenset[str] = frozenset()
    filters: tuple[Filter, ...] = ()
    related_filters: Mapping[str, tuple[Filter, ...]] = field(default_factory=dict)
    sort: tuple[SortKey, ...] = ()
    page_size: int = DEFAULT_PAGE_SIZE
    after: tuple[list[Any], Any] | None = None  # (sort values, id) from the cursor

    def expands(self, name: str) -> bool:
        return name in self.expand


# -- parsing ---------------------------------------------------------------------------------


def _names(values: Iterable[str]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def _lookup(name: str, allowed: Iterable[str], dialect: Dialect) -> str | None:
    """`name` as `allowed` spells it, or None (folding case when the dialect does)."""
    if dialect.fold_case:
        return next((a for a in allowed if a.lower() == name.lower()), None)
    return name if name in allowed else None


def _known(
    names: list[str], allowed: Iterable[str], parameter: str, dialect: Dialect
) -> frozenset[str]:
    allowed_set = set(allowed)
    known: set[str] = set()
    for n in names:
        found = _lookup(n, allowed_set, dialect)
        if found is None:
            raise dialect.bad(parameter, f"'{n}' is not a valid field")
        known.add(found)
    return frozenset(known)


def _filter_pattern(dialect: Dialect) -> re.Pattern[str]:
    chars = dialect.field_chars
    return re.compile(
        rf"^(?:(?P<rel>[{chars}]+)\[(?P<rfield>[{chars}]+)\]|(?P<field>[{chars}]+))"
        r"\.(?P<op>[A-Z]{2}):(?P<value>.*)$",
        re.DOTALL,
    )


def _literal(text: str, kind: Kind, spec: str, dialect: Dialect) -> Any:
    if text == "null":
        return None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    try:
        if kind is Kind.INTEGER:
            return int(text)
        if kind is Kind.NUMBER:
            number = Decimal(text)
            if not number.is_finite():
                raise ValueError(text)
            return number
        if kind is Kind.BOOLEAN:
            if text.lower() not in ("true", "false"):
                raise ValueError(text)
            return text.lower() == "true"
        if kind is Kind.DATE:
            return date.fromisoformat(text)
        if kind is Kind.DATETIME:
            return parse_datetime(text)
    except (ValueError, InvalidOperation):
        raise dialect.bad("filter[]", f"'{spec}': '{text}' is not a valid {kind.value}") from None
    return text


def _filter(
    spec: str, resource: Resource, listing: bool, dialect: Dialect
) -> tuple[str | None, Filter]:
    m = _filter_pattern(dialect).match(spec.strip())
    if m is None:
        raise dialect.bad("filter[]", f"'{spec}' is not of the form <field>.<OP>:<value>")
    op = m["op"]
    if op not in dialect.operators:
        raise dialect.bad(
            "filter[]", f"'{op}' is not an operator; use one of {', '.join(dialect.operators)}"
        )
    rel = m["rel"]
    if rel is not None:
        found = _lookup(rel, resource.related_filterable, dialect)
        if found is None:
            raise dialect.bad("filter[]", f"'{rel}' cannot be filtered")
        rel = found
        name = m["rfield"]
        kinds = resource.related_filterable[rel]
    else:
        name = m["field"]
        if not listing:
            raise dialect.bad(
                "filter[]", f"'{spec}': a single object takes filters on its related lists only"
            )
        kinds = resource.filterable
    canonical = _lookup(name, kinds, dialect)
    if canonical is None:
        raise dialect.bad("filter[]", f"'{name}' is not a filterable field")
    kind = kinds[canonical]
    raw = m["value"]
    value: Any
    if op == "IN":
        if not (raw.startswith("[") and raw.endswith("]")):
            raise dialect.bad("filter[]", f"'{spec}': IN takes [a,b,...]")
        value = tuple(
            _literal(v.strip(), kind, spec, dialect) for v in raw[1:-1].split(",") if v.strip()
        )
    else:
        value = _literal(raw, kind, spec, dialect)
        if value is None and op not in ("EQ", "NE"):
            raise dialect.bad("filter[]", f"'{spec}': null takes EQ or NE")
        if op == "SW" and kind is not Kind.STRING:
            raise dialect.bad("filter[]", f"'{spec}': SW takes a string")
    return rel, Filter(canonical, op, value, kind)


def _sort(values: list[str], resource: Resource, dialect: Dialect) -> tuple[SortKey, ...]:
    keys: list[SortKey] = []
    for spec in values:
        name, _, direction = spec.rpartition(".")
        if not name or direction.lower() not in ("asc", "desc"):
            raise dialect.bad("sort[]", f"'{spec}' is not of the form <field>.asc|desc")
        canonical = _lookup(name, resource.sortable, dialect)
        if canonical is None:
            raise dialect.bad("sort[]", f"'{name}' is not a sortable field")
        keys.append(SortKey(canonical, direction.lower() == "desc"))
    return tuple(keys)


def _page_size(values: list[str], dialect: Dialect) -> int:
    parameter = dialect.page_size_parameter
    if not values:
        return dialect.default_page_size
    text = values[-1].strip()
    try:
        size = int(text)
    except ValueError:
        raise dialect.bad(
            parameter, f"'{text}' is not an integer", "invalid_parameter_integer"
        ) from None
    if not 1 <= size <= dialect.max_page_size:
        raise dialect.bad(parameter, f"'{parameter}' must be between 1 and {dialect.max_page_size}")
    return size


def parse_query(
    items: Iterable[tuple[str, str]], resource: Resource, *, listing: bool, dialect: Dialect
) -> Query:
    """Read the query parameters of `items` (starlette's `multi_items()`)."""
    groups: dict[str, list[str]] = {}
    for key, value in items:
        groups.setdefault(key, []).append(value)
    fields = None
    own = ("fields[]", *dialect.self_fields)
    for key in groups:
        if _lookup(key, own, dialect) is not None:
            chosen = _known(_names(groups[key]), resource.fields, key, dialect)
            fields = chosen if fields is None else fields | chosen
    related_fields: dict[str, frozenset[str]] = {}
    for key, values in groups.items():
        if key.endswith(".fields[]") and _lookup(key, own, dialect) is None:
            rel = _lookup(key[: -len(".fields[]")], resource.related, dialect)
            if rel is None:
                raise dialect.bad(key, f"'{key[: -len('.fields[]')]}' has no fields to select")
            related_fields[rel] = _known(_names(values), resource.related[rel], key, dialect)
    expand = _known(_names(groups.get("expand[]", [])), resource.expandable, "expand[]", dialect)
    filters: list[Filter] = []
    related_filters: dict[str, list[Filter]] = {}
    for spec in groups.get("filter[]", []):
        target, parsed = _filter(spec, resource, listing, dialect)
        if target is None:
            filters.append(parsed)
        else:
            related_filters.setdefault(target, []).append(parsed)
    if not listing:
        return Query(
            fields=fields,
            related_fields=related_fields,
            expand=expand,
            related_filters={k: tuple(v) for k, v in related_filters.items()},
        )
    keys = _sort(_names(groups.get("sort[]", [])), resource, dialect) or (
        SortKey(resource.default_sort[0], resource.default_sort[1]),
    )
    cursors = groups.get("cursor", [])
    after = (
        decode_cursor(cursors[-1].strip(), keys, dialect)
        if cursors and cursors[-1].strip()
        else None
    )
    return Query(
        fields=fields,
        related_fields=related_fields,
        expand=expand,
        filters=tuple(filters),
        related_filters={k: tuple(v) for k, v in related_filters.items()},
        sort=keys,
        page_size=_page_size(groups.get(dialect.page_size_parameter, []), dialect),
        after=after,
    )


def query_of(resource: Resource, *, listing: bool, dialect: Dialect) -> Callable[[Request], Query]:
    """A FastAPI dependency: `query: Query = Depends(query_of(ACCOUNTS, listing=True, ...))`."""

    def dependency(request: Request) -> Query:
        return parse_query(
            request.query_params.multi_items(), resource, listing=listing, dialect=dialect
        )

    return dependency
