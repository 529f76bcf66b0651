"""Zuora's per-tenant rate and concurrency limits, for the tenants that ask for them (the
`zuoraLimits` setting, off by default; spec §1.9, decisions.md ZL1–ZL4).

Rate limits: requests per tenant in fixed minute, hour and day windows, by Zuora's tenant
type; every request counts, answered or refused. Concurrency limits: requests of a tenant
in progress at once, by class (Default 40, High-volume transactions 200, Object Query 80).
Counts are kept in the process (one `Limiter` per API process): `serve --workers N` gives
each process its own counts (ZL3)."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final


class ZuoraLimits(StrEnum):
    """Which of Zuora's tenant types' limits a tenant is held to."""

    OFF = "off"
    PRODUCTION = "production"
    DEVELOPER_SANDBOX = "developer-sandbox"
    API_SANDBOX = "api-sandbox"


@dataclass(frozen=True)
class RateWindow:
    name: str  # "minute", "hour", "day": the word of the 429 message
    seconds: int
    limit: int


# API requests per minute / hour / day, by tenant type (spec §1.9).
RATE_LIMITS: Final[dict[ZuoraLimits, tuple[RateWindow, ...]]] = {
    ZuoraLimits.PRODUCTION: (
        RateWindow("minute", 60, 50_000),
        RateWindow("hour", 3_600, 2_250_000),
        RateWindow("day", 86_400, 27_000_000),
    ),
    ZuoraLimits.DEVELOPER_SANDBOX: (
        RateWindow("minute", 60, 12_500),
        RateWindow("hour", 3_600, 25_000),
        RateWindow("day", 86_400, 50_000),
    ),
    ZuoraLimits.API_SANDBOX: (
        RateWindow("minute", 60, 2_500),
        RateWindow("hour", 3_600, 5_000),
        RateWindow("day", 86_400, 10_000),
    ),
}


class ConcurrencyClass(StrEnum):
    DEFAULT = "Default"
    HIGH_VOLUME = "High-volume transactions"
    OBJECT_QUERY = "Object Query"


CONCURRENCY_LIMITS: Final[dict[ConcurrencyClass, int]] = {
    ConcurrencyClass.DEFAULT: 40,
    ConcurrencyClass.HIGH_VOLUME: 200,
    ConcurrencyClass.OBJECT_QUERY: 80,
}


@dataclass(frozen=True)
class RateAnswer:
    """What a request's count tells: the headers' values, and whether it is refused."""

    allowed: bool
    # The window closest to exhaustion, and every window (for `RateLimit-Limit`).
    closest: RateWindow
    windows: tuple[RateWindow, ...]
    remaining: int
    reset_seconds: int
    # The window that refused it (None when allowed).
    exceeded: RateWindow | None = None

    def headers(self) -> dict[str, str]:
        policies = ", ".join(f"{w.limit};w={w.seconds}" for w in self.windows)
        return {
            "RateLimit-Limit": f"{self.closest.limit}, {policies}",
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_seconds),
        }


class Limiter:
    """One process's counts, shared by its request threads."""

    def __init__(
        self,
        rate_limits: dict[ZuoraLimits, tuple[RateWindow, ...]] | None = None,
        concurrency_limits: dict[ConcurrencyClass, int] | None = None,
    ) -> None:
        self.rate_limits = RATE_LIMITS if rate_limits is None else rate_limits
        self.concurrency_limits = (
            CONCURRENCY_LIMITS if concurrency_limits is None else concurrency_limits
        )
        self._lock = threading.Lock()
        # (tenant, window seconds) -> (window start, count)
        self._counts: dict[tuple[str, int], tuple[int, int]] = {}
        self._in_flight: dict[tuple[str, ConcurrencyClass], int] = defaultdict(int)

    def count(self, tenant_id: str, limits: ZuoraLimits, now: datetime) -> RateAnswer:
        """Count one request of the tenant at `now`; refused when a window is full
        (a refused request counts too, as Zuora counts unsuccessful requests)."""
        windows = self.rate_limits[limits]
        epoch = int(now.timestamp())
        answers: list[tuple[RateWindow, int, int]] = []
        with self._lock:
            for window in windows:
                start = epoch - epoch % window.seconds
                key = (tenant_id, window.seconds)
                began, used = self._counts.get(key, (start, 0))
                if began != start:
                    used = 0
                used += 1
                self._counts[key] = (start, used)
                answers.append((window, used, start + window.seconds - epoch))
        exceeded = next((w for w, used, _ in answers if used > w.limit), None)
        closest, used, reset = min(answers, key=lambda a: (a[0].limit - a[1], a[0].seconds))
        return RateAnswer(
            allowed=exceeded is None,
            closest=closest,
            windows=windows,
            remaining=max(closest.limit - used, 0),
            reset_seconds=reset,
            exceeded=exceeded,
        )

    def enter(self, tenant_id: str, kind: ConcurrencyClass) -> int | None:
        """Start a request of `kind`: the requests of that class still free after it, or
        None (refused) when the class is full."""
        limit = self.concurrency_limits[kind]
        with self._lock:
            running = self._in_flight[(tenant_id, kind)]
            if running >= limit:
                return None
            self._in_flight[(tenant_id, kind)] = running + 1
            return limit - running - 1

    def in_flight(self, tenant_id: str, kind: ConcurrencyClass) -> int:
        with self._lock:
            return self._in_flight[(tenant_id, kind)]

    def leave(self, tenant_id: str, kind: ConcurrencyClass) -> None:
        with self._lock:
            self._in_flight[(tenant_id, kind)] -= 1


# Operations of the High-volume transactions class (spec §1.9), by method and path.
_HIGH_VOLUME: Final = (
    ("POST", "/v1/accounts"),
    ("POST", "/v1/orders"),
    ("POST", "/v1/orders/preview"),
    ("POST", "/v1/subscriptions"),
    ("POST", "/v1/subscriptions/preview"),
)
_HIGH_VOLUME_SUBSCRIPTION_SUFFIXES: Final = ("/cancel", "/renew")


def concurrency_class(method: str, path: str) -> ConcurrencyClass:
    path = path.rstrip("/") or "/"
    if path.startswith(("/object-query/", "/v2/")) or path == "/v2":
        return ConcurrencyClass.OBJECT_QUERY
    if (method, path) in _HIGH_VOLUME:
        return ConcurrencyClass.HIGH_VOLUME
    parts = path.split("/")
    # PUT /v1/subscriptions/{key}, /{key}/cancel, /{key}/renew
    subscription_change = len(parts) == 4 or (
        len(parts) == 5 and "/" + parts[4] in _HIGH_VOLUME_SUBSCRIPTION_SUFFIXES
    )
    if method == "PUT" and parts[1:3] == ["v1", "subscriptions"] and subscription_change:
        return ConcurrencyClass.HIGH_VOLUME
    return ConcurrencyClass.DEFAULT
