"""Pending orders (spec §3.5, §9): tenant settings requiring dates, then PUT triggerDates."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.test_orders import NEW, create_subscription, get_subscription, new_account, order
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.services import tenants


def test_an_order_waits_for_its_service_activation_date(
    client: TestClient, shop: Session, container: Container
) -> None:
    settings = tenants.configure_tenant(
        container.uow_factory, shop.credentials.name, require_service_activation=True
    )
    assert settings.require_service_activation is True
    seats_id = _seats_charge_id(client, shop)
    created = order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [
                {
                    "orderActions": [
                        create_subscription(
                            overrides=[
                                {
                                    "productRatePlanChargeId": seats_id,
                                    "startDate": {"triggerEvent": "ServiceActivation"},
                                }
                            ]
                        )
                    ]
                }
            ],
        },
    )
    assert created.status_code == 200, created.text
    body = created.json()
    assert body["status"] == "Pending"
    assert [(s["subscriptionNumber"], s["status"]) for s in body["subscriptions"]] == [
        ("A-S00000001", "Pending Activation")
    ]
    sub = get_subscription(client, shop, "A-S00000001")
    seats = next(c for c in sub["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic seats")
    assert seats["effectiveStartDate"] is None  # waiting for its date
    assert seats["quantity"] == 3
    pending = client.get("/v1/orders/subscription/A-S00000001/pending", headers=shop.headers)
    assert [o["orderNumber"] for o in pending.json()["orders"]] == [body["orderNumber"]]
    assert (
        client.get("/v1/orders/subscription/A-S00000001", headers=shop.headers).json()["orders"]
        == []
    )

    filled = client.put(
        f"/v1/orders/{body['orderNumber']}/triggerDates",
        headers=shop.headers | NEW,
        json={
            "subscriptions": [
                {
                    "subscriptionNumber": "A-S00000001",
                    "orderActions": [
                        {
                            "sequence": 0,
                            "triggerDates": [
                                {"name": "ServiceActivation", "triggerDate": "2025-01-10"}
                            ],
                        }
                    ],
                }
            ]
        },
    )
    assert filled.status_code == 200, filled.text
    assert filled.json() == {
        "success": True,
        "orderNumber": body["orderNumber"],
        "accountNumber": body["accountNumber"],
        "status": "Completed",
        "subscriptions": [{"subscriptionNumber": "A-S00000001", "status": "Active"}],
    }
    sub = get_subscription(client, shop, "A-S00000001")
    assert sub["serviceActivationDate"] == "2025-01-10"
    assert sub["version"] == 1  # the dates complete the order's version, no new one
    seats = next(c for c in sub["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic seats")
    assert (seats["effectiveStartDate"], seats["effectiveEndDate"]) == ("2025-01-10", "2026-01-01")
    platform = next(
        c for c in sub["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic platform fee"
    )
    assert platform["effectiveStartDate"] == "2025-01-01"
    again = client.put(
        f"/v1/orders/{body['orderNumber']}/triggerDates",
        headers=shop.headers,
        json={"subscriptions": []},
    )
    assert again.status_code == 400
    assert again.json()["reasons"][0]["code"] == 53000230


def test_without_the_settings_dates_default_to_contract_effective(
    client: TestClient, shop: Session
) -> None:
    body = order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    ).json()
    assert body["status"] == "Completed"
    sub = get_subscription(client, shop, "A-S00000001")
    assert sub["serviceActivationDate"] == sub["customerAcceptanceDate"] == "2025-01-01"


def _seats_charge_id(client: TestClient, shop: Session) -> str:
    plans = client.get("/v1/rateplan/CLOUDDESK/productRatePlan", headers=shop.headers).json()[
        "productRatePlans"
    ]
    basic = next(p for p in plans if p["name"] == "Basic")
    charge_id: str = next(
        c["id"] for c in basic["productRatePlanCharges"] if c["name"] == "Basic seats"
    )
    return charge_id
