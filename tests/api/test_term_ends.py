"""Term ends and dated changes as due work (issue 11, decisions TE1-TE6): a test-mode
tenant whose clock is advanced; every date and amount below is worked out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.api.test_orders import NEW, create_subscription, new_account
from tests.support.test_mode import SandboxApi

DEMO = (Path(__file__).parents[2] / "examples" / "catalog.yaml").read_text()

TEN = """
products:
  - sku: TEN
    name: Ten a month
    effectiveStartDate: 2020-01-01
    effectiveEndDate: 2099-12-31
    ratePlans:
      - name: Monthly
        productRatePlanNumber: TEN-MONTHLY
        activeCurrencies: [USD]
        charges:
          - name: Monthly fee
            productRatePlanChargeNumber: TEN-FEE
            type: Recurring
            model: FlatFee
            billingPeriod: Month
            price: {USD: 10.00}
"""


def _terms(auto_renew: bool = True, **extra: Any) -> dict[str, Any]:
    return {
        "initialTerm": {"termType": "TERMED", "period": 12, "periodType": "Month"},
        "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
        "renewalTerms": [{"period": 12, "periodType": "Month"}],
        "autoRenew": auto_renew,
        **extra,
    }


class Tenant:
    def __init__(
        self,
        api: SandboxApi,
        now: str = "2025-01-01T00:00:00Z",
        catalog: str = DEMO,
        **extra: Any,
    ):
        self.api = api
        self.t = api.new_tenant(now=now, catalog=catalog, **extra)
        self.headers = self.t["headers"]

    def subscribe(
        self, start: str = "2025-01-01", plan: str = "CLOUDDESK-BASIC", **terms: Any
    ) -> tuple[str, str]:
        response = self.api.client.post(
            "/v1/orders",
            headers=self.headers | NEW,
            json={
                "orderDate": start,
                "newAccount": new_account(),
                "subscriptions": [
                    {"orderActions": [create_subscription(plan, start=start, term=_terms(**terms))]}
                ],
            },
        )
        assert response.status_code == 200, response.text
        body = response.json()
        return body["accountNumber"], body["subscriptions"][0]["subscriptionNumber"]

    def amend(self, account: str, number: str, action: dict[str, Any], day: str) -> Any:
        action = {"triggerDates": [{"name": "ContractEffective", "triggerDate": day}], **action}
        response = self.api.client.post(
            "/v1/orders",
            headers=self.headers | NEW,
            json={
                "orderDate": day,
                "existingAccountNumber": account,
                "subscriptions": [{"subscriptionNumber": number, "orderActions": [action]}],
            },
        )
        assert response.status_code == 200, response.text
        return response.json()

    def advance(self, **body: Any) -> dict[str, Any]:
        response = self.api.client.post(
            "/zorders/v1/clock/advance", headers=self.headers, json=body
        )
        assert response.status_code == 200, response.text
        moved: dict[str, Any] = response.json()
        return moved

    def subscription(self, number: str) -> dict[str, Any]:
        response = self.api.client.get(f"/v1/subscriptions/{number}", headers=self.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def orders(self, number: str) -> list[dict[str, Any]]:
        response = self.api.client.get(f"/v1/orders/subscription/{number}", headers=self.headers)
        assert response.status_code == 200, response.text
        orders: list[dict[str, Any]] = response.json()["orders"]
        return orders

    def bill(self, account: str, target: str) -> list[dict[str, Any]]:
        """Bill the account for `target`: the invoices' items as (start, end, amount)."""
        response = self.api.client.post(
            f"/v1/accounts/{account}/billing-documents/generate",
            headers=self.headers,
            json={"targetDate": target, "autoPost": True},
        )
        assert response.status_code == 200, response.text
        invoices: list[dict[str, Any]] = response.json().get("invoices", [])
        return invoices

    def items(self, invoice_id: str) -> list[tuple[str, str, float]]:
        response = self.api.client.get(f"/v1/invoices/{invoice_id}/items", headers=self.headers)
        assert response.status_code == 200, response.text
        return [
            (i["serviceStartDate"], i["serviceEndDate"], i["chargeAmount"])
            for i in response.json()["invoiceItems"]
        ]


def _term_ends(moved: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(j["ranAt"], j["result"]) for j in moved["ran"] if j["kind"] == "term_end"]


def test_an_auto_renewing_subscription_renews_at_its_term_end(sandbox: SandboxApi) -> None:
    t = Tenant(sandbox)
    _, number = t.subscribe()
    day_before = t.advance(until="2025-12-31")
    assert _term_ends(day_before) == []
    assert t.subscription(number)["version"] == 1

    moved = t.advance(days=1)
    ((ran_at, result),) = _term_ends(moved)
    assert ran_at == "2026-01-01T00:00:00Z"
    assert moved["totals"] == {"subscriptionsRenewed": 1}
    renewed = t.subscription(number)
    assert renewed["version"] == 2
    assert renewed["status"] == "Active"
    assert renewed["termStartDate"] == "2026-01-01"
    assert renewed["termEndDate"] == "2027-01-01"
    assert renewed["currentTerm"] == 12
    assert renewed["orderNumber"] == result["orderNumber"]
    assert result["version"] == 2
    orders = t.orders(number)
    assert len(orders) == 2
    renewal = next(o for o in orders if o["orderNumber"] == result["orderNumber"])
    assert renewal["orderDate"] == "2026-01-01"
    assert renewal["createdBy"] == "system"
    assert renewal["status"] == "Completed"
    (item,) = renewal["subscriptions"]
    assert item["subscriptionNumber"] == number
    assert [a["type"] for a in item["orderActions"]] == ["RenewSubscription"]


def test_the_term_end_comes_at_midnight_in_the_tenants_zone(sandbox: SandboxApi) -> None:
    t = Tenant(sandbox, now="2025-01-01T12:00:00Z", timeZone="America/Los_Angeles")
    _, number = t.subscribe()
    # Midnight of 2026-01-01 in Los Angeles (PST, UTC-8) is 08:00 UTC.
    assert _term_ends(t.advance(until="2026-01-01T07:59:00Z")) == []
    ((ran_at, result),) = _term_ends(t.advance(until="2026-01-01T08:00:00Z"))
    assert ran_at == "2026-01-01T08:00:00Z"
    assert result["termStartDate"] == "2026-01-01"
    assert t.subscription(number)["version"] == 2


def test_a_long_jump_renews_term_after_term_in_order(sandbox: SandboxApi) -> None:
    t = Tenant(sandbox)
    _, number = t.subscribe(renewalTerms=[{"period": 6, "periodType": "Month"}])
    # 12 months, then 6-month terms: ends 2026-01-01, 2026-07-01, 2027-01-01, 2027-07-01.
    moved = t.advance(months=30)
    assert moved["today"] == "2027-07-01"
    renewals = _term_ends(moved)
    assert [r[0] for r in renewals] == [
        "2026-01-01T00:00:00Z",
        "2026-07-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
        "2027-07-01T00:00:00Z",
    ]
    assert [(r["version"], r["termStartDate"], r["termEndDate"]) for _, r in renewals] == [
        (2, "2026-01-01", "2026-07-01"),
        (3, "2026-07-01", "2027-01-01"),
        (4, "2027-01-01", "2027-07-01"),
        (5, "2027-07-01", "2028-01-01"),
    ]
    assert moved["totals"] == {"subscriptionsRenewed": 4}
    latest = t.subscription(number)
    assert (latest["version"], latest["termEndDate"], latest["status"]) == (
        5,
        "2028-01-01",
        "Active",
    )
    assert len(t.orders(number)) == 5


def test_a_renewal_to_evergreen_ends_the_term_ends(sandbox: SandboxApi) -> None:
    t = Tenant(sandbox)
    _, number = t.subscribe(renewalSetting="RENEW_TO_EVERGREEN")
    moved = t.advance(months=13)
    ((_, result),) = _term_ends(moved)
    assert result["termType"] == "EVERGREEN"
    assert result["termEndDate"] is None
    renewed = t.subscription(number)
    assert (renewed["version"], renewed["termType"], renewed["status"]) == (
        2,
        "EVERGREEN",
        "Active",
    )
    assert renewed["termStartDate"] == "2026-01-01"
    # Evergreen: nothing more falls due.
    assert _term_ends(t.advance(months=36)) == []
    assert t.subscription(number)["version"] == 2


def test_a_subscription_that_does_not_renew_expires_on_its_term_end(sandbox: SandboxApi) -> None:
    t = Tenant(sandbox)
    _, number = t.subscribe(auto_renew=False)
    t.advance(until="2025-12-31")
    assert t.subscription(number)["status"] == "Active"
    moved = t.advance(days=1)
    ((ran_at, result),) = _term_ends(moved)
    assert ran_at == "2026-01-01T00:00:00Z"
    assert result["status"] == "Expired"
    assert moved["totals"] == {"subscriptionsExpired": 1}
    expired = t.subscription(number)
    assert (expired["version"], expired["status"]) == (1, "Expired")
    assert len(t.orders(number)) == 1


def test_a_future_dated_cancellation_takes_effect_and_stops_the_renewal(
    sandbox: SandboxApi,
) -> None:
    t = Tenant(sandbox)
    account, number = t.subscribe()
    cancel = {
        "type": "CancelSubscription",
        "cancelSubscription": {
            "cancellationPolicy": "SpecificDate",
            "cancellationEffectiveDate": "2025-06-01",
        },
    }
    t.amend(account, number, cancel, "2025-01-01")
    t.advance(until="2025-05-31")
    assert t.subscription(number)["status"] == "Active"
    moved = t.advance(days=1)
    assert [(j["kind"], j["ranAt"], j["result"]["counts"]) for j in moved["ran"]] == [
        ("subscription_cancellation", "2025-06-01T00:00:00Z", {"subscriptionsCancelled": 1})
    ]
    assert moved["totals"] == {"subscriptionsCancelled": 1}
    assert t.subscription(number)["status"] == "Cancelled"
    # Cancelled before its term end: the term end renews nothing.
    later = t.advance(months=12)
    assert [r for _, r in _term_ends(later)] == [
        {"skipped": "cancelled", "subscriptionNumber": number, "version": 2}
    ]
    assert later.get("totals", {}) == {}
    assert t.subscription(number)["version"] == 2
    assert len(t.orders(number)) == 2


def test_a_cancellation_at_the_end_of_the_term_cancels_instead_of_renewing(
    sandbox: SandboxApi,
) -> None:
    t = Tenant(sandbox)
    account, number = t.subscribe()
    t.amend(
        account,
        number,
        {
            "type": "CancelSubscription",
            "cancelSubscription": {"cancellationPolicy": "EndOfCurrentTerm"},
        },
        "2025-03-01",
    )
    moved = t.advance(months=12)
    assert moved["totals"] == {"subscriptionsCancelled": 1}
    kinds = [(j["kind"], j["result"].get("skipped")) for j in moved["ran"]]
    assert sorted(kinds) == [("subscription_cancellation", None), ("term_end", "cancelled")]
    assert t.subscription(number)["status"] == "Cancelled"


def test_a_future_suspension_and_resume_take_effect_on_their_dates(sandbox: SandboxApi) -> None:
    t = Tenant(sandbox)
    account, number = t.subscribe()
    t.amend(
        account,
        number,
        {"type": "Suspend", "suspend": {"suspendPolicy": "SpecificDate",
                                        "suspendSpecificDate": "2025-03-01"}},
        "2025-01-01",
    )  # fmt: skip
    t.amend(
        account,
        number,
        {"type": "Resume", "resume": {"resumePolicy": "SpecificDate",
                                      "resumeSpecificDate": "2025-04-01"}},
        "2025-01-01",
    )  # fmt: skip
    suspended = t.advance(until="2025-03-01")
    assert suspended["totals"] == {"subscriptionsSuspended": 1}
    assert t.subscription(number)["status"] == "Suspended"
    resumed = t.advance(until="2025-04-01")
    assert resumed["totals"] == {"subscriptionsResumed": 1}
    assert t.subscription(number)["status"] == "Active"
    # Resumed before its term end: it renews there.
    assert t.advance(until="2026-01-01")["totals"] == {"subscriptionsRenewed": 1}


def test_a_moved_term_end_leaves_the_old_job_a_no_op(sandbox: SandboxApi) -> None:
    t = Tenant(sandbox)
    account, number = t.subscribe()
    # A 24-month current term from 2025-01-01: the term now ends on 2027-01-01.
    t.amend(
        account,
        number,
        {
            "type": "TermsAndConditions",
            "termsAndConditions": {
                "lastTerm": {"termType": "TERMED", "period": 24, "periodType": "Month"}
            },
        },
        "2025-02-01",
    )
    assert t.subscription(number)["termEndDate"] == "2027-01-01"
    moved = t.advance(until="2027-01-01")
    assert [(at, r.get("skipped"), r.get("version")) for at, r in _term_ends(moved)] == [
        ("2026-01-01T00:00:00Z", "term end moved", 2),
        ("2027-01-01T00:00:00Z", None, 3),
    ]
    assert moved["totals"] == {"subscriptionsRenewed": 1}
    assert t.subscription(number)["termEndDate"] == "2028-01-01"


def test_the_renewal_bills_the_first_period_of_the_new_term_once(sandbox: SandboxApi) -> None:
    """12 months of $10 from 2025-01-01 (bill cycle day 1): the renewal's first month is
    billed once, $10, whether the target was billed before the renewal or not."""
    after = Tenant(sandbox, catalog=TEN)
    account, _ = after.subscribe(plan="TEN-MONTHLY")
    (year,) = after.bill(account, "2025-12-01")
    assert len(after.items(year["id"])) == 12  # Jan..Dec 2025, $10 each
    invoice = sandbox.client.get(f"/v1/invoices/{year['id']}", headers=after.headers).json()
    assert invoice["amount"] == 120
    after.advance(until="2026-01-01")
    (first,) = after.bill(account, "2026-01-01")
    assert after.items(first["id"]) == [("2026-01-01", "2026-01-31", "10.00")]
    assert after.bill(account, "2026-01-01") == []

    before = Tenant(sandbox, catalog=TEN)
    account, _ = before.subscribe(plan="TEN-MONTHLY")
    before.bill(account, "2025-12-01")
    before.advance(until="2025-12-31")
    # Billed ahead of the renewal: nothing past the term end yet (it ends on a period
    # boundary, TE6) ...
    assert before.bill(account, "2026-01-01") == []
    before.advance(until="2026-01-01")
    # ... and once renewed, the same month as above, once.
    (early,) = before.bill(account, "2026-01-01")
    assert before.items(early["id"]) == [("2026-01-01", "2026-01-31", "10.00")]
    assert before.bill(account, "2026-01-01") == []
    (february,) = before.bill(account, "2026-02-01")
    assert before.items(february["id"]) == [("2026-02-01", "2026-02-28", "10.00")]


def test_a_term_ending_inside_a_period_is_not_billed_twice(sandbox: SandboxApi) -> None:
    """From 2025-01-15 on bill cycle day 1: the last month of the term (January 2026,
    the term ends on the 15th) is billed in full because the subscription renews; the
    renewal then bills from February."""
    t = Tenant(sandbox, catalog=TEN)
    account, _ = t.subscribe(start="2025-01-15", plan="TEN-MONTHLY")
    t.bill(account, "2025-12-01")
    (january,) = t.bill(account, "2026-01-01")
    assert t.items(january["id"]) == [("2026-01-01", "2026-01-31", "10.00")]
    assert _term_ends(t.advance(until="2026-01-15"))[0][1]["version"] == 2
    assert t.bill(account, "2026-01-15") == []
    (february,) = t.bill(account, "2026-02-01")
    assert t.items(february["id"]) == [("2026-02-01", "2026-02-28", "10.00")]
