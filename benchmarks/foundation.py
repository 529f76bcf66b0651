"""Foundation: the cost of the HTTP conventions and of numbering, on SQLite and PostgreSQL.

Starts `zorders serve` as a subprocess (as operators run it) and calls it over loopback
with keep-alive connections, sequentially and from several threads; then takes object
numbers straight from the storage layer. Prints one table; nothing is asserted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx2 as httpx
from tests.support import databases
from tests.support.live import free_port

from zorders.bootstrap import build
from zorders.domain.numbering import NumberKind
from zorders.services import tenants
from zorders.services.numbering import next_number
from zorders.settings import Settings

REQUESTS = int(os.environ.get("ZORDERS_BENCH_REQUESTS", "400"))
THREADS = 4


def _serve(database_url: str, client_id: str, secret: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZORDERS_")}
    env |= {
        "ZORDERS_DATABASE_URL": database_url,
        "ZORDERS_DEFAULT_CLIENT_ID": client_id,
        "ZORDERS_DEFAULT_CLIENT_SECRET": secret,
        "ZORDERS_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "zorders", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")


def _measure(
    call: Callable[[httpx.Client], object], base: str, threads: int
) -> tuple[float, float, float]:
    """(requests per second, p50 ms, p95 ms) for REQUESTS calls spread over `threads`."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_thread = REQUESTS // threads

    def worker() -> None:
        own: list[float] = []
        with httpx.Client(base_url=base, timeout=30) as client:
            call(client)  # warm the connection
            for _ in range(per_thread):
                t0 = time.perf_counter()
                call(client)
                own.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(own)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p95 * 1000


def _http_rows(database_url: str) -> list[tuple[str, int, float, float, float]]:
    client_id, secret = str(uuid.uuid4()), "bench-secret-foundation"
    process, base = _serve(database_url, client_id, secret)
    try:
        form = {"client_id": client_id, "client_secret": secret, "grant_type": "client_credentials"}
        token = httpx.post(f"{base}/oauth/token", data=form).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        counter = iter(range(10**9))
        lock = threading.Lock()

        def idempotent_key() -> str:
            with lock:
                return f"bench-{next(counter)}"

        cases: list[tuple[str, Callable[[httpx.Client], object]]] = [
            ("GET /health (no auth)", lambda c: c.get("/health").raise_for_status()),
            ("POST /oauth/token", lambda c: c.post("/oauth/token", data=form).raise_for_status()),
            (
                "authenticated GET, 404 envelope",
                lambda c: _expect(c.get("/v1/orders/O-1", headers=auth), 404),
            ),
            (
                "authenticated POST + Idempotency-Key",
                lambda c: _expect(
                    c.post("/v1/none", headers=auth | {"Idempotency-Key": idempotent_key()}), 404
                ),
            ),
        ]
        rows = []
        for name, call in cases:
            for threads in (1, THREADS):
                rows.append((name, threads, *_measure(call, base, threads)))
        return rows
    finally:
        process.terminate()
        process.wait(10)


def _expect(response: httpx.Response, status: int) -> None:
    if response.status_code != status:
        raise RuntimeError(f"expected {status}, got {response.status_code}: {response.text}")


def _numbering_rate(database_url: str) -> float:
    container = build(Settings(database_url=database_url))
    container.migrate()
    tenant = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"bench-{uuid.uuid4().hex[:8]}"
    )
    n = REQUESTS * 2
    started = time.perf_counter()
    for _ in range(n):
        with container.uow_factory() as uow:
            next_number(uow, tenant.tenant_id, NumberKind.INVOICE)
            uow.commit()
    rate = n / (time.perf_counter() - started)
    container.close()
    return rate


def main() -> None:
    backends: list[tuple[str, str, Callable[[], None]]] = []
    tmp = Path(tempfile.mkdtemp(prefix="zorders-bench-"))
    backends.append(("sqlite", f"sqlite:///{tmp / 'bench.db'}", lambda: None))
    if databases.postgres_unavailable_reason() is None:
        url = databases.create_postgres_database()
        backends.append(("postgresql", url, lambda: databases.drop_postgres_database(url)))
    else:
        print("PostgreSQL not reachable: SQLite only")
    print(f"{REQUESTS} requests per case; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    print(f"{'backend':<11} {'case':<38} {'threads':>7} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7}")
    for backend, url, cleanup in backends:
        try:
            for name, threads, rps, p50, p95 in _http_rows(url):
                print(f"{backend:<11} {name:<38} {threads:>7} {rps:>8.0f} {p50:>7.2f} {p95:>7.2f}")
            rate = _numbering_rate(url)
            print(f"{backend:<11} {'next_number, one transaction each':<38} {1:>7} {rate:>8.0f}")
        finally:
            cleanup()
