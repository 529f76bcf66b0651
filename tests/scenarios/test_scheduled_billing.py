"""A year in the life of a monthly subscription billed by a daily scheduled bill run, through
the public API only (issue 11; decisions SB1-SB7), on SQLite and PostgreSQL.

Catalog: one plan, a USD 50.00 flat fee a month in advance. The account bills on the 1st;
the subscription starts 2025-01-01 with a 12-month term that does not renew. Every
expected value is worked out by hand from those prices and dates: each month in full is
one invoice of 50.00 dated the 1st, for the 1st to the month's last day.
"""

from __future__ import annotations

from typing import Any

from tests.api.test_orders import NEW, create_subscription, new_account
from tests.support.test_mode import SandboxApi

CATALOG = """
products:
  - sku: MONTHLY
    name: Monthly service
    ratePlans:
      - name: Monthly
        productRatePlanNumber: MONTHLY-50
        charges:
          - name: Service fee
            productRatePlanChargeNumber: MONTHLY-50-FEE
            type: Recurring
            model: FlatFee
            billingPeriod: Month
            price: {USD: 50.00}
"""

TERM = {
    "initialTerm": {"termType": "TERMED", "period": 12, "periodType": "Month"},
    "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
    "renewalTerms": [{"period": 12, "periodType": "Month"}],
    "autoRenew": False,
}

MONTH_ENDS = [
    "2025-01-31",
    "2025-02-28",
    "2025-03-31",
    "2025-04-30",
    "2025-05-31",
    "2025-06-30",
    "2025-07-31",
    "2025-08-31",
    "2025-09-30",
    "2025-10-31",
    "2025-11-30",
    "2025-12-31",
]
# The year's 12 invoices: (invoice date, amount, service start, service end).
YEAR = [(f"2025-{m:02d}-01", 50, f"2025-{m:02d}-01", end) for m, end in enumerate(MONTH_ENDS, 1)]

DAILY = {
    "autoPost": True,
    "batches": ["AllBatches"],
    "billCycleDay": "AllBillCycleDays",
    "schedule": {"repeatFrom": "2025-01-01", "repeatType": "Daily", "runTime": 2},
}


def _call(api: SandboxApi, t: dict[str, Any], method: str, path: str, **kw: Any) -> Any:
    response = api.client.request(method, path, headers=t["headers"] | NEW, **kw)
    assert response.status_code == 200, response.text
    return response.json()


def customer(
    api: SandboxApi, t: dict[str, Any], *, start: str = "2025-01-01", **account: Any
) -> str:
    """An account (BCD 1 unless told) with the monthly subscription from `start`."""
    created = _call(
        api,
        t,
        "POST",
        "/v1/orders",
        json={
            "orderDate": start,
            "newAccount": new_account(**account),
            "subscriptions": [
                {
                    "orderActions": [
                        create_subscription("MONTHLY-50", start=start, term=TERM),
                    ]
                }
            ],
        },
    )
    number: str = created["accountNumber"]
    return number


def advance(api: SandboxApi, t: dict[str, Any], **step: Any) -> dict[str, Any]:
    body: dict[str, Any] = _call(api, t, "POST", "/zorders/v1/clock/advance", json=step)
    assert all(j["state"] == "done" for j in body["ran"]), body["ran"]
    return body


def invoices(api: SandboxApi, t: dict[str, Any], account: str) -> list[tuple[Any, ...]]:
    """(invoice date, amount, service start, service end, status, balance) per invoice
    (the service period from its items' first start to their last end)."""
    listed = _call(api, t, "GET", f"/v1/transactions/invoices/accounts/{account}")["invoices"]
    rows = []
    for invoice in sorted(listed, key=lambda i: i["invoiceNumber"]):
        items = _call(api, t, "GET", f"/v1/invoices/{invoice['invoiceNumber']}/items")[
            "invoiceItems"
        ]
        rows.append(
            (
                invoice["invoiceDate"],
                invoice["amount"],
                min(i["serviceStartDate"] for i in items),
                max(i["serviceEndDate"] for i in items),
                invoice["status"],
                invoice["balance"],
            )
        )
    return rows


def _year(status: str = "Posted", balance: int = 50) -> list[tuple[Any, ...]]:
    return [(*row, status, balance) for row in YEAR]


def test_a_year_month_by_month(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=CATALOG)
    account = customer(sandbox, t)
    scheduled = _call(sandbox, t, "POST", "/v1/bill-runs", json=DAILY)
    assert scheduled["status"] == "Pending"
    assert scheduled["scheduledExecutionTime"] == "2025-01-01 02:00:00"
    assert (scheduled["targetDateOffset"], scheduled["invoiceDateOffset"]) == (0, 0)
    ran_days = 0
    for month in range(12):
        moved = advance(sandbox, t, months=1)
        # Each day runs once: its job makes the day's bill run, whose own job bills it.
        days = int(MONTH_ENDS[month][-2:])
        # The last move lands on the term end (2026-01-01): the subscription expires.
        ended = month == 11
        assert moved["summary"] == {
            "scheduled_bill_run": {"done": days},
            "bill_run": {"done": days},
            **({"term_end": {"done": 1}} if ended else {}),
        }
        assert moved["totals"] == {
            "billRuns": days,
            "invoices": 1,
            **({"subscriptionsExpired": 1} if ended else {}),
        }
        ran_days += days
        assert invoices(sandbox, t, account) == _year()[: month + 1]
    assert ran_days == 365
    after = _call(sandbox, t, "GET", f"/v1/bill-runs/{scheduled['id']}")
    assert after["status"] == "Pending"  # no repeatTo: it goes on
    assert after["numberOfBillRuns"] == 365
    assert after["scheduledExecutionTime"] == "2026-01-01 02:00:00"
    last = _call(sandbox, t, "GET", f"/v1/bill-runs/{after['lastBillRunId']}")
    # The last run is the one of the year's last run day (its targetDate, no offset).
    assert (last["targetDate"], last["status"]) == ("2025-12-31", "Posted")
    counts = _call(sandbox, t, "GET", f"/v1/object/bill-run/{after['lastBillRunId']}")
    assert (counts["NumberOfAccounts"], counts["NumberOfInvoices"]) == (1, 0)


def test_a_year_in_one_jump_makes_the_same_invoices(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=CATALOG)
    account = customer(sandbox, t)
    _call(sandbox, t, "POST", "/v1/bill-runs", json=DAILY)
    moved = advance(sandbox, t, months=12)
    assert moved["totals"] == {"billRuns": 365, "invoices": 12, "subscriptionsExpired": 1}
    # In time order: Jan 1's run (02:00) made and billed, then Jan 2's...
    kinds = [j["kind"] for j in moved["ran"]]
    assert kinds[:4] == ["scheduled_bill_run", "bill_run", "scheduled_bill_run", "bill_run"]
    assert moved["ran"][0]["ranAt"] == "2025-01-01T02:00:00Z"
    assert moved["ran"][-2]["ranAt"] == "2025-12-31T02:00:00Z"
    assert (moved["ran"][-1]["kind"], moved["ran"][-1]["ranAt"]) == (
        "term_end",
        "2026-01-01T00:00:00Z",
    )
    assert invoices(sandbox, t, account) == _year()
    # Expired at its term end: a month more of daily runs bills nothing.
    assert advance(sandbox, t, months=1)["totals"] == {"billRuns": 31}
    assert invoices(sandbox, t, account) == _year()


def test_autopay_pays_each_posted_invoice(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=CATALOG)
    paying = customer(sandbox, t, name="Pays")
    declined = customer(sandbox, t, name="Declines")
    manual = customer(sandbox, t, name="Pays by hand")
    for account, card in ((paying, "4111111111111111"), (declined, "4000000000000002")):
        _card(sandbox, t, account, card)
        _call(sandbox, t, "PUT", f"/v1/accounts/{account}", json={"autoPay": True})
    _card(sandbox, t, manual, "4111111111111111")  # a card, but autoPay stays off
    _call(sandbox, t, "POST", "/v1/bill-runs", json=DAILY)
    moved = advance(sandbox, t, months=3)
    assert moved["totals"] == {"billRuns": 90, "invoices": 9, "payments": 3, "paymentsFailed": 3}
    assert invoices(sandbox, t, paying) == _year("Posted", 0)[:3]
    assert invoices(sandbox, t, declined) == _year()[:3]
    assert invoices(sandbox, t, manual) == _year()[:3]
    paid = _call(sandbox, t, "GET", f"/v1/transactions/payments/accounts/{paying}")["payments"]
    assert [(p["amount"], p["status"], p["effectiveDate"]) for p in paid] == [
        (50, "Processed", "2025-01-01"),
        (50, "Processed", "2025-02-01"),
        (50, "Processed", "2025-03-01"),
    ]
    failed = _call(sandbox, t, "GET", f"/v1/transactions/payments/accounts/{declined}")
    assert [(p["amount"], p["status"]) for p in failed["payments"]] == [(50, "Error")] * 3
    none = _call(sandbox, t, "GET", f"/v1/transactions/payments/accounts/{manual}")
    assert none["payments"] == []


def test_autopay_waits_for_the_run_to_be_posted(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=CATALOG)
    account = customer(sandbox, t)
    _card(sandbox, t, account, "4111111111111111")
    _call(sandbox, t, "PUT", f"/v1/accounts/{account}", json={"autoPay": True})
    run = _call(sandbox, t, "POST", "/v1/bill-runs", json={"targetDate": "2025-01-01"})
    advance(sandbox, t, days=1)
    assert invoices(sandbox, t, account) == [_year("Draft")[0]]
    assert (
        _call(sandbox, t, "GET", f"/v1/transactions/payments/accounts/{account}")["payments"] == []
    )
    posted = _call(sandbox, t, "PUT", f"/v1/bill-runs/{run['id']}/post")
    assert posted["status"] == "Posted"
    assert invoices(sandbox, t, account) == [_year("Posted", 0)[0]]


def _card(api: SandboxApi, t: dict[str, Any], account: str, number: str) -> None:
    _call(
        api,
        t,
        "POST",
        "/v1/payment-methods",
        json={
            "type": "CreditCard",
            "accountKey": account,
            "cardNumber": number,
            "expirationMonth": 12,
            "expirationYear": 2099,
            "securityCode": "123",
            "cardHolderInfo": {"cardHolderName": "Ada Lovelace"},
            "makeDefault": True,
        },
    )
