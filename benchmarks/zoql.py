"""ZOQL (issue 14): with 10,000 accounts in a tenant, the time to page through all of
them with `POST /v1/action/query` and `queryMore` in batches of 2000, and the time of a
filtered query (`BillCycleDay = 7 and Name like 'Account 1%'`, 39 rows). In process
through the ASGI app (no network); the accounts are inserted in one statement (what is
measured is reading them). Median of N rounds after one warm-up round, on SQLite and,
when reachable, PostgreSQL. `ZORDERS_BENCH_ZOQL_ACCOUNTS` sets the accounts (default
10000), `ZORDERS_BENCH_ZOQL_ROUNDS` N (default 5)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.support import databases

from zorders.bootstrap import Container, build
from zorders.services import tenants
from zorders.settings import Settings
from zorders.storage.tables import accounts

ACCOUNTS = int(os.environ.get("ZORDERS_BENCH_ZOQL_ACCOUNTS", "10000"))
ROUNDS = int(os.environ.get("ZORDERS_BENCH_ZOQL_ROUNDS", "5"))
ALL = "select Id, AccountNumber, Name, Currency, BillCycleDay, Balance, CreatedDate from Account"
FILTERED = "select Id, Name from Account where BillCycleDay = 7 and Name like 'Account 1%'"


def _seed(container: Container, tenant_id: str) -> None:
    now = container.wall_clock.now()
    rows: list[dict[str, Any]] = []
    for i in range(ACCOUNTS):
        contact = uuid.uuid4().hex
        rows.append(
            {
                "id": uuid.uuid4().hex,
                "tenant_id": tenant_id,
                "account_number": f"A{i:08d}",
                "name": f"Account {i}",
                "currency": "USD",
                "status": "Active",
                "bill_cycle_day": i % 28 + 1,
                "bcd_setting_option": "ManualSet",
                "payment_term": "Due Upon Receipt",
                "auto_pay": False,
                "batch": "Batch1",
                "invoice_delivery_prefs_email": False,
                "invoice_delivery_prefs_print": False,
                "additional_email_addresses": [],
                "bill_to_contact_id": contact,
                "sold_to_contact_id": contact,
                "ship_to_contact_id": contact,
                "custom_fields": {},
                "balance": Decimal("0"),
                "credit_balance": Decimal("0"),
                "total_invoice_balance": Decimal("0"),
                "total_debit_memo_balance": Decimal("0"),
                "unapplied_payment_amount": Decimal("0"),
                "unapplied_credit_memo_amount": Decimal("0"),
                "contracted_mrr": Decimal("0"),
                "reserved_payment_amount": Decimal("0"),
                "created_at": now,
                "updated_at": now,
            }
        )
    with container.engine.begin() as connection:
        connection.execute(accounts.insert(), rows)


def _page_all(client: TestClient, headers: dict[str, str]) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    response = client.post("/v1/action/query", headers=headers, json={"queryString": ALL})
    answer = response.json()
    seen, calls = len(answer["records"]), 1
    while not answer["done"]:
        response = client.post(
            "/v1/action/queryMore", headers=headers, json={"queryLocator": answer["queryLocator"]}
        )
        answer = response.json()
        seen, calls = seen + len(answer["records"]), calls + 1
    return (time.perf_counter() - t0) * 1000, seen, calls


def _filtered(client: TestClient, headers: dict[str, str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    response = client.post("/v1/action/query", headers=headers, json={"queryString": FILTERED})
    elapsed = (time.perf_counter() - t0) * 1000
    return elapsed, response.json()["size"]


def _run(backend: str, url: str) -> None:
    container = build(Settings(database_url=url))
    container.migrate()
    try:
        creds = tenants.create_tenant(
            container.uow_factory, container.wall_clock, f"bench-{uuid.uuid4().hex[:12]}"
        )
        _seed(container, creds.tenant_id)
        with TestClient(container.app()) as client:
            token = client.post(
                "/oauth/token",
                data={
                    "client_id": creds.client_id,
                    "client_secret": creds.client_secret or "",
                    "grant_type": "client_credentials",
                },
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            _page_all(client, headers)
            _filtered(client, headers)
            pages = [_page_all(client, headers) for _ in range(ROUNDS)]
            filtered = [_filtered(client, headers) for _ in range(ROUNDS)]
            assert all(seen == ACCOUNTS for _, seen, _ in pages)
            total = statistics.median(p[0] for p in pages)
            calls = pages[0][2]
            print(
                f"{backend:<11} {ACCOUNTS:>8} {calls:>6} {total:>10.1f} {total / calls:>10.1f}"
                f" {statistics.median(f[0] for f in filtered):>10.1f} {filtered[0][1]:>6}"
            )
    finally:
        container.close()


def main() -> None:
    print("ZOQL: page through every account (query + queryMore, batches of 2000), ms (median)")
    print(
        f"{'backend':<11} {'accounts':>8} {'calls':>6} {'all':>10} {'per call':>10}"
        f" {'filtered':>10} {'rows':>6}"
    )
    tmp = Path(tempfile.mkdtemp(prefix="zorders-bench-"))
    _run("sqlite", f"sqlite:///{tmp / 'zoql.db'}")
    if databases.postgres_unavailable_reason() is None:
        url = databases.create_postgres_database()
        try:
            _run("postgresql", url)
        finally:
            databases.drop_postgres_database(url)


if __name__ == "__main__":
    main()
