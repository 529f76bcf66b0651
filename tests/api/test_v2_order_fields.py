"""The v2 order fields of decisions QL1-QL4: `renewals[]`, a subscription's own
`processing_options`, the subscription-level fields with nothing behind them, and the
price override fields `apply_discount_to`, `discount_level`, `price_base_interval`,
`overage.included_units`; on SQLite and PostgreSQL.

Catalog: the demo catalog (Basic = platform USD 29/month + seats USD 12/seat/month, 3 by
default, + onboarding USD 99 once), and a v2 catalog made here for discounts and usage."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_v2_orders import account_data, created, errors, new_subscription, post
from tests.conftest import Session
from tests.support import v2_catalog as v2

# Orders around 2026-12-01: the shop tenant's clock stands on 2026-12-02 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("frozen_clock")


def _subscribed(client: TestClient, shop: Session) -> tuple[str, str]:
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(),
            "subscriptions": [
                new_subscription(
                    start_on={"contract_effective": "2026-12-01"},
                    renewal_term={"type": "termed", "interval": "month", "interval_count": 6},
                )
            ],
        },
    )
    return answer["account_id"], answer["subscriptions"][0]["subscription_number"]


def test_renewals_renew_once_per_element(client: TestClient, shop: Session) -> None:
    account, number = _subscribed(client, shop)
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_id": account,
            "subscriptions": [
                {
                    "subscription_number": number,
                    "renewals": [
                        {"start_on": {"contract_effective": "2026-12-01"}},
                        {"start_on": {"contract_effective": "2026-12-02"}},
                    ],
                }
            ],
        },
    )
    (sub,) = answer["subscriptions"]
    # 12 months from 2026-12-01, then two renewals of 6 months each: 2027-12-01 to
    # 2028-06-01, then 2028-06-01 to 2028-12-01. One order makes one version: 2.
    assert sub["version"] == 2
    assert (sub["current_term"]["start_date"], sub["current_term"]["end_date"]) == (
        "2028-06-01",
        "2028-12-01",
    )
    assert [
        (a["type"], a["sequence"], a["start_on"]["contract_effective"]) for a in sub["actions"]
    ] == [
        ("renew", 0, "2026-12-01"),
        ("renew", 1, "2026-12-02"),
    ]
    assert sub["actions"][1]["renew"] == {"start_on": {"contract_effective": "2026-12-02"}}
    v1 = client.get(f"/v1/orders/{answer['order_number']}", headers=shop.headers).json()["order"]
    assert [a["type"] for a in v1["subscriptions"][0]["orderActions"]] == [
        "RenewSubscription",
        "RenewSubscription",
    ]


def test_renew_and_renewals_together_are_refused(client: TestClient, shop: Session) -> None:
    account, number = _subscribed(client, shop)
    response = post(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_id": account,
            "subscriptions": [{"subscription_number": number, "renew": {}, "renewals": [{}]}],
        },
    )
    assert errors(response) == [("invalid_parameter", "subscriptions[0].renewals")]


def test_a_subscription_s_processing_options_bill_the_order(
    client: TestClient, shop: Session
) -> None:
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(),
            "subscriptions": [
                new_subscription(
                    start_on={"contract_effective": "2026-12-01"},
                    processing_options={
                        "collection_method": "create_invoice",
                        "target_date": "2026-12-01",
                    },
                )
            ],
        },
    )
    [number] = answer["ar_transactions"]["invoice_numbers"]
    invoice = client.get(f"/v1/invoices/{number}", headers=shop.headers).json()
    # December in full: platform 29 + 3 seats x 12 + onboarding 99 once = 164.
    assert invoice["amount"] == 164
    assert answer["ar_transactions"]["payments"] == []


@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        ({"processing_options": {"run_billing": True}}, "subscriptions[0].processing_options"),
        ({"second": True}, "subscriptions[0].processing_options"),
        (
            {"sub": {"collection_method": "run_billing", "payment_gateway_id": "g1"}},
            "subscriptions[0].processing_options.payment_gateway_id",
        ),
        (
            {"sub": {"target_date": "2026-12-01"}},
            "subscriptions[0].processing_options.collection_method",
        ),
    ],
    ids=["with-order-options", "two-subscriptions", "gateway", "no-method"],
)
def test_a_subscription_s_processing_options_refused(
    client: TestClient, shop: Session, change: dict[str, Any], parameter: str
) -> None:
    change = dict(change)  # the parameter is shared by both databases' runs
    options = change.pop("sub", {"collection_method": "run_billing"})
    subs = [new_subscription(processing_options=options)]
    if change.pop("second", False):
        subs.append(new_subscription())
    body = {"order_date": "2026-12-01", "account_data": account_data(), "subscriptions": subs}
    response = post(client, shop, body | change)
    (error,) = errors(response)
    assert error[1] == parameter
    assert error[0] in ("invalid_parameter", "missing_parameter")
    listed = client.get("/v2/orders", headers=shop.headers).json()
    assert listed["data"] == []


@pytest.mark.parametrize(
    ("fields", "parameter"),
    [
        ({"bill_to_id": "c" * 32}, "subscriptions[0].bill_to_id"),
        ({"sold_to_id": "c" * 32}, "subscriptions[0].sold_to_id"),
        ({"payment_terms": "Net 30"}, "subscriptions[0].payment_terms"),
        (
            {"billing_document_settings": {"template_id": "t1"}},
            "subscriptions[0].billing_document_settings.template_id",
        ),
    ],
)
def test_subscription_contacts_and_documents_are_not_supported(
    client: TestClient, shop: Session, fields: dict[str, Any], parameter: str
) -> None:
    body = {
        "order_date": "2026-12-01",
        "account_data": account_data(),
        "subscriptions": [new_subscription(**fields)],
    }
    assert errors(post(client, shop, body)) == [("invalid_parameter", parameter)]
    account, number = _subscribed(client, shop)
    terms = {"auto_renew": True, **fields}
    amend = {
        "order_date": "2026-12-01",
        "account_id": account,
        "subscriptions": [{"subscription_number": number, "terms": terms}],
    }
    where = parameter.replace("subscriptions[0].", "subscriptions[0].terms.")
    assert errors(post(client, shop, amend)) == [("invalid_parameter", where)]
    # Null says nothing and is accepted.
    nulls = {k: None for k in fields}
    assert (
        post(client, shop, body | {"subscriptions": [new_subscription(**nulls)]}).status_code == 200
    )


@pytest.fixture
def catalog(client: TestClient, shop: Session) -> dict[str, str]:
    product = v2.product(client, shop, name="Metered")
    plan = v2.plan(client, shop, product["id"], name="Metered", plan_number="METERED")
    seats = v2.price(client, shop, plan["id"], name="Seats")  # 3 x USD 12.50 a month
    off = v2.create(client, shop, "/v2/prices", {
        "name": "Ten off", "plan_id": plan["id"], "discount_percent": 10,
        "recurring": {"interval": "month"}})  # fmt: skip
    calls = v2.create(client, shop, "/v2/prices", {
        "name": "Calls", "plan_id": plan["id"], "unit_of_measure": "Call",
        "recurring": {"interval": "month", "usage": True},
        "unit_amounts": {"USD": 0.05}, "overage": {"included_units": 1000}})  # fmt: skip
    return {"seats": seats["id"], "off": off["id"], "calls": calls["id"]}


def test_price_override_fields_reach_the_subscription(
    client: TestClient, shop: Session, catalog: dict[str, str]
) -> None:
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(),
            "subscriptions": [
                new_subscription(
                    start_on={"contract_effective": "2026-12-01"},
                    subscription_plans=[
                        {
                            "plan_number": "METERED",
                            "prices": [
                                {"price_id": catalog["seats"], "price_base_interval": "month"},
                                {
                                    "price_id": catalog["off"],
                                    "apply_discount_to": ["recurring", "one_time"],
                                    "discount_level": "subscription",
                                },
                                {"price_id": catalog["calls"], "overage": {"included_units": 250}},
                            ],
                        }
                    ],
                )
            ],
        },
    )
    number = answer["subscriptions"][0]["subscription_number"]
    v1 = client.get(f"/v1/subscriptions/{number}", headers=shop.headers).json()
    charges = {c["name"]: c for c in v1["ratePlans"][0]["ratePlanCharges"]}
    assert charges["Seats"]["listPriceBase"] == "Per_Month"
    assert (charges["Ten off"]["applyDiscountTo"], charges["Ten off"]["discountLevel"]) == (
        "ONETIMERECURRING",
        "subscription",
    )
    assert charges["Calls"]["includedUnits"] == 250


@pytest.mark.parametrize(
    ("override", "parameter"),
    [
        ({"prepayment": {"quantity": 1}}, "prices[0].prepayment"),
        ({"drawdown": {"conversion_rate": 1}}, "prices[0].drawdown"),
        ({"overage": {"included_units": 5, "type": "rollover"}}, "prices[0].overage.type"),
    ],
)
def test_price_override_fields_without_a_feature_are_refused(
    client: TestClient,
    shop: Session,
    catalog: dict[str, str],
    override: dict[str, Any],
    parameter: str,
) -> None:
    plan = {"plan_number": "METERED", "prices": [{"price_id": catalog["calls"], **override}]}
    body = {
        "order_date": "2026-12-01",
        "account_data": account_data(),
        "subscriptions": [new_subscription(subscription_plans=[plan])],
    }
    where = f"subscriptions[0].subscription_plans[0].{parameter}"
    assert errors(post(client, shop, body)) == [("invalid_parameter", where)]


def _amend(client: TestClient, shop: Session, account: str, item: dict[str, Any]) -> Any:
    return post(
        client,
        shop,
        {"order_date": "2026-12-01", "account_id": account, "subscriptions": [item]},
    )


def test_a_pause_with_its_resume_behavior_is_two_actions(client: TestClient, shop: Session) -> None:
    account, number = _subscribed(client, shop)
    pause = {"pause_date": "2027-01-01", "resume_behavior": {"resume_date": "2027-02-01"}}
    response = _amend(client, shop, account, {"subscription_number": number, "pause": pause})
    assert response.status_code == 200, response.text
    sub = response.json()["subscriptions"][0]
    assert [(a["type"], a["sequence"]) for a in sub["actions"]] == [("pause", 0), ("resume", 1)]
    assert sub["actions"][1]["resume"] == {"resume_date": "2027-02-01", "extend_term": False}
    assert sub["version"] == 2
    v1 = client.get(f"/v1/subscriptions/{number}", headers=shop.headers).json()
    # Paused 2027-01-01 to 2027-02-01, both still ahead (decision RS2); the term is not
    # extended.
    assert (v1["scheduledSuspendDate"], v1["scheduledResumeDate"], v1["termEndDate"]) == (
        "2027-01-01",
        "2027-02-01",
        "2027-12-01",
    )


def test_a_cancel_s_processing_options_bill_the_cancellation(
    client: TestClient, shop: Session
) -> None:
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(),
            "subscriptions": [new_subscription(start_on={"contract_effective": "2026-12-01"})],
            "processing_options": {"run_billing": True,
                                   "billing_options": {"target_date": "2026-12-01"}},
        },
    )  # fmt: skip
    sub = answer["subscriptions"][0]
    cancel = {
        "cancel_date": "2026-12-17",
        "processing_options": {"collection_method": "create_invoice", "target_date": "2026-12-01"},
    }
    response = _amend(
        client, shop, answer["account_id"],
        {"subscription_number": sub["subscription_number"], "cancel": cancel},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    ar = response.json()["ar_transactions"]
    [memo] = ar["credit_memo_numbers"]
    assert ar["invoice_numbers"] == []
    got = client.get(f"/v1/credit-memos/{memo}", headers=shop.headers).json()
    # December was billed in full (29 + 3 x 12 = 65 recurring); canceled from 2026-12-17,
    # the 15 days left of 31 are credited: 65 x 15 / 31 = 31.4516..., 31.45.
    assert got["amount"] == 31.45


@pytest.mark.parametrize(
    ("cancel", "parameter"),
    [
        ({"refund_amount": 10}, "subscriptions[0].cancel.refund_amount"),
        ({"write_off": True}, "subscriptions[0].cancel.write_off"),
        (
            {"write_off_behavior": {"reason_code": "x"}},
            "subscriptions[0].cancel.write_off_behavior",
        ),
    ],
)
def test_cancel_refunds_and_write_offs_are_not_supported(
    client: TestClient, shop: Session, cancel: dict[str, Any], parameter: str
) -> None:
    account, number = _subscribed(client, shop)
    item = {"subscription_number": number, "cancel": {"cancel_date": "2027-03-01", **cancel}}
    assert errors(_amend(client, shop, account, item)) == [("invalid_parameter", parameter)]
    item["cancel"] = {"cancel_date": "2027-03-01", "write_off": False}
    assert _amend(client, shop, account, item).status_code == 200
