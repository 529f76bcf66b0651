"""The issue's targets, row by row, and whether a measured figure meets its target."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    """A figure, or None when it could not be measured (the note says why)."""

    value: float | None
    note: str = ""


@dataclass(frozen=True)
class Target:
    label: str
    unit: str
    # The figure before the work ("—" when it had none).
    before: str
    # Meets when value <= limit ("<=") or value >= limit (">="); "<" for strict.
    op: str
    limit: float
    goal: str = ""

    def text(self) -> str:
        shown = {"<=": "≤", ">=": "≥", "<": "<"}[self.op]
        return f"{shown} {self.limit:g}{self.unit}" + (f" ({self.goal})" if self.goal else "")


TARGETS: dict[str, Target] = {
    "order_p50": Target("simple order p50, one client, SQLite", " ms", "14.4 ms", "<=", 5),
    "order_ratio": Target(
        "simple order throughput, 8 clients, ÷ /health throughput (same run), SQLite",
        "",
        "0.11",
        ">=",
        0.25,
        "0.5 as the goal",
    ),
    "pg_ratio": Target(
        "the same on PostgreSQL with `zorders serve --workers 2`", "", "—", ">=", 0.25
    ),
    "order_50": Target(
        "order with 50 subscriptions, over HTTP, SQLite", " ms", "195 ms in-process", "<=", 500
    ),
    "amend_ratio": Target(
        "amendment at N versions, p50 ÷ the first amendments' p50", "", "—", "<=", 1.5
    ),
    "bill_rate": Target(
        "bill run, PostgreSQL, one node (2 worker processes)", " invoices/s", "76 /s", ">=", 500
    ),
    "bill_cost_ratio": Target(
        "bill run per-invoice cost, large run ÷ small run", "", "—", "<=", 1.2
    ),
    "bill_memory_ratio": Target(
        "bill run worker peak memory (VmHWM), large run ÷ small run", "", "—", "<=", 1.2, "flat"
    ),
    "clock_year": Target(
        "clock advance: one account through 12 monthly cycles", " s", "—", "<=", 1
    ),
    "cold_start": Target(
        "cold start to first successful token request (SQLite, migrated)", " s", "—", "<", 1
    ),
}


def verdict(key: str, measured: Measured | None) -> str:
    if measured is None or measured.value is None or math.isnan(measured.value):
        return "not measured"
    t = TARGETS[key]
    v = measured.value
    ok = {"<=": v <= t.limit, ">=": v >= t.limit, "<": v < t.limit}[t.op]
    return "meets" if ok else "misses"


def shown(key: str, measured: Measured | None) -> str:
    if measured is None or measured.value is None or math.isnan(measured.value):
        return "—"
    return f"{_number(measured.value)}{TARGETS[key].unit}"


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if value >= 1 else f"{value:.3g}"
