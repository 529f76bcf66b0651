"""Orders: the cost of POST /v1/orders and of reading a subscription, on SQLite and PostgreSQL.

In-process, through fastapi's TestClient (the full ASGI app: auth, idempotency middleware,
JSON envelope; no sockets), on a fresh database with the demo catalog
(examples/catalog.yaml). Every subscription is CLOUDDESK-PRO with a chargeOverride that sets
the Pro seats quantity. Prints one table; nothing is asserted beyond each call succeeding.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.conftest import app_for, login
from tests.support import databases

from zorders.bootstrap import Container, build
from zorders.cli.catalog_file import read_catalog_file
from zorders.domain.limits import SYNC_ORDER_LIMITS
from zorders.services import tenants
from zorders.services.catalog_file import load_catalog
from zorders.services.context import CommandContext
from zorders.services.tenants import TenantCredentials
from zorders.settings import Settings

DEMO = Path(__file__).parents[1] / "examples" / "catalog.yaml"
MAX_SUBSCRIPTIONS = SYNC_ORDER_LIMITS.subscriptions
NEW = {"Zuora-Version": "223.0"}
BULK_REPEATS = 5
SEQUENTIAL_ORDERS = 200
READS = 200

# (backend, case, n, min ms, median ms, max ms, per second)
Row = tuple[str, str, int, float, float, float, float]


def _pro(seats_charge_id: str, seats: int) -> dict[str, Any]:
    return {
        "type": "CreateSubscription",
        "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-01-01"}],
        "createSubscription": {
            "terms": {
                "initialTerm": {"termType": "TERMED", "period": 12, "periodType": "Month"},
                "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
                "renewalTerms": [{"period": 12, "periodType": "Month"}],
                "autoRenew": True,
            },
            "subscribeToRatePlans": [
                {
                    "productRatePlanNumber": "CLOUDDESK-PRO",
                    "chargeOverrides": [
                        {
                            "productRatePlanChargeId": seats_charge_id,
                            "pricing": {"recurringTiered": {"quantity": seats}},
                        }
                    ],
                }
            ],
        },
    }


def _order(account: str, actions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "orderDate": "2025-01-01",
        "existingAccountNumber": account,
        "subscriptions": [{"orderActions": [a]} for a in actions],
    }


def _ok(response: Any) -> Any:
    if response.status_code != 200:
        raise RuntimeError(f"expected 200, got {response.status_code}: {response.text}")
    return response.json()


def _timed(call: Callable[[], None], times: int) -> list[float]:
    """Seconds per call."""
    out = []
    for _ in range(times):
        t0 = time.perf_counter()
        call()
        out.append(time.perf_counter() - t0)
    return out


def _row(backend: str, case: str, seconds: list[float]) -> Row:
    ms = [s * 1000 for s in seconds]
    return (
        backend,
        case,
        len(ms),
        min(ms),
        statistics.median(ms),
        max(ms),
        len(seconds) / sum(seconds),
    )


def demo_tenant(container: Container) -> TenantCredentials:
    """A migrated database with a new tenant holding the demo catalog."""
    container.migrate()
    tenant = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"bench-{uuid.uuid4().hex[:8]}"
    )
    with container.uow_factory() as uow:
        ctx = CommandContext(tenant.tenant_id, container.wall_clock.now(), "bench")
        load_catalog(uow, ctx, read_catalog_file(DEMO))
        uow.commit()
    return tenant


def seats_and_account(client: TestClient, headers: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The Pro seats charge's id and a new USD account (its create answer)."""
    plans = _ok(client.get("/v1/rateplan/CLOUDDESK/productRatePlan", headers=headers))
    seats_id = next(
        c["id"]
        for p in plans["productRatePlans"]
        for c in p["productRatePlanCharges"]
        if c["productRatePlanChargeNumber"] == "CLOUDDESK-PRO-SEATS"
    )
    account = _ok(
        client.post(
            "/v1/accounts",
            headers=headers,
            json={
                "name": "Bench",
                "currency": "USD",
                "billCycleDay": 1,
                "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
            },
        )
    )
    return seats_id, account


def _rows(backend: str, database_url: str) -> list[Row]:
    container = build(Settings(database_url=database_url))
    try:
        tenant = demo_tenant(container)
        with TestClient(app_for(container)) as client:
            headers = login(client, tenant).headers | NEW
            seats_id, created = seats_and_account(client, headers)
            account = created["accountNumber"]
            bulk = _order(account, [_pro(seats_id, 11 + i) for i in range(MAX_SUBSCRIPTIONS)])
            made: list[str] = []

            def post_bulk() -> None:
                body = _ok(client.post("/v1/orders", headers=headers, json=bulk))
                made.extend(s["subscriptionNumber"] for s in body["subscriptions"])
                if len(body["subscriptions"]) != MAX_SUBSCRIPTIONS:
                    raise RuntimeError(f"{len(body['subscriptions'])} subscriptions made")

            post_bulk()  # warm-up
            bulk_times = _timed(post_bulk, BULK_REPEATS)

            single = _order(account, [_pro(seats_id, 25)])

            def post_single() -> None:
                _ok(client.post("/v1/orders", headers=headers, json=single))

            single_times = _timed(post_single, SEQUENTIAL_ORDERS)

            # The override took effect (checked once, outside the timings).
            number = made[-1]
            sub = _ok(client.get(f"/v1/subscriptions/{number}", headers=headers))
            quantity = next(
                c["quantity"]
                for c in sub["ratePlans"][0]["ratePlanCharges"]
                if c["name"] == "Pro seats"
            )
            if quantity != 11 + MAX_SUBSCRIPTIONS - 1:
                raise RuntimeError(f"Pro seats quantity is {quantity}")

            read_times = _timed(
                lambda: _ok(client.get(f"/v1/subscriptions/{number}", headers=headers)), READS
            )
        return [
            _row(
                backend,
                f"POST /v1/orders, {MAX_SUBSCRIPTIONS} CreateSubscription",
                bulk_times,
            ),
            _row(backend, "POST /v1/orders, 1 CreateSubscription", single_times),
            _row(backend, "GET /v1/subscriptions/{n}", read_times),
        ]
    finally:
        container.close()


def measure_backends(
    name: str, title: str, rows: Callable[[str, str], list[Row]], case_width: int
) -> None:
    """Print `title` and one table of `rows(backend, url)` on a fresh SQLite database and,
    when reachable, a fresh PostgreSQL database (dropped after)."""
    backends: list[tuple[str, str, Callable[[], None]]] = []
    tmp = Path(tempfile.mkdtemp(prefix="zorders-bench-"))
    backends.append(("sqlite", f"sqlite:///{tmp / f'{name}.db'}", lambda: None))
    if databases.postgres_unavailable_reason() is None:
        url = databases.create_postgres_database()
        backends.append(("postgresql", url, lambda: databases.drop_postgres_database(url)))
    else:
        print("PostgreSQL not reachable: SQLite only")
    print(title)
    print(
        f"{'backend':<11} {'case':<{case_width}} {'n':>4} {'min ms':>8} {'median ms':>9} "
        f"{'max ms':>8} {'per s':>7}"
    )
    for backend, url, cleanup in backends:
        try:
            for label, case, n, low, mid, high, rate in rows(backend, url):
                print(
                    f"{label:<11} {case:<{case_width}} {n:>4} {low:>8.2f} {mid:>9.2f} "
                    f"{high:>8.2f} {rate:>7.1f}"
                )
        finally:
            cleanup()


def main() -> None:
    measure_backends(
        "orders",
        f"Orders, in-process (TestClient), sequential; 1 warm-up + {BULK_REPEATS} bulk orders, "
        f"{SEQUENTIAL_ORDERS} single orders, {READS} reads",
        _rows,
        40,
    )
