"""The soak (issue 16, item 7): concurrent clients against a real `zorders serve` for a
while, then the invariants of `tests.soak.invariants` on what they left.

The mix (`tests.soak.workload.MIX`): new subscriptions and amendments, each an order with
runBilling; most amendments fall on a few hot subscriptions every client amends; External
payments against open invoices (or left unapplied); bill runs of one account or of all.
A business refusal (4xx) is counted and allowed; a 5xx or a dropped connection fails.

Afterwards every order that made a version is replayed, one at a time, on a fresh tenant
of the same server, each subscription's orders in the order of its versions (the commit
order, never the order they arrived in), and each subscription must have been billed, net,
exactly what the replay bills.

`make test` runs ZORDERS_SOAK_SECONDS (10) of load with ZORDERS_SOAK_CLIENTS (32) on each
backend; `make soak` 60 s on PostgreSQL. SQLite takes the 32 clients too: its writers
queue behind one lock (BEGIN IMMEDIATE, 30 s busy timeout), well inside the timeout at
this load, so no client count below 32 is needed there.
"""

from __future__ import annotations

import os
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import httpx2 as httpx
import pytest
import simplejson

from tests.conftest import DEMO_CATALOG
from tests.soak import invariants
from tests.soak.workload import (
    FROZEN_AT,
    NEW,
    POOL_ACCOUNTS,
    Record,
    Sent,
    Workload,
    account_body,
    loads,
    order_body,
)
from tests.support.server import zorders_server
from zorders.bootstrap import Container
from zorders.cli.catalog_file import read_catalog_file
from zorders.services import tenants
from zorders.services.catalog_file import load_catalog
from zorders.services.tenants import TenantCredentials

SECONDS = float(os.environ.get("ZORDERS_SOAK_SECONDS", "10"))
CLIENTS = 32
# The load, the drain of the bill runs and the sequential replay, with room to spare.
pytestmark = pytest.mark.timeout(max(120, int(SECONDS * 8)))


def _shop(container: Container) -> TenantCredentials:
    """A fresh tenant with the demo catalog, its clock standing on FROZEN_AT."""
    creds = tenants.create_tenant(
        container.uow_factory,
        container.wall_clock,
        f"soak-{uuid.uuid4().hex[:12]}",
        clock_frozen_at=FROZEN_AT,
    )
    with container.uow_factory() as uow:
        ctx = container.tenant_clock.context(creds.tenant_id, "soak")
        load_catalog(uow, ctx, read_catalog_file(DEMO_CATALOG))
        uow.commit()
    return creds


def _login(base_url: str, creds: TenantCredentials) -> tuple[dict[str, str], dict[str, str]]:
    """The tenant's Authorization header, and its catalog charges' ids by charge number."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        token = http.post(
            "/oauth/token",
            data={
                "client_id": creds.client_id,
                "client_secret": creds.client_secret or "",
                "grant_type": "client_credentials",
            },
        )
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        listed = http.get("/v1/catalog/products", headers=headers)
        assert listed.status_code == 200, listed.text
    ids = {
        charge["productRatePlanChargeNumber"]: charge["id"]
        for product in loads(listed.text)["products"]
        for plan in product["productRatePlans"]
        for charge in plan["productRatePlanCharges"]
    }
    return headers, ids


def replay(
    base_url: str,
    headers: Mapping[str, str],
    charge_ids: Mapping[str, str],
    accounts: Iterable[str],
    orders: Iterable[Sent],
) -> list[str]:
    """On another tenant: opens `accounts` as the set-up did, then sends `orders` one at a
    time, in the order given. Returns what did not answer a success."""
    problems: list[str] = []
    json = {"Content-Type": "application/json"}
    with httpx.Client(base_url=base_url, headers=dict(headers) | NEW, timeout=120) as http:
        for number in accounts:
            r = http.post(
                "/v1/accounts", content=simplejson.dumps(account_body(number)), headers=json
            )
            if r.status_code != 200:
                problems.append(f"account {number}: {r.status_code} {r.text[:300]}")
        for sent in orders:
            body = simplejson.dumps(order_body(sent, charge_ids), use_decimal=True)
            r = http.post("/v1/orders", content=body, headers=json)
            if r.status_code != 200 or not loads(r.text).get("success"):
                problems.append(f"order {sent.number}: {r.status_code} {r.text[:300]}")
    return problems


def _figures(
    backend: str, clients: int, record: Record, times: dict[str, float], **more: Any
) -> str:
    by_kind: dict[str, Counter[int]] = {}
    for (kind, status), n in sorted(record.statuses.items()):
        by_kind.setdefault(kind, Counter())[status] += n
    lines = [f"soak on {backend}: {clients} clients, {SECONDS:g} s of load"]
    for kind, statuses in by_kind.items():
        shown = ", ".join(f"{s or 'no answer'}: {n}" for s, n in sorted(statuses.items()))
        lines.append(f"  {kind:<17}{sum(statuses.values()):>7}  ({shown})")
    total: Counter[int] = Counter()
    for statuses in by_kind.values():
        total.update(statuses)
    lines.append(f"  statuses: {dict(sorted(total.items()))}")
    lines.append(f"  5xx or no answer: {len(record.failures)}")
    top = ", ".join(f"{k} {s} {c or '-'} x{n}" for (k, s, c), n in record.refusals.most_common(6))
    lines.append(f"  refusals (most common): {top or 'none'}")
    lines.extend(f"    {code}: {message[:110]}" for code, message in record.examples.items())
    lines.extend(f"  {name}: {value}" for name, value in more.items())
    lines.append("  seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in times.items()))
    return "\n".join(lines)


def test_soak(container: Container, database_url: str) -> None:
    """Zero 5xx under the mix, and after it: (a) documents equal their items, (b) account
    balances equal their open documents and unapplied money, (c) versions 1..n with one
    latest, (d) each order's answer matches what was stored, and net billed per
    subscription equals the sequential replay's."""
    backend = container.engine.dialect.name
    clients = int(os.environ.get("ZORDERS_SOAK_CLIENTS") or CLIENTS)
    serve_args = ("--workers", "2") if backend == "postgresql" else ()
    soak, fresh = _shop(container), _shop(container)
    times: dict[str, float] = {}
    started = time.monotonic()

    def lap(name: str) -> None:
        nonlocal started
        times[name] = time.monotonic() - started
        started = time.monotonic()

    with zorders_server(database_url, *serve_args) as server:
        headers, charge_ids = _login(server.base_url, soak)
        load = Workload(server.base_url, headers, charge_ids, clients=clients, seconds=SECONDS)
        load.setup()
        lap("set-up")
        load.run()
        lap("load")
        runs = load.drain(timeout=max(60.0, SECONDS * 2))
        lap("bill runs drained")
        report = invariants.Report()
        with container.engine.connect() as conn:
            invariants.documents_and_accounts(conn, soak.tenant_id, report)
            invariants.versions(conn, soak.tenant_id, report)
            order_of = invariants.commit_order(conn, soak.tenant_id)
            invariants.outcomes(order_of, load.record, report)
            soak_net = invariants.net_billed(conn, soak.tenant_id)
        with load.client() as http:
            hot = {number: order_of.get(number, []) for number, _ in load.hot}
            invariants.latest_through_api(http, hot, report)
        lap("checks")
        sent = load.record.sent
        plan = [sent[o] for number in sorted(order_of) for o in order_of[number] if o in sent]
        replay_headers, replay_ids = _login(server.base_url, fresh)
        pool = [f"SA-POOL-{i:02d}" for i in range(POOL_ACCOUNTS)]
        refused = replay(server.base_url, replay_headers, replay_ids, pool, plan)
        with container.engine.connect() as conn:
            replay_net = invariants.net_billed(conn, fresh.tenant_id)
            replayed = invariants.Report()
            invariants.documents_and_accounts(conn, fresh.tenant_id, replayed)
        compared = invariants.same_net_billed(soak_net, replay_net, order_of)
        lap("replay")
    checked = report.checked + compared.checked
    print(  # shown with -s (make soak)
        "\n"
        + _figures(
            backend,
            clients,
            load.record,
            times,
            **{
                "bill runs": dict(runs),
                "invariants checked": dict(checked),
                "replayed orders": len(plan),
                "violations": len(report.violations) + len(compared.violations),
            },
        )
    )
    assert load.crashes == []
    assert load.record.failures == []
    assert set(runs) <= {"Completed", "Posted"}, runs  # autoPost: Posted when done
    assert report.violations == []
    assert refused == []
    assert replayed.violations == []
    assert compared.violations == []
    # The soak did what it is for: every kind succeeded, and the hot subscriptions took
    # amendment after amendment from clients racing one another.
    for kind in ("new_subscription", "amend_hot", "amend", "payment", "bill_run"):
        assert load.record.statuses[kind, 200] > 0, kind
    assert min(len(made) for made in hot.values()) > 1, hot
    assert checked["subscriptions"] == len(order_of) == checked["subscriptions billed"]
