"""The version-gated shapes table (`api/version_gates.py`): one test per row, each on both
sides of its version, and the table itself (every row's model and key are the client's)."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources

from fastapi.testclient import TestClient

from tests.api.test_billing import _cancel_with_billing
from tests.api.test_orders import create_subscription, new_account
from tests.conftest import Session
from zorders.api.version_gates import GATES, GateKind, absent_keys, gate, renamed_keys
from zorders.domain.versions import parse_version


def _v(raw: str | None) -> dict[str, str]:
    return {} if raw is None else {"Zuora-Version": raw}


def test_every_row_names_a_key_of_the_clients_models() -> None:
    table = json.loads(resources.files("zorders.api").joinpath("response_keys.json").read_text())
    names = [g.name for g in GATES]
    assert len(names) == len(set(names))
    for row in GATES:
        for model in row.models:
            if model in table:  # CreateOrderResponse is answered by its own view
                assert row.key in table[model], (row.name, model)
                if row.older_key is not None:
                    assert row.older_key in table[model], (row.name, model)
        assert row.kind is not GateKind.RENAMED or row.older_key is not None


def test_the_table_answers_by_version() -> None:
    old, new = parse_version(None), parse_version("2025-08-12")
    assert gate("catalog_plan_urls").applies(parse_version("230.0"))
    assert not gate("catalog_plan_urls").applies(parse_version("224.0"))
    assert absent_keys("PaymentResponse", old) == {"paymentOption"}
    assert absent_keys("PaymentResponse", new) == frozenset()
    assert absent_keys("CreditMemoItem", old) == {"description"}
    assert absent_keys("CreditMemoItem", parse_version("239.0")) == {
        "description",
        "creditTaxItems",
    }
    assert absent_keys("CreditMemoItem", new) == {"comment", "creditTaxItems"}
    assert renamed_keys("CreditMemoItem", old) == {"description": "comment"}
    assert renamed_keys("CreditMemoItem", new) == {}
    assert gate("order_subscriptions").since == Decimal("223.0")


def test_order_subscriptions_below_and_from_223(client: TestClient, shop: Session) -> None:
    def create(version: str | None) -> dict[str, object]:
        response = client.post(
            "/v1/orders",
            headers=shop.headers | _v(version),
            json={
                "orderDate": "2025-01-01",
                "newAccount": new_account(),
                "subscriptions": [{"orderActions": [create_subscription()]}],
            },
        )
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        return body

    old = create(None)
    assert old["subscriptionNumbers"] == ["A-S00000001"] and "subscriptions" not in old
    old_216 = create("216.0")
    assert old_216["subscriptionNumbers"] == ["A-S00000002"]
    new = create("223.0")
    assert "subscriptionNumbers" not in new
    [entry] = new["subscriptions"]  # type: ignore[misc]
    assert (entry["subscriptionNumber"], entry["status"], entry["subscriptionOwnerNumber"]) == (
        "A-S00000003",
        "Active",
        new["accountNumber"],
    )


def test_catalog_plans_embedded_below_230_and_a_url_from_it(
    client: TestClient, shop: Session
) -> None:
    for version in (None, "186.0", "229.0", "224.0"):
        listed = client.get("/v1/catalog/products", headers=shop.headers | _v(version)).json()
        desk = next(p for p in listed["products"] if p["sku"] == "CLOUDDESK")
        plans = desk["productRatePlans"]
        assert isinstance(plans, list), version
        assert sorted(p["name"] for p in plans) == ["Basic", "Enterprise", "Pro"]
        basic = next(p for p in plans if p["name"] == "Basic")
        assert sorted(c["name"] for c in basic["productRatePlanCharges"]) == [
            "Basic onboarding",
            "Basic platform fee",
            "Basic seats",
        ]
        one = client.get("/v1/catalog/product/CLOUDDESK", headers=shop.headers | _v(version))
        assert [p["id"] for p in one.json()["productRatePlans"]] == [p["id"] for p in plans]
    for version in ("230.0", "341.0", "2025-08-12"):
        listed = client.get("/v1/catalog/products", headers=shop.headers | _v(version)).json()
        desk = next(p for p in listed["products"] if p["sku"] == "CLOUDDESK")
        assert desk["productRatePlans"] == f"/v1/rateplan/{desk['id']}/productRatePlan"
        one = client.get("/v1/catalog/product/CLOUDDESK", headers=shop.headers | _v(version))
        assert one.json()["productRatePlans"] == desk["productRatePlans"]


def _external_payment(client: TestClient, shop: Session) -> str:
    created = client.post(
        "/v1/orders",
        headers=shop.headers,
        json={
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    ).json()
    account = client.get(f"/v1/accounts/{created['accountNumber']}", headers=shop.headers)
    paid = client.post(
        "/v1/payments",
        headers=shop.headers,
        json={
            "type": "External",
            "accountId": account.json()["basicInfo"]["id"],
            "currency": "USD",
            "amount": 10,
            "effectiveDate": "2025-01-02",
        },
    )
    assert paid.status_code == 200, paid.text
    number: str = paid.json()["number"]
    return number


def test_payment_option_from_337(client: TestClient, shop: Session) -> None:
    number = _external_payment(client, shop)
    for version, present in (
        (None, False),
        ("336.0", False),
        ("337.0", True),
        ("2025-08-12", True),
    ):
        one = client.get(f"/v1/payments/{number}", headers=shop.headers | _v(version)).json()
        assert ("paymentOption" in one) is present, version
        listed = client.get("/v1/payments", headers=shop.headers | _v(version)).json()
        assert all(("paymentOption" in p) is present for p in listed["payments"]), version
        if present:
            assert one["paymentOption"] is None


def test_credit_memo_item_comment_description_and_tax_items(
    client: TestClient, shop: Session
) -> None:
    response = _cancel_with_billing(client, shop)
    assert response.status_code == 200, response.text
    path = "/v1/credit-memos/CM00000001/items"
    old = client.get(path, headers=shop.headers).json()["items"]
    mid = client.get(path, headers=shop.headers | _v("239.0")).json()["items"]
    new = client.get(path, headers=shop.headers | _v("257.0")).json()["items"]
    # The items credit the Basic plan's platform fee and seats: the description names it.
    assert [i["comment"] for i in old] == ["Basic", "Basic"]
    assert all("description" not in i and "creditTaxItems" in i for i in old)
    assert all("description" not in i and "creditTaxItems" not in i for i in mid)
    assert [i["description"] for i in new] == ["Basic", "Basic"]
    assert all("comment" not in i and "creditTaxItems" not in i for i in new)
