"""Catalog bodies for tests, in the CRUD words the official client sends."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Session


def create(client: TestClient, session: Session, path: str, body: dict[str, Any]) -> str:
    response = client.post(path, headers=session.headers, json=body)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert payload["Success"] is True
    object_id: str = payload["Id"]
    assert len(object_id) == 32
    return object_id


def product(client: TestClient, session: Session, **extra: Any) -> str:
    body = {
        "Name": "CloudDesk",
        "EffectiveStartDate": "2020-01-01",
        "EffectiveEndDate": "2099-12-31",
        **extra,
    }
    return create(client, session, "/v1/object/product", body)


def plan(client: TestClient, session: Session, product_id: str, **extra: Any) -> str:
    body = {"Name": "Basic", "ProductId": product_id, "ActiveCurrencies": ["USD", "EUR"], **extra}
    return create(client, session, "/v1/object/product-rate-plan", body)


def charge_body(plan_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "ProductRatePlanId": plan_id,
        "Name": "Seats",
        "ChargeType": "Recurring",
        "ChargeModel": "Per Unit Pricing",
        "BillCycleType": "DefaultFromCustomer",
        "BillingPeriod": "Month",
        "TriggerEvent": "ContractEffective",
        "UOM": "Seat",
        "DefaultQuantity": 3,
        "ProductRatePlanChargeTierData": {
            "ProductRatePlanChargeTier": [
                {"Currency": "USD", "Price": 12.5},
                {"Currency": "EUR", "Price": 11},
            ]
        },
        # Defaults the official client always sends (zuora-sdk 3.21.0).
        "EndDateCondition": "SubscriptionEnd",
        "UpToPeriodsType": "Billing Periods",
        "PriceChangeOption": "NoChange",
        "ExcludeItemBillingFromRevenueAccounting": False,
        "ExcludeItemBookingFromRevenueAccounting": False,
        "UseDiscountSpecificAccountingCode": False,
        **extra,
    }


def charge(client: TestClient, session: Session, plan_id: str, **extra: Any) -> str:
    return create(
        client, session, "/v1/object/product-rate-plan-charge", charge_body(plan_id, **extra)
    )
