"""Amendments derived from orders (decision LG7) and custom fields of one subscription
version, on the legacy calls' subscription (tests/api/test_legacy_subscriptions.py: Basic
with 5 seats from 2026-12-01, a 12-month term). SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.api.test_legacy_subscriptions import Tenant, subscribe_body
from tests.support.test_mode import SandboxApi

TODAY = "2026-12-01"


@pytest.fixture(name="t")
def tenant(sandbox: SandboxApi) -> Tenant:
    return Tenant(sandbox)


def test_amendments_of_the_legacy_calls(t: Tenant) -> None:
    account = t.account()
    made = t.call("POST", "/v1/subscriptions", subscribe_body(t, account))
    number, v1_id = made["subscriptionNumber"], made["subscriptionId"]
    # A subscribe is not an amendment.
    response = t.request("GET", f"/v1/amendments/subscriptions/{v1_id}")
    assert response.status_code == 404, response.text
    added = t.call(
        "PUT",
        f"/v1/subscriptions/{number}",
        {
            "autoRenew": True,
            "add": [
                {"productRatePlanNumber": "CLOUDDESK-PRO", "contractEffectiveDate": "2027-01-01"}
            ],
        },
    )
    cancelled = t.call(
        "PUT",
        f"/v1/subscriptions/{number}/cancel",
        {"cancellationPolicy": "SpecificDate", "cancellationEffectiveDate": "2027-06-01"},
    )
    # The last amendment of version 2 is its order's AddProduct (after the terms change).
    last = t.call("GET", f"/v1/amendments/subscriptions/{added['subscriptionId']}")
    assert (last["type"], last["status"], last["contractEffectiveDate"]) == (
        "NewProduct",
        "Completed",
        "2027-01-01",
    )
    assert (last["subscriptionId"], last["baseSubscriptionId"]) == (added["subscriptionId"], v1_id)
    version2 = t.call("GET", f"/v1/subscriptions/{number}/versions/2")
    pro = next(p for p in version2["ratePlans"] if p["productRatePlanNumber"] == "CLOUDDESK-PRO")
    assert last["newRatePlanId"] == pro["id"]
    assert last["autoRenew"] is True and last["termType"] == "TERMED"
    # The terms change is the order's first action: readable by its code and its id.
    (order_number,) = added["orderNumbers"]
    terms = t.call("GET", f"/v1/amendments/{order_number}-0-0")
    assert (terms["type"], terms["code"]) == ("TermsAndConditions", f"{order_number}-0-0")
    assert t.call("GET", f"/v1/amendments/{terms['id']}")["code"] == terms["code"]
    cancel = t.call("GET", f"/v1/amendments/subscriptions/{cancelled['subscriptionId']}")
    assert (cancel["type"], cancel["effectiveDate"], cancel["bookingDate"]) == (
        "Cancellation",
        "2027-06-01",
        TODAY,
    )
    assert cancel["baseSubscriptionId"] == added["subscriptionId"]
    for missing in ("nope", f"{order_number}-0-9", "O-99999999-0-0"):
        response = t.request("GET", f"/v1/amendments/{missing}")
        assert response.status_code == 404, (missing, response.text)
        assert len(str(response.json()["reasons"][0]["code"])) == 8


def test_suspend_and_resume_amendments(t: Tenant) -> None:
    account = t.account()
    made = t.call("POST", "/v1/subscriptions", subscribe_body(t, account))
    done = t.call(
        "PUT",
        f"/v1/subscriptions/{made['subscriptionNumber']}/suspend",
        {"suspendPolicy": "SpecificDate", "suspendSpecificDate": "2027-01-01",
         "resume": True, "resumePolicy": "SpecificDate", "resumeSpecificDate": "2027-02-01"},
    )  # fmt: skip
    last = t.call("GET", f"/v1/amendments/subscriptions/{done['subscriptionId']}")
    assert (last["type"], last["suspendDate"], last["resumeDate"], last["effectiveDate"]) == (
        "ResumeSubscription",
        "2027-01-01",
        "2027-02-01",
        "2027-02-01",
    )


def test_custom_fields_of_one_version(t: Tenant) -> None:
    account = t.account()
    made = t.call("POST", "/v1/subscriptions", subscribe_body(t, account, Team__c="ops"))
    number = made["subscriptionNumber"]
    t.call("PUT", f"/v1/subscriptions/{number}/renew", {})
    v1 = t.call("GET", f"/v1/subscriptions/{number}/versions/1")
    assert v1["Team__c"] == "ops"  # custom fields answer beside the other keys
    plan = v1["ratePlans"][0]
    seats = next(c for c in plan["ratePlanCharges"] if c["name"] == "Basic seats")
    t.call(
        "PUT",
        f"/v1/subscriptions/{number}/versions/1/customFields",
        {
            "customFields": {"Team__c": "sales"},
            "ratePlans": [
                {
                    "ratePlanId": plan["id"],
                    "customFields": {"Plan__c": "p"},
                    "charges": [
                        {"chargeNumber": seats["number"], "customFields": {"Seat__c": "s"}}
                    ],
                }
            ],
        },
    )
    again = t.call("GET", f"/v1/subscriptions/{number}/versions/1")
    assert again["Team__c"] == "sales"
    assert again["ratePlans"][0]["Plan__c"] == "p"
    charge = next(c for c in again["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic seats")
    assert charge["Seat__c"] == "s"
    # The latest version (2) is left as it was.
    assert t.call("GET", f"/v1/subscriptions/{number}")["Team__c"] == "ops"
    for path, body, status in [
        ("versions/9/customFields", {"customFields": {"Team__c": "x"}}, 404),
        ("versions/1/customFields", {"customFields": {"Team": "x"}}, 400),
        ("versions/1/customFields", {"ratePlans": [{"ratePlanId": "nope"}]}, 400),
    ]:
        response = t.request("PUT", f"/v1/subscriptions/{number}/{path}", body)
        assert response.status_code == status, (path, response.text)
    assert t.call("GET", f"/v1/subscriptions/{number}/versions/1")["Team__c"] == "sales"
