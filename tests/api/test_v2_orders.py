"""POST /v2/orders (seed 004) and the v2 reads and lifecycle of orders, through HTTP,
on SQLite and PostgreSQL; round trips with /v1/orders (spec §12.4).

Catalog: the demo catalog. Basic = platform fee USD 29/month + seats USD 12/seat/month
(default 3) + onboarding USD 99 once."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.services import tenants

# Orders around 2026-12-01: the shop tenant's clock stands on 2026-12-02 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("frozen_clock")


def _charge_ids(client: TestClient, shop: Session) -> dict[str, str]:
    plans = client.get("/v1/rateplan/CLOUDDESK/productRatePlan", headers=shop.headers).json()[
        "productRatePlans"
    ]
    return {c["name"]: c["id"] for p in plans for c in p["productRatePlanCharges"]}


def account_data(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Acme",
        "currency": "USD",
        "bill_cycle_day": 1,
        "bill_to": {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "address": {"line1": "1 Main St", "city": "San Francisco", "postal_code": "94105"},
        },
        **extra,
    }


def new_subscription(**extra: Any) -> dict[str, Any]:
    return {
        "subscription_plans": [{"plan_number": "CLOUDDESK-BASIC"}],
        "initial_term": {"type": "termed", "interval": "month", "interval_count": 12},
        "renewal_term": {"type": "evergreen"},
        "start_on": {"contract_effective": "2023-01-01"},
        **extra,
    }


def post(client: TestClient, shop: Session, body: dict[str, Any], **headers: str) -> Any:
    return client.post("/v2/orders", headers=shop.headers | headers, json=body)


def created(client: TestClient, shop: Session, body: dict[str, Any]) -> dict[str, Any]:
    response = post(client, shop, body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def seed_body(client: TestClient, shop: Session) -> dict[str, Any]:
    """Seed 004's request sample: a new account and a one-year termed subscription with
    evergreen renewal, its seats starting on service activation (not yet known)."""
    seats = _charge_ids(client, shop)["Basic seats"]
    return {
        "description": "Create an new order with a new account",
        "account_data": account_data(),
        "order_date": "2023-01-01",
        "subscriptions": [
            new_subscription(
                subscription_plans=[
                    {
                        "plan_number": "CLOUDDESK-BASIC",
                        "prices": [{"price_id": seats, "start_event": "service_activation"}],
                    }
                ]
            )
        ],
    }


def test_seed_004_request_sample_answers_the_documented_shape(
    client: TestClient, shop: Session, container: Container
) -> None:
    # The tenant asks for service activation dates, as the seed's tenant does.
    tenants.configure_tenant(
        container.uow_factory, shop.credentials.name, require_service_activation=True
    )
    answer = created(client, shop, seed_body(client, shop))
    assert answer["order_number"] == "O-00000001"
    assert answer["order_date"] == "2023-01-01"
    assert answer["state"] == "pending"
    assert answer["category"] == "sale"
    assert answer["description"] == "Create an new order with a new account"
    assert len(answer["id"]) == 32 and len(answer["account_id"]) == 32
    assert answer["created_time"].endswith("+00:00")
    assert answer["line_items"] == {"data": [], "next_page": None}
    (sub,) = answer["subscriptions"]
    assert sub["subscription_number"] == "A-S00000001"
    assert sub["state"] == "pending_activation"
    assert sub["version"] == 1
    assert sub["latest_version"] is True
    assert sub["current_term"] == {
        "type": "termed",
        "interval": "month",
        "interval_count": 12,
        "start_date": "2023-01-01",
        "end_date": "2024-01-01",
    }
    assert sub["initial_term"] == {"type": "termed", "interval": "month", "interval_count": 12}
    assert sub["renewal_term"] == {"type": "evergreen"}
    assert sub["account_id"] == answer["account_id"]
    (action,) = sub["actions"]
    assert action["type"] == "create_subscription"
    assert action["sequence"] == 0
    # The resolved dates: customer acceptance defaults to contract effective; service
    # activation is not known yet.
    assert action["start_on"] == {
        "contract_effective": "2023-01-01",
        "customer_acceptance": "2023-01-01",
    }
    (plan,) = sub["subscription_plans"]
    assert plan["plan_number"] == "CLOUDDESK-BASIC"
    assert [
        (i["name"], i["charge_type"], i["charge_model"]) for i in plan["subscription_items"]
    ] == [
        ("Basic platform fee", "recurring", "flat_fee"),
        ("Basic seats", "recurring", "per_unit"),
        ("Basic onboarding", "one_time", "flat_fee"),
    ]
    seats = plan["subscription_items"][1]
    assert (seats["quantity"], seats["unit_amount"]) == (3, 12)


def test_a_new_subscription_completes_and_reads_back_by_id_and_number(
    client: TestClient, shop: Session
) -> None:
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(),
            "subscriptions": [new_subscription(start_on={"contract_effective": "2026-12-01"})],
        },
    )
    assert answer["state"] == "complete"
    assert answer["subscriptions"][0]["state"] == "active"
    # ar_transactions belong to the create answer only (QO7).
    assert answer.pop("ar_transactions") == {
        "invoice_numbers": [],
        "credit_memo_numbers": [],
        "payments": [],
    }
    for key in (answer["id"], answer["order_number"]):
        read = client.get(f"/v2/orders/{key}", headers=shop.headers)
        assert read.status_code == 200, read.text
        assert read.json() == answer


def subscribed(client: TestClient, shop: Session) -> dict[str, Any]:
    return created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(),
            "subscriptions": [new_subscription(start_on={"contract_effective": "2026-12-01"})],
        },
    )


def errors(response: Any, status: int = 400) -> list[tuple[str, str | None]]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["type"] == {400: "bad_request", 404: "not_found", 409: "conflict"}[status]
    assert body["retryable"] is False
    return [(e["code"], e["parameter"]) for e in body["errors"]]


def test_bad_bodies_get_the_v2_error_body_and_change_nothing(
    client: TestClient, shop: Session
) -> None:
    base = {"order_date": "2026-12-01", "account_data": account_data()}
    two_actions = new_subscription(cancel={"cancel_at": "subscription_term_end"})
    cases: list[tuple[dict[str, Any], tuple[str, str]]] = [
        (
            {**base, "subscriptions": [two_actions]},
            ("invalid_parameter", "subscriptions[0].cancel"),
        ),
        ({**base, "bogus": 1}, ("unknown_parameter", "bogus")),
        (
            {**base, "subscriptions": [new_subscription(initial_term={"type": "termed"})]},
            ("missing_parameter", "subscriptions[0].initial_term.interval_count"),
        ),
        ({**base, "account_number": "A00000009"}, ("invalid_parameter", "account_data")),
        ({"order_date": "2026-12-01"}, ("missing_parameter", "account_number")),
        ({**base, "state": "failed"}, ("invalid_parameter", "state")),
        (
            {**base, "subscriptions": [{"subscription_number": "A-S1", "renew": {}, "bogus": 1}]},
            ("unknown_parameter", "subscriptions[0].bogus"),
        ),
    ]
    for body, expected in cases:
        assert errors(post(client, shop, body)) == [expected], body
    assert client.get("/v2/orders", headers=shop.headers).json() == {"next_page": None, "data": []}
    for query in ("page_size=0", "page_size=100", "cursor=%%%"):
        assert errors(client.get(f"/v2/orders?{query}", headers=shop.headers))[0][0] == (
            "invalid_parameter"
        ), query


def test_unknown_order_is_not_found(client: TestClient, shop: Session) -> None:
    assert errors(client.get("/v2/orders/O-404", headers=shop.headers), 404) == [
        ("resource_not_found", "order_number")
    ]


def test_list_pages_with_an_opaque_cursor(client: TestClient, shop: Session) -> None:
    for _ in range(3):
        subscribed(client, shop)
    first = client.get("/v2/orders?page_size=2", headers=shop.headers).json()
    assert len(first["data"]) == 2 and first["next_page"]
    second = client.get(
        f"/v2/orders?page_size=2&cursor={first['next_page']}", headers=shop.headers
    ).json()
    assert second["next_page"] is None
    numbers = [o["order_number"] for o in first["data"] + second["data"]]
    assert sorted(numbers) == ["O-00000001", "O-00000002", "O-00000003"]


def test_draft_then_activate_cancel_and_delete(client: TestClient, shop: Session) -> None:
    body = {
        "order_date": "2026-12-01",
        "account_data": account_data(),
        "state": "draft",
        "subscriptions": [new_subscription(start_on={"contract_effective": "2026-12-01"})],
    }
    draft = created(client, shop, body)
    assert draft["state"] == "draft"
    assert draft["subscriptions"][0]["actions"][0]["type"] == "create_subscription"
    active = client.post(f"/v2/orders/{draft['id']}/activate", headers=shop.headers)
    assert active.status_code == 200, active.text
    assert active.json()["state"] == "complete"
    assert active.json()["subscriptions"][0]["state"] == "active"

    other = created(client, shop, body)
    cancelled = client.post(
        f"/v2/orders/{other['order_number']}/cancel",
        headers=shop.headers,
        json={"cancel_reason": "customer left"},
    )
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["state"], cancelled.json()["cancel_reason"]) == (
        "canceled",
        "customer left",
    )

    deleted = client.delete(f"/v2/orders/{active.json()['id']}", headers=shop.headers)
    assert deleted.status_code == 204 and deleted.content == b""
    assert errors(client.get(f"/v2/orders/{draft['id']}", headers=shop.headers), 404)


def test_delete_not_allowed_once_a_later_order_changed_the_subscription(
    client: TestClient, shop: Session
) -> None:
    first = subscribed(client, shop)
    number = first["subscriptions"][0]["subscription_number"]
    cancel = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_id": first["account_id"],
            "subscriptions": [
                {"subscription_number": number, "cancel": {"cancel_at": "subscription_term_end"}}
            ],
        },
    )
    (sub,) = cancel["subscriptions"]
    assert (sub["version"], sub["actions"][0]["type"]) == (2, "cancel")
    assert sub["actions"][0]["cancel"] == {"cancel_at": "subscription_term_end"}
    assert sub["end_date"] == "2027-12-01"
    response = client.delete(f"/v2/orders/{first['id']}", headers=shop.headers)
    # A business rule the request breaks: 409 conflict (QA2).
    assert errors(response, 409) == [("delete_not_allowed", "order_number")]


def test_a_v2_order_reads_in_v1_and_a_v1_order_reads_in_v2(
    client: TestClient, shop: Session
) -> None:
    v2 = subscribed(client, shop)
    v1 = client.get(f"/v1/orders/{v2['order_number']}", headers=shop.headers).json()["order"]
    assert (v1["status"], v1["category"], v1["orderDate"]) == (
        "Completed",
        "NewSales",
        "2026-12-01",
    )
    (action,) = v1["subscriptions"][0]["orderActions"]
    assert action["type"] == "CreateSubscription"
    assert "v2" not in action and "subscription_plans" not in action

    made = client.post(
        "/v1/orders",
        headers=shop.headers | {"Zuora-Version": "223.0"},
        json={
            "orderDate": "2026-12-01",
            "existingAccountNumber": "A00000001",
            "subscriptions": [
                {
                    "subscriptionNumber": v2["subscriptions"][0]["subscription_number"],
                    "orderActions": [
                        {
                            "type": "Suspend",
                            "triggerDates": [
                                {"name": "ContractEffective", "triggerDate": "2026-12-01"}
                            ],
                            "suspend": {
                                "suspendPolicy": "SpecificDate",
                                "suspendSpecificDate": "2027-01-01",
                            },
                        }
                    ],
                }
            ],
        },
    )
    assert made.status_code == 200, made.text
    read = client.get(f"/v2/orders/{made.json()['orderNumber']}", headers=shop.headers).json()
    assert (read["state"], read["category"]) == ("complete", "sale")
    (sub,) = read["subscriptions"]
    assert sub["version"] == 2
    assert sub["actions"][0]["type"] == "pause"
    assert sub["actions"][0]["start_on"]["contract_effective"] == "2026-12-01"


def test_line_items_in_a_v2_order(client: TestClient, shop: Session) -> None:
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(),
            "line_items": [
                {
                    "name": "Headset",
                    "type": "product",
                    "quantity": 2,
                    "list_unit_price": 50,
                    "state": "pending",
                }
            ],
        },
    )
    (item,) = answer["line_items"]["data"]
    assert (item["name"], item["type"], item["category"], item["state"]) == (
        "Headset",
        "product",
        "sale",
        "pending",
    )
    assert (item["quantity"], item["list_price"], item["total"]) == (2, 100, 100)
    v1 = client.get(f"/v1/orders/{answer['order_number']}", headers=shop.headers).json()["order"]
    assert v1["orderLineItems"][0]["itemState"] == "Executing"


def test_fields_filter_and_sort_through_the_query_mechanism(
    client: TestClient, shop: Session
) -> None:
    first = subscribed(client, shop)
    subscribed(client, shop)
    one = client.get(
        f"/v2/orders/{first['id']}?fields[]=order_number,state"
        "&subscriptions.fields[]=subscription_number,state",
        headers=shop.headers,
    ).json()
    assert one == {
        "id": first["id"],
        "order_number": "O-00000001",
        "state": "complete",
    }
    with_subs = client.get(
        f"/v2/orders/{first['id']}?fields[]=subscriptions"
        "&subscriptions.fields[]=subscription_number,state",
        headers=shop.headers,
    ).json()
    (sub,) = with_subs["subscriptions"]
    assert sub == {"id": sub["id"], "subscription_number": "A-S00000001", "state": "active"}
    listed = client.get(
        "/v2/orders?filter[]=order_number.EQ:O-00000002&fields[]=order_number",
        headers=shop.headers,
    ).json()
    assert listed["data"] == [{"id": listed["data"][0]["id"], "order_number": "O-00000002"}]
    ascending = client.get(
        "/v2/orders?sort[]=order_number.asc&fields[]=order_number", headers=shop.headers
    ).json()
    assert [o["order_number"] for o in ascending["data"]] == ["O-00000001", "O-00000002"]
    bad = client.get("/v2/orders?fields[]=bogus", headers=shop.headers)
    assert errors(bad)[0][1] == "fields[]"
    bad = client.get("/v2/orders?filter[]=bogus.EQ:1", headers=shop.headers)
    assert errors(bad)[0][1] == "filter[]"


def test_processing_options_bill_and_the_answer_names_the_invoice(
    client: TestClient, shop: Session
) -> None:
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(),
            "subscriptions": [new_subscription(start_on={"contract_effective": "2026-12-01"})],
            "processing_options": {
                "run_billing": True,
                "billing_options": {"target_date": "2026-12-01"},
            },
        },
    )
    ar = answer["ar_transactions"]
    assert len(ar["invoice_numbers"]) == 1 and ar["credit_memo_numbers"] == []
    invoices = client.get(
        f"/v1/transactions/invoices/accounts/{answer['account_id']}", headers=shop.headers
    ).json()["invoices"]
    # Basic: 29 + 3 x 12 + 99 once.
    assert [(i["invoiceNumber"], i["amount"]) for i in invoices] == [
        (ar["invoice_numbers"][0], 164)
    ]


def test_an_idempotency_key_replays_the_create(client: TestClient, shop: Session) -> None:
    body = {
        "order_date": "2026-12-01",
        "account_data": account_data(),
        "subscriptions": [new_subscription(start_on={"contract_effective": "2026-12-01"})],
    }
    first = post(client, shop, body, **{"idempotency-key": "k-1"})
    again = post(client, shop, body, **{"idempotency-key": "k-1"})
    assert first.status_code == again.status_code == 200
    assert again.json()["order_number"] == first.json()["order_number"] == "O-00000001"
    assert len(client.get("/v2/orders", headers=shop.headers).json()["data"]) == 1


def test_order_line_items_read_and_patch_in_v2(client: TestClient, shop: Session) -> None:
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(),
            "line_items": [
                {"name": "Headset", "quantity": 2, "list_unit_price": 50, "state": "pending"}
            ],
        },
    )
    item_id = answer["line_items"]["data"][0]["id"]
    read = client.get(
        f"/v2/order_line_items/{item_id}?fields[]=name,state,total", headers=shop.headers
    )
    assert read.status_code == 200, read.text
    assert read.json() == {"id": item_id, "name": "Headset", "state": "pending", "total": 100}
    patched = client.patch(
        f"/v2/order_line_items/{item_id}",
        headers=shop.headers,
        json={"name": "Wireless headset", "state": "booked"},
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["name"], patched.json()["state"]) == ("Wireless headset", "booked")
    v1 = client.get(f"/v1/order-line-items/{item_id}", headers=shop.headers).json()
    assert (v1["orderLineItem"]["itemName"], v1["orderLineItem"]["itemState"]) == (
        "Wireless headset",
        "Booked",
    )
    refused = client.patch(
        f"/v2/order_line_items/{item_id}", headers=shop.headers, json={"bogus": 1}
    )
    assert errors(refused) == [("unknown_parameter", "bogus")]
    assert errors(client.get("/v2/order_line_items/nope", headers=shop.headers), 404)[0][0] == (
        "resource_not_found"
    )


def test_every_implied_action_amends_the_subscription_in_v2(
    client: TestClient, shop: Session
) -> None:
    first = subscribed(client, shop)
    (sub,) = first["subscriptions"]
    number, acct = sub["subscription_number"], first["account_id"]
    plan_id = sub["subscription_plans"][0]["id"]
    seats_number = sub["subscription_plans"][0]["subscription_items"][1]["subscription_item_number"]

    def amend(fields: dict[str, Any]) -> dict[str, Any]:
        answer = created(
            client,
            shop,
            {
                "order_date": "2026-12-01",
                "account_id": acct,
                "subscriptions": [{"subscription_number": number, **fields}],
            },
        )
        result: dict[str, Any] = answer["subscriptions"][0]
        return result

    update = {
        "subscription_plan": {
            "subscription_plan_id": plan_id,
            "subscription_items": [{"subscription_item_number": seats_number, "quantity": 7}],
        }
    }
    changed = amend({"update_subscription_plans": [update]})
    assert (changed["version"], changed["actions"][0]["type"]) == (2, "update_subscription_plan")
    seats = changed["subscription_plans"][0]["subscription_items"][1]
    assert (seats["subscription_item_number"], seats["quantity"]) == (seats_number, 7)

    added = amend(
        {"add_subscription_plans": [{"subscription_plan": {"plan_number": "CLOUDDESK-PRO"}}]}
    )
    assert [p["plan_number"] for p in added["subscription_plans"]] == [
        "CLOUDDESK-BASIC",
        "CLOUDDESK-PRO",
    ]
    terms = amend(
        {
            "terms": {
                "renewal_term": {"type": "termed", "interval": "year", "interval_count": 1},
                "auto_renew": True,
            }
        }
    )
    assert terms["renewal_term"] == {"type": "termed", "interval": "year", "interval_count": 1}
    assert terms["auto_renew"] is True
    paused = amend({"pause": {"pause_date": "2027-01-01"}})
    assert (paused["version"], paused["actions"][0]["type"]) == (5, "pause")
    resumed = amend({"resume": {"resume_date": "2027-02-01"}})
    assert resumed["actions"][0]["type"] == "resume"
    renewed = amend({"renew": {}})
    assert renewed["current_term"]["start_date"] == "2027-12-01"
    assert renewed["version"] == 7


def test_references_that_name_nothing_are_bad_requests(client: TestClient, shop: Session) -> None:
    base = {"order_date": "2026-12-01", "account_data": account_data()}
    cases: list[tuple[dict[str, Any], tuple[str, str]]] = [
        (
            {
                "order_date": "2026-12-01",
                "account_number": "A-NOPE",
                "subscriptions": [new_subscription()],
            },
            ("resource_not_found", "account_number"),
        ),
        (
            {
                **base,
                "subscriptions": [new_subscription(subscription_plans=[{"plan_number": "NOPE"}])],
            },
            ("resource_not_found", "plan_number"),
        ),
        (
            {**base, "subscriptions": [{"subscription_number": "S-NOPE", "renew": {}}]},
            ("resource_not_found", "subscription_number"),
        ),
    ]
    for body, expected in cases:
        assert errors(post(client, shop, body)) == [expected], body
    assert client.get("/v2/orders", headers=shop.headers).json()["data"] == []


def test_nested_related_fields_restrict_actions_plans_and_items(
    client: TestClient, shop: Session
) -> None:
    first = subscribed(client, shop)
    read = client.get(
        f"/v2/orders/{first['id']}?fields[]=subscriptions"
        "&subscriptions.fields[]=subscription_number,actions,subscription_plans"
        "&order_actions.fields[]=type&subscription_plans.fields[]=plan_number,subscription_items"
        "&subscription_items.fields[]=name",
        headers=shop.headers,
    )
    assert read.status_code == 200, read.text
    (sub,) = read.json()["subscriptions"]
    assert sub["actions"] == [
        {"action_id": sub["actions"][0]["action_id"], "type": "create_subscription"}
    ]
    (plan,) = sub["subscription_plans"]
    assert set(plan) == {"id", "plan_number", "subscription_items"}
    assert [set(i) for i in plan["subscription_items"]] == [{"id", "name"}] * 3
    bad = client.get(
        f"/v2/orders/{first['id']}?subscription_items.fields[]=bogus", headers=shop.headers
    )
    assert errors(bad)[0][1] == "subscription_items.fields[]"


def test_custom_fields_of_the_order_and_its_subscription(client: TestClient, shop: Session) -> None:
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(),
            "custom_fields": {"channel__c": "web"},
            "subscriptions": [
                new_subscription(
                    start_on={"contract_effective": "2026-12-01"},
                    custom_fields={"region__c": "EMEA"},
                )
            ],
        },
    )
    assert answer["custom_fields"] == {"channel__c": "web"}
    assert answer["subscriptions"][0]["custom_fields"] == {"region__c": "EMEA"}
    v1 = client.get(f"/v1/orders/{answer['order_number']}", headers=shop.headers).json()["order"]
    assert v1["customFields"] == {"channel__c": "web"}


# -- a card in account_data; idempotency (decisions QP5, QP9) ------------------------------

CARD = {"card_number": "4111111111111111", "brand": "visa", "expiry_month": 12, "expiry_year": 2040}


def test_a_card_in_account_data_pays_the_orders_first_invoice(
    client: TestClient, shop: Session
) -> None:
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(
                auto_pay=True, payment_method={"type": "card", "card": CARD}
            ),
            "subscriptions": [new_subscription(start_on={"contract_effective": "2026-12-01"})],
            "processing_options": {
                "run_billing": True,
                "billing_options": {"target_date": "2026-12-01"},
                "collect_payment": True,
            },
        },
    )
    # December: 29 + 3 x 12 + the 99 onboarding fee = 164, paid by the new card.
    [payment] = answer["ar_transactions"]["payments"]
    assert payment["amount"] == 164
    account = client.get(
        f"/v2/accounts/{answer['account_id']}?expand[]=default_payment_method",
        headers=shop.headers,
    ).json()
    assert account["auto_pay"] is True
    assert account["default_payment_method"]["card"]["last_4"] == "1111"
    assert account["remaining_invoice_balance"] == 0


def test_a_refused_card_makes_no_account_and_no_order(client: TestClient, shop: Session) -> None:
    bad = CARD | {"card_number": "4111111111111112"}
    response = post(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(payment_method={"type": "card", "card": bad}),
            "subscriptions": [new_subscription()],
        },
    )
    assert errors(response) == [
        ("invalid_parameter", "account_data.payment_method.card.card_number")
    ]
    assert client.get("/v2/orders", headers=shop.headers).json()["data"] == []
    assert client.get("/v2/accounts", headers=shop.headers).json()["data"] == []


def test_the_same_idempotency_key_makes_one_order(client: TestClient, shop: Session) -> None:
    order = {
        "order_date": "2026-12-01",
        "account_data": account_data(),
        "subscriptions": [new_subscription(start_on={"contract_effective": "2026-12-01"})],
    }
    first = post(client, shop, order, **{"Idempotency-Key": "order-1"})
    again = post(client, shop, order, **{"Idempotency-Key": "order-1"})
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    orders = client.get("/v2/orders", headers=shop.headers).json()["data"]
    assert [o["order_number"] for o in orders] == ["O-00000001"]
    # The key on another URL is refused (422), and changes nothing.
    other = client.post(
        "/v2/orders/preview", headers=shop.headers | {"Idempotency-Key": "order-1"}, json=order
    )
    assert other.status_code == 422
    assert other.json()["type"] == "unprocessable_entity"


def test_a_listed_order_is_the_order_a_read_answers(client: TestClient, shop: Session) -> None:
    # Lists filter and sort on the orders' own fields and build whole views for their page
    # only; with a related filter they build them all: both answer what GET one answers.
    for _ in range(3):
        subscribed(client, shop)
    plain = client.get("/v2/orders?sort[]=order_number.asc", headers=shop.headers).json()
    related = client.get(
        "/v2/orders?sort[]=order_number.asc&filter[]=subscriptions[state].EQ:active",
        headers=shop.headers,
    ).json()
    reads = [
        client.get(f"/v2/orders/{n}", headers=shop.headers).json()
        for n in ("O-00000001", "O-00000002", "O-00000003")
    ]
    assert plain["data"] == reads
    assert [o["subscriptions"] for o in related["data"]] == [o["subscriptions"] for o in reads]
    assert all(o["subscriptions"][0]["subscription_plans"] for o in plain["data"])
