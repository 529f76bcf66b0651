"""The list cursor of the selection dialects (spec §12.1, decision QA4): sort keys that
compare the same whatever the value's type, and the opaque next page text — base64url of
JSON `{"s": <sort spec>, "k": <last sort values>, "i": <last id>}` — made and read back."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zorders.api.selection.dialect import Dialect
    from zorders.api.selection.query import SortKey


def parse_datetime(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(text)
    return moment


def sort_spec(keys: Sequence[SortKey]) -> str:
    return ",".join(f"{k.field}.{'desc' if k.descending else 'asc'}" for k in keys)


def decode_cursor(text: str, keys: Sequence[SortKey], dialect: Dialect) -> tuple[list[Any], Any]:
    bad = dialect.bad("cursor", "'cursor' is not a cursor of this list")
    try:
        padded = text + "=" * (-len(text) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise bad from None
    if (
        not isinstance(data, dict)
        or data.get("s") != sort_spec(keys)
        or not isinstance(data.get("k"), list)
        or len(data["k"]) != len(keys)
        or "i" not in data
    ):
        raise bad
    return data["k"], data["i"]


def key_part(value: Any) -> tuple[int, Any]:
    """Sortable and JSON-safe: nulls first, then the value (Decimals and dates as text
    would sort wrongly, so numbers stay numbers and dates ISO text of one format)."""
    if value is None:
        return (0, "")
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int | float | Decimal):
        return (1, Decimal(str(value)))
    if isinstance(value, datetime):
        return (1, _utc_text(value))
    if isinstance(value, date):
        return (1, value.isoformat())
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        return (1, _utc_text(parse_datetime(value)))
    return (1, str(value))


_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _utc_text(moment: datetime) -> str:
    """One text form per instant, so that moments sort as text (UTC, microseconds)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def wire_key(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return _utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_wire_key(value: Any, sample: Any) -> Any:
    if isinstance(sample, int | float | Decimal) and not isinstance(sample, bool):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return value
    return value


def comes_after(
    row_key: tuple[tuple[int, Any], ...],
    values: list[Any],
    last_id: Any,
    keys: Sequence[SortKey],
    tie_descending: bool,
) -> bool:
    """Does a row with `row_key` come strictly after the cursor's row in the list order?"""
    directions = [k.descending for k in keys] + [tie_descending]
    cursor_raw = [*values, last_id]
    for part, raw, descending in zip(row_key, cursor_raw, directions, strict=True):
        mine = part
        theirs = key_part(_from_wire_key(raw, part[1]) if raw is not None else None)
        if mine == theirs:
            continue
        try:
            later = mine > theirs
        except TypeError:
            later = str(mine) > str(theirs)
        return later != descending
    return False


def encode_cursor(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
