"""The catalog through the unchanged official client (zuora-sdk 3.21.0)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from zuora_sdk import (
    BillCycleType,
    BillingPeriodProductRatePlanChargeRest,
    ChargeModelProductRatePlanChargeRest,
    ChargeType,
    CreateProductRatePlanChargeRequest,
    CreateProductRatePlanRequest,
    CreateProductRequest,
    ProductRatePlanChargeTier,
    ProductRatePlanChargeTierData,
    TriggerEventProductRatePlanChargeRest,
    UpdateProductRequest,
)
from zuora_sdk.zuora_client import ZuoraClient

from tests.support.server import zorders_server

CLIENT_ID = str(uuid.uuid4())
CLIENT_SECRET = "sdk-catalog-secret"


@pytest.fixture(scope="module")
def sdk(database_url: str):  # type: ignore[no-untyped-def]
    with zorders_server(
        database_url,
        ZORDERS_DEFAULT_CLIENT_ID=CLIENT_ID,
        ZORDERS_DEFAULT_CLIENT_SECRET=CLIENT_SECRET,
    ) as server:
        from zuora_sdk import Configuration

        client = ZuoraClient(
            CLIENT_ID, CLIENT_SECRET, env=None, config=Configuration(host=server.base_url)
        )
        client.initialize()
        try:
            yield client
        finally:
            client.stop_auto_auth()


def test_catalog_with_the_official_client(sdk: ZuoraClient) -> None:
    sku = f"SDK-{uuid.uuid4().hex[:8]}"
    created = sdk.products_api().create_product(
        CreateProductRequest(
            name="SDK product",
            sku=sku,
            effective_start_date=date(2020, 1, 1),
            effective_end_date=date(2099, 12, 31),
            description="made by zuora-sdk",
        )
    )
    assert created.success is True
    product_id = created.id
    assert product_id is not None and len(product_id) == 32

    plan = sdk.product_rate_plans_api().create_product_rate_plan(
        CreateProductRatePlanRequest(
            name="SDK plan", product_id=product_id, active_currencies=["USD", "EUR"]
        )
    )
    assert plan.success is True

    charge = sdk.product_rate_plan_charges_api().create_product_rate_plan_charge(
        CreateProductRatePlanChargeRequest(
            product_rate_plan_id=plan.id,
            name="Seats",
            charge_type=ChargeType.RECURRING,
            charge_model=ChargeModelProductRatePlanChargeRest.PER_UNIT_PRICING,
            bill_cycle_type=BillCycleType.DEFAULTFROMCUSTOMER,
            billing_period=BillingPeriodProductRatePlanChargeRest.MONTH,
            trigger_event=TriggerEventProductRatePlanChargeRest.CONTRACTEFFECTIVE,
            uom="Seat",
            default_quantity=5,
            use_discount_specific_accounting_code=False,
            product_rate_plan_charge_tier_data=ProductRatePlanChargeTierData(
                product_rate_plan_charge_tier=[
                    ProductRatePlanChargeTier(currency="USD", price=12.5),
                    ProductRatePlanChargeTier(currency="EUR", price=11),
                ]
            ),
        )
    )
    assert charge.success is True

    read_charge = sdk.product_rate_plan_charges_api().get_product_rate_plan_charge(charge.id)
    assert read_charge.name == "Seats"
    assert read_charge.charge_model == "Per Unit Pricing"
    assert read_charge.billing_period == "Month"
    assert read_charge.default_quantity == 5
    assert read_charge.uom == "Seat"

    read_product = sdk.products_api().get_product(sku)
    assert read_product.id == product_id
    assert read_product.name == "SDK product"
    assert read_product.description == "made by zuora-sdk"
    assert str(read_product.effective_start_date) == "2020-01-01"

    plans = sdk.product_rate_plans_api().get_rate_plans_by_product(product_id)
    assert [p.name for p in plans.product_rate_plans] == ["SDK plan"]
    [rest_charge] = plans.product_rate_plans[0].product_rate_plan_charges
    assert rest_charge.model == "PerUnit"
    assert {p.currency: p.price for p in rest_charge.pricing} == {"USD": "12.5", "EUR": "11"}

    read_plan = sdk.product_rate_plans_api().get_product_rate_plan(plan.id)
    assert read_plan.name == "SDK plan"
    assert read_plan.status == "Active"

    updated = sdk.products_api().update_product(
        product_id, UpdateProductRequest(description="renamed")
    )
    assert updated.success is True
    assert sdk.products_api().get_product(product_id).description == "renamed"

    listed = sdk.products_api().get_products(page_size=40)
    assert product_id in [p.id for p in listed.products]

    deleted = sdk.product_rate_plan_charges_api().delete_product_rate_plan_charge(charge.id)
    assert deleted.success is True
