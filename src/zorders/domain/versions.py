"""`Zuora-Version` minor versions (spec §1.7).

A tenant that was never upgraded works at 186.0; a value outside the supported list is
processed as that default. Zuora's newer clients (the official SDK included) send a date
("2025-08-12"): we read a date as "the newest behaviour we implement", because that is
what a client generated from that date's API reference expects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

DEFAULT_MINOR_VERSION = Decimal("186.0")

SUPPORTED_MINOR_VERSIONS: frozenset[Decimal] = frozenset(
    Decimal(v)
    for v in (
        "186.0", "187.0", "188.0", "189.0", "196.0", "206.0", "207.0", "211.0", "214.0",
        "215.0", "216.0", "223.0", "224.0", "230.0", "239.0", "256.0", "257.0", "309.0",
        "314.0", "315.0", "329.0", "330.0", "336.0", "337.0", "338.0", "341.0",
    )
)  # fmt: skip

LATEST_MINOR_VERSION = max(SUPPORTED_MINOR_VERSIONS)

_DATE_VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, order=True)
class ApiVersion:
    """The minor version a request is processed at, and what the client sent."""

    minor: Decimal
    raw: str | None = None

    def at_least(self, minor: str) -> bool:
        return self.minor >= Decimal(minor)


def parse_version(raw: str | None) -> ApiVersion:
    """Never fails: an absent, unknown or malformed value is processed as the default."""
    if raw is None or not raw.strip():
        return ApiVersion(DEFAULT_MINOR_VERSION, raw)
    value = raw.strip()
    if _DATE_VERSION.match(value):
        return ApiVersion(LATEST_MINOR_VERSION, raw)
    try:
        minor = Decimal(value)
    except InvalidOperation:
        return ApiVersion(DEFAULT_MINOR_VERSION, raw)
    if minor in SUPPORTED_MINOR_VERSIONS:
        return ApiVersion(minor, raw)
    return ApiVersion(DEFAULT_MINOR_VERSION, raw)
