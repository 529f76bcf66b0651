"""The rows measured over HTTP: the `/health` ceiling, simple orders (one client, eight
clients), the 50-subscription order, amendments as history grows, the same throughput on
PostgreSQL with `--workers 2`, cold start, and a clock moving one account through a year."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx

from benchmarks.table import payloads
from benchmarks.table.api import Api
from benchmarks.table.load import Phase, Result, run
from benchmarks.table.server import (
    CLIENT_ID,
    CLIENT_SECRET,
    Service,
    spawn_serve,
    stop,
    wait_healthy,
)
from benchmarks.table.settings import BenchSettings
from benchmarks.table.verdict import Measured


@dataclass
class Shop:
    """The default tenant's account and a subscription to amend, made over the API."""

    api: Api
    account: str
    subscription: str
    seats_charge: str


def open_shop(service: Service) -> Shop:
    api = Api.login(service.base_url)
    account = api.call("POST", "/v1/accounts", payloads.ACCOUNT)["accountNumber"]
    made = api.call("POST", "/v1/orders", payloads.order(account))
    number = made["subscriptions"][0]["subscriptionNumber"]
    sub = api.call("GET", f"/v1/subscriptions/{number}")
    seats = next(
        c["number"] for c in sub["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic seats"
    )
    return Shop(api, account, number, seats)


def _phase(
    shop: Shop,
    name: str,
    path: str,
    s: BenchSettings,
    *,
    clients: int,
    bodies: list[Any] | None = None,
) -> Phase:
    """A phase of the settings' size: GET `path`, or POST each of `bodies` in turn."""
    return Phase(
        name=name,
        url=shop.api.base_url + path,
        method="GET" if bodies is None else "POST",
        headers=shop.api.headers,
        bodies=bodies or [],
        clients=clients,
        count=s.requests,
        seconds=s.seconds,
        warmup=s.warmup,
    )


def throughput_phases(shop: Shop, s: BenchSettings) -> list[Phase]:
    """`/health` and then simple orders, both with `s.clients` clients: the ratio's run."""
    single = [payloads.order(shop.account)]
    return [
        _phase(shop, "health", "/health", s, clients=s.clients),
        _phase(shop, "orders", "/v1/orders", s, clients=s.clients, bodies=single),
    ]


def ratio(results: dict[str, Result]) -> Measured:
    health, orders = results["health"].throughput, results["orders"].throughput
    return Measured(
        orders / health,
        f"{orders:.0f} orders/s ÷ {health:.0f} /health/s, "
        f"order p50 {results['orders'].p50:.1f} ms, p99 {results['orders'].p99:.1f} ms",
    )


def sqlite_order_rows(service: Service, s: BenchSettings) -> dict[str, Measured]:
    shop = open_shop(service)
    amendments = [
        payloads.amendment(shop.account, shop.subscription, shop.seats_charge, seats)
        for seats in (4, 5)
    ]
    one = _phase(shop, "order", "/v1/orders", s, clients=1, bodies=[payloads.order(shop.account)])
    bulk = _phase(
        shop, "bulk", "/v1/orders", s, clients=1, bodies=[payloads.order(shop.account, 50)]
    )
    bulk.count, bulk.warmup, bulk.seconds = s.bulk_orders, 1, 600
    amend = _phase(shop, "amend", "/v1/orders", s, clients=1, bodies=amendments)
    # Every amendment counts, from the subscription's first change on.
    amend.count, amend.warmup, amend.seconds = s.amend_versions, 0, 600
    results = run([*throughput_phases(shop, s), one, bulk, amend])
    versions = shop.api.call("GET", f"/v1/subscriptions/{shop.subscription}")["version"]
    shop.api.close()
    first = results["amend"].latencies_ms[: s.amend_window]
    last = results["amend"].latencies_ms[-s.amend_window :]
    first_p50, last_p50 = _median(first), _median(last)
    return {
        "order_p50": Measured(
            results["order"].p50,
            f"p99 {results['order'].p99:.1f} ms over {len(results['order'].latencies_ms)}",
        ),
        "order_ratio": ratio(results),
        "order_50": Measured(
            results["bulk"].p50, f"p50 of {len(results['bulk'].latencies_ms)} orders"
        ),
        "amend_ratio": Measured(
            last_p50 / first_p50,
            f"{last_p50:.1f} ms at versions {versions - s.amend_window + 1}-{versions}"
            f" ÷ {first_p50:.1f} ms at 2-{s.amend_window + 1}",
        ),
    }


def postgres_ratio_row(service: Service, s: BenchSettings) -> Measured:
    shop = open_shop(service)
    try:
        return ratio(run(throughput_phases(shop, s)))
    finally:
        shop.api.close()


def cold_start(database_url: str, log_dir: Path, env: dict[str, str]) -> tuple[float, Service]:
    """Seconds from spawning `zorders serve` on a migrated database to its first token;
    the server is left running."""
    started = time.perf_counter()
    service = spawn_serve(database_url, log_dir, env=env)
    form = {"grant_type": "client_credentials", "client_id": CLIENT_ID}
    form["client_secret"] = CLIENT_SECRET
    while True:
        if service.process.poll() is not None:
            raise RuntimeError(f"zorders serve exited: {service.log.read_text()[-2000:]}")
        try:
            answer = httpx.post(f"{service.base_url}/oauth/token", data=form, timeout=5)
            if answer.status_code == 200:
                return time.perf_counter() - started, service
        except httpx.TransportError:
            pass
        time.sleep(0.005)


def cold_start_row(database_url: str, log_dir: Path, s: BenchSettings) -> tuple[Measured, Service]:
    """The median of `s.cold_starts` starts (SQLite, migrated by the earlier server); the
    last server stays up, in test mode, for the clock row (PF6)."""
    times: list[float] = []
    service: Service | None = None
    for _ in range(s.cold_starts):
        if service is not None:
            stop(service.process)
        seconds, service = cold_start(database_url, log_dir, {"ZORDERS_TEST_MODE": "1"})
        times.append(seconds)
    assert service is not None
    wait_healthy(service)
    runs = ", ".join(f"{t:.2f}" for t in times)
    return Measured(_median(times), f"median of {len(times)}: {runs} s"), service


def clock_row(service: Service, s: BenchSettings) -> Measured:
    """A disposable tenant, one monthly customer, a daily scheduled bill run; then the
    clock moved a month at a time, `s.clock_months` times (each move answers when what fell
    due has run)."""
    admin = Api(service.base_url)
    tenant = admin.call(
        "POST",
        "/zorders/v1/tenants",
        {
            "name": f"bench-clock-{uuid.uuid4().hex[:8]}",
            "now": "2025-01-01T00:00:00Z",
            "catalog": payloads.MONTHLY_CATALOG,
        },
    )
    api = Api.login(service.base_url, tenant["clientId"], tenant["clientSecret"])
    api.call("POST", "/v1/orders", payloads.monthly_customer())
    api.call("POST", "/v1/bill-runs", payloads.DAILY_BILL_RUN)
    invoices = 0
    started = time.perf_counter()
    for _ in range(s.clock_months):
        invoices += api.call("POST", "/zorders/v1/clock/advance", {"months": 1})["totals"][
            "invoices"
        ]
    elapsed = time.perf_counter() - started
    if invoices != s.clock_months:
        raise RuntimeError(f"clock row: {invoices} invoices in {s.clock_months} months")
    admin.call("DELETE", f"/zorders/v1/tenants/{tenant['tenantId']}")
    api.close()
    admin.close()
    return Measured(elapsed, f"{s.clock_months} advances of 1 month, {invoices} invoices")


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
