"""A list page of the selection dialects (spec §12.1): filter, sort by the query's keys
(ties by `id`), start after the cursor, and cut `page_size` rows, with the cursor of the
next page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from zorders.api.selection.apply import _value, matches, select
from zorders.api.selection.cursor import (
    comes_after,
    encode_cursor,
    key_part,
    sort_spec,
    wire_key,
)
from zorders.api.selection.dialect import Dialect
from zorders.api.selection.query import Query, Resource, SortKey


def page(
    objects: Iterable[Mapping[str, Any]],
    query: Query,
    resource: Resource,
    *,
    dialect: Dialect,
    complete: Callable[[list[Mapping[str, Any]]], list[Mapping[str, Any]]] | None = None,
) -> dict[str, Any]:
    """A list page: `{"data": [...], "next_page": <cursor> | None}` (spec §12.1).

    `complete`, when given, turns the page's rows into the whole objects: `objects` then
    need only carry what filters and sorts read (the top-level fields), so that a list
    builds the whole view of the rows it answers only."""
    keys = query.sort
    rows = [o for o in objects if matches(o, query.filters)]

    def sort_key(obj: Mapping[str, Any]) -> tuple[tuple[int, Any], ...]:
        return (*(key_part(_value(obj, k.field)) for k in keys), key_part(obj.get("id")))

    # Stable multi-key sort: the last key first; `id` breaks ties in the first key's direction.
    tie_descending = keys[0].descending if keys else True
    rows.sort(key=lambda o: key_part(o.get("id")), reverse=tie_descending)
    for k in reversed(keys):
        rows.sort(key=_by(k.field), reverse=k.descending)
    if query.after is not None:
        values, last_id = query.after
        start = 0
        for index, row in enumerate(rows):
            if comes_after(sort_key(row), values, last_id, keys, tie_descending):
                start = index
                break
        else:
            start = len(rows)
        rows = rows[start:]
    chunk = rows[: query.page_size]
    next_page = None
    if len(rows) > query.page_size and chunk:
        next_page = cursor_of(chunk[-1], keys)
    if complete is not None:
        chunk = complete(chunk)
    return {
        "data": [select(o, query, resource) for o in chunk],
        dialect.next_page_key: next_page,
    }


def _by(name: str) -> Callable[[Mapping[str, Any]], tuple[int, Any]]:
    def key(obj: Mapping[str, Any]) -> tuple[int, Any]:
        return key_part(_value(obj, name))

    return key


def cursor_of(last: Mapping[str, Any], keys: Sequence[SortKey]) -> str:
    """The cursor of the page that starts after `last` (a view, or a row of sort values)."""
    return encode_cursor(
        {
            "s": sort_spec(keys),
            "k": [wire_key(_value(last, k.field)) for k in keys],
            "i": wire_key(last.get("id")),
        }
    )
