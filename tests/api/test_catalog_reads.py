"""Catalog reads in the REST words: products, rate plans of a product, one rate plan."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Session
from tests.support import catalog as c


def _tiered(client: TestClient, session: Session, plan_id: str) -> str:
    return c.charge(
        client,
        session,
        plan_id,
        Name="Pro seats",
        ChargeModel="Tiered Pricing",
        DefaultQuantity=10,
        ProductRatePlanChargeNumber="PRO-SEATS",
        ProductRatePlanChargeTierData={
            "ProductRatePlanChargeTier": [
                {"Currency": "USD", "StartingUnit": 1, "EndingUnit": 10, "Price": 15},
                {"Currency": "USD", "StartingUnit": 11, "Price": 12},
                {"Currency": "EUR", "StartingUnit": 1, "EndingUnit": 10, "Price": 14},
                {"Currency": "EUR", "StartingUnit": 11, "Price": 11},
            ]
        },
    )


def test_product_by_id_sku_or_number(client: TestClient, session: Session) -> None:
    product_id = c.product(client, session, SKU="CD", ProductNumber="PN-9", Color__c="blue")
    for key in (product_id, "CD", "PN-9"):
        body = client.get(
            f"/v1/catalog/product/{key}", headers=session.headers | {"Zuora-Version": "230.0"}
        ).json()
        assert body["success"] is True
        assert body["id"] == product_id
        assert body["sku"] == "CD"
        assert body["productNumber"] == "PN-9"
        assert body["name"] == "CloudDesk"
        assert body["effectiveStartDate"] == "2020-01-01"
        assert body["productRatePlans"] == f"/v1/rateplan/{product_id}/productRatePlan"
        assert body["Color__c"] == "blue"
    missing = client.get("/v1/catalog/product/NOPE", headers=session.headers)
    assert missing.status_code == 404
    assert missing.json()["reasons"][0]["code"] == 52000040


def test_rate_plans_of_a_product_with_their_charges(client: TestClient, session: Session) -> None:
    product_id = c.product(client, session)
    plan_id = c.plan(client, session, product_id, ProductRatePlanNumber="PRO", Grade=2)
    flat = c.charge(
        client,
        session,
        plan_id,
        Name="Platform",
        ChargeModel="Flat Fee Pricing",
        UOM=None,
        DefaultQuantity=None,
        ProductRatePlanChargeTierData={
            "ProductRatePlanChargeTier": [
                {"Currency": "USD", "Price": 99},
                {"Currency": "EUR", "Price": 89},
            ]
        },
    )
    tiered = _tiered(client, session, plan_id)
    body = client.get(f"/v1/rateplan/{product_id}/productRatePlan", headers=session.headers).json()
    assert body["success"] is True
    [plan] = body["productRatePlans"]
    assert plan["id"] == plan_id
    assert plan["name"] == "Basic"
    assert plan["productRatePlanNumber"] == "PRO"
    assert plan["grade"] == 2
    assert plan["status"] == "Active"
    charges = {ch["id"]: ch for ch in plan["productRatePlanCharges"]}
    assert set(charges) == {flat, tiered}
    platform = charges[flat]
    assert (platform["type"], platform["model"]) == ("Recurring", "FlatFee")
    # The keys with a value (the client's model's other keys are null).
    assert [{k: v for k, v in p.items() if v is not None} for p in platform["pricing"]] == [
        {"currency": "EUR", "price": "89"},
        {"currency": "USD", "price": "99"},
    ]
    assert platform["pricingSummary"] == ["EUR89", "USD99"]
    assert platform["billingPeriod"] == "Month"
    assert platform["billingTiming"] == "IN_ADVANCE"
    assert platform["billingDay"] == "DefaultFromCustomer"
    assert platform["triggerEvent"] == "ContractEffective"
    assert platform["endDateCondition"] == "Subscription_End"
    seats = charges[tiered]
    assert seats["model"] == "Tiered"
    assert seats["defaultQuantity"] == "10"
    assert seats["productRatePlanChargeNumber"] == "PRO-SEATS"
    usd = next(p for p in seats["pricing"] if p["currency"] == "USD")
    assert usd["tiers"] == [
        {
            "tier": 1,
            "startingUnit": "1",
            "endingUnit": "10",
            "price": "15",
            "priceFormat": "PerUnit",
        },
        {
            "tier": 2,
            "startingUnit": "11",
            "endingUnit": None,
            "price": "12",
            "priceFormat": "PerUnit",
        },
    ]


def test_one_rate_plan(client: TestClient, session: Session) -> None:
    product_id = c.product(client, session)
    plan_id = c.plan(client, session, product_id, Description="d", EffectiveEndDate="2021-01-01")
    body = client.get(f"/v1/product-rate-plans/{plan_id}", headers=session.headers).json()
    assert body["success"] is True
    assert body["id"] == plan_id
    assert body["description"] == "d"
    assert body["status"] == "Expired"  # its end date is behind today
    # The currencies are the CRUD ProductRatePlan's, not a REST key (RK3); no charges here.
    assert "activeCurrencies" not in body and "productRatePlanCharges" not in body
    crud = client.get(f"/v1/object/product-rate-plan/{plan_id}", headers=session.headers).json()
    assert crud["ActiveCurrencies"] == ["USD", "EUR"]
    assert (
        client.get(f"/v1/product-rate-plans/{'0' * 32}", headers=session.headers).status_code == 404
    )


def test_products_page_by_page(client: TestClient, session: Session) -> None:
    ids = [c.product(client, session, SKU=f"P{i}") for i in range(5)]
    first = client.get("/v1/catalog/products?pageSize=2", headers=session.headers).json()
    assert [p["id"] for p in first["products"]] == ids[:2]
    assert first["nextPage"] == "http://testserver/v1/catalog/products?page=2&pageSize=2"
    second = client.get(first["nextPage"], headers=session.headers).json()
    assert [p["id"] for p in second["products"]] == ids[2:4]
    third = client.get("/v1/catalog/products?page=3&pageSize=2", headers=session.headers).json()
    assert [p["id"] for p in third["products"]] == ids[4:]
    assert "nextPage" not in third
    # Sizes over 40 are treated as 40; a page below 1 is refused.
    assert len(client.get("/v1/catalog/products?pageSize=100", headers=session.headers).json()[
        "products"]) == 5  # fmt: skip
    bad = client.get("/v1/catalog/products?page=0", headers=session.headers)
    assert bad.status_code == 400
    assert bad.json()["reasons"][0]["code"] == 50000027
