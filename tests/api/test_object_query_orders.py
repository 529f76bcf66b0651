"""Object Query orders and order actions (issue 14): values from orders placed through
`POST /v1/orders`, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_object_query import get
from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session


def place(client: TestClient, shop: Session, day: str, **account: Any) -> dict[str, Any]:
    response = order(
        client,
        shop,
        {
            "orderDate": day,
            "newAccount": new_account(**account),
            "description": f"order of {day}",
            "subscriptions": [{"orderActions": [create_subscription(start=day)]}],
        },
    )
    assert response.status_code == 200, response.text
    placed: dict[str, Any] = response.json()
    placed["number"] = placed["subscriptions"][0]["subscriptionNumber"]
    return placed


def test_orders_filter_sort_expand_and_key(client: TestClient, shop: Session) -> None:
    first = place(client, shop, "2025-01-15")
    second = place(client, shop, "2025-02-01", name="Second")
    listed = get(client, shop, "orders").json()["data"]
    assert [o["orderNumber"] for o in listed] == [second["orderNumber"], first["orderNumber"]]
    one = listed[1]
    assert (one["orderDate"], one["status"], one["category"], one["description"]) == (
        "2025-01-15",
        "Completed",
        "NewSales",
        "order of 2025-01-15",
    )
    assert one["accountId"] and one["isScheduled"] is False
    assert "scheduledDate" not in one  # null, left out
    after = get(client, shop, "orders", ("filter[]", "orderDate.GT:2025-01-15")).json()["data"]
    assert [o["orderNumber"] for o in after] == [second["orderNumber"]]
    by_date = get(client, shop, "orders", ("sort[]", "orderDate.ASC")).json()["data"]
    assert [o["orderNumber"] for o in by_date] == [first["orderNumber"], second["orderNumber"]]
    expanded = get(
        client,
        shop,
        f"orders/{second['orderNumber']}",
        ("expand[]", "orderactions"),
        ("expand[]", "account"),
        ("orderActions.fields[]", "type,subscriptionNumber,contractEffectiveDate"),
    ).json()
    assert expanded["account"]["name"] == "Second"
    assert expanded["orderActions"] == [
        {
            "id": expanded["orderActions"][0]["id"],
            "type": "CreateSubscription",
            "subscriptionNumber": second["number"],
            "contractEffectiveDate": "2025-02-01",
        }
    ]
    assert (
        get(client, shop, f"orders/{expanded['id']}").json()["orderNumber"]
        == (second["orderNumber"])
    )
    assert get(client, shop, "orders/O-NOPE").status_code == 404


def test_order_actions_list_filter_and_expand(client: TestClient, shop: Session) -> None:
    first = place(client, shop, "2025-01-15")
    second = place(client, shop, "2025-02-01")
    actions = get(client, shop, "order-actions", ("expand[]", "order")).json()["data"]
    assert sorted(a["order"]["orderNumber"] for a in actions) == sorted(
        [first["orderNumber"], second["orderNumber"]]
    )
    assert {(a["type"], a["sequence"]) for a in actions} == {("CreateSubscription", 0)}
    mine = get(
        client,
        shop,
        "order-actions",
        ("filter[]", f"subscriptionNumber.EQ:{first['number']}"),
    ).json()["data"]
    assert len(mine) == 1
    action = mine[0]
    assert (action["contractEffectiveDate"], action["subscriptionNumber"]) == (
        "2025-01-15",
        first["number"],
    )
    assert (
        get(client, shop, f"order-actions/{action['id']}").json()["orderId"] == (action["orderId"])
    )
    page = get(client, shop, "order-actions", ("pageSize", 1)).json()
    rest = get(client, shop, "order-actions", ("pageSize", 1), ("cursor", page["nextPage"]))
    assert {page["data"][0]["id"], rest.json()["data"][0]["id"]} == {a["id"] for a in actions}
    assert "nextPage" not in rest.json()
    bad = get(client, shop, "order-actions", ("filter[]", "changeReason.EQ:x"))
    assert bad.status_code == 400, bad.text


def test_subscription_expands_rate_plans_and_their_charges(
    client: TestClient, shop: Session
) -> None:
    placed = place(client, shop, "2025-01-15")
    number = placed["number"]
    plans = get(client, shop, f"subscriptions/{number}", ("expand[]", "rateplans")).json()
    assert [(p["name"], p["productRatePlanNumber"]) for p in plans["ratePlans"]] == [
        ("Basic", "CLOUDDESK-BASIC")
    ]
    assert plans["ratePlans"][0]["subscriptionId"] == plans["id"]
    assert "ratePlanCharges" not in plans["ratePlans"][0]
    nested = get(
        client,
        shop,
        "subscriptions",
        ("filter[]", f"name.EQ:{number}"),
        ("fields[]", "name"),
        ("expand[]", "RatePlans.RatePlanCharges"),
    ).json()["data"]
    assert [s["name"] for s in nested] == [number]
    (plan,) = nested[0]["ratePlans"]
    charges = {c["name"]: c for c in plan["ratePlanCharges"]}
    assert {n: (c["chargeType"], c["chargeModel"], c["price"]) for n, c in charges.items()} == {
        "Basic platform fee": ("Recurring", "FlatFee", 29),
        "Basic seats": ("Recurring", "PerUnit", 12),
        "Basic onboarding": ("OneTime", "FlatFee", 99),
    }
    seats = charges["Basic seats"]
    assert (seats["quantity"], seats["uOM"], seats["effectiveStartDate"]) == (
        3,
        "Seat",
        "2025-01-15",
    )
    assert {c["ratePlanId"] for c in charges.values()} == {plan["id"]}
    assert {c["version"] for c in charges.values()} == {1}
    assert get(client, shop, "subscriptions", ("expand[]", "rateplancharges")).status_code == 400


def test_rate_plans_and_charges_lists(client: TestClient, shop: Session) -> None:
    first = place(client, shop, "2025-01-15")
    place(client, shop, "2025-02-01")
    sub = get(client, shop, f"subscriptions/{first['number']}").json()
    plans = get(
        client,
        shop,
        "rate-plans",
        ("filter[]", f"subscriptionId.EQ:{sub['id']}"),
        ("expand[]", "subscription"),
        ("expand[]", "rateplancharges"),
        ("rateplancharges.fields[]", "name,price"),
    ).json()["data"]
    assert [(p["name"], p["subscription"]["name"]) for p in plans] == [("Basic", first["number"])]
    assert sorted((c["name"], c["price"]) for c in plans[0]["ratePlanCharges"]) == [
        ("Basic onboarding", 99),
        ("Basic platform fee", 29),
        ("Basic seats", 12),
    ]
    assert len(get(client, shop, "rate-plans").json()["data"]) == 2
    one_time = get(
        client,
        shop,
        "rate-plan-charges",
        ("filter[]", "chargeType.EQ:OneTime"),
        ("expand[]", "rateplan"),
    ).json()["data"]
    assert [(c["name"], c["price"], c["ratePlan"]["name"]) for c in one_time] == [
        ("Basic onboarding", 99, "Basic"),
        ("Basic onboarding", 99, "Basic"),
    ]
    assert {c["ratePlanId"] for c in one_time} == {
        p["id"] for p in get(client, shop, "rate-plans").json()["data"]
    }
    charge = get(client, shop, f"rate-plan-charges/{one_time[0]['id']}").json()
    assert (charge["chargeModel"], charge["chargeNumber"]) == (
        "FlatFee",
        one_time[0]["chargeNumber"],
    )
    plan = get(client, shop, f"rate-plans/{plans[0]['id']}").json()
    assert (plan["productRatePlanNumber"], plan["subscriptionId"]) == ("CLOUDDESK-BASIC", sub["id"])
    page = get(client, shop, "rate-plan-charges", ("pageSize", 4)).json()
    rest = get(client, shop, "rate-plan-charges", ("pageSize", 4), ("cursor", page["nextPage"]))
    assert len(page["data"]) == 4 and len(rest.json()["data"]) == 2
    assert get(client, shop, "rate-plans/nope").status_code == 404


def test_rate_plan_rows_follow_a_deleted_order_and_account(
    client: TestClient, shop: Session
) -> None:
    first = place(client, shop, "2025-01-15")
    second = place(client, shop, "2025-02-01")
    gone = client.delete(f"/v1/orders/{first['orderNumber']}", headers=shop.headers)
    assert gone.status_code == 200, gone.text
    left = get(client, shop, "rate-plans", ("expand[]", "subscription")).json()["data"]
    assert [p["subscription"]["name"] for p in left] == [second["number"]]
    assert len(get(client, shop, "rate-plan-charges").json()["data"]) == 3


def test_a_tiered_charge_expands_its_tiers(client: TestClient, shop: Session) -> None:
    response = order(
        client,
        shop,
        {
            "orderDate": "2025-01-15",
            "newAccount": new_account(),
            "subscriptions": [
                {"orderActions": [create_subscription("CLOUDDESK-PRO", start="2025-01-15")]}
            ],
        },
    )
    assert response.status_code == 200, response.text
    seats = get(
        client,
        shop,
        "rate-plan-charges",
        ("filter[]", "chargeModel.EQ:Tiered"),
        ("expand[]", "rateplanchargetiers"),
    ).json()["data"]
    assert [c["name"] for c in seats] == ["Pro seats"]
    tiers = seats[0]["ratePlanChargeTiers"]
    assert [(t["tier"], t["startingUnit"], t.get("endingUnit"), t["price"]) for t in tiers] == [
        (1, 1, 10, 15),
        (2, 11, 50, 12),
        (3, 51, None, 9),
    ]
    assert {(t["currency"], t["priceFormat"]) for t in tiers} == {
        ("USD", "PerUnit")
    }  # as the v1 reads show it
