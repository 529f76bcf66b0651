"""A v2 list page (spec §12.1): the shared page (`api/selection/paging.py`) answered as
`{"data": [...], "next_page": <cursor> | None}`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from zorders.api.selection import paging as shared
from zorders.api.selection.query import Query, Resource
from zorders.api.v2.query import V2

__all__ = ["page"]


def page(
    objects: Iterable[Mapping[str, Any]],
    query: Query,
    resource: Resource,
    *,
    complete: Callable[[list[Mapping[str, Any]]], list[Mapping[str, Any]]] | None = None,
) -> dict[str, Any]:
    return shared.page(objects, query, resource, dialect=V2, complete=complete)
