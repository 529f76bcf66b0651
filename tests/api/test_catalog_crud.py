"""The catalog through Zuora's CRUD object API: create, read back every field, update, delete."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.conftest import Session
from tests.support import catalog as c


def test_product_round_trip(client: TestClient, session: Session) -> None:
    product_id = c.product(
        client,
        session,
        SKU="CD-1",
        ProductNumber="PN-1",
        Category="Base Products",
        Description="Help desk",
        AllowFeatureChanges=True,
        Region__c="EMEA",
        Seats__c=5,
    )
    body = client.get(f"/v1/object/product/{product_id}", headers=session.headers).json()
    assert body["Id"] == product_id
    assert body["Name"] == "CloudDesk"
    assert body["SKU"] == "CD-1"
    assert body["ProductNumber"] == "PN-1"
    assert body["Category"] == "Base Products"
    assert body["Description"] == "Help desk"
    assert body["EffectiveStartDate"] == "2020-01-01"
    assert body["EffectiveEndDate"] == "2099-12-31"
    assert body["AllowFeatureChanges"] is True
    assert body["Region__c"] == "EMEA"
    assert body["Seats__c"] == 5
    assert body["CreatedDate"].endswith("Z")
    # ?fields= narrows the answer.
    narrow = client.get(
        f"/v1/object/product/{product_id}?fields=Name,SKU", headers=session.headers
    ).json()
    assert narrow == {"Id": product_id, "Name": "CloudDesk", "SKU": "CD-1"}


def test_skus_are_generated_and_unique(client: TestClient, session: Session) -> None:
    first = c.product(client, session)
    second = c.product(client, session)
    skus = [
        client.get(f"/v1/object/product/{i}", headers=session.headers).json()["SKU"]
        for i in (first, second)
    ]
    assert skus == ["SKU-00000001", "SKU-00000002"]
    duplicate = client.post(
        "/v1/object/product",
        headers=session.headers,
        json={"Name": "X", "SKU": "SKU-00000001", "EffectiveStartDate": "2020-01-01",
              "EffectiveEndDate": "2030-01-01"},
    )  # fmt: skip
    assert duplicate.status_code == 400
    assert duplicate.json()["Success"] is False
    assert "SKU-00000001" in duplicate.json()["Errors"][0]["Message"]


def test_product_update_and_delete(client: TestClient, session: Session) -> None:
    product_id = c.product(client, session, Description="old", Tier__c="gold")
    updated = client.put(
        f"/v1/object/product/{product_id}",
        headers=session.headers,
        json={"Description": "new", "Owner__c": "ops"},
    )
    assert updated.json() == {"Success": True, "Id": product_id}
    body = client.get(f"/v1/object/product/{product_id}", headers=session.headers).json()
    assert body["Description"] == "new"
    assert body["Name"] == "CloudDesk"  # untouched
    assert (body["Tier__c"], body["Owner__c"]) == ("gold", "ops")
    deleted = client.delete(f"/v1/object/product/{product_id}", headers=session.headers)
    assert deleted.json() == {"id": product_id, "success": True}
    assert (
        client.get(f"/v1/object/product/{product_id}", headers=session.headers).status_code == 404
    )


def test_plan_round_trip(client: TestClient, session: Session) -> None:
    product_id = c.product(client, session)
    plan_id = c.plan(
        client,
        session,
        product_id,
        Description="Small teams",
        ProductRatePlanNumber="PRP-1",
        Grade=2,
        EffectiveStartDate="2021-01-01",
        EffectiveEndDate="2031-01-01",
    )
    body = client.get(f"/v1/object/product-rate-plan/{plan_id}", headers=session.headers).json()
    assert body["Id"] == plan_id
    assert body["ProductId"] == product_id
    assert body["Name"] == "Basic"
    assert body["ActiveCurrencies"] == ["USD", "EUR"]
    assert body["ProductRatePlanNumber"] == "PRP-1"
    assert body["Grade"] == 2
    assert (body["EffectiveStartDate"], body["EffectiveEndDate"]) == ("2021-01-01", "2031-01-01")
    # Without ActiveCurrencies a plan is active in the tenant's default currency.
    default_plan = c.create(
        client, session, "/v1/object/product-rate-plan", {"Name": "P", "ProductId": product_id}
    )
    body = client.get(
        f"/v1/object/product-rate-plan/{default_plan}", headers=session.headers
    ).json()
    assert body["ActiveCurrencies"] == ["USD"]


def test_charge_round_trip(client: TestClient, session: Session) -> None:
    plan_id = c.plan(client, session, c.product(client, session))
    charge_id = c.charge(
        client,
        session,
        plan_id,
        Description="Per seat",
        ProductRatePlanChargeNumber="PRPC-1",
        BillingTiming="In Arrears",
        BillingPeriodAlignment="AlignToSubscriptionStart",
        ListPriceBase="Per Billing Period",
        MinQuantity=1,
        MaxQuantity=500,
        Taxable=True,
        TaxCode="SW",
        Team__c="billing",
    )
    body = client.get(f"/v1/object/product-rate-plan-charge/{charge_id}", headers=session.headers)
    assert body.status_code == 200
    got = body.json()
    assert got["Id"] == charge_id
    assert got["ProductRatePlanId"] == plan_id
    assert got["Name"] == "Seats"
    assert got["ChargeType"] == "Recurring"
    assert got["ChargeModel"] == "Per Unit Pricing"
    assert got["BillCycleType"] == "DefaultFromCustomer"
    assert got["BillingPeriod"] == "Month"
    assert got["BillingTiming"] == "In Arrears"
    assert got["BillingPeriodAlignment"] == "AlignToSubscriptionStart"
    assert got["TriggerEvent"] == "ContractEffective"
    assert got["ListPriceBase"] == "Per Billing Period"
    assert got["EndDateCondition"] == "SubscriptionEnd"
    assert got["UpToPeriodsType"] == "Billing Periods"
    assert got["UOM"] == "Seat"
    assert (got["DefaultQuantity"], got["MinQuantity"], got["MaxQuantity"]) == (3, 1, 500)
    assert got["Description"] == "Per seat"
    assert got["ProductRatePlanChargeNumber"] == "PRPC-1"
    assert (got["Taxable"], got["TaxCode"]) == (True, "SW")
    assert got["Team__c"] == "billing"
    tiers = got["ProductRatePlanChargeTierData"]["ProductRatePlanChargeTier"]
    assert [(t["Currency"], t["Tier"], t["Price"], t["PriceFormat"]) for t in tiers] == [
        ("EUR", 1, 11, "Per Unit"),
        ("USD", 1, 12.5, "Per Unit"),
    ]


def _create_raw_charge(client: TestClient, session: Session, plan_id: str, tiers: str) -> str:
    """Posts JSON text as written, so that no float sits between the test and the server."""
    body = json.dumps(c.charge_body(plan_id, ProductRatePlanChargeTierData="TIERS"))
    body = body.replace('"TIERS"', '{"ProductRatePlanChargeTier": ' + tiers + "}")
    response = client.post(
        "/v1/object/product-rate-plan-charge",
        headers=session.headers | {"Content-Type": "application/json"},
        content=body,
    )
    assert response.status_code == 200, response.text
    charge_id: str = response.json()["Id"]
    return charge_id


def test_amounts_keep_every_digit(client: TestClient, session: Session) -> None:
    plan_id = c.plan(client, session, c.product(client, session))
    charge_id = _create_raw_charge(
        client,
        session,
        plan_id,
        '[{"Currency": "USD", "Price": 12345678901234567.891}, {"Currency": "EUR", "Price": 1.10}]',
    )
    raw = client.get(
        f"/v1/object/product-rate-plan-charge/{charge_id}", headers=session.headers
    ).text
    assert '"Price":12345678901234567.891' in raw
    assert '"Price":1.10' in raw


def test_tiered_charge_and_tier_update(client: TestClient, session: Session) -> None:
    plan_id = c.plan(client, session, c.product(client, session), ActiveCurrencies=["USD"])
    charge_id = c.charge(
        client,
        session,
        plan_id,
        ChargeModel="Tiered Pricing",
        DefaultQuantity=None,
        ProductRatePlanChargeTierData={
            "ProductRatePlanChargeTier": [
                {"Currency": "USD", "StartingUnit": 1, "EndingUnit": 10, "Price": 10},
                {"Currency": "USD", "StartingUnit": 11, "EndingUnit": 50, "Price": 8},
                {"Currency": "USD", "StartingUnit": 51, "Price": 5, "PriceFormat": "Per Unit"},
            ]
        },
    )
    got = client.get(
        f"/v1/object/product-rate-plan-charge/{charge_id}", headers=session.headers
    ).json()
    assert got["DefaultQuantity"] == 0  # tiered charges default to 0
    tiers = got["ProductRatePlanChargeTierData"]["ProductRatePlanChargeTier"]
    assert [(t["Tier"], t.get("StartingUnit"), t.get("EndingUnit"), t["Price"]) for t in tiers] == [
        (1, 1, 10, 10),
        (2, 11, 50, 8),
        (3, 51, None, 5),
    ]
    second = tiers[1]["Id"]
    tier = client.get(f"/v1/object/product-rate-plan-charge-tier/{second}", headers=session.headers)
    assert tier.json()["Price"] == 8
    assert tier.json()["Currency"] == "USD"
    assert tier.json()["Tier"] == 2
    put = client.put(
        f"/v1/object/product-rate-plan-charge-tier/{second}",
        headers=session.headers,
        json={"Price": 7.5},
    )
    assert put.json() == {"Success": True, "Id": second}
    again = client.get(
        f"/v1/object/product-rate-plan-charge-tier/{second}", headers=session.headers
    )
    assert again.json()["Price"] == 7.5
    # A tier update that breaks the ranges is refused and changes nothing.
    bad = client.put(
        f"/v1/object/product-rate-plan-charge-tier/{second}",
        headers=session.headers,
        json={"StartingUnit": 12},
    )
    assert bad.status_code == 400
    assert "gap" in bad.json()["Errors"][0]["Message"].lower()
    assert (
        client.get(
            f"/v1/object/product-rate-plan-charge-tier/{second}", headers=session.headers
        ).json()["StartingUnit"]
        == 11
    )


def test_charge_update_replaces_tiers_and_keeps_the_rest(
    client: TestClient, session: Session
) -> None:
    plan_id = c.plan(client, session, c.product(client, session))
    charge_id = c.charge(client, session, plan_id)
    put = client.put(
        f"/v1/object/product-rate-plan-charge/{charge_id}",
        headers=session.headers,
        json={
            "Name": "Agents",
            "ProductRatePlanChargeTierData": {
                "ProductRatePlanChargeTier": [
                    {"Currency": "USD", "Price": 14},
                    {"Currency": "EUR", "Price": 13},
                ]
            },
        },
    )
    assert put.status_code == 200, put.text
    got = client.get(
        f"/v1/object/product-rate-plan-charge/{charge_id}", headers=session.headers
    ).json()
    assert got["Name"] == "Agents"
    assert got["UOM"] == "Seat"
    prices = {
        t["Currency"]: t["Price"]
        for t in got["ProductRatePlanChargeTierData"]["ProductRatePlanChargeTier"]
    }
    assert prices == {"USD": 14, "EUR": 13}


def test_discount_charges(client: TestClient, session: Session) -> None:
    plan_id = c.plan(client, session, c.product(client, session), ActiveCurrencies=["USD"])
    percent = c.charge(
        client,
        session,
        plan_id,
        Name="10% off",
        ChargeModel="Discount-Percentage",
        UOM=None,
        DefaultQuantity=None,
        ApplyDiscountTo="RECURRING",
        DiscountLevel="subscription",
        ProductRatePlanChargeTierData={
            "ProductRatePlanChargeTier": [{"Currency": "USD", "DiscountPercentage": 10}]
        },
    )
    got = client.get(f"/v1/object/product-rate-plan-charge/{percent}", headers=session.headers)
    body = got.json()
    assert body["ChargeModel"] == "Discount-Percentage"
    assert (body["ApplyDiscountTo"], body["DiscountLevel"]) == ("RECURRING", "subscription")
    tier = body["ProductRatePlanChargeTierData"]["ProductRatePlanChargeTier"][0]
    assert tier["DiscountPercentage"] == 10
    fixed = c.charge(
        client,
        session,
        plan_id,
        Name="$5 off",
        ChargeModel="Discount-Fixed Amount",
        UOM=None,
        DefaultQuantity=None,
        ProductRatePlanChargeTierData={
            "ProductRatePlanChargeTier": [{"Currency": "USD", "DiscountAmount": 5}]
        },
    )
    body = client.get(
        f"/v1/object/product-rate-plan-charge/{fixed}", headers=session.headers
    ).json()
    tier = body["ProductRatePlanChargeTierData"]["ProductRatePlanChargeTier"][0]
    assert (tier["Price"], tier["DiscountAmount"]) == (5, 5)


def test_unknown_ids_are_404(client: TestClient, session: Session) -> None:
    for path in (
        "/v1/object/product/",
        "/v1/object/product-rate-plan/",
        "/v1/object/product-rate-plan-charge/",
        "/v1/object/product-rate-plan-charge-tier/",
    ):
        response = client.get(path + "0" * 32, headers=session.headers)
        assert response.status_code == 404, path
        assert response.json()["Success"] is False
        assert client.delete(path + "0" * 32, headers=session.headers).status_code in (404, 405)


def test_deleting_a_plan_deletes_its_charges(client: TestClient, session: Session) -> None:
    plan_id = c.plan(client, session, c.product(client, session))
    charge_id = c.charge(client, session, plan_id)
    assert client.delete(
        f"/v1/object/product-rate-plan/{plan_id}", headers=session.headers
    ).json() == {
        "id": plan_id,
        "success": True,
    }
    gone = client.get(f"/v1/object/product-rate-plan-charge/{charge_id}", headers=session.headers)
    assert gone.status_code == 404


def test_another_tenant_sees_nothing(
    client: TestClient,
    session: Session,
    new_session,  # type: ignore[no-untyped-def]
) -> None:
    product_id = c.product(client, session)
    other = new_session()
    assert client.get(f"/v1/object/product/{product_id}", headers=other.headers).status_code == 404
    assert client.get("/v1/catalog/products", headers=other.headers).json()["products"] == []
    assert (
        client.put(
            f"/v1/object/product/{product_id}", headers=other.headers, json={"Name": "x"}
        ).status_code
        == 404
    )
