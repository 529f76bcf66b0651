"""POST /v1/orders and the reads behind it, through HTTP, on SQLite and PostgreSQL.

The catalog is the demo catalog (examples/catalog.yaml). Expected values are worked out by
hand from it: Basic = platform fee USD 29/month + seats USD 12/seat/month (default 3) +
onboarding USD 99 once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session

DEMO = Path(__file__).parents[2] / "examples" / "catalog.yaml"
NEW = {"Zuora-Version": "223.0"}


def new_account(currency: str = "USD", **extra: Any) -> dict[str, Any]:
    return {
        "name": "Acme",
        "currency": currency,
        "billCycleDay": 1,
        "billToContact": {"firstName": "Ada", "lastName": "Lovelace", "postalCode": "94105"},
        **extra,
    }


def create_subscription(
    plan: str = "CLOUDDESK-BASIC",
    *,
    start: str = "2025-01-01",
    term: dict[str, Any] | None = None,
    overrides: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    rate_plan: dict[str, Any] = {"productRatePlanNumber": plan}
    if overrides:
        rate_plan["chargeOverrides"] = overrides
    return {
        "type": "CreateSubscription",
        "triggerDates": [{"name": "ContractEffective", "triggerDate": start}],
        "createSubscription": {
            "terms": term
            or {
                "initialTerm": {"termType": "TERMED", "period": 12, "periodType": "Month"},
                "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
                "renewalTerms": [{"period": 12, "periodType": "Month"}],
                "autoRenew": True,
            },
            "subscribeToRatePlans": [rate_plan],
            **extra,
        },
    }


def order(client: TestClient, session: Session, body: dict[str, Any], **headers: str) -> Any:
    response = client.post("/v1/orders", headers=session.headers | NEW | headers, json=body)
    return response


def subscribe(client: TestClient, session: Session, **kwargs: Any) -> dict[str, Any]:
    response = order(
        client,
        session,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription(**kwargs)]}],
        },
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def get_subscription(client: TestClient, session: Session, key: str, query: str = "") -> Any:
    response = client.get(f"/v1/subscriptions/{key}{query}", headers=session.headers)
    assert response.status_code == 200, response.text
    return response.json()


def amend(
    client: TestClient, session: Session, number: str, account: str, *actions: dict[str, Any],
    order_date: str = "2025-01-01",
) -> Any:  # fmt: skip
    return order(
        client,
        session,
        {
            "orderDate": order_date,
            "existingAccountNumber": account,
            "subscriptions": [{"subscriptionNumber": number, "orderActions": list(actions)}],
        },
    )


def numbers_and_statuses(answer: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s["subscriptionNumber"], s["status"]) for s in answer["subscriptions"]]


def test_create_a_subscription_for_a_new_account(client: TestClient, shop: Session) -> None:
    body = subscribe(client, shop)
    assert body["success"] is True
    assert body["orderNumber"] == "O-00000001"
    assert body["accountNumber"] == "A00000001"
    assert body["status"] == "Completed"
    (sub,) = body["subscriptions"]
    assert (sub["subscriptionNumber"], sub["status"]) == ("A-S00000001", "Active")
    # Seed 002's answer names the owner (issue 9).
    assert sub["subscriptionOwnerNumber"] == "A00000001"
    assert len(sub["subscriptionOwnerId"]) == 32

    sub = get_subscription(client, shop, "A-S00000001")
    assert sub["version"] == 1
    assert sub["isLatestVersion"] is True
    assert sub["status"] == "Active"
    assert sub["accountNumber"] == "A00000001"
    assert sub["orderNumber"] == "O-00000001"
    assert sub["contractEffectiveDate"] == "2025-01-01"
    assert sub["termStartDate"] == "2025-01-01"
    assert sub["termEndDate"] == "2026-01-01"
    assert sub["subscriptionEndDate"] == "2026-01-01"
    assert (sub["termType"], sub["initialTerm"], sub["initialTermPeriodType"]) == (
        "TERMED",
        12,
        "Month",
    )
    assert (sub["renewalTerm"], sub["autoRenew"]) == (12, True)
    [plan] = sub["ratePlans"]
    assert plan["ratePlanName"] == "Basic"
    assert plan["productRatePlanNumber"] == "CLOUDDESK-BASIC"
    assert plan["lastChangeType"] == "Add"
    charges = {c["name"]: c for c in plan["ratePlanCharges"]}
    assert [c["number"] for c in plan["ratePlanCharges"]] == [
        "C-00000001",
        "C-00000002",
        "C-00000003",
    ]
    seats = charges["Basic seats"]
    assert (seats["quantity"], seats["price"], seats["uom"]) == (3, 12, "Seat")
    assert (seats["effectiveStartDate"], seats["effectiveEndDate"]) == ("2025-01-01", "2026-01-01")
    assert seats["mrr"] == 36
    assert seats["tcv"] == 432  # 12 months x 36
    setup = charges["Basic onboarding"]
    assert (setup["type"], setup["effectiveEndDate"]) == ("OneTime", "2025-01-02")
    assert setup["mrr"] == 0
    assert setup["tcv"] == 99
    assert sub["contractedMrr"] == 65  # 29 + 36
    assert sub["totalContractedValue"] == 879  # 12 x 65 + 99


def test_response_shape_follows_zuora_version(client: TestClient, shop: Session) -> None:
    account = subscribe(client, shop)["accountNumber"]
    body = {
        "orderDate": "2025-01-01",
        "existingAccountNumber": account,
        "subscriptions": [{"orderActions": [create_subscription()]}],
    }
    old = client.post("/v1/orders", headers=shop.headers, json=body).json()
    assert old["subscriptionNumbers"] == ["A-S00000002"]
    assert "subscriptions" not in old
    with_ids = client.post(
        "/v1/orders?returnIds=true", headers=shop.headers | NEW, json=body
    ).json()
    assert with_ids["subscriptions"][0]["subscriptionNumber"] == "A-S00000003"
    assert len(with_ids["orderId"]) == 32
    assert len(with_ids["subscriptions"][0]["subscriptionId"]) == 32
    assert with_ids["subscriptionIds"] == [with_ids["subscriptions"][0]["subscriptionId"]]


def test_charge_overrides(client: TestClient, shop: Session) -> None:
    subscribe(
        client,
        shop,
        plan="CLOUDDESK-PRO",
        overrides=[],
    )
    sub = get_subscription(client, shop, "A-S00000001")
    seats = next(c for c in sub["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Pro seats")
    # Tiered: 10 seats = 10 x 15 = 150 a month.
    assert seats["quantity"] == 10
    assert seats["mrr"] == 150
    assert [t["price"] for t in seats["tiers"]] == [15, 12, 9]


def test_every_action_makes_one_version(client: TestClient, shop: Session) -> None:
    created = subscribe(client, shop)
    account, number = created["accountNumber"], "A-S00000001"
    sub = get_subscription(client, shop, number)
    seats = next(c for c in sub["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic seats")
    basic_id = sub["ratePlans"][0]["id"]

    two = amend(
        client,
        shop,
        number,
        account,
        {
            "type": "AddProduct",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-02-01"}],
            "addProduct": {"productRatePlanNumber": "CLOUDDESK-SUPPORT", "uniqueToken": "sup"},
        },
        {
            "type": "UpdateProduct",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-03-01"}],
            "updateProduct": {
                "ratePlanId": basic_id,
                "chargeUpdates": [
                    {
                        "chargeNumber": seats["number"],
                        "pricing": {"recurringPerUnit": {"quantity": 8}},
                    }
                ],
            },
        },
    )
    assert two.status_code == 200, two.text
    v2 = get_subscription(client, shop, number, "?charge-detail=all-segments")
    assert v2["version"] == 2
    assert v2["ratePlans"][0]["id"] != basic_id  # ids are per version
    assert v2["ratePlans"][0]["originalRatePlanId"] == basic_id
    seat_segments = [
        c for c in v2["ratePlans"][0]["ratePlanCharges"] if c["number"] == seats["number"]
    ]
    assert [
        (s["segment"], s["effectiveStartDate"], s["effectiveEndDate"], s["quantity"])
        for s in seat_segments
    ] == [(1, "2025-01-01", "2025-03-01", 3), (2, "2025-03-01", "2026-01-01", 8)]
    support = v2["ratePlans"][1]
    assert support["ratePlanName"] == "Priority support"
    assert support["ratePlanCharges"][0]["effectiveStartDate"] == "2025-02-01"
    # MRR today (the test clock is real time, long past 2026): only what covers today counts.
    v1 = client.get(f"/v1/subscriptions/{number}/versions/1", headers=shop.headers).json()
    assert v1["version"] == 1
    assert v1["isLatestVersion"] is False
    assert len(v1["ratePlans"]) == 1

    three = amend(
        client,
        shop,
        number,
        account,
        {
            "type": "RemoveProduct",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-06-01"}],
            "removeProduct": {"ratePlanId": support["id"]},
        },
    )
    assert three.status_code == 200, three.text
    v3 = get_subscription(client, shop, number)
    removed = v3["ratePlans"][1]
    assert removed["lastChangeType"] == "Remove"
    assert removed["ratePlanCharges"][0]["effectiveEndDate"] == "2025-06-01"

    four = amend(
        client,
        shop,
        number,
        account,
        {
            "type": "CancelSubscription",
            "cancelSubscription": {
                "cancellationPolicy": "SpecificDate",
                "cancellationEffectiveDate": "2025-09-01",
            },
        },
    )
    assert four.status_code == 200, four.text
    assert numbers_and_statuses(four.json()) == [(number, "Cancelled")]
    v4 = get_subscription(client, shop, number)
    assert v4["version"] == 4
    assert v4["status"] == "Cancelled"
    assert v4["subscriptionEndDate"] == "2025-09-01"
    ends = {
        c["effectiveEndDate"]
        for c in v4["ratePlans"][0]["ratePlanCharges"]
        if c["type"] != "OneTime"
    }
    assert ends == {"2025-09-01"}

    orders = client.get(f"/v1/orders/subscription/{number}", headers=shop.headers).json()
    assert [o["orderNumber"] for o in orders["orders"]] == [
        "O-00000001",
        "O-00000002",
        "O-00000003",
        "O-00000004",
    ]
    second = client.get("/v1/orders/O-00000002", headers=shop.headers).json()["order"]
    assert second["status"] == "Completed"
    [item] = second["subscriptions"]
    assert (item["baseVersion"], item["newVersion"]) == (1, 2)
    assert [a["type"] for a in item["orderActions"]] == ["AddProduct", "UpdateProduct"]
    assert item["orderActions"][1]["triggerDates"] == [
        {"name": "ContractEffective", "triggerDate": "2025-03-01"},
        {"name": "ServiceActivation", "triggerDate": "2025-03-01"},
        {"name": "CustomerAcceptance", "triggerDate": "2025-03-01"},
    ]


def test_suspend_resume_renew(client: TestClient, shop: Session) -> None:
    created = subscribe(client, shop)
    account, number = created["accountNumber"], "A-S00000001"
    suspended = amend(
        client,
        shop,
        number,
        account,
        {
            "type": "Suspend",
            "suspend": {"suspendPolicy": "SpecificDate", "suspendSpecificDate": "2025-03-01"},
        },
    )
    assert suspended.status_code == 200, suspended.text
    assert suspended.json()["subscriptions"][0]["status"] == "Suspended"
    # Acting on a suspended subscription needs a Resume first.
    refused = amend(
        client,
        shop,
        number,
        account,
        {
            "type": "AddProduct",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-04-01"}],
            "addProduct": {"productRatePlanNumber": "CLOUDDESK-SUPPORT"},
        },
    )
    assert refused.status_code == 400
    assert refused.json()["reasons"][0]["code"] == 53100230
    resumed = amend(
        client,
        shop,
        number,
        account,
        {
            "type": "Resume",
            "resume": {
                "resumePolicy": "SpecificDate",
                "resumeSpecificDate": "2025-04-01",
                "extendsTerm": True,
            },
        },
    )
    assert resumed.status_code == 200, resumed.text
    sub = get_subscription(client, shop, number)
    # A month (31 days) suspended extends the term by 31 days.
    assert sub["termEndDate"] == "2026-02-01"
    renewed = amend(client, shop, number, account, {"type": "RenewSubscription"})
    assert renewed.status_code == 200, renewed.text
    sub = get_subscription(client, shop, number)
    assert (sub["termStartDate"], sub["termEndDate"]) == ("2026-02-01", "2027-02-01")
    assert sub["version"] == 4


def test_drafts_activate_update_and_cancel(client: TestClient, shop: Session) -> None:
    account = subscribe(client, shop)["accountNumber"]
    draft_body = {
        "orderDate": "2025-05-01",
        "existingAccountNumber": account,
        "status": "Draft",
        "subscriptions": [
            {"orderActions": [create_subscription("CLOUDDESK-PRO", start="2025-05-01")]}
        ],
    }
    draft = order(client, shop, draft_body).json()
    assert draft["status"] == "Draft"
    number = draft["orderNumber"]
    # Nothing was applied: no new subscription exists.
    listed = client.get(f"/v1/subscriptions/accounts/{account}", headers=shop.headers).json()
    assert len(listed["subscriptions"]) == 1
    detail = client.get(f"/v1/orders/{number}", headers=shop.headers).json()["order"]
    assert detail["status"] == "Draft"
    assert detail["subscriptions"][0]["orderActions"][0]["type"] == "CreateSubscription"

    updated = client.put(
        f"/v1/orders/{number}",
        headers=shop.headers | NEW,
        json={**draft_body, "description": "second thoughts"},
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["status"] == "Draft"

    activated = client.put(f"/v1/orders/{number}/activate", headers=shop.headers | NEW)
    assert activated.status_code == 200, activated.text
    assert activated.json()["status"] == "Completed"
    assert numbers_and_statuses(activated.json()) == [("A-S00000002", "Active")]
    again = client.put(f"/v1/orders/{number}/activate", headers=shop.headers)
    assert again.status_code == 400
    assert again.json()["reasons"][0]["code"] == 53000230
    cancel_completed = client.put(f"/v1/orders/{number}/cancel", headers=shop.headers, json={})
    assert cancel_completed.status_code == 400

    other = order(client, shop, draft_body).json()["orderNumber"]
    cancelled = client.put(
        f"/v1/orders/{other}/cancel", headers=shop.headers, json={"cancelReason": "no budget"}
    )
    assert cancelled.json() == {
        "success": True,
        "orderNumber": other,
        "accountNumber": account,
        "status": "Cancelled",
        "cancelReason": "no budget",
    }


def test_delete_rolls_the_subscription_back(client: TestClient, shop: Session) -> None:
    created = subscribe(client, shop)
    account, number = created["accountNumber"], "A-S00000001"
    second = amend(
        client,
        shop,
        number,
        account,
        {
            "type": "AddProduct",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-02-01"}],
            "addProduct": {"productRatePlanNumber": "CLOUDDESK-SUPPORT"},
        },
    ).json()["orderNumber"]
    # The first order cannot go while a later one built on it.
    refused = client.delete(f"/v1/orders/{created['orderNumber']}", headers=shop.headers)
    assert refused.status_code == 400
    assert refused.json()["reasons"][0]["code"] == 53000530
    deleted = client.delete(f"/v1/orders/{second}", headers=shop.headers)
    assert deleted.json() == {"success": True}
    sub = get_subscription(client, shop, number)
    assert sub["version"] == 1
    assert len(sub["ratePlans"]) == 1
    assert client.get(f"/v1/orders/{second}", headers=shop.headers).status_code == 404
    assert client.delete(f"/v1/orders/{created['orderNumber']}", headers=shop.headers).json() == {
        "success": True
    }
    assert client.get(f"/v1/subscriptions/{number}", headers=shop.headers).status_code == 404


def test_preview_persists_nothing(client: TestClient, shop: Session) -> None:
    account = subscribe(client, shop)["accountNumber"]
    preview = client.post(
        "/v1/orders/preview",
        headers=shop.headers,
        json={
            "orderDate": "2025-01-01",
            "existingAccountNumber": account,
            "previewOptions": {"previewTypes": ["ChargeMetrics"]},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert preview.status_code == 200, preview.text
    [metrics] = preview.json()["previewResult"]["chargeMetrics"]
    by_charge = {c["chargeNumber"]: c for c in metrics["charges"]}
    assert sorted(c["tcv"]["regular"] for c in by_charge.values()) == [99, 348, 432]
    # Numbers were not consumed: the next real order is O-00000002 with A-S00000002.
    body = subscribe(client, shop)
    assert body["orderNumber"] == "O-00000002"
    assert body["subscriptions"][0]["subscriptionNumber"] == "A-S00000002"


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        ({"subscriptions": []}, 53000420, "existingAccountNumber or newAccount"),
        ({"existingAccountNumber": "NOPE", "subscriptions": []}, 53000640, "NOPE"),
        (
            {"newAccount": new_account(), "subscriptions": [{"orderActions": [
                create_subscription("NO-SUCH-PLAN")]}]},
            53300240,
            "NO-SUCH-PLAN",
        ),
        (
            {"newAccount": new_account("EUR"), "subscriptions": [{"orderActions": [
                {**create_subscription(), "createSubscription": {
                    **create_subscription()["createSubscription"], "currency": "GBP"}}]}]},
            53300330,
            "GBP",
        ),
        (
            {"newAccount": new_account(), "subscriptions": [{"orderActions": [create_subscription(
                term={"initialTerm": {"termType": "TERMED"}})]}]},
            53100320,
            "period",
        ),
        (
            {"newAccount": new_account(), "subscriptions": [{"orderActions": [
                {**create_subscription(), "addProduct": {"productRatePlanNumber": "X"}}]}]},
            50000020,
            "addProduct",
        ),
        (
            {"newAccount": new_account(), "subscriptions": [
                {"subscriptionNumber": "A-S09999999", "orderActions": [
                    {"type": "RenewSubscription"}]}]},
            53100440,
            "A-S09999999",
        ),
        (
            {"newAccount": new_account(), "subscriptions": [
                {"orderActions": [create_subscription()]} for _ in range(51)]},
            53000330,
            "50",
        ),
        (
            {"newAccount": new_account(),
             "processingOptions": {"runBilling": True, "collectPayment": True},
             "subscriptions": [{"orderActions": [create_subscription()]}]},
            55000530,  # a new account has no default payment method to collect with
            "default payment method",
        ),
    ],
)  # fmt: skip
def test_bad_orders_are_refused_and_store_nothing(
    client: TestClient, shop: Session, body: dict[str, Any], code: int, words: str
) -> None:
    response = order(client, shop, {"orderDate": "2025-01-01", **body})
    assert response.status_code == 400, response.text
    reason = response.json()["reasons"][0]
    assert reason["code"] == code, reason
    assert words in reason["message"]
    listed = client.get("/v1/orders", headers=shop.headers).json()
    assert listed["orders"] == []
    # No account, subscription or number was left behind.
    assert subscribe(client, shop)["orderNumber"] == "O-00000001"


def test_an_invalid_term_type_names_the_values(client: TestClient, shop: Session) -> None:
    response = order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [
                {
                    "orderActions": [
                        create_subscription(term={"initialTerm": {"termType": "FOREVER"}})
                    ]
                }
            ],
        },
    )
    assert response.status_code == 400
    assert "TERMED, EVERGREEN" in response.json()["reasons"][0]["message"]


def test_currency_mismatch_between_account_and_plan(client: TestClient, shop: Session) -> None:
    response = order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account("JPY"),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert response.status_code == 400
    assert response.json()["reasons"][0]["code"] == 53300330
    assert "JPY" in response.json()["reasons"][0]["message"]


def test_actions_that_do_not_fit_the_subscription(client: TestClient, shop: Session) -> None:
    created = subscribe(client, shop)
    account, number = created["accountNumber"], "A-S00000001"
    before_start = amend(
        client,
        shop,
        number,
        account,
        {
            "type": "AddProduct",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2024-12-01"}],
            "addProduct": {"productRatePlanNumber": "CLOUDDESK-SUPPORT"},
        },
    )
    assert before_start.status_code == 400
    assert before_start.json()["reasons"][0]["code"] == 53200130
    missing_plan = amend(
        client,
        shop,
        number,
        account,
        {"type": "RemoveProduct", "removeProduct": {"ratePlanId": "f" * 32}},
    )
    assert missing_plan.status_code == 400
    assert missing_plan.json()["reasons"][0]["code"] == 53300040
    cancel = {
        "type": "CancelSubscription",
        "cancelSubscription": {"cancellationPolicy": "EndOfCurrentTerm"},
    }
    assert amend(client, shop, number, account, cancel).status_code == 200
    suspend_cancelled = amend(
        client, shop, number, account, {"type": "Suspend", "suspend": {"suspendPolicy": "Today"}}
    )
    assert suspend_cancelled.status_code == 400
    # Still version 2: the refused orders changed nothing.
    assert get_subscription(client, shop, number)["version"] == 2


def test_order_reads_and_lists(client: TestClient, shop: Session) -> None:
    first = subscribe(client, shop)
    account = first["accountNumber"]
    detail = client.get(f"/v1/orders/{first['orderNumber']}", headers=shop.headers).json()
    assert detail["success"] is True
    o = detail["order"]
    assert (o["orderNumber"], o["orderDate"], o["status"], o["category"]) == (
        "O-00000001",
        "2025-01-01",
        "Completed",
        "NewSales",
    )
    assert o["existingAccountNumber"] == account
    assert len(o["createdDate"]) == 19  # YYYY-MM-DD HH:MM:SS
    action = o["subscriptions"][0]["orderActions"][0]
    assert action["type"] == "CreateSubscription"
    assert action["createSubscription"]["subscribeToRatePlans"][0]["productRatePlanNumber"] == (
        "CLOUDDESK-BASIC"
    )
    by_owner = client.get(f"/v1/orders/subscriptionOwner/{account}", headers=shop.headers).json()
    assert [x["orderNumber"] for x in by_owner["orders"]] == ["O-00000001"]
    by_invoice_owner = client.get(f"/v1/orders/invoiceOwner/{account}", headers=shop.headers).json()
    assert [x["orderNumber"] for x in by_invoice_owner["orders"]] == ["O-00000001"]
    window = client.get(
        "/v1/orders?startDate=2025-02-01&endDate=2025-12-31", headers=shop.headers
    ).json()
    assert window["orders"] == []
    assert client.get("/v1/orders/O-09999999", headers=shop.headers).status_code == 404


def test_custom_fields_on_orders_actions_and_subscriptions(
    client: TestClient, shop: Session
) -> None:
    body = {
        "orderDate": "2025-01-01",
        "newAccount": new_account(),
        "customFields": {"Channel__c": "web"},
        "subscriptions": [
            {
                "customFields": {"Team__c": "ops"},
                "orderActions": [{**create_subscription(), "customFields": {"Why__c": "new"}}],
            }
        ],
    }
    created = order(client, shop, body).json()
    sub = get_subscription(client, shop, "A-S00000001")
    assert sub["Team__c"] == "ops"
    o = client.get(f"/v1/orders/{created['orderNumber']}", headers=shop.headers).json()["order"]
    assert o["customFields"] == {"Channel__c": "web"}
    action_id = o["subscriptions"][0]["orderActions"][0]["id"]
    put = client.put(
        f"/v1/orderActions/{action_id}",
        headers=shop.headers,
        json={"changeReason": "upsell", "customFields": {"Why__c": "upsell"}},
    )
    assert put.json() == {"success": True}
    o = client.get(f"/v1/orders/{created['orderNumber']}", headers=shop.headers).json()["order"]
    action = o["subscriptions"][0]["orderActions"][0]
    assert (action["changeReason"], action["customFields"]) == ("upsell", {"Why__c": "upsell"})
    put = client.put(
        f"/v1/orders/{created['orderNumber']}/customFields",
        headers=shop.headers,
        json={"customFields": {"Channel__c": "partner"}},
    )
    assert put.json() == {"success": True}
    o = client.get(f"/v1/orders/{created['orderNumber']}", headers=shop.headers).json()["order"]
    assert o["customFields"] == {"Channel__c": "partner"}
    put = client.put(
        "/v1/subscriptions/A-S00000001/customFields",
        headers=shop.headers,
        json={"customFields": {"Team__c": "sales"}},
    )
    assert put.json() == {"success": True}
    assert get_subscription(client, shop, "A-S00000001")["Team__c"] == "sales"
    assert (
        client.put(
            "/v1/orderActions/" + "0" * 32, headers=shop.headers, json={"changeReason": "x"}
        ).status_code
        == 404
    )


def test_change_plan_and_owner_transfer(client: TestClient, shop: Session) -> None:
    created = subscribe(client, shop)
    account, number = created["accountNumber"], "A-S00000001"
    other = client.post(
        "/v1/accounts",
        headers=shop.headers,
        json={
            "name": "Beta",
            "currency": "USD",
            "billToContact": {"firstName": "B", "lastName": "C"},
        },
    ).json()["accountNumber"]
    basic_id = get_subscription(client, shop, number)["ratePlans"][0]["id"]
    changed = amend(
        client,
        shop,
        number,
        account,
        {
            "type": "ChangePlan",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-03-01"}],
            "changePlan": {
                "ratePlanId": basic_id,
                "newProductRatePlan": {"productRatePlanNumber": "CLOUDDESK-PRO"},
            },
        },
        {"type": "OwnerTransfer", "ownerTransfer": {"destinationAccountNumber": other}},
    )
    assert changed.status_code == 200, changed.text
    sub = get_subscription(client, shop, number)
    basic, pro = sub["ratePlans"]
    assert (basic["ratePlanName"], basic["lastChangeType"]) == ("Basic", "Remove")
    assert {c["effectiveEndDate"] for c in basic["ratePlanCharges"] if c["type"] != "OneTime"} == {
        "2025-03-01"
    }
    assert (pro["ratePlanName"], pro["lastChangeType"]) == ("Pro", "Add")
    # Pro is grade 2 against Basic's 1: an upgrade, effective at once (the CE date).
    assert {c["effectiveStartDate"] for c in pro["ratePlanCharges"]} == {"2025-03-01"}
    assert sub["accountNumber"] == other
    assert sub["invoiceOwnerAccountNumber"] == account
    detail = client.get(f"/v1/orders/{changed.json()['orderNumber']}", headers=shop.headers)
    action = detail.json()["order"]["subscriptions"][0]["orderActions"][0]
    assert action["changePlan"]["subType"] == "Upgrade"
    assert action["changePlan"]["effectiveDate"] == "2025-03-01"
    owned = client.get(f"/v1/subscriptions/accounts/{other}", headers=shop.headers).json()
    assert [s["subscriptionNumber"] for s in owned["subscriptions"]] == [number]


def test_terms_and_conditions_to_evergreen(client: TestClient, shop: Session) -> None:
    created = subscribe(client, shop)
    changed = amend(
        client,
        shop,
        "A-S00000001",
        created["accountNumber"],
        {
            "type": "TermsAndConditions",
            "termsAndConditions": {"lastTerm": {"termType": "EVERGREEN"}},
        },
    )
    assert changed.status_code == 200, changed.text
    sub = get_subscription(client, shop, "A-S00000001")
    assert sub["termType"] == "EVERGREEN"
    assert sub["termEndDate"] is None  # evergreen: no term end, answered as null
    seats = next(c for c in sub["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic seats")
    assert seats["effectiveEndDate"] is None
    # Open-ended: TCV counts 12 months (decision O13): 12 x 36.
    assert seats["tcv"] == 432
