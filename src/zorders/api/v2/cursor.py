"""The v2 list cursor (spec §12.1, decision QA4): the shared cursor
(`api/selection/cursor.py`) read with the v2 dialect's errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zorders.api.selection import cursor as shared
from zorders.api.selection.cursor import (
    comes_after,
    encode_cursor,
    key_part,
    parse_datetime,
    sort_spec,
    wire_key,
)
from zorders.api.selection.query import SortKey
from zorders.api.v2.query import V2

__all__ = [
    "comes_after",
    "decode_cursor",
    "encode_cursor",
    "key_part",
    "parse_datetime",
    "sort_spec",
    "wire_key",
]


def decode_cursor(text: str, keys: Sequence[SortKey]) -> tuple[list[Any], Any]:
    return shared.decode_cursor(text, keys, V2)
