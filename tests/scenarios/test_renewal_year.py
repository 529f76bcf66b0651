"""The integrator's test the issue names (issue 11, "Done when"): create an auto-renewing
subscription, advance 13 months, expect 13 invoices and a renewed term. Public API only;
SQLite and PostgreSQL.

Catalog and prices as in test_scheduled_billing: USD 50.00 a month in advance, the account
billing on the 1st, a 12-month term from 2025-01-01 — here renewing for 12 months. By hand:
invoices of 50.00 dated the 1st of each month, 2025-01 to 2026-01 (13), each for that month;
at 2026-01-01 (midnight, before that day's 02:00 run) the term renews: version 2, made by a
RenewSubscription order, term 2026-01-01 to 2027-01-01, Active.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_orders import create_subscription, new_account
from tests.scenarios.test_scheduled_billing import (
    CATALOG,
    DAILY,
    MONTH_ENDS,
    _call,
    advance,
    invoices,
)
from tests.support.test_mode import SandboxApi

RENEWING = {
    "initialTerm": {"termType": "TERMED", "period": 12, "periodType": "Month"},
    "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
    "renewalTerms": [{"period": 12, "periodType": "Month"}],
    "autoRenew": True,
}

# (invoice date, amount, service start, service end, status, balance), by hand.
THIRTEEN = [
    (f"2025-{m:02d}-01", 50, f"2025-{m:02d}-01", end, "Posted", 50)
    for m, end in enumerate(MONTH_ENDS, 1)
] + [("2026-01-01", 50, "2026-01-01", "2026-01-31", "Posted", 50)]


def _customer(api: SandboxApi, t: dict[str, Any]) -> tuple[str, str]:
    created = _call(
        api,
        t,
        "POST",
        "/v1/orders",
        json={
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [
                {
                    "orderActions": [
                        create_subscription("MONTHLY-50", start="2025-01-01", term=RENEWING)
                    ]
                }
            ],
        },
    )
    return created["accountNumber"], created["subscriptions"][0]["subscriptionNumber"]


@pytest.mark.parametrize("steps", [[13], [1] * 13], ids=["one-jump", "month-by-month"])
def test_advance_13_months_gives_13_invoices_and_a_renewed_term(
    sandbox: SandboxApi, steps: list[int]
) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=CATALOG)
    account, number = _customer(sandbox, t)
    _call(sandbox, t, "POST", "/v1/bill-runs", json=DAILY)
    totals: dict[str, int] = {}
    for months in steps:
        for name, value in advance(sandbox, t, months=months)["totals"].items():
            totals[name] = totals.get(name, 0) + value
    # 2025 has 365 days and January 2026 31: one bill run a day.
    assert totals == {"billRuns": 396, "invoices": 13, "subscriptionsRenewed": 1}
    assert invoices(sandbox, t, account) == THIRTEEN
    subscription = _call(sandbox, t, "GET", f"/v1/subscriptions/{number}")
    assert (
        subscription["version"],
        subscription["status"],
        subscription["termStartDate"],
        subscription["termEndDate"],
        subscription["currentTerm"],
        subscription["autoRenew"],
    ) == (2, "Active", "2026-01-01", "2027-01-01", 12, True)
    orders = _call(sandbox, t, "GET", f"/v1/orders/subscription/{number}")["orders"]
    actions = sorted(
        (o["orderDate"], a["type"])
        for o in orders
        for s in o["subscriptions"]
        for a in s["orderActions"]
    )
    assert actions == [("2025-01-01", "CreateSubscription"), ("2026-01-01", "RenewSubscription")]
    clock = _call(sandbox, t, "GET", "/zorders/v1/clock")
    assert clock["today"] == "2026-02-01"
