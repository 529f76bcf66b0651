"""A catalog with a setup fee (a OneTime charge) written through the CRUD API, without the
billing period settings that belong to recurring charges, and billed end to end (issue 8).

Plan: seats USD 12.50/month per unit (default quantity 3), setup fee USD 150 once."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session
from tests.support import catalog as c

PERIODIC = ("BillingPeriod", "BillCycleType", "BillingTiming", "BillingPeriodAlignment",
            "BillCycleDay")  # fmt: skip


def setup_fee_body(plan_id: str, **extra: Any) -> dict[str, Any]:
    body = c.charge_body(
        plan_id,
        Name="Setup fee",
        ChargeType="OneTime",
        ChargeModel="Flat Fee Pricing",
        ProductRatePlanChargeTierData={
            "ProductRatePlanChargeTier": [
                {"Currency": "USD", "Price": 150},
                {"Currency": "EUR", "Price": 140},
            ]
        },
    )
    for name in (*PERIODIC, "UOM", "DefaultQuantity"):
        body.pop(name, None)
    return body | extra


def test_a_one_time_charge_needs_none_of_the_recurring_fields(
    client: TestClient, session: Session
) -> None:
    plan_id = c.plan(client, session, c.product(client, session))
    charge_id = c.create(
        client, session, "/v1/object/product-rate-plan-charge", setup_fee_body(plan_id)
    )
    body = client.get(
        f"/v1/object/product-rate-plan-charge/{charge_id}", headers=session.headers
    ).json()
    assert (body["Name"], body["ChargeType"], body["ChargeModel"]) == (
        "Setup fee",
        "OneTime",
        "Flat Fee Pricing",
    )
    # Sent as null, they are not given either.
    nulls = setup_fee_body(plan_id, Name="Activation", **dict.fromkeys(PERIODIC))
    assert c.create(client, session, "/v1/object/product-rate-plan-charge", nulls)


@pytest.mark.parametrize("kind", ["Recurring", "Usage"])
@pytest.mark.parametrize("missing", ["BillingPeriod", "BillCycleType"])
def test_periodic_charges_still_need_them(
    client: TestClient, session: Session, kind: str, missing: str
) -> None:
    plan_id = c.plan(client, session, c.product(client, session))
    body = c.charge_body(plan_id, ChargeType=kind)
    del body[missing]
    response = client.post(
        "/v1/object/product-rate-plan-charge", headers=session.headers, json=body
    )
    assert response.status_code == 400, response.text
    assert response.json()["Errors"] == [
        {
            "Code": "MISSING_REQUIRED_VALUE",
            "Message": f"'{missing}' may not be null (required for {kind} charges)",
        }
    ]


def test_a_setup_fee_from_the_crud_api_is_billed_once(client: TestClient, session: Session) -> None:
    product_id = c.product(client, session)
    plan_id = c.plan(client, session, product_id, ProductRatePlanNumber="SEATS-SETUP")
    c.charge(client, session, plan_id)  # seats: 3 x 12.50 a month
    c.create(client, session, "/v1/object/product-rate-plan-charge", setup_fee_body(plan_id))
    created = order(
        client,
        session,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "processingOptions": {"runBilling": True},
            "subscriptions": [{"orderActions": [create_subscription("SEATS-SETUP")]}],
        },
    )
    assert created.status_code == 200, created.text
    invoice_id = created.json()["invoiceNumbers"][0]
    invoice = client.get(f"/v1/invoices/{invoice_id}", headers=session.headers).json()
    # January: 3 x 12.50 = 37.50, plus the setup fee 150.00 once = 187.50.
    assert invoice["amount"] == 187.5
    items = client.get(f"/v1/invoices/{invoice_id}/items", headers=session.headers).json()
    assert sorted(
        (i["chargeName"], i["chargeAmount"], i["serviceStartDate"], i["serviceEndDate"])
        for i in items["invoiceItems"]
    ) == [
        ("Seats", "37.50", "2025-01-01", "2025-01-31"),
        ("Setup fee", "150.00", "2025-01-01", "2025-01-01"),
    ]
    # February bills the seats only: the setup fee is not billed again.
    account = created.json()["accountNumber"]
    generated = client.post(
        f"/v1/accounts/{account}/billing-documents/generate",
        headers=session.headers,
        json={"targetDate": "2025-02-01", "autoPost": True},
    ).json()
    february = client.get(
        f"/v1/invoices/{generated['invoices'][0]['id']}/items", headers=session.headers
    ).json()
    assert [(i["chargeName"], i["chargeAmount"]) for i in february["invoiceItems"]] == [
        ("Seats", "37.50")
    ]
