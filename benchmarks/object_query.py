"""Object Query lists over a large tenant: ACCOUNTS accounts and as many subscriptions.
One page costs one SQL page of the rows (filter, sort and cursor in the query), then the
page's objects read by id, whatever the table's size (decisions OQ7, OQ8); GET /v2/accounts,
which filters and pages in memory (QA5), is measured beside it for contrast.

The rows are copies of one account and one subscription made through the API, stored in
one transaction (creating 10,000 through HTTP would measure the writes). In-process,
through fastapi's TestClient; prints one table; nothing is asserted beyond each call
succeeding and answering a full page.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

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
from zorders.bootstrap import Container, build
from zorders.settings import Settings

ACCOUNTS = 10_000
READS = 50
V2_READS = 5


def _copies(container: Container, tenant_id: str, number: str, subscription: str) -> None:
    """ACCOUNTS - 1 copies of the account and of its subscription, one per copy."""
    with container.uow_factory() as uow:
        account = uow.accounts.get_by_number(tenant_id, number)
        version = uow.subscriptions.latest(tenant_id, subscription)
        assert account is not None and version is not None
        start = account.created_at
        for i in range(1, ACCOUNTS):
            account_id = uuid.uuid4().hex
            contact = replace(account.bill_to, id=uuid.uuid4().hex, account_id=account_id)
            moment = start + timedelta(seconds=i)
            uow.accounts.add(
                tenant_id,
                replace(
                    account,
                    id=account_id,
                    account_number=f"B{i:08d}",
                    name=f"Bench {i:05d}",
                    bill_cycle_day=i % 28 + 1,
                    bill_to=contact,
                    sold_to=contact,
                    ship_to=contact,
                    created_at=moment,
                    updated_at=moment,
                ),
            )
            copy = replace(
                version,
                id=uuid.uuid4().hex,
                number=f"BS{i:08d}",
                account_id=account_id,
                invoice_owner_account_id=account_id,
            )
            uow.subscriptions.add_version(tenant_id, copy, moment)
        uow.commit()


def _rows(backend: str, database_url: str) -> list[Row]:
    container = build(Settings(database_url=database_url))
    try:
        tenant = demo_tenant(container)
        with TestClient(app_for(container)) as client:
            headers = login(client, tenant).headers | NEW
            seats_id, created = seats_and_account(client, headers)
            number = created["accountNumber"]
            made = _ok(
                client.post(
                    "/v1/orders", headers=headers, json=_order(number, [_pro(seats_id, 25)])
                )
            )
            _copies(
                container, tenant.tenant_id, number, made["subscriptions"][0]["subscriptionNumber"]
            )

            def page(url: str, size: int) -> None:
                body = _ok(client.get(url, headers=headers))
                if len(body["data"]) != size:
                    raise RuntimeError(f"{url}: {len(body['data'])} rows")

            filtered = (
                "/object-query/accounts?filter[]=billCycleDay.EQ:7"
                "&filter[]=currency.EQ:USD&pageSize=10"
            )
            page(filtered, 10)
            accounts_times = _timed(lambda: page(filtered, 10), READS)
            sorted_url = (
                "/object-query/accounts?filter[]=name.SW:Bench 09&sort[]=name.ASC&pageSize=50"
            )
            sorted_times = _timed(lambda: page(sorted_url, 50), READS)
            first = _ok(client.get(filtered, headers=headers))["nextPage"]
            next_url = f"{filtered}&cursor={first}"
            next_times = _timed(lambda: page(next_url, 10), READS)
            subs = "/object-query/subscriptions"
            page(subs, 10)
            subs_times = _timed(lambda: page(subs, 10), READS)
            v2 = "/v2/accounts?filter[]=bill_cycle_day.EQ:7&page_size=10"
            page(v2, 10)
            v2_times = _timed(lambda: page(v2, 10), V2_READS)
        n = f"{ACCOUNTS} accounts"
        return [
            _row(backend, f"OQ accounts, 2 filters, page of 10 ({n})", accounts_times),
            _row(backend, "OQ accounts, its 2nd page (cursor)", next_times),
            _row(backend, "OQ accounts, SW filter, sort by name, 50", sorted_times),
            _row(backend, f"OQ subscriptions, first page ({ACCOUNTS})", subs_times),
            _row(backend, "v2 accounts, 1 filter, page of 10 (memory)", v2_times),
        ]
    finally:
        container.close()


def main() -> None:
    measure_backends(
        "object_query",
        f"Object Query lists, in-process (TestClient), sequential; {ACCOUNTS} accounts and "
        f"{ACCOUNTS} subscriptions; {READS} reads each ({V2_READS} for v2)",
        _rows,
        46,
    )


if __name__ == "__main__":
    main()
