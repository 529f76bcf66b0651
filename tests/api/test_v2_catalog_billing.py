"""A catalog written only through `/v2` is the one the engine sells and bills: a v1 order
subscribes to a v2 plan and bills its v2 prices (amounts computed by hand)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session
from tests.support import v2_catalog as v2


def test_a_v2_catalog_bills_through_a_v1_order(client: TestClient, session: Session) -> None:
    product = v2.product(client, session, name="Helpdesk")
    plan = v2.plan(client, session, product["id"], name="Team", plan_number="TEAM")
    v2.price(client, session, plan["id"], name="Agents")  # 3 x USD 12.50 a month
    v2.create(client, session, "/v2/prices", {
        "name": "Platform", "plan_id": plan["id"], "amounts": {"USD": 20},
        "recurring": {"interval": "month"}})  # fmt: skip
    v2.create(client, session, "/v2/prices", {
        "name": "Setup", "plan_number": "TEAM", "amounts": {"USD": 50}})  # fmt: skip
    response = order(
        client,
        session,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "processingOptions": {"runBilling": True},
            "subscriptions": [{"orderActions": [create_subscription("TEAM")]}],
        },
    )
    assert response.status_code == 200, response.text
    [number] = response.json()["invoiceNumbers"]
    invoice = client.get(f"/v1/invoices/{number}", headers=session.headers).json()
    # January in full: agents 3 x 12.50 = 37.50, platform 20, setup 50 once.
    assert invoice["amount"] == 107.5
    items = client.get(f"/v1/invoices/{number}/items", headers=session.headers).json()
    rows = sorted(
        (i["chargeName"], i["serviceStartDate"], i["serviceEndDate"], i["chargeAmount"])
        for i in items["invoiceItems"]
    )
    assert rows == [
        ("Agents", "2025-01-01", "2025-01-31", "37.50"),
        ("Platform", "2025-01-01", "2025-01-31", "20.00"),
        ("Setup", "2025-01-01", "2025-01-01", "50.00"),
    ]


def test_a_v2_catalog_bills_through_a_v2_order(client: TestClient, session: Session) -> None:
    """Only /v2: the catalog, then an order with run_billing (seed 004's shape)."""
    product = v2.product(client, session, name="Helpdesk")
    plan = v2.plan(client, session, product["id"], name="Team", plan_number="TEAM2")
    v2.price(client, session, plan["id"], name="Agents", quantity=2)  # 2 x USD 12.50
    v2.create(client, session, "/v2/prices", {
        "name": "Setup", "plan_id": plan["id"], "amounts": {"USD": 50}})  # fmt: skip
    response = client.post(
        "/v2/orders",
        headers=session.headers,
        json={
            "order_date": "2026-12-01",
            "account_data": {
                "name": "Acme", "currency": "USD", "bill_cycle_day": 1,
                "bill_to": {"first_name": "Ada", "last_name": "Lovelace"},
            },
            "subscriptions": [{
                "subscription_plans": [{"plan_id": plan["id"]}],
                "initial_term": {"type": "termed", "interval": "month", "interval_count": 12},
                "renewal_term": {"type": "evergreen"},
                "start_on": {"contract_effective": "2026-12-01"},
            }],
            "processing_options": {
                "run_billing": True, "billing_options": {"target_date": "2026-12-01"}},
        },
    )  # fmt: skip
    assert response.status_code == 200, response.text
    [number] = response.json()["ar_transactions"]["invoice_numbers"]
    invoice = client.get(f"/v1/invoices/{number}", headers=session.headers).json()
    assert invoice["amount"] == 75  # December in full: 2 x 12.50 + 50 once
