"""`GET /v2/subscriptions` and `GET /v2/subscriptions/{id or number}` through HTTP, on SQLite
and PostgreSQL: subscriptions made by `/v1/orders` and `/v2/orders` read the same numbers,
dates and prices as `/v1/subscriptions/{key}`; the query mechanism and the v2 errors.

Catalog: the demo catalog. Basic = platform fee USD 29/month + seats USD 12/seat/month
(default 3) + onboarding USD 99 once. The test clock is real time: the 2025 terms
these tests make have ended (auto-renew keeps them active)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_orders import amend, get_subscription, subscribe
from tests.api.test_v2_orders import account_data, created, new_subscription
from tests.conftest import Session

# Orders around 2026-12-01: the shop tenant's clock stands on 2026-12-02 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("frozen_clock")


def v2(client: TestClient, shop: Session, path: str) -> Any:
    response = client.get(f"/v2/subscriptions{path}", headers=shop.headers)
    assert response.status_code == 200, response.text
    return response.json()


def error(response: Any) -> tuple[int, str, str, str | None]:
    data = response.json()
    assert set(data) == {"type", "errors", "retryable"}, data
    first = data["errors"][0]
    return response.status_code, data["type"], first["code"], first["parameter"]


def test_a_v1_subscription_reads_in_v2_with_the_same_numbers(
    client: TestClient, shop: Session
) -> None:
    made = subscribe(client, shop)
    v1 = get_subscription(client, shop, "A-S00000001")
    sub = v2(client, shop, "/A-S00000001?expand[]=subscription_plans")
    assert sub["id"] == v1["id"]
    assert sub["subscription_number"] == "A-S00000001"
    assert sub["state"] == "active"
    assert (sub["version"], sub["latest_version"]) == (1, True)
    assert sub["account_id"] == sub["invoice_owner_account_id"] == v1["accountId"]
    assert sub["currency"] == "USD"
    assert sub["auto_renew"] is True
    assert sub["initial_term"] == {"type": "termed", "interval": "month", "interval_count": 12}
    assert sub["current_term"] == {
        "type": "termed",
        "interval": "month",
        "interval_count": 12,
        "start_date": "2025-01-01",
        "end_date": "2026-01-01",
    }
    assert sub["renewal_term"] == {"type": "termed", "interval": "month", "interval_count": 12}
    assert (sub["start_date"], sub["end_date"]) == ("2025-01-01", "2026-01-01")
    assert sub["contract_effective"] == "2025-01-01"
    assert sub["order_number"] == made["orderNumber"] == v1["orderNumber"]
    assert sub["invoice_separately"] is False
    # Contracted MRR on the last day of the term: platform 29 + seats 3 x 12 = 65 (the
    # one-time onboarding is not recurring).
    assert sub["contracted_mrr"] == 65 == v1["contractedMrr"]
    assert sub["created_time"].endswith("+00:00")
    assert sub["updated_time"] == sub["created_time"]
    (plan,) = sub["subscription_plans"]
    (v1_plan,) = v1["ratePlans"]
    assert plan["id"] == v1_plan["id"]
    assert plan["plan_number"] == "CLOUDDESK-BASIC"
    assert plan["plan_id"] == v1_plan["productRatePlanId"]
    assert plan["subscription_id"] == sub["id"]
    items = {i["name"]: i for i in plan["subscription_items"]}
    charges = {c["name"]: c for c in v1_plan["ratePlanCharges"]}
    assert items["Basic platform fee"]["amount"] == 29 == charges["Basic platform fee"]["price"]
    seats = items["Basic seats"]
    assert (seats["quantity"], seats["unit_amount"]) == (3, 12)
    assert seats["charge_type"] == "recurring" and seats["charge_model"] == "per_unit"
    assert seats["subscription_item_number"] == charges["Basic seats"]["number"]
    assert seats["subscription_plan_id"] == plan["id"]
    assert items["Basic onboarding"]["amount"] == 99
    assert items["Basic onboarding"]["charge_type"] == "one_time"
    assert seats["start_date"] == charges["Basic seats"]["effectiveStartDate"] == "2025-01-01"
    # By id: the same object; without expand[] no plans (Zuora's sample).
    by_id = v2(client, shop, f"/{v1['id']}")
    assert by_id["subscription_number"] == "A-S00000001"
    assert "subscription_plans" not in by_id
    assert {k: v for k, v in sub.items() if k != "subscription_plans"} == by_id


def test_versions_by_number_and_by_id_and_in_lists(client: TestClient, shop: Session) -> None:
    made = subscribe(client, shop)
    first = get_subscription(client, shop, "A-S00000001")
    changed = amend(
        client,
        shop,
        "A-S00000001",
        made["accountNumber"],
        {
            "type": "AddProduct",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-02-01"}],
            "addProduct": {"productRatePlanNumber": "CLOUDDESK-SUPPORT"},
        },
    )
    assert changed.status_code == 200, changed.text
    latest = v2(client, shop, "/A-S00000001?expand[]=subscription_plans")
    assert (latest["version"], latest["latest_version"]) == (2, True)
    assert [p["plan_number"] for p in latest["subscription_plans"]] == [
        "CLOUDDESK-BASIC",
        "CLOUDDESK-SUPPORT",
    ]
    old = v2(client, shop, f"/{first['id']}?expand[]=subscription_plans")
    assert (old["version"], old["latest_version"]) == (1, False)
    assert len(old["subscription_plans"]) == 1
    # A list shows the latest version only, unless it filters on the version.
    listed = v2(client, shop, "?fields[]=version,subscription_number")
    assert listed == {
        "data": [{"id": latest["id"], "version": 2, "subscription_number": "A-S00000001"}],
        "next_page": None,
    }
    ones = v2(client, shop, "?filter[]=version.EQ:1&fields[]=version")
    assert ones["data"] == [{"id": first["id"], "version": 1}]
    older = v2(client, shop, "?filter[]=latest_version.EQ:false&fields[]=latest_version")
    assert older["data"] == [{"id": first["id"], "latest_version": False}]
    both = v2(client, shop, "?filter[]=version.GE:1&sort[]=version.asc&fields[]=version")
    assert [s["version"] for s in both["data"]] == [1, 2]


def test_lists_filter_sort_page_select_and_expand(client: TestClient, shop: Session) -> None:
    one, two, three = (
        {**subscribe(client, shop, start=start), "accountId": None}
        for start in ("2025-01-01", "2025-03-01", "2025-02-01")
    )
    for n, made in enumerate((one, two, three), start=1):
        made["accountId"] = get_subscription(client, shop, f"A-S0000000{n}")["accountId"]
    everyone = v2(client, shop, "?sort[]=subscription_number.asc&fields[]=subscription_number")
    assert [s["subscription_number"] for s in everyone["data"]] == [
        "A-S00000001",
        "A-S00000002",
        "A-S00000003",
    ]
    by_start = v2(client, shop, "?sort[]=start_date.desc&fields[]=start_date")
    assert [s["start_date"] for s in by_start["data"]] == ["2025-03-01", "2025-02-01", "2025-01-01"]
    mine = v2(client, shop, f"?filter[]=account_id.EQ:{two['accountId']}&fields[]=account_id")
    assert [s["account_id"] for s in mine["data"]] == [two["accountId"]]
    early = v2(
        client,
        shop,
        "?filter[]=start_date.LT:2025-03-01&filter[]=state.EQ:active"
        "&sort[]=start_date.asc&fields[]=subscription_number",
    )
    assert [s["subscription_number"] for s in early["data"]] == ["A-S00000001", "A-S00000003"]
    # Pages of one, by the cursor.
    seen = []
    path = "?page_size=1&fields[]=account_id&sort[]=subscription_number.desc"
    while True:
        answer = v2(client, shop, path)
        assert len(answer["data"]) == 1
        seen.append(answer["data"][0]["account_id"])
        if answer["next_page"] is None:
            break
        path = (
            "?page_size=1&fields[]=account_id&sort[]=subscription_number.desc"
            f"&cursor={answer['next_page']}"
        )
    assert seen == [three["accountId"], two["accountId"], one["accountId"]]
    # The default order is newest first (ties by id): every subscription once.
    assert len(v2(client, shop, "?fields[]=id")["data"]) == 3
    # Nested selections and expansions.
    picked = v2(
        client,
        shop,
        "/A-S00000001?fields[]=subscription_number&expand[]=subscription_plans&expand[]=account"
        "&subscription_plans.fields[]=plan_number,subscription_items"
        "&subscription_items.fields[]=name,quantity&account.fields[]=account_number",
    )
    assert picked["subscription_number"] == "A-S00000001"
    assert picked["account"] == {"id": one["accountId"], "account_number": one["accountNumber"]}
    (plan,) = picked["subscription_plans"]
    assert set(plan) == {"id", "plan_number", "subscription_items"}
    assert [(i["name"], i.get("quantity")) for i in plan["subscription_items"]] == [
        ("Basic platform fee", None),
        ("Basic seats", 3),
        ("Basic onboarding", None),
    ]
    assert all(set(i) <= {"id", "name", "quantity"} for i in plan["subscription_items"])
    assert set(picked) == {"id", "subscription_number", "subscription_plans", "account"}
    deep = v2(client, shop, "/A-S00000001?expand[]=subscription_plans.subscription_items")
    assert len(deep["subscription_plans"][0]["subscription_items"]) == 3
    owner = v2(client, shop, "/A-S00000002?expand[]=invoice_owner_account&fields[]=id")
    assert owner["invoice_owner_account"]["account_number"] == two["accountNumber"]
    filtered = v2(
        client,
        shop,
        "/A-S00000001?expand[]=subscription_plans&filter[]=subscription_plans[plan_number].EQ:nope",
    )
    assert filtered["subscription_plans"] == []


def test_a_v2_order_subscription_is_the_same_object(client: TestClient, shop: Session) -> None:
    answer = created(
        client,
        shop,
        {
            "account_data": account_data(),
            "order_date": "2025-01-01",
            "subscriptions": [
                new_subscription(
                    start_on={"contract_effective": "2025-01-01"},
                    custom_fields={"Channel__c": "web"},
                )
            ],
        },
    )
    (in_order,) = answer["subscriptions"]
    sub = v2(client, shop, f"/{in_order['subscription_number']}?expand[]=subscription_plans")
    assert sub["custom_fields"] == {"Channel__c": "web"}
    # The order adds its actions; the subscription read adds when the version was made.
    assert {k: v for k, v in in_order.items() if k != "actions"} == {
        k: v for k, v in sub.items() if k not in ("created_time", "updated_time")
    }


def test_bad_queries_and_unknown_keys(client: TestClient, shop: Session) -> None:
    subscribe(client, shop)
    get = client.get
    h = shop.headers
    assert error(get("/v2/subscriptions/A-S09999999", headers=h)) == (
        404,
        "not_found",
        "resource_not_found",
        "subscription_id",
    )
    assert error(get("/v2/subscriptions?fields[]=nope", headers=h)) == (
        400,
        "bad_request",
        "invalid_parameter",
        "fields[]",
    )
    assert error(get("/v2/subscriptions/A-S00000001?fields[]=actions", headers=h))[3] == "fields[]"
    assert error(get("/v2/subscriptions?subscription_items.fields[]=nope", headers=h))[3] == (
        "subscription_items.fields[]"
    )
    assert error(get("/v2/subscriptions?expand[]=nope", headers=h))[2:] == (
        "invalid_parameter",
        "expand[]",
    )
    assert error(get("/v2/subscriptions?filter[]=nope.EQ:1", headers=h))[2:] == (
        "invalid_parameter",
        "filter[]",
    )
    assert error(get("/v2/subscriptions?filter[]=version.EQ:one", headers=h))[3] == "filter[]"
    assert error(get("/v2/subscriptions?sort[]=state.asc", headers=h))[3] == "sort[]"
    assert error(get("/v2/subscriptions?page_size=0", headers=h))[2:] == (
        "invalid_parameter",
        "page_size",
    )
    assert error(get("/v2/subscriptions?page_size=100", headers=h))[3] == "page_size"
    assert error(get("/v2/subscriptions?page_size=ten", headers=h))[2:] == (
        "invalid_parameter_integer",
        "page_size",
    )
    assert error(get("/v2/subscriptions?cursor=garbage", headers=h))[3] == "cursor"
    # A single read takes filters on its related lists only.
    assert error(get("/v2/subscriptions/A-S00000001?filter[]=state.EQ:active", headers=h))[3] == (
        "filter[]"
    )
