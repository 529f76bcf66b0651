"""A catalog exported with GET /v1/catalog/products and imported into another tenant reads
back the same, ids included (issue 13 item 5); the disposable-tenant endpoint takes it too."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session
from tests.support.test_mode import SandboxApi
from zorders.bootstrap import Container
from zorders.services.catalog_file import load_catalog
from zorders.services.catalog_import import import_catalog
from zorders.services.catalog_nodes import LoadReport
from zorders.services.context import CommandContext

PRODUCT = "2c92a0ff5e09bd67015e0a93efe86d2e"
PLAN = "2c92a0ff5e09bd69015e0a95f5b4195a"
CHARGE = "2c92a0fd5e09bd69015e0a96bbc520a9"

# A catalog with every kind of charge this issue cares about, with Zuora-like ids.
SOURCE: dict[str, Any] = {
    "products": [
        {
            "id": PRODUCT,
            "sku": "NEWS-DIGITAL",
            "name": "Digital Pack",
            "productNumber": "PN-0001",
            "category": "Base Products",
            "effectiveStartDate": "2019-01-01",
            "effectiveEndDate": "2099-12-31",
            "ProductLevel__c": "Gold",
            "ratePlans": [
                {
                    "id": PLAN,
                    "name": "Digital Monthly",
                    "productRatePlanNumber": "PRP-00000101",
                    "activeCurrencies": ["GBP", "USD", "EUR"],
                    "effectiveStartDate": "2019-01-01",
                    "FrontendId__c": "Monthly",
                    "charges": [
                        {
                            "id": CHARGE,
                            "name": "Digital Pack Monthly",
                            "productRatePlanChargeNumber": "PRPC-00000201",
                            "type": "Recurring",
                            "model": "FlatFee",
                            "billingPeriod": "Month",
                            "triggerEvent": "CustomerAcceptance",
                            "taxable": True,
                            "taxCode": "Digital",
                            "price": {"GBP": "11.99", "USD": "19.99", "EUR": "14.99"},
                            "ProductType__c": "Digital Pack",
                        },
                        {
                            "id": "2c92a0fd5e09bd69015e0a96bbc520b0",
                            "name": "Page views",
                            "type": "Usage",
                            "model": "FlatFee",
                            "billingPeriod": "Month",
                            "billingTiming": "IN_ARREARS",
                            "price": {"GBP": "1.00", "USD": "1.50", "EUR": "1.20"},
                        },
                        {
                            "id": "2c92a0fd5e09bd69015e0a96bbc520b1",
                            "name": "Seats",
                            "type": "Recurring",
                            "model": "Volume",
                            "billingPeriod": "Annual",
                            "billCycleType": "SpecificDayofMonth",
                            "billCycleDay": 15,
                            "uom": "Seat",
                            "defaultQuantity": 5,
                            "tiers": {
                                "GBP": [
                                    {"startingUnit": 1, "endingUnit": 10, "price": "8.00"},
                                    {"startingUnit": 11, "price": "6.00"},
                                ],
                                "USD": [
                                    {"startingUnit": 1, "endingUnit": 10, "price": "10.00"},
                                    {"startingUnit": 11, "price": "7.50"},
                                ],
                            },
                        },
                    ],
                },
                {
                    "id": "2c92a0ff5e09bd69015e0a95f5b4195b",
                    "name": "Discounts",
                    "activeCurrencies": ["GBP", "USD"],
                    "charges": [
                        {
                            "id": "2c92a0fd5e09bd69015e0a96bbc520c0",
                            "name": "Percentage discount",
                            "type": "Recurring",
                            "model": "DiscountPercentage",
                            "billingPeriod": "Month",
                            "endDateCondition": "Fixed_Period",
                            "upToPeriods": 3,
                            "applyDiscountTo": "RECURRING",
                            "discountLevel": "subscription",
                            "discountPercentage": 0,
                        },
                        {
                            "id": "2c92a0fd5e09bd69015e0a96bbc520c1",
                            "name": "Weekly extra",
                            "type": "Recurring",
                            "model": "TieredWithOverage",
                            "billingPeriod": "Week",
                            "billCycleType": "SpecificDayofWeek",
                            "weeklyBillCycleDay": "Monday",
                            "uom": "Each",
                            "tiers": {
                                "GBP": [{"startingUnit": 0, "endingUnit": 5, "price": "3.00"}],
                                "USD": [{"startingUnit": 0, "endingUnit": 5, "price": "4.00"}],
                            },
                            "overagePrice": {"GBP": "0.50", "USD": "0.70"},
                        },
                    ],
                },
            ],
        },
        {"sku": "NEWS-PRINT", "name": "Print", "ratePlans": []},
        {"id": "2c92a0ff5e09bd67015e0a93efe86d30", "sku": "NEWS-EMPTY", "name": "Empty"},
    ]
}


def _ctx(container: Container, tenant_id: str) -> CommandContext:
    return container.tenant_clock.context(tenant_id, "test")


def _export(client: TestClient, session: Session) -> list[dict[str, Any]]:
    """Every page of GET /v1/catalog/products, products with their plans embedded (when an
    answer gives the plans' URL, its pages are read and embedded)."""
    pages: list[dict[str, Any]] = []
    url: str | None = "/v1/catalog/products?pageSize=2"
    while url:
        response = client.get(url, headers=session.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        for product in page["products"]:
            plans = product.get("productRatePlans")
            if isinstance(plans, str):
                product["productRatePlans"] = _all_plans(client, session, plans)
        pages.append(page)
        url = page.get("nextPage")
    return pages


def _all_plans(client: TestClient, session: Session, url: str) -> list[dict[str, Any]]:
    plans: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        page = client.get(next_url, headers=session.headers).json()
        plans.extend(page["productRatePlans"])
        next_url = page.get("nextPage")
    return plans


def _products(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for page in pages for p in page["products"]]


def _import(container: Container, tenant_id: str, pages: Any) -> LoadReport:
    with container.uow_factory() as uow:
        report = import_catalog(uow, _ctx(container, tenant_id), pages)
        uow.commit()
    return report


def test_export_import_export_reads_back_equal_with_the_ids(
    container: Container,
    client: TestClient,
    session: Session,
    new_session: Callable[[], Session],
) -> None:
    with container.uow_factory() as uow:
        load_catalog(uow, _ctx(container, session.tenant_id), SOURCE)
        uow.commit()
    exported = _export(client, session)
    assert len(exported) == 2  # pageSize 2, three products
    products = _products(exported)
    assert [p["sku"] for p in products] == ["NEWS-DIGITAL", "NEWS-PRINT", "NEWS-EMPTY"]
    assert products[0]["id"] == PRODUCT
    digital = products[0]["productRatePlans"][0]
    assert digital["id"] == PLAN
    assert digital["productRatePlanCharges"][0]["id"] == CHARGE
    usage = digital["productRatePlanCharges"][1]
    assert (usage["type"], usage["model"]) == ("Usage", "FlatFee")
    discount = products[0]["productRatePlans"][1]["productRatePlanCharges"][0]
    assert [p["discountPercentage"] for p in discount["pricing"]] == ["0", "0"]

    other = new_session()
    report = _import(container, other.tenant_id, exported)
    assert str(report) == (
        "products: 3 created, 0 updated; rate plans: 2 created, 0 updated; "
        "charges: 5 created, 0 updated"
    )
    assert _products(_export(client, other)) == products

    # Again: the same ids update, nothing is added, and it still reads back the same.
    again = _import(container, other.tenant_id, exported)
    assert str(again) == (
        "products: 0 created, 3 updated; rate plans: 0 created, 2 updated; "
        "charges: 0 created, 5 updated"
    )
    assert _products(_export(client, other)) == products
    # The source tenant is untouched by the other's import.
    assert _products(_export(client, session)) == products


def test_the_imported_catalog_keeps_every_price_and_setting(
    container: Container, session: Session
) -> None:
    pages = [
        {
            "products": [
                {
                    "id": PRODUCT,
                    "sku": "S1",
                    "name": "Product",
                    "productRatePlans": [
                        {
                            "id": PLAN,
                            "name": "Plan",
                            "status": "Active",
                            "externallyManagedPlanIds": ["x"],
                            "productRatePlanCharges": [
                                {
                                    "id": CHARGE,
                                    "name": "Seats",
                                    "type": "Recurring",
                                    "model": "TieredWithOverage",
                                    "uom": "Seat",
                                    "billingDay": "Thursday",
                                    "billingPeriod": "Specific_Weeks",
                                    "specificBillingPeriod": 2,
                                    "smoothingModel": "RollingWindow",
                                    "pricing": [
                                        {
                                            "currency": "USD",
                                            "tiers": [
                                                {
                                                    "tier": 1,
                                                    "startingUnit": "1",
                                                    "endingUnit": "10",
                                                    "price": "25.00",
                                                    "priceFormat": "FlatFee",
                                                },
                                                {
                                                    "tier": 2,
                                                    "startingUnit": "11",
                                                    "endingUnit": "20",
                                                    "price": "2.00",
                                                    "priceFormat": "PerUnit",
                                                },
                                            ],
                                            "overagePrice": "1.25",
                                        }
                                    ],
                                    "Region__c": "EMEA",
                                    "Class__NS": None,
                                }
                            ],
                        }
                    ],
                }
            ],
            "success": True,
        }
    ]
    report = _import(container, session.tenant_id, pages)
    assert report.ignored == {
        "productRatePlan.externallyManagedPlanIds",
        "productRatePlanCharge.smoothingModel",
    }
    with container.uow_factory(read_only=True) as uow:
        plan = uow.catalog.get_plan(session.tenant_id, PLAN)
        charge = uow.catalog.get_charge(session.tenant_id, CHARGE)
    assert plan is not None and charge is not None
    assert plan.active_currencies == ("USD",)  # from the charges' pricing
    assert charge.weekly_bill_cycle_day is not None
    assert (charge.bill_cycle_type.value, charge.weekly_bill_cycle_day.value) == (
        "SpecificDayofWeek",
        "Thursday",
    )
    assert (charge.billing_period.value, charge.specific_billing_period) == ("Specific_Weeks", 2)
    assert [
        (t.tier, t.starting_unit, t.ending_unit, t.price, t.price_format.value, t.is_overage_price)
        for t in charge.tiers
    ] == [
        (1, Decimal(1), Decimal(10), Decimal("25.00"), "FlatFee", False),
        (2, Decimal(11), Decimal(20), Decimal("2.00"), "PerUnit", False),
        (3, None, None, Decimal("1.25"), "PerUnit", True),
    ]
    assert charge.custom_fields == {"Region__c": "EMEA"}


def test_a_disposable_tenant_takes_a_zuora_export(
    container: Container, client: TestClient, session: Session, sandbox: SandboxApi
) -> None:
    with container.uow_factory() as uow:
        load_catalog(uow, _ctx(container, session.tenant_id), SOURCE)
        uow.commit()
    exported = _export(client, session)
    concatenated = "\n".join(json.dumps(page) for page in exported)
    whole: list[Any] = [exported, json.dumps(exported), concatenated]
    for catalog in [*whole, exported[0], json.dumps(exported[0])]:
        t = sandbox.new_tenant(catalog=catalog)
        got = sandbox.client.get("/v1/catalog/products?pageSize=40", headers=t["headers"])
        ids = [p["id"] for p in got.json()["products"]]
        assert ids[0] == PRODUCT
        assert len(ids) == (3 if any(catalog is w for w in whole) else 2)


def _billing_catalog() -> list[dict[str, Any]]:
    def charge(id: str, name: str, kind: str, model: str, pricing: dict[str, Any]) -> Any:
        return {
            "id": id,
            "name": name,
            "type": kind,
            "model": model,
            "billingPeriod": "Month",
            "productRatePlanChargeNumber": name.upper().replace(" ", "-"),
            "pricing": [{"currency": "USD", **pricing}],
        }

    discount = charge(
        "d0000000000000000000000000000001", "Promo", "Recurring", "DiscountPercentage", {}
    )
    discount["applyDiscountTo"] = "RECURRING"
    discount["discountPercentage"] = None
    plan = {
        "id": PLAN,
        "name": "Metered",
        "productRatePlanNumber": "METERED",
        "productRatePlanCharges": [
            charge(CHARGE, "Base fee", "Recurring", "FlatFee", {"price": "20.00"}),
            charge(
                "u0000000000000000000000000000001", "Usage fee", "Usage", "FlatFee", {"price": "5"}
            ),
            discount,
        ],
    }
    return [{"products": [{"id": PRODUCT, "sku": "M", "name": "M", "productRatePlans": [plan]}]}]


def test_usage_flat_fee_and_a_0_percent_discount_do_not_break_billing(
    container: Container, client: TestClient, session: Session
) -> None:
    _import(container, session.tenant_id, _billing_catalog())
    promo = {  # integration code names the charge by its Zuora id
        "productRatePlanChargeId": "d0000000000000000000000000000001",
        "pricing": {"discount": {"discountPercentage": 25}},
    }
    amounts = []
    for overrides in (None, [promo]):
        response = order(
            client,
            session,
            {
                "orderDate": "2025-01-01",
                "newAccount": new_account(),
                "processingOptions": {"runBilling": True},
                "subscriptions": [
                    {"orderActions": [create_subscription("METERED", overrides=overrides)]}
                ],
            },
        )
        assert response.status_code == 200, response.text
        [number] = response.json()["invoiceNumbers"]
        invoice = client.get(f"/v1/invoices/{number}", headers=session.headers).json()
        amounts.append(invoice["amount"])
    # January in full: base 20; the usage fee is not rated (no usage); promo 0 % by default,
    # 25 % of 20 = 5 when the subscription sets it.
    assert amounts == [20, 15]
