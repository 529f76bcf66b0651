"""Sizes of the table's runs: `ZORDERS_BENCH_<NAME>` overrides the full or QUICK default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class BenchSettings:
    quick: bool
    # Concurrent keep-alive clients of the throughput rows.
    clients: int
    # Each load phase stops at this many requests or seconds, whichever comes first.
    requests: int
    seconds: float
    # Requests before a phase's timing starts (connections, caches, first-call imports).
    warmup: int
    # Timed 50-subscription orders.
    bulk_orders: int
    # Versions the amendment row builds; its first and last `amend_window` are compared.
    amend_versions: int
    amend_window: int
    # Accounts of the small and the large bill run (per-invoice cost and memory ratios);
    # the throughput row is the large run.
    bill_small: int
    bill_large: int
    # Accounts seeded per transaction (seeding is set-up, not a figure).
    seed_batch: int
    # Monthly cycles of the clock row.
    clock_months: int
    # Rounds of the cold-start row (its median is reported).
    cold_starts: int


FULL = BenchSettings(
    quick=False,
    clients=8,
    requests=2000,
    seconds=10.0,
    warmup=20,
    bulk_orders=5,
    amend_versions=200,
    amend_window=20,
    bill_small=1000,
    bill_large=10_000,
    seed_batch=100,
    clock_months=12,
    cold_starts=3,
)
QUICK = BenchSettings(
    quick=True,
    clients=8,
    requests=400,
    seconds=3.0,
    warmup=10,
    bulk_orders=3,
    amend_versions=60,
    amend_window=10,
    bill_small=200,
    bill_large=600,
    seed_batch=100,
    clock_months=12,
    cold_starts=1,
)


def load(env: Mapping[str, str] | None = None) -> BenchSettings:
    """QUICK or full defaults, then each `ZORDERS_BENCH_<FIELD>` that is set."""
    env = os.environ if env is None else env
    quick = env.get("ZORDERS_BENCH_QUICK", "").strip().lower() in ("1", "true", "yes")
    base = QUICK if quick else FULL
    values: dict[str, object] = {}
    for f in fields(BenchSettings):
        raw = env.get(f"ZORDERS_BENCH_{f.name.upper()}")
        if f.name == "quick" or raw in (None, ""):
            continue
        kind = type(getattr(base, f.name))
        try:
            values[f.name] = kind(raw)
        except ValueError as err:
            raise SystemExit(f"ZORDERS_BENCH_{f.name.upper()}: not a number: {raw!r}") from err
    return BenchSettings(**{**base.__dict__, **values})
