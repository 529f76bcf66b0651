"""Concurrent amendments that bill (issue 8): what is billed does not depend on the order in
which simultaneous requests arrived, only on the order in which they committed.

An account billed through 2025-02-01, then N simultaneous `UpdateProduct` orders on its
subscription (seats 10+i from 2025-01-15), each with `runBilling` to 2025-02-01. Every
order answers 200 and builds on the version before it; the net billed (invoices less
credit memos) must be what the final state bills, to the cent.

Hand-computed, CloudDesk Basic (platform 29.00 a month, seats 12.00 each a month, 3 seats,
onboarding 99.00 once), bill cycle day 1, January 2025 has 31 days:
- billed before the race: onboarding, January and February in full: 99 + 2 x (29 + 36) = 229.00
- the final state, q seats from 2025-01-15, credits 3 seats for 17/31 of January
  (36 x 17/31 = 19.741… → 19.74) and 3 seats for February (36.00), and charges q seats
  for 17/31 of January (12q x 17/31, rounded half up) and for February (12q).
So net = 229.00 − 19.74 − 36.00 + round(204q/31) + 12q, whatever came between.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx2 as httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.test_order_concurrency import _load_demo_catalog
from tests.api.test_orders import NEW, create_subscription, new_account
from tests.conftest import app_for
from tests.support.live import bearer, serve_in_thread
from zorders.bootstrap import Container
from zorders.services.tenants import TenantCredentials


def expected_net(seats: int) -> Decimal:
    january = (Decimal(204) * seats / 31).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Decimal("229.00") - Decimal("19.74") - Decimal("36.00") + january + 12 * seats


def test_expected_net_by_hand() -> None:
    # 10 seats: 204 x 10 / 31 = 65.806… → 65.81; 173.26 + 65.81 + 120 = 359.07
    assert expected_net(10) == Decimal("359.07")
    # 29 seats: 204 x 29 / 31 = 190.838… → 190.84; 173.26 + 190.84 + 348 = 712.10
    assert expected_net(29) == Decimal("712.10")


def _update_seats(
    account: str,
    number: str,
    charge: str,
    seats: int,
    *,
    effective: str = "2025-01-15",
    target: str = "2025-02-01",
) -> dict[str, Any]:
    return {
        "orderDate": "2025-01-01",
        "existingAccountNumber": account,
        "subscriptions": [
            {
                "subscriptionNumber": number,
                "orderActions": [
                    {
                        "type": "UpdateProduct",
                        "triggerDates": [{"name": "ContractEffective", "triggerDate": effective}],
                        "updateProduct": {
                            "productRatePlanNumber": "CLOUDDESK-BASIC",
                            "chargeUpdates": [
                                {
                                    "chargeNumber": charge,
                                    "pricing": {"recurringPerUnit": {"quantity": seats}},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
        "processingOptions": {"runBilling": True, "billingOptions": {"targetDate": target}},
    }


def documents(http: httpx.Client, auth: dict[str, str], account: str) -> list[tuple[str, Decimal]]:
    listed = http.get(f"/v1/billing-documents?accountNumber={account}", headers=auth)
    assert listed.status_code == 200, listed.text
    return [(d["documentType"], Decimal(str(d["amount"]))) for d in listed.json()["documents"]]


def net_billed(http: httpx.Client, auth: dict[str, str], account: str) -> Decimal:
    return sum(
        (a if kind == "Invoice" else -a for kind, a in documents(http, auth, account)), Decimal(0)
    )


@dataclass
class Live:
    http: httpx.Client
    base_url: str
    auth: dict[str, str]

    def subscribed_and_billed(self) -> tuple[str, str, str]:
        """A new account with CloudDesk Basic from 2025-01-01, billed through 2025-02-01:
        (account number, subscription number, seats charge number)."""
        created = self.http.post(
            "/v1/orders",
            headers=self.auth | NEW,
            json={
                "orderDate": "2025-01-01",
                "newAccount": new_account(),
                "subscriptions": [{"orderActions": [create_subscription()]}],
            },
        )
        assert created.status_code == 200, created.text
        account = created.json()["accountNumber"]
        number = created.json()["subscriptions"][0]["subscriptionNumber"]
        generated = self.http.post(
            f"/v1/accounts/{account}/billing-documents/generate",
            headers=self.auth,
            json={"targetDate": "2025-02-01", "autoPost": True},
        )
        assert generated.status_code == 200, generated.text
        assert net_billed(self.http, self.auth, account) == Decimal("229.00")
        sub = self.http.get(f"/v1/subscriptions/{number}", headers=self.auth).json()
        seats = next(
            c for c in sub["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic seats"
        )
        return account, number, seats["number"]

    def simultaneously(self, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
        """POST every body to /v1/orders at once, from threads of their own; in body order."""
        barrier = threading.Barrier(len(bodies))
        results: dict[int, httpx.Response] = {}
        errors: list[BaseException] = []
        lock = threading.Lock()

        def call(i: int) -> None:
            try:
                with httpx.Client(base_url=self.base_url, timeout=120) as own:
                    own.get("/health")  # open the connection before the race
                    barrier.wait(30)
                    response = own.post("/v1/orders", headers=self.auth | NEW, json=bodies[i])
                with lock:
                    results[i] = response
            except BaseException as err:  # surfaced below, not lost in the thread
                with lock:
                    errors.append(err)

        threads = [threading.Thread(target=call, args=(i,)) for i in range(len(bodies))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
        assert not errors, errors
        return [results[i] for i in range(len(bodies))]

    def new_version(self, order_number: str) -> int:
        detail = self.http.get(f"/v1/orders/{order_number}", headers=self.auth)
        assert detail.status_code == 200, detail.text
        [item] = detail.json()["order"]["subscriptions"]
        return int(item["newVersion"])


@contextmanager
def live(container: Container, tenant: TenantCredentials) -> Iterator[Live]:
    _load_demo_catalog(container, tenant)
    with (
        serve_in_thread(app_for(container)) as base_url,
        httpx.Client(base_url=base_url, timeout=60) as http,
    ):
        yield Live(http, base_url, bearer(http, tenant.client_id, tenant.client_secret))


def test_simultaneous_amendments_bill_what_the_final_state_bills(
    container: Container, tenant: TenantCredentials
) -> None:
    n = 12 if container.engine.dialect.name == "postgresql" else 5
    with live(container, tenant) as api:
        account, number, seats_charge = api.subscribed_and_billed()
        bodies = [_update_seats(account, number, seats_charge, 10 + i) for i in range(n)]
        results = api.simultaneously(bodies)
        assert [r.status_code for r in results] == [200] * n, [r.text for r in results]

        latest = api.http.get(f"/v1/subscriptions/{number}", headers=api.auth).json()
        assert latest["version"] == 1 + n
        [final] = [
            c for c in latest["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic seats"
        ]
        seats = int(final["quantity"])
        assert 10 <= seats < 10 + n
        assert net_billed(api.http, api.auth, account) == expected_net(seats)
        # And billing again finds nothing left to bill or credit.
        again = api.http.post(
            f"/v1/accounts/{account}/billing-documents/generate",
            headers=api.auth,
            json={"targetDate": "2025-02-01", "autoPost": True},
        )
        assert again.json() == {"success": True, "invoices": [], "creditMemos": []}


def day(offset: int) -> str:
    return str(date(2025, 1, 1) + timedelta(days=offset))


# One amendment: seats, the day in 2025 it takes effect, the day its runBilling bills to.
amendment = st.tuples(st.integers(0, 30), st.integers(0, 58), st.integers(0, 89))


def test_random_interleavings_bill_as_their_commit_order_does(
    container: Container, tenant: TenantCredentials
) -> None:
    """Hypothesis draws a few amendments (each with runBilling to a target of its own) and
    sends them at once; then the ones that succeeded are sent one after another, in the
    order they committed (their subscription versions), on a fresh account. Both must
    bill the same documents, to the cent."""
    examples = 20 if container.engine.dialect.name == "postgresql" else 8

    with live(container, tenant) as api:

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        @given(st.lists(amendment, min_size=2, max_size=6))
        def check(plan: list[tuple[int, int, int]]) -> None:
            def bodies(account: str, number: str, charge: str) -> list[dict[str, Any]]:
                return [
                    _update_seats(
                        account, number, charge, q, effective=day(eff), target=day(target)
                    )
                    for q, eff, target in plan
                ]

            account, number, charge = api.subscribed_and_billed()
            raced = api.simultaneously(bodies(account, number, charge))
            # An update effective before a segment another update already started is
            # refused (it depends on which came first) and leaves nothing behind.
            done = [i for i, r in enumerate(raced) if r.status_code == 200]
            for r in raced:
                if r.status_code != 200:
                    assert r.status_code == 400, r.text
                    assert r.json()["reasons"][0]["code"] == 53200130, r.text
            assert done
            committed = sorted(done, key=lambda i: api.new_version(raced[i].json()["orderNumber"]))
            assert [api.new_version(raced[i].json()["orderNumber"]) for i in committed] == list(
                range(2, 2 + len(done))
            )
            again, number_2, charge_2 = api.subscribed_and_billed()
            in_turn = bodies(again, number_2, charge_2)
            for i in committed:
                answer = api.http.post("/v1/orders", headers=api.auth | NEW, json=in_turn[i])
                assert answer.status_code == 200, answer.text
            assert sorted(documents(api.http, api.auth, account)) == sorted(
                documents(api.http, api.auth, again)
            )
            assert net_billed(api.http, api.auth, account) == net_billed(api.http, api.auth, again)

        check()
