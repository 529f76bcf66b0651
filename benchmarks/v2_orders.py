"""The v2 dialect: the cost of POST /v2/orders beside POST /v1/orders for the same order,
and of the v2 reads, whose lists filter, sort and page in memory over the tenant's orders
(decision QA5): GET /v2/orders is measured with SEQUENTIAL_ORDERS orders in the tenant.

In-process, through fastapi's TestClient, on a fresh database with the demo catalog; one
CLOUDDESK-PRO subscription per order with its seats quantity overridden (25). Prints one
table; nothing is asserted beyond each call succeeding.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests.conftest import app_for, login

from benchmarks.orders import (
    NEW,
    Row,
    _ok,
    _order,
    _pro,
    _row,
    _timed,
    demo_tenant,
    measure_backends,
    seats_and_account,
)
from zorders.bootstrap import build
from zorders.settings import Settings

SEQUENTIAL_ORDERS = 200
READS = 100


def _v2_order(account_id: str, seats_id: str) -> dict[str, Any]:
    return {
        "order_date": "2025-01-01",
        "account_id": account_id,
        "subscriptions": [
            {
                "subscription_plans": [
                    {
                        "plan_number": "CLOUDDESK-PRO",
                        "prices": [{"price_id": seats_id, "quantity": 25}],
                    }
                ],
                "initial_term": {"type": "termed", "interval": "month", "interval_count": 12},
                "renewal_term": {"type": "termed", "interval": "month", "interval_count": 12},
                "auto_renew": True,
                "start_on": {"contract_effective": "2025-01-01"},
            }
        ],
    }


def _rows(backend: str, database_url: str) -> list[Row]:
    container = build(Settings(database_url=database_url))
    try:
        tenant = demo_tenant(container)
        with TestClient(app_for(container)) as client:
            headers = login(client, tenant).headers | NEW
            seats_id, account = seats_and_account(client, headers)
            v1_body = _order(account["accountNumber"], [_pro(seats_id, 25)])
            v2_body = _v2_order(account["accountId"], seats_id)
            numbers: list[str] = []

            def post_v1() -> None:
                _ok(client.post("/v1/orders", headers=headers, json=v1_body))

            def post_v2() -> None:
                numbers.append(
                    _ok(client.post("/v2/orders", headers=headers, json=v2_body))["order_number"]
                )

            post_v1()
            post_v2()  # warm-up
            v1_times = _timed(post_v1, SEQUENTIAL_ORDERS)
            v2_times = _timed(post_v2, SEQUENTIAL_ORDERS)
            last = numbers[-1]
            one_times = _timed(
                lambda: _ok(client.get(f"/v2/orders/{last}", headers=headers)), READS
            )
            v1_one_times = _timed(
                lambda: _ok(client.get(f"/v1/orders/{last}", headers=headers)), READS
            )
            listed = _ok(client.get("/v2/orders?page_size=30", headers=headers))
            if len(listed["data"]) != 30 or not listed["next_page"]:
                raise RuntimeError("the first page of /v2/orders is not full")
            list_times = _timed(
                lambda: _ok(client.get("/v2/orders?page_size=30", headers=headers)), READS // 4
            )
            v1_list_times = _timed(
                lambda: _ok(client.get("/v1/orders?pageSize=30", headers=headers)), READS // 4
            )
        orders = 2 * SEQUENTIAL_ORDERS + 2
        return [
            _row(backend, "POST /v1/orders, 1 subscription", v1_times),
            _row(backend, "POST /v2/orders, the same order", v2_times),
            _row(backend, "GET /v1/orders/{n}", v1_one_times),
            _row(backend, "GET /v2/orders/{n}", one_times),
            _row(backend, f"GET /v1/orders?pageSize=30 ({orders} orders)", v1_list_times),
            _row(backend, f"GET /v2/orders?page_size=30 ({orders} orders)", list_times),
        ]
    finally:
        container.close()


def main() -> None:
    measure_backends(
        "v2_orders",
        f"v2 beside v1, in-process (TestClient), sequential; {SEQUENTIAL_ORDERS} orders each, "
        f"{READS} single reads, {READS // 4} list reads",
        _rows,
        46,
    )


if __name__ == "__main__":
    main()
