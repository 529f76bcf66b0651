"""Known values in the v1 reads (issue 13 item 3, decision RS2): keys zorders knows the
value of are answered with it, not null. A test tenant with its own clock makes the
timestamps exact; the demo catalog's Basic seats are made taxable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_bill_run_crud import read_bill_run
from tests.api.test_orders import create_subscription, new_account
from tests.api.test_payments import card_id
from tests.conftest import Session
from tests.support.test_mode import SandboxApi

DEMO = (Path(__file__).parents[2] / "examples" / "catalog.yaml").read_text()
# Basic seats taxable with a tax code (the catalog stores both).
CATALOG = DEMO.replace(
    "            productRatePlanChargeNumber: CLOUDDESK-BASIC-SEATS\n",
    "            productRatePlanChargeNumber: CLOUDDESK-BASIC-SEATS\n"
    "            taxable: true\n"
    "            taxCode: SaaS\n",
)
V = {"Zuora-Version": "223.0"}


class Tenant:
    def __init__(self, sandbox: SandboxApi, now: str) -> None:
        self.api = sandbox
        self.t = sandbox.new_tenant(now=now, catalog=CATALOG)
        self.headers = self.t["headers"]

    def get(self, path: str) -> Any:
        response = self.api.client.get(path, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def order(self, body: dict[str, Any]) -> Any:
        response = self.api.client.post("/v1/orders", headers=self.headers | V, json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def amend(self, account: str, day: str, action: dict[str, Any]) -> Any:
        return self.order(
            {
                "orderDate": day,
                "existingAccountNumber": account,
                "subscriptions": [{"subscriptionNumber": "A-S00000001", "orderActions": [action]}],
            }
        )

    def advance(self, until: str) -> None:
        moved = self.api.client.post(
            "/zorders/v1/clock/advance", headers=self.headers, json={"until": until}
        )
        assert moved.status_code == 200, moved.text


def _create(tenant: Tenant, *plans: str) -> dict[str, Any]:
    return tenant.order(
        {
            "orderDate": "2025-01-01",
            "newAccount": {
                "name": "Acme",
                "currency": "USD",
                "billCycleDay": 1,
                "billToContact": {"firstName": "Ada", "lastName": "Lovelace", "zipCode": "94105"},
            },
            "processingOptions": {
                "runBilling": True,
                "billingOptions": {"targetDate": "2025-01-01"},
            },
            "subscriptions": [
                {
                    "orderActions": [
                        {
                            "type": "CreateSubscription",
                            "triggerDates": [
                                {"name": "ContractEffective", "triggerDate": "2025-01-01"}
                            ],
                            "createSubscription": {
                                "terms": {
                                    "initialTerm": {
                                        "termType": "TERMED",
                                        "period": 12,
                                        "periodType": "Month",
                                    },
                                    "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
                                    "renewalTerms": [{"period": 12, "periodType": "Month"}],
                                },
                                "subscribeToRatePlans": [
                                    {"productRatePlanNumber": p} for p in plans
                                ],
                            },
                        }
                    ]
                }
            ],
        }
    )


def test_subscription_values(sandbox: SandboxApi) -> None:
    tenant = Tenant(sandbox, "2025-01-01T09:30:00Z")
    created = _create(tenant, "CLOUDDESK-BASIC")
    account = created["accountNumber"]
    sub = tenant.get("/v1/subscriptions/A-S00000001")
    # Made by an order dated Jan 1, stored at the tenant's now.
    assert sub["lastBookingDate"] == "2025-01-01"
    assert (sub["createTime"], sub["updateTime"]) == ("2025-01-01 09:30:00",) * 2
    # Platform, seats and onboarding: one segment each.
    assert sub["totalNumberOfChargeSegments"] == 3
    # No discount: net equals gross. MRR 29 + 3 x 12 = 65; TCV 12 x 65 + 99 = 879.
    assert (sub["contractedMrr"], sub["contractedNetMrr"]) == (65, 65)
    assert (sub["totalContractedValue"], sub["netTotalContractedValue"]) == (879, 879)
    owner = sub["accountOwnerDetails"]
    assert (owner["accountNumber"], owner["name"], owner["status"]) == (account, "Acme", "Active")
    assert sub["invoiceOwnerAccountDetails"]["id"] == sub["invoiceOwnerAccountId"]
    [plan] = sub["ratePlans"]
    assert plan["contractedNetMrr"] == 65
    charges = {c["name"]: c for c in plan["ratePlanCharges"]}
    seats, platform = charges["Basic seats"], charges["Basic platform fee"]
    assert (
        seats["productRatePlanChargeNumber"],
        seats["taxable"],
        seats["taxCode"],
        seats["originalListPrice"],
    ) == ("CLOUDDESK-BASIC-SEATS", True, "SaaS", 12)
    assert (
        platform["productRatePlanChargeNumber"],
        platform["taxable"],
        platform["taxCode"],
        platform["originalListPrice"],
    ) == ("CLOUDDESK-BASIC-PLATFORM", False, None, 29)
    listed = tenant.get(f"/v1/subscriptions/accounts/{account}")["subscriptions"][0]
    assert (listed["lastBookingDate"], listed["createTime"]) == (
        "2025-01-01",
        "2025-01-01 09:30:00",
    )

    # Two months later a suspension and its resume are scheduled.
    tenant.advance("2025-03-01T10:00:00Z")
    tenant.amend(
        account,
        "2025-03-01",
        {
            "type": "Suspend",
            "suspend": {"suspendPolicy": "SpecificDate", "suspendSpecificDate": "2025-04-01"},
        },
    )
    tenant.amend(
        account,
        "2025-03-01",
        {
            "type": "Resume",
            "resume": {"resumePolicy": "SpecificDate", "resumeSpecificDate": "2025-05-01"},
        },
    )
    latest = tenant.get("/v1/subscriptions/A-S00000001")
    assert latest["version"] == 3
    assert (latest["lastBookingDate"], latest["createTime"]) == (
        "2025-03-01",
        "2025-03-01 10:00:00",
    )
    assert (latest["scheduledSuspendDate"], latest["scheduledResumeDate"]) == (
        "2025-04-01",
        "2025-05-01",
    )
    first = tenant.get("/v1/subscriptions/A-S00000001/versions/1")
    assert (first["lastBookingDate"], first["createTime"]) == ("2025-01-01", "2025-01-01 09:30:00")


def test_net_values_with_a_discount(sandbox: SandboxApi) -> None:
    tenant = Tenant(sandbox, "2025-01-01T09:30:00Z")
    created = _create(tenant, "CLOUDDESK-BASIC", "CLOUDDESK-10-OFF")
    items = tenant.get(f"/v1/invoices/{created['invoiceNumbers'][0]}/items")["invoiceItems"]
    # Each item names its product's SKU; the discount items (one per recurring charge they
    # discount: platform fee and seats) their own product's.
    assert sorted((i["chargeName"], i["sku"]) for i in items) == [
        ("10% discount", "CLOUDDESK-DISCOUNTS"),
        ("10% discount", "CLOUDDESK-DISCOUNTS"),
        ("Basic onboarding", "CLOUDDESK"),
        ("Basic platform fee", "CLOUDDESK"),
        ("Basic seats", "CLOUDDESK"),
    ]
    sub = tenant.get("/v1/subscriptions/A-S00000001")
    # Gross MRR 65; 10 % off the recurring platform fee and seats: 6.50 a month off,
    # net 58.50. TCV 879 less 12 x 6.50 = 78 (onboarding is one-time): 801 (decision RV2).
    assert (sub["contractedMrr"], sub["contractedNetMrr"]) == (65, 58.5)
    assert (sub["totalContractedValue"], sub["netTotalContractedValue"]) == (879, 801)
    # Each plan carries what the discounts take off its own charges (RK6): Basic 65 - 6.50;
    # the discount plan's only charge is the discount (MRR 0, nothing taken off it).
    plans = {p["ratePlanName"]: p["contractedNetMrr"] for p in sub["ratePlans"]}
    assert sorted(plans.values()) == [0, 58.5]
    # As of the tenant's today (2025-01-01) the same: gross 65, net 58.50 (RK5).
    assert (sub["asOfDayGrossMrr"], sub["asOfDayNetMrr"]) == (65, 58.5)


def test_delta_values_and_as_of_day_mrr(sandbox: SandboxApi) -> None:
    tenant = Tenant(sandbox, "2025-01-01T09:30:00Z")
    created = _create(tenant, "CLOUDDESK-BASIC")
    account, invoice = created["accountNumber"], created["invoiceNumbers"][0]
    sub = tenant.get("/v1/subscriptions/A-S00000001")
    charges = {c["name"]: c for c in sub["ratePlans"][0]["ratePlanCharges"]}
    # A new subscription: each charge's delta is all of it over its 12 months (RK5):
    # seats 3 x 12 = 36 a month, 432; platform 29, 348; onboarding one-time 99.
    assert {n: (c["dmrc"], c["dtcv"]) for n, c in charges.items()} == {
        "Basic seats": (36, 432),
        "Basic platform fee": (29, 348),
        "Basic onboarding": (0, 99),
    }
    assert (sub["asOfDayGrossMrr"], sub["asOfDayNetMrr"]) == (65, 65)
    # March 1: seats 3 -> 8. The new segment (Mar 1 - Jan 1, 10 months) adds 5 x 12 = 60 a
    # month, 600 over its months; the first segment now spans Jan-Feb: 36 x 2 = 72.
    tenant.advance("2025-03-01T10:00:00Z")
    seats = charges["Basic seats"]
    tenant.amend(account, "2025-03-01", {
        "type": "UpdateProduct",
        "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-03-01"}],
        "updateProduct": {
            "ratePlanId": sub["ratePlans"][0]["id"],
            "chargeUpdates": [{"chargeNumber": seats["number"],
                               "pricing": {"recurringPerUnit": {"quantity": 8}}}],
        },
    })  # fmt: skip
    amended = tenant.get("/v1/subscriptions/A-S00000001?charge-detail=all-segments")
    segments = [
        (c["segment"], c["mrr"], c["dmrc"], c["dtcv"])
        for c in amended["ratePlans"][0]["ratePlanCharges"]
        if c["name"] == "Basic seats"
    ]
    assert segments == [(1, 36, 36, 72), (2, 96, 60, 600)]
    # January's invoice items name the version they billed (1), not the new one (RK7).
    items = tenant.get(f"/v1/invoices/{invoice}/items")["invoiceItems"]
    assert {i["subscriptionId"] for i in items} == {sub["id"]} != {amended["id"]}
    # Today (March 1) the MRR is 29 + 96 = 125.
    assert (amended["asOfDayGrossMrr"], amended["asOfDayNetMrr"]) == (125, 125)
    # Cancelled from June 1 and read in July: nothing is in force today (0), while the
    # contracted MRR is measured on the subscription's last day (125).
    tenant.amend(account, "2025-03-01", {
        "type": "CancelSubscription",
        "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-03-01"}],
        "cancelSubscription": {"cancellationPolicy": "SpecificDate",
                               "cancellationEffectiveDate": "2025-06-01"},
    })  # fmt: skip
    tenant.advance("2025-07-01T10:00:00Z")
    ended = tenant.get("/v1/subscriptions/A-S00000001")
    assert (ended["contractedMrr"], ended["asOfDayGrossMrr"], ended["asOfDayNetMrr"]) == (
        125,
        0,
        0,
    )


def test_account_contacts_and_invoice_values(sandbox: SandboxApi) -> None:
    tenant = Tenant(sandbox, "2025-01-01T09:30:00Z")
    created = _create(tenant, "CLOUDDESK-BASIC")
    account = tenant.get(f"/v1/accounts/{created['accountNumber']}")
    account_id = account["basicInfo"]["id"]
    for role in ("billToContact", "soldToContact", "shipToContact"):
        contact = account[role]
        assert (contact["accountId"], contact["accountNumber"]) == (
            account_id,
            created["accountNumber"],
        )
        assert (contact["zipCode"], contact["postalCode"]) == ("94105", "94105")
        assert (contact["asBillTo"], contact["asSoldTo"], contact["asShipTo"]) == (True,) * 3
        assert contact["isSpecifiedInSubscription"] is None
    summary = tenant.get(f"/v1/accounts/{created['accountNumber']}/summary")
    assert summary["billToContact"]["accountNumber"] == created["accountNumber"]

    invoice = tenant.get(f"/v1/invoices/{created['invoiceNumbers'][0]}")
    # Jan: platform 29 + seats 3 x 12 + onboarding 99 = 164.
    assert invoice["amount"] == 164
    assert (invoice["autoPay"], invoice["billRunId"]) == (False, None)
    assert (invoice["adjustmentAmount"], invoice["taxExemptAmount"]) == (0, 0)
    assert (
        invoice["billToContactId"],
        invoice["soldToContactId"],
        invoice["shipToContactId"],
    ) == (
        account["billToContact"]["id"],
        account["soldToContact"]["id"],
        account["shipToContact"]["id"],
    )


def test_a_bill_run_invoice_names_its_run(client: TestClient, shop: Session) -> None:
    created = client.post(
        "/v1/orders",
        headers=shop.headers | V,
        json={
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert created.status_code == 200, created.text
    run = client.post("/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-01-01"})
    assert run.status_code == 200, run.text
    done = read_bill_run(client, shop.headers, run.json()["id"])
    assert done["NumberOfInvoices"] == 1
    invoice = client.get("/v1/invoices/INV00000001", headers=shop.headers).json()
    assert invoice["billRunId"] == run.json()["id"]


def test_account_summary_lists_invoices_and_payments(client: TestClient, shop: Session) -> None:
    created = client.post(
        "/v1/orders",
        headers=shop.headers | V,
        json={
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    ).json()
    account = created["accountNumber"]
    card_id(client, shop, account)
    paid = client.post(
        "/v1/orders",
        headers=shop.headers | V,
        json={
            "orderDate": "2025-01-01",
            "existingAccountNumber": account,
            "processingOptions": {
                "runBilling": True,
                "collectPayment": True,
                "billingOptions": {"targetDate": "2025-01-01", "documentDate": "2025-01-01"},
            },
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    ).json()
    summary = client.get(f"/v1/accounts/{account}/summary", headers=shop.headers).json()
    [invoice] = summary["invoices"]
    # The second order bills its subscription's January: 29 + 3 x 12 + 99 = 164, paid in full.
    assert (invoice["invoiceNumber"], invoice["amount"], invoice["balance"]) == (
        paid["invoiceNumbers"][0],
        164,
        0,
    )
    assert (invoice["invoiceDate"], invoice["status"]) == ("2025-01-01", "Posted")
    [payment] = summary["payments"]
    assert (payment["paymentNumber"], payment["paymentType"], payment["status"]) == (
        paid["paymentNumber"],
        "Electronic",
        "Processed",
    )
    assert payment["paidInvoices"] == [
        {
            "invoiceId": invoice["id"],
            "invoiceNumber": invoice["invoiceNumber"],
            "appliedPaymentAmount": 164,
        }
    ]
    basic = summary["basicInfo"]
    assert (basic["lastInvoiceDate"], basic["lastPaymentDate"], basic["lastPaymentAmount"]) == (
        "2025-01-01",
        payment["effectiveDate"],
        164,
    )


def test_credit_memo_items_in_their_own_keys(client: TestClient, shop: Session) -> None:
    from tests.api.test_billing import _cancel_with_billing

    assert _cancel_with_billing(client, shop).status_code == 200
    items = client.get(
        "/v1/credit-memos/CM00000001/items", headers=shop.headers | {"Zuora-Version": "257.0"}
    ).json()["items"]
    # Feb 15 - 28 credited: platform 29 x 14/28 = 14.50, seats 36 x 14/28 = 18.00.
    assert sorted((i["skuName"], i["amount"], i["description"]) for i in items) == [
        ("Basic platform fee", 14.5, "Basic"),
        ("Basic seats", 18, "Basic"),
    ]
    assert all((i["appliedAmount"], i["refundAmount"]) == (0, 0) for i in items)
    assert {i["sku"] for i in items} == {"CLOUDDESK"}
    assert all("chargeName" not in i and "subscriptionName" not in i for i in items)
