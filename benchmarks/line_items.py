"""Order line items: the cost of POST /v1/order-line-items/bulk with 100 items (seed 003),
on SQLite and PostgreSQL.

In-process, through fastapi's TestClient (the full ASGI app: auth, idempotency middleware,
JSON envelope; no sockets), on a fresh database. Each repeat takes 100 new Executing line
items of one order (stored directly beforehand, outside the timing) and times one bulk
call that sends all of them to billing (`itemState: SentToBilling`, a bill target date),
then the same with `runBilling` (one invoice of 100 items). Prints one table; nothing is
asserted beyond each call succeeding.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from tests.conftest import app_for, login
from tests.support.line_items import store_order

from benchmarks.orders import Row, _ok, _row, _timed, measure_backends
from zorders.bootstrap import build
from zorders.services import tenants
from zorders.services.line_items.bulk import MAX_BULK_ITEMS
from zorders.settings import Settings

REPEATS = 10


def _rows(backend: str, database_url: str) -> list[Row]:
    container = build(Settings(database_url=database_url))
    try:
        container.migrate()
        tenant = tenants.create_tenant(
            container.uow_factory, container.wall_clock, f"bench-{uuid.uuid4().hex[:8]}"
        )
        with TestClient(app_for(container)) as client:
            headers = login(client, tenant).headers
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
            )["accountId"]
            batches: list[list[str]] = []

            def stock() -> None:
                items = store_order(
                    container,
                    tenant.tenant_id,
                    account,
                    f"O-BENCH-{len(batches):05d}",
                    *({} for _ in range(MAX_BULK_ITEMS)),
                )
                batches.append([i.id for i in items])

            for _ in range(2 * REPEATS + 1):
                stock()
            pending = iter(batches)

            def send(body: Callable[[list[str]], dict[str, Any]]) -> Callable[[], None]:
                def call() -> None:
                    answer = _ok(
                        client.post(
                            "/v1/order-line-items/bulk", headers=headers, json=body(next(pending))
                        )
                    )
                    if len(answer["orderLineItems"]) != MAX_BULK_ITEMS:
                        raise RuntimeError(f"{len(answer['orderLineItems'])} items answered")

                return call

            def to_billing(ids: list[str]) -> dict[str, Any]:
                return {
                    "orderLineItems": [
                        {"id": i, "itemState": "SentToBilling", "billTargetDate": "2025-07-10"}
                        for i in ids
                    ]
                }

            def and_bill(ids: list[str]) -> dict[str, Any]:
                return {
                    **to_billing(ids),
                    "processingOptions": {
                        "runBilling": True,
                        "billingOptions": {"targetDate": "2025-07-10"},
                    },
                }

            send(to_billing)()  # warm-up
            times = _timed(send(to_billing), REPEATS)
            billed = _timed(send(and_bill), REPEATS)
        return [
            _row(backend, f"bulk, {MAX_BULK_ITEMS} items to SentToBilling", times),
            _row(backend, f"bulk, {MAX_BULK_ITEMS} items to SentToBilling + runBilling", billed),
        ]
    finally:
        container.close()


def main() -> None:
    measure_backends(
        "line_items",
        f"Order line items, in-process (TestClient), sequential; 1 warm-up + {REPEATS} calls",
        _rows,
        46,
    )


if __name__ == "__main__":
    main()
