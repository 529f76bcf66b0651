"""The legacy subscription calls (issue 14): each one is an order, compared with the same
change made by `POST /v1/orders` on another account of the tenant (same versions, same
invoice amounts). SQLite and PostgreSQL.

A test-mode tenant with the demo catalog, its clock at 2026-12-01. The subscription:
Basic (platform USD 29/month, seats USD 12/seat/month, onboarding USD 99 once) with 5
seats from 2026-12-01, a 12-month term renewing for 12 months, no auto-renew; accounts
bill on the 1st. By hand: the first invoice 29 + 5 x 12 + 99 = 188.00; MRR 29 + 60 = 89.00;
TCV 12 x 89 + 99 = 1167.00.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import DEMO_CATALOG
from tests.support.test_mode import SandboxApi

TODAY = "2026-12-01"
V = {"Zuora-Version": "223.0"}


class Tenant:
    def __init__(self, api: SandboxApi) -> None:
        self.client = api.client
        made = api.new_tenant(now=f"{TODAY}T00:00:00Z", catalog=DEMO_CATALOG.read_text())
        self.headers = made["headers"]
        self.ids = self._catalog_ids()

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> Any:
        return self.client.request(method, path, headers=self.headers | (headers or V), json=body)

    def call(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        response = self.request(method, path, body, **kw)
        assert response.status_code == 200, response.text
        assert response.json()["success"] is True, response.text
        return response.json()

    def _catalog_ids(self) -> dict[str, str]:
        ids: dict[str, str] = {}
        for product in self.call("GET", "/v1/catalog/products?pageSize=40")["products"]:
            for plan in product["productRatePlans"]:
                ids[plan["productRatePlanNumber"]] = plan["id"]
                for charge in plan["productRatePlanCharges"]:
                    ids[charge["productRatePlanChargeNumber"]] = charge["id"]
        return ids

    def account(self) -> str:
        made = self.call(
            "POST",
            "/v1/accounts",
            {
                "name": "Acme",
                "currency": "USD",
                "billCycleDay": 1,
                "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
            },
        )
        return str(made["accountNumber"])

    def orders_of(self, account: str) -> list[dict[str, Any]]:
        orders = self.call("GET", f"/v1/orders/invoiceOwner/{account}")["orders"]
        return list(orders)


@pytest.fixture
def t(sandbox: SandboxApi) -> Tenant:
    return Tenant(sandbox)


def subscribe_body(t: Tenant, account: str, **extra: Any) -> dict[str, Any]:
    return {
        "accountKey": account,
        "contractEffectiveDate": TODAY,
        "termType": "TERMED",
        "initialTerm": 12,
        "initialTermPeriodType": "Month",
        "renewalTerm": 12,
        "renewalTermPeriodType": "Month",
        "autoRenew": False,
        "subscribeToRatePlans": [
            {
                "productRatePlanId": t.ids["CLOUDDESK-BASIC"],
                "chargeOverrides": [
                    {"productRatePlanChargeId": t.ids["CLOUDDESK-BASIC-SEATS"], "quantity": 5}
                ],
            }
        ],
        **extra,
    }


def order_body(t: Tenant, account: str, **processing: Any) -> dict[str, Any]:
    """The same subscription as one POST /v1/orders."""
    body: dict[str, Any] = {
        "orderDate": TODAY,
        "existingAccountNumber": account,
        "subscriptions": [
            {
                "orderActions": [
                    {
                        "type": "CreateSubscription",
                        "triggerDates": [{"name": "ContractEffective", "triggerDate": TODAY}],
                        "createSubscription": {
                            "terms": {
                                "initialTerm": {
                                    "termType": "TERMED",
                                    "period": 12,
                                    "periodType": "Month",
                                    "startDate": TODAY,
                                },
                                "renewalTerms": [{"period": 12, "periodType": "Month"}],
                                "autoRenew": False,
                            },
                            "subscribeToRatePlans": [
                                {
                                    "productRatePlanId": t.ids["CLOUDDESK-BASIC"],
                                    "chargeOverrides": [
                                        {
                                            "productRatePlanChargeId": t.ids[
                                                "CLOUDDESK-BASIC-SEATS"
                                            ],
                                            "pricing": {"recurringPerUnit": {"quantity": 5}},
                                        }
                                    ],
                                }
                            ],
                        },
                    }
                ]
            }
        ],
    }
    if processing:
        body["processingOptions"] = processing
    return body


# Keys that differ between two like subscriptions of two accounts.
_OWN = {
    "id", "subscriptionNumber", "accountId", "accountNumber", "accountName",
    "invoiceOwnerAccountId", "invoiceOwnerAccountNumber", "invoiceOwnerAccountName",
    "accountOwnerDetails", "invoiceOwnerAccountDetails", "createTime", "updateTime",
    "originalId", "originalSubscriptionId", "chargeNumber", "number", "subscriptionRatePlanNumber",
    "orderNumber",
}  # fmt: skip


def comparable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in _OWN and "Id" not in k}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def same_subscription(t: Tenant, legacy: str, ordered: str) -> dict[str, Any]:
    a = t.call("GET", f"/v1/subscriptions/{legacy}")
    b = t.call("GET", f"/v1/subscriptions/{ordered}")
    assert comparable(a) == comparable(b)
    return dict(a)


def invoices(t: Tenant, account: str) -> list[Any]:
    docs = t.call("GET", f"/v1/billing-documents?accountNumber={account}")["documents"]
    return sorted((d["documentType"], d["amount"]) for d in docs)


def test_create_is_the_order_and_bills_the_same(t: Tenant) -> None:
    legacy_account, order_account = t.account(), t.account()
    made = t.call(
        "POST",
        "/v1/subscriptions",
        subscribe_body(t, legacy_account, runBilling=True, targetDate=TODAY),
    )
    ordered = t.call(
        "POST",
        "/v1/orders",
        order_body(t, order_account, runBilling=True, billingOptions={"targetDate": TODAY}),
    )
    (other,) = ordered["subscriptions"]
    assert (made["contractedMrr"], made["totalContractedValue"]) == (89, 1167)
    invoice = t.call("GET", f"/v1/invoices/{made['invoiceId']}")
    assert invoice["amount"] == 188
    sub = same_subscription(t, made["subscriptionNumber"], other["subscriptionNumber"])
    assert sub["id"] == made["subscriptionId"]
    assert (sub["version"], sub["termStartDate"], sub["termEndDate"]) == (1, TODAY, "2027-12-01")
    assert invoices(t, legacy_account) == invoices(t, order_account) == [("Invoice", 188)]
    (order,) = t.orders_of(legacy_account)
    assert order["orderNumber"] == made["orderNumber"]
    (action,) = order["subscriptions"][0]["orderActions"]
    assert action["type"] == "CreateSubscription"


def two_subscriptions(t: Tenant) -> tuple[dict[str, str], dict[str, str]]:
    """The subscription on two accounts, billed for December: one made by the legacy call,
    one by POST /v1/orders."""
    legacy_account, order_account = t.account(), t.account()
    made = t.call("POST", "/v1/subscriptions", subscribe_body(t, legacy_account, runBilling=True))
    ordered = t.call(
        "POST",
        "/v1/orders",
        order_body(t, order_account, runBilling=True, billingOptions={"targetDate": TODAY}),
    )
    return (
        {"account": legacy_account, "number": made["subscriptionNumber"]},
        {"account": order_account, "number": ordered["subscriptions"][0]["subscriptionNumber"]},
    )


def order_change(t: Tenant, ctx: dict[str, str], day: str, *actions: dict[str, Any],
                 **processing: Any) -> Any:  # fmt: skip
    body: dict[str, Any] = {
        "orderDate": TODAY,
        "existingAccountNumber": ctx["account"],
        "subscriptions": [
            {
                "subscriptionNumber": ctx["number"],
                "orderActions": [
                    {"triggerDates": [{"name": "ContractEffective", "triggerDate": day}], **a}
                    for a in actions
                ],
            }
        ],
    }
    if processing:
        body["processingOptions"] = processing
    return t.call("POST", "/v1/orders", body)


def test_cancel_is_a_cancellation_order(t: Tenant) -> None:
    legacy, other = two_subscriptions(t)
    done = t.call(
        "PUT",
        f"/v1/subscriptions/{legacy['number']}/cancel",
        {
            "cancellationPolicy": "SpecificDate",
            "cancellationEffectiveDate": "2027-03-01",
            "contractEffectiveDate": TODAY,
        },
    )
    order_change(
        t, other, TODAY,
        {"type": "CancelSubscription", "cancelSubscription": {
            "cancellationPolicy": "SpecificDate", "cancellationEffectiveDate": "2027-03-01"}},
    )  # fmt: skip
    # MRR on 2027-03-01: 89 before, nothing after. TCV: three months of 89, and 99 once:
    # 366 against 1167.
    assert (done["cancelledDate"], done["totalDeltaMrr"], done["totalDeltaTcv"]) == (
        "2027-03-01",
        -89,
        -801,
    )
    sub = same_subscription(t, legacy["number"], other["number"])
    assert (sub["version"], sub["subscriptionEndDate"], sub["status"]) == (
        2,
        "2027-03-01",
        "Active",
    )
    assert sub["id"] == done["subscriptionId"]
    orders = t.orders_of(legacy["account"])
    assert [o["subscriptions"][0]["orderActions"][0]["type"] for o in orders] == [
        "CreateSubscription",
        "CancelSubscription",
    ]
    assert done["orderNumber"] == orders[1]["orderNumber"]


def test_cancel_billed_credits_the_days_left(t: Tenant) -> None:
    legacy, other = two_subscriptions(t)
    done = t.call(
        "PUT",
        f"/v1/subscriptions/{legacy['number']}/cancel",
        {"cancellationPolicy": "SpecificDate", "cancellationEffectiveDate": "2026-12-17",
         "runBilling": True, "targetDate": TODAY},
    )  # fmt: skip
    order_change(
        t, other, TODAY,
        {"type": "CancelSubscription", "cancelSubscription": {
            "cancellationPolicy": "SpecificDate", "cancellationEffectiveDate": "2026-12-17"}},
        runBilling=True, billingOptions={"targetDate": TODAY},
    )  # fmt: skip
    # December was billed (29 + 60); cancelled on the 17th: 15 of 31 days are credited,
    # 89 x 15 / 31 = 43.064... -> 29 x 15 / 31 = 14.03 and 60 x 15 / 31 = 29.03: 43.06.
    assert "creditMemoId" in done
    memo = t.call("GET", f"/v1/credit-memos/{done['creditMemoId']}")
    assert memo["amount"] == 43.06
    assert invoices(t, legacy["account"]) == invoices(t, other["account"])
    same_subscription(t, legacy["number"], other["number"])


def test_renew_moves_the_term(t: Tenant) -> None:
    legacy, other = two_subscriptions(t)
    done = t.call("PUT", f"/v1/subscriptions/{legacy['number']}/renew", {})
    order_change(t, other, TODAY, {"type": "RenewSubscription", "renewSubscription": {}})
    assert (done["termStartDate"], done["termEndDate"]) == ("2027-12-01", "2028-12-01")
    # A second year of 89 a month: TCV 1167 + 12 x 89 = 2235. MRR is measured on the new
    # term's first day, which the old version did not reach (LG5): 89 more.
    assert (done["totalDeltaMrr"], done["totalDeltaTcv"]) == (89, 1068)
    sub = same_subscription(t, legacy["number"], other["number"])
    assert (sub["termStartDate"], sub["termEndDate"], sub["version"]) == (
        "2027-12-01",
        "2028-12-01",
        2,
    )


def test_suspend_with_resume_and_resume(t: Tenant) -> None:
    legacy, other = two_subscriptions(t)
    done = t.call(
        "PUT",
        f"/v1/subscriptions/{legacy['number']}/suspend",
        {"suspendPolicy": "SpecificDate", "suspendSpecificDate": "2027-01-01",
         "resume": True, "resumePolicy": "SpecificDate", "resumeSpecificDate": "2027-02-01"},
    )  # fmt: skip
    order_change(
        t, other, TODAY,
        {"type": "Suspend", "suspend": {
            "suspendPolicy": "SpecificDate", "suspendSpecificDate": "2027-01-01"}},
        {"type": "Resume", "resume": {
            "resumePolicy": "SpecificDate", "resumeSpecificDate": "2027-02-01"}},
    )  # fmt: skip
    assert (done["suspendDate"], done["resumeDate"], done["termEndDate"]) == (
        "2027-01-01",
        "2027-02-01",
        "2027-12-01",
    )
    sub = same_subscription(t, legacy["number"], other["number"])
    assert (sub["scheduledSuspendDate"], sub["scheduledResumeDate"]) == ("2027-01-01", "2027-02-01")
    (_, order) = t.orders_of(legacy["account"])
    assert [a["type"] for a in order["subscriptions"][0]["orderActions"]] == ["Suspend", "Resume"]


def test_suspend_then_resume_calls(t: Tenant) -> None:
    legacy, other = two_subscriptions(t)
    t.call(
        "PUT",
        f"/v1/subscriptions/{legacy['number']}/suspend",
        {"suspendPolicy": "SpecificDate", "suspendSpecificDate": "2027-01-01"},
    )
    done = t.call(
        "PUT",
        f"/v1/subscriptions/{legacy['number']}/resume",
        {"resumePolicy": "FixedPeriodsFromSuspendDate", "resumePeriods": "2",
         "resumePeriodsType": "Month", "extendsTerm": True},
    )  # fmt: skip
    order_change(t, other, TODAY, {"type": "Suspend", "suspend": {
        "suspendPolicy": "SpecificDate", "suspendSpecificDate": "2027-01-01"}})  # fmt: skip
    order_change(t, other, TODAY, {"type": "Resume", "resume": {
        "resumePolicy": "FixedPeriodsFromSuspendDate", "resumePeriods": 2,
        "resumePeriodsType": "Month", "extendsTerm": True}})  # fmt: skip
    # Suspended 2027-01-01 to 2027-03-01: 59 days, by which the term is extended
    # (2027-12-01 + 59 days).
    assert (done["resumeDate"], done["termEndDate"]) == ("2027-03-01", "2028-01-29")
    sub = same_subscription(t, legacy["number"], other["number"])
    assert sub["version"] == 3


def _seats_charge(t: Tenant, number: str) -> dict[str, Any]:
    sub = t.call("GET", f"/v1/subscriptions/{number}")
    (plan,) = sub["ratePlans"]
    return {
        "plan": plan["id"],
        "seats": next(c for c in plan["ratePlanCharges"] if c["name"] == "Basic seats"),
    }


def test_update_adds_updates_and_changes_terms_in_one_order(t: Tenant) -> None:
    legacy, other = two_subscriptions(t)
    mine, theirs = _seats_charge(t, legacy["number"]), _seats_charge(t, other["number"])
    later = "2027-01-01"
    done = t.call(
        "PUT",
        f"/v1/subscriptions/{legacy['number']}",
        {
            "autoRenew": True,
            "add": [{"productRatePlanNumber": "CLOUDDESK-PRO", "contractEffectiveDate": later}],
            "update": [
                {
                    "ratePlanId": mine["plan"],
                    "contractEffectiveDate": later,
                    "chargeUpdateDetails": [
                        {"ratePlanChargeId": mine["seats"]["id"], "quantity": 7}
                    ],
                }
            ],
            "runBilling": True,
            "targetDate": later,
        },
    )
    dates = [{"name": "ContractEffective", "triggerDate": later}]
    t.call(
        "POST",
        "/v1/orders",
        {
            "orderDate": TODAY,
            "existingAccountNumber": other["account"],
            "subscriptions": [
                {
                    "subscriptionNumber": other["number"],
                    "orderActions": [
                        {"type": "TermsAndConditions", "triggerDates": dates,
                         "termsAndConditions": {"autoRenew": True}},
                        {"type": "UpdateProduct", "triggerDates": dates, "updateProduct": {
                            "ratePlanId": theirs["plan"],
                            "chargeUpdates": [{"chargeNumber": theirs["seats"]["number"],
                                               "pricing": {"recurringPerUnit": {"quantity": 7}}}]}},
                        {"type": "AddProduct", "triggerDates": dates,
                         "addProduct": {"productRatePlanNumber": "CLOUDDESK-PRO"}},
                    ],
                }
            ],
            "processingOptions": {"runBilling": True, "billingOptions": {"targetDate": later}},
        },
    )  # fmt: skip
    sub = same_subscription(t, legacy["number"], other["number"])
    assert (sub["version"], sub["autoRenew"]) == (2, True)
    # From 2027-01-01: seats 7 x 12 = 84 (24 more), Pro platform 99 and Pro seats 10 x 15 =
    # 150 a month. Delta MRR on that day: 24 + 99 + 150 = 273. TCV over the 11 months
    # left: 24 x 11 + (99 + 150) x 11 + 199 (Pro onboarding) = 264 + 2739 + 199 = 3202.
    assert (done["totalDeltaMrr"], done["totalDeltaTcv"]) == (273, 3202)
    # January: 29 + 84 + 99 + 150 + 199 = 561.
    invoice = t.call("GET", f"/v1/invoices/{done['invoiceId']}")
    assert invoice["amount"] == 561
    assert invoices(t, legacy["account"]) == invoices(t, other["account"])
    (_, order) = t.orders_of(legacy["account"])
    assert done["orderNumbers"] == [order["orderNumber"]]
    assert [a["type"] for a in order["subscriptions"][0]["orderActions"]] == [
        "TermsAndConditions",
        "UpdateProduct",
        "AddProduct",
    ]


def test_update_removes_a_plan(t: Tenant) -> None:
    legacy, other = two_subscriptions(t)
    mine, theirs = _seats_charge(t, legacy["number"]), _seats_charge(t, other["number"])
    t.call(
        "PUT",
        f"/v1/subscriptions/{legacy['number']}",
        {"remove": [{"ratePlanId": mine["plan"], "contractEffectiveDate": "2027-02-01"}]},
    )
    order_change(
        t,
        other,
        "2027-02-01",
        {"type": "RemoveProduct", "removeProduct": {"ratePlanId": theirs["plan"]}},
    )
    sub = same_subscription(t, legacy["number"], other["number"])
    assert sub["ratePlans"][0]["lastChangeType"] == "Remove"


def _stored(t: Tenant, account: str) -> tuple[int, list[Any], int]:
    subs = t.call("GET", f"/v1/subscriptions/accounts/{account}")["subscriptions"]
    return (
        len(t.orders_of(account)),
        invoices(t, account),
        max((s["version"] for s in subs), default=0),
    )


def test_update_preview_stores_nothing(t: Tenant) -> None:
    legacy, _ = two_subscriptions(t)
    mine = _seats_charge(t, legacy["number"])
    before = _stored(t, legacy["account"])
    done = t.call(
        "PUT",
        f"/v1/subscriptions/{legacy['number']}",
        {
            "preview": True,
            "targetDate": "2027-01-01",
            "update": [
                {
                    "ratePlanId": mine["plan"],
                    "contractEffectiveDate": "2027-01-01",
                    "chargeUpdateDetails": [
                        {"ratePlanChargeId": mine["seats"]["id"], "quantity": 7}
                    ],
                }
            ],
        },
    )
    # January as it would be billed: platform 29, seats 7 x 12 = 84.
    assert done["amount"] == 113
    assert sorted(i["chargeAmount"] for i in done["invoiceItems"]) == [29, 84]
    assert (done["totalDeltaMrr"], done["targetDate"]) == (24, "2027-01-01")
    assert _stored(t, legacy["account"]) == before


def test_preview_of_a_new_subscription_stores_nothing(t: Tenant) -> None:
    account = t.account()
    before = _stored(t, account)
    done = t.call("POST", "/v1/subscriptions/preview", subscribe_body(t, account))
    assert (done["amount"], done["contractedMrr"], done["totalContractedValue"]) == (
        188,
        89,
        1167,
    )
    assert _stored(t, account) == before
    assert t.call("GET", "/v1/orders")["orders"] == []
    # No number was used: the first real order is still the tenant's first.
    made = t.call("POST", "/v1/subscriptions", subscribe_body(t, account))
    assert made["orderNumber"] == "O-00000001"


@pytest.mark.parametrize(
    ("body", "headers", "field"),
    [
        ({"accountKey": "A-NOPE"}, V, "A-NOPE"),
        ({"invoice": True}, V, "invoice"),  # 207.0's switch at 223.0
        ({"runBilling": True}, {"Zuora-Version": "207.0"}, "runBilling"),
        ({"termType": "SOMETIMES"}, V, "termType"),
        ({"subscribeToRatePlans": [{"productRatePlanNumber": "NO-SUCH-PLAN"}]}, V, ""),
    ],
)
def test_bad_create_is_a_4xx_and_stores_nothing(
    t: Tenant, body: dict[str, Any], headers: dict[str, str], field: str
) -> None:
    account = t.account()
    response = t.request("POST", "/v1/subscriptions", subscribe_body(t, account) | body, headers)
    assert 400 <= response.status_code < 500, response.text
    answer = response.json()
    assert answer["success"] is False
    assert len(str(answer["reasons"][0]["code"])) == 8
    assert field in answer["reasons"][0]["message"]
    assert t.call("GET", "/v1/orders")["orders"] == []
    assert _stored(t, account) == (0, [], 0)


def test_bad_change_calls_store_nothing(t: Tenant) -> None:
    legacy, _ = two_subscriptions(t)
    before = _stored(t, legacy["account"])
    for path, body in [
        ("cancel", {"cancellationPolicy": "Whenever"}),
        ("cancel", {"cancellationPolicy": "SpecificDate"}),  # no date
        ("suspend", {"suspendPolicy": "SpecificDate", "suspendSpecificDate": "2027-01-01",
                     "resume": True}),  # no resumePolicy
        ("resume", {"resumePolicy": "SpecificDate", "resumeSpecificDate": "2027-01-01"}),
    ]:  # fmt: skip
        response = t.request("PUT", f"/v1/subscriptions/{legacy['number']}/{path}", body)
        assert 400 <= response.status_code < 500, (path, response.text)
        assert response.json()["success"] is False
    response = t.request("PUT", "/v1/subscriptions/A-S99999999/renew", {})
    assert response.status_code == 404, response.text
    response = t.request(
        "PUT",
        f"/v1/subscriptions/{legacy['number']}",
        {"update": [{"ratePlanId": "nope", "contractEffectiveDate": TODAY,
                     "chargeUpdateDetails": [{"ratePlanChargeId": "no-charge", "quantity": 2}]}]},
    )  # fmt: skip
    assert response.status_code == 400
    assert "update[0].chargeUpdateDetails[0].ratePlanChargeId" in response.text
    response = t.request("PUT", f"/v1/subscriptions/{legacy['number']}", {"notes": "x"})
    assert response.status_code == 400, response.text
    assert _stored(t, legacy["account"]) == before


def test_version_207_bills_with_invoice_and_invoice_target_date(t: Tenant) -> None:
    account = t.account()
    old = {"Zuora-Version": "207.0"}
    made = t.call(
        "POST",
        "/v1/subscriptions",
        subscribe_body(t, account, invoiceTargetDate=TODAY),
        headers=old,
    )
    # `invoice` is true by default at 196.0 to 207.0 (the client's field note).
    assert t.call("GET", f"/v1/invoices/{made['invoiceId']}")["amount"] == 188
    done = t.call(
        "PUT",
        f"/v1/subscriptions/{made['subscriptionNumber']}/cancel",
        {"cancellationPolicy": "EndOfCurrentTerm", "invoice": False},
        headers=old,
    )
    assert "invoiceId" not in done and done["subscriptionNumbers"] == [made["subscriptionNumber"]]


def test_preview_items_carry_taxation_items_from_315(t: Tenant) -> None:
    account = t.account()
    old = t.call(
        "POST", "/v1/subscriptions/preview", subscribe_body(t, account),
        headers={"Zuora-Version": "314.0"},
    )  # fmt: skip
    new = t.call(
        "POST", "/v1/subscriptions/preview", subscribe_body(t, account),
        headers={"Zuora-Version": "315.0"},
    )  # fmt: skip
    assert all("taxationItems" not in i for i in old["invoiceItems"])
    assert [i["taxationItems"] for i in new["invoiceItems"]] == [[], [], []]
    # Below 211.0 the preview's date is `invoiceTargetDate`.
    below = t.call(
        "POST", "/v1/subscriptions/preview", subscribe_body(t, account),
        headers={"Zuora-Version": "207.0"},
    )  # fmt: skip
    assert (below["invoiceTargetDate"], below["amount"]) == (TODAY, 188)
    assert "targetDate" not in below


def test_invoice_collect_below_196(t: Tenant) -> None:
    account = t.account()
    oldest = {"Zuora-Version": "189.0"}
    made = t.call("POST", "/v1/subscriptions", subscribe_body(t, account), headers=oldest)
    assert "invoiceId" not in made
    response = t.request(
        "POST", "/v1/subscriptions", subscribe_body(t, account, invoice=True), oldest
    )
    assert response.status_code == 400 and "invoiceCollect" in response.text


def test_invoice_owner_apart(t: Tenant) -> None:
    owner, payer = t.account(), t.account()
    payer_id = t.call("GET", f"/v1/accounts/{payer}")["basicInfo"]["id"]
    made = t.call(
        "POST",
        "/v1/subscriptions",
        subscribe_body(t, owner, invoiceOwnerAccountKey=payer_id, runBilling=True),
    )
    sub = t.call("GET", f"/v1/subscriptions/{made['subscriptionNumber']}")
    assert (sub["accountNumber"], sub["invoiceOwnerAccountNumber"]) == (owner, payer)
    assert invoices(t, payer) == [("Invoice", 188)] and invoices(t, owner) == []
    done = t.call(
        "PUT",
        f"/v1/subscriptions/{made['subscriptionNumber']}/cancel",
        {"cancellationPolicy": "EndOfCurrentTerm"},
    )
    assert done["cancelledDate"] == "2027-12-01"
