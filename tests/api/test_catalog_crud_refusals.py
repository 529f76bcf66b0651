"""The CRUD catalog refuses what is invalid and stores nothing: bad charges, products and
plans, unknown fields with `rejectUnknownFields`. Split from `test_catalog_crud.py`."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session
from tests.support import catalog as c


def _count_charges(client: TestClient, session: Session, plan_id: str) -> int:
    # GET /v1/product-rate-plans/{id} answers no charges (RK3): the catalog embeds them.
    products = client.get("/v1/catalog/products", headers=session.headers).json()["products"]
    plan = next(p for d in products for p in d["productRatePlans"] if p["id"] == plan_id)
    return len(plan["productRatePlanCharges"])


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"ChargeModel": "Magic Pricing"}, "INVALID_VALUE", "Flat Fee Pricing"),
        ({"BillingPeriod": "Fortnight"}, "INVALID_VALUE", "Semi-Annual"),
        ({"UOM": None}, "MISSING_REQUIRED_VALUE", "UOM"),
        (
            {"ProductRatePlanChargeTierData": {"ProductRatePlanChargeTier": [
                {"Currency": "USD", "Price": -1}, {"Currency": "EUR", "Price": 1}]}},
            "INVALID_VALUE",
            "Price",
        ),
        (
            {"ProductRatePlanChargeTierData": {"ProductRatePlanChargeTier": [
                {"Currency": "XYZ", "Price": 1}]}},
            "INVALID_VALUE",
            "XYZ",
        ),
        (
            {"ProductRatePlanChargeTierData": {"ProductRatePlanChargeTier": [
                {"Currency": "GBP", "Price": 1}]}},
            "INVALID_VALUE",
            "GBP",
        ),
        (
            {
                "ChargeModel": "Tiered Pricing",
                "ProductRatePlanChargeTierData": {"ProductRatePlanChargeTier": [
                    {"Currency": "USD", "StartingUnit": 1, "EndingUnit": 10, "Price": 1},
                    {"Currency": "USD", "StartingUnit": 12, "Price": 1}]},
            },
            "INVALID_VALUE",
            "gap",
        ),
        (
            {
                "ChargeModel": "Volume Pricing",
                "ProductRatePlanChargeTierData": {"ProductRatePlanChargeTier": [
                    {"Currency": "USD", "StartingUnit": 1, "EndingUnit": 10, "Price": 1},
                    {"Currency": "USD", "StartingUnit": 10, "Price": 1}]},
            },
            "INVALID_VALUE",
            "overlap",
        ),
        ({"ProductRatePlanId": "0" * 32}, "INVALID_VALUE", "ProductRatePlanId"),
        ({"ChargeType": None}, "MISSING_REQUIRED_VALUE", "ChargeType"),
    ],
)  # fmt: skip
def test_bad_charges_are_refused_and_store_nothing(
    client: TestClient, session: Session, change: dict[str, object], code: str, words: str
) -> None:
    plan_id = c.plan(client, session, c.product(client, session))
    response = client.post(
        "/v1/object/product-rate-plan-charge",
        headers=session.headers,
        json=c.charge_body(plan_id, **change),
    )
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["Success"] is False
    assert body["Errors"][0]["Code"] == code
    assert words.lower() in body["Errors"][0]["Message"].lower()
    assert _count_charges(client, session, plan_id) == 0


def test_unknown_fields_are_ignored_unless_rejected(client: TestClient, session: Session) -> None:
    body = {"Name": "P", "EffectiveStartDate": "2020-01-01", "EffectiveEndDate": "2030-01-01",
            "Bogus": 1}  # fmt: skip
    assert client.post("/v1/object/product", headers=session.headers, json=body).status_code == 200
    strict = client.post(
        "/v1/object/product?rejectUnknownFields=true", headers=session.headers, json=body
    )
    assert strict.status_code == 400
    assert strict.json()["Errors"][0]["Code"] == "INVALID_FIELD"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"EffectiveStartDate": "2020-01-01", "EffectiveEndDate": "2030-01-01"}, "Name"),
        ({"Name": "P", "EffectiveEndDate": "2030-01-01"}, "EffectiveStartDate"),
        ({"Name": "P", "EffectiveStartDate": "2030-01-01", "EffectiveEndDate": "2020-01-01"},
         "before"),
        ({"Name": "P", "EffectiveStartDate": "2020-01-01", "EffectiveEndDate": "2030-01-01",
          "Category": "Gadgets"}, "Base Products"),
    ],
)  # fmt: skip
def test_bad_products_are_refused(
    client: TestClient, session: Session, body: dict[str, object], words: str
) -> None:
    response = client.post("/v1/object/product", headers=session.headers, json=body)
    assert response.status_code == 400
    assert words in response.json()["Errors"][0]["Message"]
    listed = client.get("/v1/catalog/products", headers=session.headers).json()
    assert listed["products"] == []


def test_plan_validation(client: TestClient, session: Session) -> None:
    product_id = c.product(client, session)
    for body, words in (
        ({"Name": "P", "ProductId": "f" * 32}, "ProductId"),
        ({"Name": "P", "ProductId": product_id, "ActiveCurrencies": ["usd"]}, "usd"),
        ({"Name": "P", "ProductId": product_id, "Grade": 0}, "Grade"),
    ):
        response = client.post("/v1/object/product-rate-plan", headers=session.headers, json=body)
        assert response.status_code == 400, body
        assert words in response.json()["Errors"][0]["Message"]
    plans = client.get(f"/v1/rateplan/{product_id}/productRatePlan", headers=session.headers)
    assert plans.json()["productRatePlans"] == []


def test_a_priced_currency_cannot_leave_the_plan(client: TestClient, session: Session) -> None:
    plan_id = c.plan(client, session, c.product(client, session))
    c.charge(client, session, plan_id)
    response = client.put(
        f"/v1/object/product-rate-plan/{plan_id}",
        headers=session.headers,
        json={"ActiveCurrencies": ["USD"]},
    )
    assert response.status_code == 400
    assert "EUR" in response.json()["Errors"][0]["Message"]
