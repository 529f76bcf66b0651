"""The v2 query mechanism (spec §12.1): the shared selection machinery
(`api/selection/query.py`, which documents the parameters) bound to the v2 dialect —
snake_case fields, `page_size` 1..99 (default 30), `next_page`, and every bad input a
`V2Error` `bad_request` naming the query parameter (decision QA5)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from fastapi import Request

from zorders.api.selection import query as shared
from zorders.api.selection.apply import _value
from zorders.api.selection.dialect import Dialect
from zorders.api.selection.query import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Filter,
    Kind,
    Query,
    Resource,
    SortKey,
    matches,
    select,
)
from zorders.api.v2.errors import bad_request

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "V2",
    "Filter",
    "Kind",
    "Query",
    "Resource",
    "SortKey",
    "_value",
    "matches",
    "parse_query",
    "query_of",
    "select",
]

V2 = Dialect(name="v2", error=bad_request)


def parse_query(items: Iterable[tuple[str, str]], resource: Resource, *, listing: bool) -> Query:
    """Read the v2 query parameters of `items` (starlette's `multi_items()`)."""
    return shared.parse_query(items, resource, listing=listing, dialect=V2)


def query_of(resource: Resource, *, listing: bool) -> Callable[[Request], Query]:
    """A FastAPI dependency: `query: Query = Depends(query_of(ACCOUNTS, listing=True))`."""
    return shared.query_of(resource, listing=listing, dialect=V2)
