"""The load generator, in a process of its own: asyncio and httpx keep-alive clients.

`run(phases)` starts `python -m benchmarks.table.load`, hands it the phases as JSON and
reads back, per phase, each request's latency (in completion order) and the phase's wall
time. A phase is N concurrent clients, each with one keep-alive connection, sending its
bodies in turn until the phase has sent `count` requests or `seconds` have passed. Only
127.0.0.1 is a target."""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx2 as httpx


@dataclass
class Phase:
    name: str
    url: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    # JSON bodies, sent in turn (none: no body).
    bodies: list[Any] = field(default_factory=list)
    clients: int = 1
    count: int = 100
    seconds: float = 10.0
    warmup: int = 0


@dataclass
class Result:
    name: str
    latencies_ms: list[float]
    elapsed_s: float
    errors: list[str]

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p99(self) -> float:
        return self.percentile(0.99)


def run(phases: list[Phase]) -> dict[str, Result]:
    """The phases, one after another, in a new load process."""
    for phase in phases:
        if urlsplit(phase.url).hostname != "127.0.0.1":
            raise ValueError(f"the load generator only targets 127.0.0.1, not {phase.url}")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.table.load"],
        input=json.dumps([asdict(p) for p in phases]),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"load process failed: {done.stderr[-2000:]}")
    results = [Result(**r) for r in json.loads(done.stdout)]
    for r in results:
        if r.errors:
            raise RuntimeError(f"{r.name}: {len(r.errors)} failed requests, e.g. {r.errors[0]}")
    return {r.name: r for r in results}


async def _phase(phase: Phase) -> Result:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [httpx.AsyncClient(limits=limits, timeout=120) for _ in range(phase.clients)]
    latencies: list[float] = []
    errors: list[str] = []
    sent = 0
    bodies = phase.bodies or [None]

    async def one(client: httpx.AsyncClient, n: int) -> float:
        body = bodies[n % len(bodies)]
        started = time.perf_counter()
        response = await client.request(phase.method, phase.url, headers=phase.headers, json=body)
        elapsed = time.perf_counter() - started
        if response.status_code != 200 or b'"success":false' in response.content:
            errors.append(f"{response.status_code} {response.text[:300]}")
        return elapsed * 1000

    try:
        for n in range(phase.warmup):
            await one(clients[n % len(clients)], n)
        deadline = time.perf_counter() + phase.seconds

        async def client_loop(client: httpx.AsyncClient) -> None:
            nonlocal sent
            while sent < phase.count and time.perf_counter() < deadline:
                n = phase.warmup + sent
                sent += 1
                latencies.append(await one(client, n))

        started = time.perf_counter()
        await asyncio.gather(*(client_loop(c) for c in clients))
        elapsed = time.perf_counter() - started
    finally:
        for c in clients:
            await c.aclose()
    return Result(phase.name, latencies, elapsed, errors)


async def _main(phases: list[Phase]) -> list[Result]:
    return [await _phase(p) for p in phases]


if __name__ == "__main__":
    specs = [Phase(**p) for p in json.load(sys.stdin)]
    print(json.dumps([asdict(r) for r in asyncio.run(_main(specs))]))
