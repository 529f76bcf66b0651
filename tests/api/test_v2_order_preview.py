"""POST /v2/orders/preview (Zuora's Preview an order, Quickstart): the create body plus
`metrics`, `end_date`, `term_end`, `number_of_periods`; nothing is stored. SQLite and
PostgreSQL.

Catalog: the demo catalog. Basic = platform fee USD 29/month + seats USD 12/seat/month
(default 3) + onboarding USD 99 once; a 12-month term."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_v2_orders import (
    _charge_ids,
    account_data,
    created,
    errors,
    new_subscription,
    subscribed,
)
from tests.conftest import Session

# Orders around 2026-12-01: the shop tenant's clock stands on 2026-12-02 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("frozen_clock")


def preview(client: TestClient, shop: Session, body: dict[str, Any], **headers: str) -> Any:
    return client.post("/v2/orders/preview", headers=shop.headers | headers, json=body)


def previewed(client: TestClient, shop: Session, body: dict[str, Any]) -> dict[str, Any]:
    response = preview(client, shop, body)
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    return answer


def new_order(**extra: Any) -> dict[str, Any]:
    return {
        "order_date": "2023-01-01",
        "account_data": account_data(),
        "subscriptions": [new_subscription()],
        **extra,
    }


def nothing_stored(client: TestClient, shop: Session) -> None:
    assert client.get("/v2/orders", headers=shop.headers).json()["data"] == []
    assert client.get("/v2/accounts", headers=shop.headers).json()["data"] == []
    missing = client.get("/v1/subscriptions/A-S00000001", headers=shop.headers)
    assert missing.status_code == 404


def test_a_new_account_and_subscription_previews_its_invoice_and_metrics(
    client: TestClient, shop: Session
) -> None:
    ids = _charge_ids(client, shop)
    answer = previewed(client, shop, new_order())
    # By default both metrics, billed through the order date: one month in advance.
    [document] = answer["billing_documents"]
    assert document["type"] == "invoice"
    assert document["target_date"] == "2023-01-01"
    # 29 (platform) + 3 x 12 (seats) + 99 (onboarding) = 164.
    assert (document["subtotal"], document["tax"], document["total"]) == (164, 0, 164)
    items = {i["price_id"]: i for i in document["billing_document_items"]}
    assert {p: i["total"] for p, i in items.items()} == {
        ids["Basic platform fee"]: 29,
        ids["Basic seats"]: 36,
        ids["Basic onboarding"]: 99,
    }
    seats = items[ids["Basic seats"]]
    assert (seats["quantity"], seats["unit_amount"], seats["subtotal"]) == (3, 12, 36)
    assert (seats["service_start_date"], seats["service_end_date"]) == ("2023-01-01", "2023-01-31")
    assert seats["subscription_number"] == "A-S00000001"
    assert seats["processing_type"] == "charge"
    assert seats["subscription_item_name"] == "Basic seats"
    # Delta metrics: the whole new subscription, under its one action.
    [sub] = answer["subscriptions"]
    assert sub["subscription_number"] == "A-S00000001"
    [action] = sub["actions"]
    assert (action["action"], action["sequence"]) == ("create_subscription", 0)
    deltas = {i["price_id"]: i for i in action["subscription_items"]}

    def usd(amount: int) -> dict[str, Any]:
        return {"gross_amount": amount, "net_amount": amount, "currency": "USD"}

    # MRR 29 and 36 a month; TCV 12 months x 29 = 348, 12 x 36 = 432, and 99 once.
    assert {p: (d["mrr"], d["tcv"]) for p, d in deltas.items()} == {
        ids["Basic platform fee"]: (usd(29), usd(348)),
        ids["Basic seats"]: (usd(36), usd(432)),
        ids["Basic onboarding"]: (usd(0), usd(99)),
    }
    assert (deltas[ids["Basic seats"]]["start_date"], deltas[ids["Basic seats"]]["end_date"]) == (
        "2023-01-01",
        "2024-01-01",
    )
    nothing_stored(client, shop)
    # No number was consumed: the real order takes the first ones.
    made = created(client, shop, new_order())
    assert made["order_number"] == "O-00000001"
    assert made["subscriptions"][0]["subscription_number"] == "A-S00000001"


def test_zuoras_preview_account_and_a_number_of_periods(client: TestClient, shop: Session) -> None:
    body = new_order(
        account_data={"currency": "USD", "bill_cycle_day": 1},
        metrics=["billing_documents"],
        number_of_periods=2,
    )
    answer = previewed(client, shop, body)
    assert "subscriptions" not in answer
    [document] = answer["billing_documents"]
    # Through 2023-02-28: two months of 29 + 36, and the 99 once: 58 + 72 + 99 = 229.
    assert document["target_date"] == "2023-02-28"
    assert document["total"] == 229
    assert sum(Decimal(str(i["total"])) for i in document["billing_document_items"]) == 229
    nothing_stored(client, shop)


def test_a_preview_with_a_card_in_account_data_creates_nothing(
    client: TestClient, shop: Session
) -> None:
    card = {"card_number": "4111111111111111", "expiry_month": 12, "expiry_year": 2040}
    body = new_order(account_data=account_data(payment_method={"type": "card", "card": card}))
    answer = previewed(client, shop, body)
    assert answer["billing_documents"][0]["total"] == 164
    nothing_stored(client, shop)


def test_the_delta_of_a_change_to_an_existing_subscription(
    client: TestClient, shop: Session
) -> None:
    ids = _charge_ids(client, shop)
    first = subscribed(client, shop)  # 2026-12-01, 12 months, 3 seats
    (sub,) = first["subscriptions"]
    plan = sub["subscription_plans"][0]
    seats_number = plan["subscription_items"][1]["subscription_item_number"]
    update = {
        "subscription_plan": {
            "subscription_plan_id": plan["id"],
            "subscription_items": [{"subscription_item_number": seats_number, "quantity": 7}],
        }
    }
    body = {
        "order_date": "2027-06-01",
        "account_number": first["account_id"],
        "metrics": ["delta_metrics"],
        "subscriptions": [
            {
                "subscription_number": sub["subscription_number"],
                "update_subscription_plans": [update],
            }
        ],
    }
    answer = previewed(client, shop, body)
    assert "billing_documents" not in answer
    [delta] = answer["subscriptions"]
    [action] = delta["actions"]
    assert (action["action"], action["sequence"]) == ("update_subscription_plan", 0)
    # Only the seats change: 7 seats from 2027-06-01 (84 a month) instead of 3 (36): MRR
    # +48; TCV 6 x 36 + 6 x 84 = 720 instead of 12 x 36 = 432: +288.
    [item] = action["subscription_items"]
    assert item["price_id"] == ids["Basic seats"]
    assert item["subscription_item_number"] == seats_number
    assert item["mrr"] == {"gross_amount": 48, "net_amount": 48, "currency": "USD"}
    assert item["tcv"] == {"gross_amount": 288, "net_amount": 288, "currency": "USD"}
    # The subscription is still at version 1 with 3 seats.
    got = client.get(f"/v2/orders/{first['order_number']}", headers=shop.headers).json()
    assert got["subscriptions"][0]["latest_version"] is True
    orders = client.get("/v2/orders", headers=shop.headers).json()["data"]
    assert [o["order_number"] for o in orders] == [first["order_number"]]


def test_through_a_date_or_the_term_end(client: TestClient, shop: Session) -> None:
    through = previewed(
        client, shop, new_order(end_date="2023-03-15", metrics=["billing_documents"])
    )
    # Jan, Feb, Mar in advance (the March period starts before the 15th): 3 x 65 + 99 = 294.
    assert through["billing_documents"][0]["total"] == 294
    whole = previewed(client, shop, new_order(term_end=True, metrics=["billing_documents"]))
    # The 12-month term: 12 x 65 + 99 = 879, through 2023-12-31.
    [document] = whole["billing_documents"]
    assert (document["target_date"], document["total"]) == ("2023-12-31", 879)


def test_bad_preview_bodies_are_refused_and_store_nothing(
    client: TestClient, shop: Session
) -> None:
    cases = [
        (
            new_order(term_end=True, number_of_periods=2),
            ("parameters_exclusive", "number_of_periods"),
        ),
        (new_order(metrics=["funds"]), ("invalid_parameter", "metrics[0]")),
        (new_order(number_of_periods=0), ("invalid_parameter", "number_of_periods")),
        (new_order(bogus=1), ("unknown_parameter", "bogus")),
        (
            new_order(
                subscriptions=[new_subscription(subscription_plans=[{"plan_number": "NOPE"}])]
            ),
            ("resource_not_found", "plan_number"),
        ),
        (
            {"order_date": "2023-01-01", "subscriptions": [new_subscription()]},
            ("missing_parameter", "account_number"),
        ),
        (
            new_order(account_data={"bill_cycle_day": 1}),
            ("missing_parameter", "account_data.currency"),
        ),
    ]
    for body, expected in cases:
        assert errors(preview(client, shop, body)) == [expected], body
    nothing_stored(client, shop)


def test_an_idempotency_key_answers_the_same_preview(client: TestClient, shop: Session) -> None:
    first = preview(client, shop, new_order(), **{"Idempotency-Key": "preview-1"})
    again = preview(client, shop, new_order(), **{"Idempotency-Key": "preview-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    nothing_stored(client, shop)
