"""`/v2/prices`: money maps, recurring / one-time, tiers, and the v1 charge each one is
(read back through `/v1/object/product-rate-plan-charge`), and the reverse."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session
from tests.support import catalog as v1
from tests.support import v2_catalog as v2


@pytest.fixture
def plan_id(client: TestClient, session: Session) -> str:
    product = v2.product(client, session)
    plan_number: str = v2.plan(client, session, product["id"], plan_number="PLN-1")["id"]
    return plan_number


def crud(client: TestClient, session: Session, charge_id: str) -> Any:
    response = client.get(
        f"/v1/object/product-rate-plan-charge/{charge_id}", headers=session.headers
    )
    assert response.status_code == 200
    return v2.body(response)


def crud_plan(client: TestClient, session: Session, plan_id: str) -> Any:
    return client.get(f"/v1/object/product-rate-plan/{plan_id}", headers=session.headers).json()


def tier_rows(charge: Any) -> list[tuple[Any, ...]]:
    rows = charge["ProductRatePlanChargeTierData"]["ProductRatePlanChargeTier"]
    return [
        (
            r["Currency"],
            r["Tier"],
            r["Price"],
            r["PriceFormat"],
            r.get("StartingUnit"),
            r.get("EndingUnit"),
            r["IsOveragePrice"],
        )
        for r in rows
    ]


def test_recurring_per_unit_price(client: TestClient, session: Session, plan_id: str) -> None:
    created = v2.price(
        client,
        session,
        plan_id,
        description="Per seat",
        recurring={
            "interval": "month",
            "interval_count": 1,
            "on": "_1",
            "timing": "in_advance",
            "alignment_behavior": "subscription_start",
        },
        custom_fields={"Family__c": "seats"},
    )
    assert created["name"] == "Seats"
    assert created["plan_id"] == plan_id
    assert created["product_id"] == crud_plan(client, session, plan_id)["ProductId"]
    assert (created["charge_type"], created["charge_model"]) == ("recurring", "per_unit")
    assert created["recurring"] == {
        "interval": "month",
        "interval_count": 1,
        "on": "_1",
        "alignment_behavior": "subscription_start",
        "timing": "in_advance",
        "usage": False,
        "duration_interval": None,
        "duration_interval_count": None,
    }
    assert created["unit_amounts"] == {"EUR": Decimal("11"), "USD": Decimal("12.5")}
    assert created["amounts"] is None
    assert (created["unit_of_measure"], created["quantity"]) == ("Seat", 3)
    assert (created["start_event"], created["price_base_interval"]) == (
        "contract_effective",
        "billing_period",
    )
    assert created["custom_fields"] == {"Family__c": "seats"}
    charge = crud(client, session, created["id"])
    assert charge["ProductRatePlanId"] == plan_id
    assert (charge["ChargeType"], charge["ChargeModel"]) == ("Recurring", "Per Unit Pricing")
    assert (charge["BillingPeriod"], charge["BillCycleType"], charge["BillCycleDay"]) == (
        "Month",
        "SpecificDayofMonth",
        1,
    )
    assert charge["BillingTiming"] == "In Advance"
    assert charge["BillingPeriodAlignment"] == "AlignToSubscriptionStart"
    assert charge["TriggerEvent"] == "ContractEffective"
    assert (charge["UOM"], charge["DefaultQuantity"]) == ("Seat", 3)
    assert charge["Family__c"] == "seats"
    assert sorted((r[0], r[2], r[3]) for r in tier_rows(charge)) == [
        ("EUR", 11, "Per Unit"),
        ("USD", Decimal("12.5"), "Per Unit"),
    ]
    assert v2.body(client.get(f"/v2/prices/{created['id']}", headers=session.headers)) == created


def test_one_time_flat_fee(client: TestClient, session: Session, plan_id: str) -> None:
    created = v2.create(
        client,
        session,
        "/v2/prices",
        {
            "name": "Setup",
            "plan_number": "PLN-1",
            "amounts": {"USD": 99.99},
            "start_event": "service_activation",
        },
    )
    assert created["recurring"] is None
    assert (created["charge_type"], created["charge_model"]) == ("one_time", "flat_fee")
    assert created["amounts"] == {"USD": Decimal("99.99")}
    assert created["start_event"] == "service_activation"
    charge = crud(client, session, created["id"])
    assert (charge["ChargeType"], charge["ChargeModel"]) == ("OneTime", "Flat Fee Pricing")
    assert charge["TriggerEvent"] == "ServiceActivation"
    assert tier_rows(charge) == [("USD", 1, Decimal("99.99"), "Flat Fee", None, None, False)]


@pytest.mark.parametrize(
    ("interval", "count", "period", "specific", "read_back"),
    [
        ("month", 1, "Month", None, ("month", 1)),
        ("month", 3, "Quarter", None, ("month", 3)),
        ("month", 6, "Semi-Annual", None, ("month", 6)),
        ("month", 12, "Annual", None, ("year", 1)),
        ("year", 1, "Annual", None, ("year", 1)),
        ("year", 2, "Two Years", None, ("year", 2)),
        ("month", 2, "Specific Months", 2, ("month", 2)),
        ("year", 4, "Specific Months", 48, ("year", 4)),
        ("week", 1, "Week", None, ("week", 1)),
        ("week", 2, "Specific Weeks", 2, ("week", 2)),
        ("day", 10, "Specific Days", 10, ("day", 10)),
        ("term", 1, "Subscription Term", None, ("term", 1)),
    ],
)
def test_intervals_are_billing_periods(
    client: TestClient,
    session: Session,
    plan_id: str,
    interval: str,
    count: int,
    period: str,
    specific: int | None,
    read_back: tuple[str, int],
) -> None:
    created = v2.price(
        client, session, plan_id, recurring={"interval": interval, "interval_count": count}
    )
    charge = crud(client, session, created["id"])
    assert (charge["BillingPeriod"], charge.get("SpecificBillingPeriod")) == (period, specific)
    got = created["recurring"]
    assert (got["interval"], got["interval_count"]) == read_back


def test_graduated_and_volume_tiers(client: TestClient, session: Session, plan_id: str) -> None:
    graduated = v2.price(
        client,
        session,
        plan_id,
        unit_amounts=None,
        tiers_mode="graduated",
        tiers=[
            {"up_to": 10, "unit_amounts": {"USD": 5, "EUR": 4.5}},
            {"unit_amounts": {"USD": 4, "EUR": 3.5}},
        ],
    )
    assert graduated["charge_model"] == "tiered"
    assert graduated["tiers_mode"] == "graduated"
    assert graduated["tiers"] == [
        {"up_to": 10, "unit_amounts": {"EUR": Decimal("4.5"), "USD": 5}},
        {"up_to": None, "unit_amounts": {"EUR": Decimal("3.5"), "USD": 4}},
    ]
    assert tier_rows(crud(client, session, graduated["id"])) == [
        ("EUR", 1, Decimal("4.5"), "Per Unit", 0, 10, False),
        ("EUR", 2, Decimal("3.5"), "Per Unit", 11, None, False),
        ("USD", 1, 5, "Per Unit", 0, 10, False),
        ("USD", 2, 4, "Per Unit", 11, None, False),
    ]
    volume = v2.price(
        client,
        session,
        plan_id,
        unit_amounts=None,
        tiers_mode="volume",
        tiers=[{"up_to": 5, "amounts": {"USD": 50}}, {"up_to": 20, "unit_amounts": {"USD": 9}}],
    )
    charge = crud(client, session, volume["id"])
    assert charge["ChargeModel"] == "Volume Pricing"
    assert tier_rows(charge) == [
        ("USD", 1, 50, "Flat Fee", 0, 5, False),
        ("USD", 2, 9, "Per Unit", 6, 20, False),
    ]
    assert volume["tiers"] == [
        {"up_to": 5, "amounts": {"USD": 50}},
        {"up_to": 20, "unit_amounts": {"USD": 9}},
    ]


def test_graduated_with_overage(client: TestClient, session: Session, plan_id: str) -> None:
    created = v2.price(
        client,
        session,
        plan_id,
        unit_amounts=None,
        tiers_mode="graduated_with_overage",
        tiers=[{"up_to": 100, "unit_amounts": {"USD": 1}}, {"unit_amounts": {"USD": 2}}],
    )
    assert created["charge_model"] == "tiered_with_overage"
    rows = tier_rows(crud(client, session, created["id"]))
    assert rows == [
        ("USD", 1, 1, "Per Unit", 0, 100, False),
        ("USD", 2, 2, "Per Unit", None, None, True),
    ]
    assert created["tiers"] == [
        {"up_to": 100, "unit_amounts": {"USD": 1}},
        {"up_to": None, "unit_amounts": {"USD": 2}},
    ]


def test_discounts(client: TestClient, session: Session, plan_id: str) -> None:
    percent = v2.price(
        client,
        session,
        plan_id,
        unit_amounts=None,
        unit_of_measure=None,
        quantity=None,
        discount_percent=15,
        apply_discount_to=["recurring", "one_time"],
        discount_level="plan",
    )
    assert (percent["charge_model"], percent["discount_percent"]) == ("discount_percentage", 15)
    assert percent["apply_discount_to"] == ["one_time", "recurring"]
    assert percent["discount_level"] == "plan"
    charge = crud(client, session, percent["id"])
    assert charge["ChargeModel"] == "Discount-Percentage"
    assert (charge["ApplyDiscountTo"], charge["DiscountLevel"]) == ("ONETIMERECURRING", "rateplan")
    assert sorted(
        (r["Currency"], r["DiscountPercentage"])
        for r in charge["ProductRatePlanChargeTierData"]["ProductRatePlanChargeTier"]
    ) == [("EUR", 15), ("USD", 15)]
    fixed = v2.price(
        client,
        session,
        plan_id,
        unit_amounts=None,
        unit_of_measure=None,
        quantity=None,
        discount_amounts={"USD": 5},
    )
    assert (fixed["charge_model"], fixed["discount_amounts"]) == (
        "discount_fixed_amount",
        {"USD": 5},
    )
    assert crud(client, session, fixed["id"])["ChargeModel"] == "Discount-Fixed Amount"


def test_usage_price(client: TestClient, session: Session, plan_id: str) -> None:
    created = v2.price(
        client,
        session,
        plan_id,
        quantity=None,
        unit_of_measure="GB",
        recurring={"interval": "month", "usage": True, "timing": "in_arrears"},
        unit_amounts={"USD": 0.25},
    )
    assert created["charge_type"] == "usage"
    assert created["recurring"]["usage"] is True
    charge = crud(client, session, created["id"])
    assert (charge["ChargeType"], charge["UOM"], charge["BillingTiming"]) == (
        "Usage",
        "GB",
        "In Arrears",
    )


def test_overage_price(client: TestClient, session: Session, plan_id: str) -> None:
    created = v2.price(client, session, plan_id, quantity=None, unit_of_measure="Call",
                       recurring={"interval": "month", "usage": True},
                       unit_amounts={"USD": 0.05}, overage={"included_units": 1000})  # fmt: skip
    assert (created["charge_type"], created["charge_model"]) == ("usage", "overage")
    assert created["overage"] == {"included_units": 1000}
    assert created["unit_amounts"] == {"USD": Decimal("0.05")}
    charge = crud(client, session, created["id"])
    assert (charge["ChargeModel"], charge["IncludedUnits"]) == ("Overage Pricing", 1000)
    assert tier_rows(charge)[0][:3] == ("USD", 1, Decimal("0.05"))
    plain = v2.price(client, session, plan_id)
    assert plain["overage"] is None


def test_fixed_duration_and_weekday(client: TestClient, session: Session, plan_id: str) -> None:
    created = v2.price(
        client,
        session,
        plan_id,
        price_base_interval="month",
        recurring={
            "interval": "week",
            "on": "monday",
            "duration_interval": "month",
            "duration_interval_count": 6,
        },
    )
    recurring = created["recurring"]
    assert (
        recurring["on"],
        recurring["duration_interval"],
        recurring["duration_interval_count"],
    ) == ("monday", "month", 6)
    charge = crud(client, session, created["id"])
    assert (charge["BillCycleType"], charge["WeeklyBillCycleDay"]) == (
        "SpecificDayofWeek",
        "Monday",
    )
    assert (charge["EndDateCondition"], charge["UpToPeriods"], charge["UpToPeriodsType"]) == (
        "FixedPeriod",
        6,
        "Months",
    )
    assert charge["ListPriceBase"] == "Per Month"
    assert created["price_base_interval"] == "month"


def test_v1_charge_reads_as_a_v2_price(client: TestClient, session: Session) -> None:
    product_id = v1.product(client, session)
    v1_plan = v1.plan(client, session, product_id)
    charge_id = v1.charge(
        client,
        session,
        v1_plan,
        BillingPeriod="Quarter",
        BillingTiming="In Arrears",
        BillCycleType="TermStartDay",
    )
    price = v2.body(client.get(f"/v2/prices/{charge_id}", headers=session.headers))
    assert (price["charge_type"], price["charge_model"]) == ("recurring", "per_unit")
    assert price["recurring"]["interval"] == "month"
    assert price["recurring"]["interval_count"] == 3
    assert price["recurring"]["timing"] == "in_arrears"
    assert price["recurring"]["on"] == "term_start_day"
    assert price["unit_amounts"] == {"EUR": 11, "USD": Decimal("12.5")}
    assert (price["unit_of_measure"], price["quantity"]) == ("Seat", 3)


def test_patch_and_delete_a_price(client: TestClient, session: Session, plan_id: str) -> None:
    created = v2.price(client, session, plan_id)
    patched = client.patch(
        f"/v2/prices/{created['id']}",
        headers=session.headers,
        json={"name": "Agents", "unit_amounts": {"USD": 15}},
    )
    assert patched.status_code == 200, patched.text
    after = v2.body(patched)
    assert (after["name"], after["unit_amounts"]) == ("Agents", {"USD": 15})
    assert after["recurring"] == created["recurring"]
    assert tier_rows(crud(client, session, created["id"]))[0][:3] == ("USD", 1, 15)
    to_annual = client.patch(
        f"/v2/prices/{created['id']}",
        headers=session.headers,
        json={"recurring": {"interval": "year"}},
    )
    assert v2.body(to_annual)["recurring"]["interval"] == "year"
    assert crud(client, session, created["id"])["BillingPeriod"] == "Annual"
    assert client.delete(f"/v2/prices/{created['id']}", headers=session.headers).status_code == 204
    gone = v2.error(client.get(f"/v2/prices/{created['id']}", headers=session.headers), 404)
    assert (gone["code"], gone["parameter"]) == ("resource_not_found", "price_id")


def test_price_list_filters(client: TestClient, session: Session, plan_id: str) -> None:
    seats = v2.price(client, session, plan_id)
    setup = v2.price(
        client,
        session,
        plan_id,
        name="Setup",
        recurring=None,
        unit_amounts=None,
        unit_of_measure=None,
        quantity=None,
        amounts={"USD": 10},
    )
    listed = v2.body(
        client.get("/v2/prices?filter[]=charge_type.EQ:one_time", headers=session.headers)
    )
    product_id = crud_plan(client, session, plan_id)["ProductId"]
    mine = v2.body(
        client.get(f"/v2/prices?filter[]=product_id.EQ:{product_id}", headers=session.headers)
    )
    assert len(mine["data"]) == 2
    assert [p["id"] for p in listed["data"]] == [setup["id"]]
    everything = v2.body(
        client.get("/v2/prices?sort[]=name.desc&fields[]=name", headers=session.headers)
    )
    assert everything["data"] == [
        {"id": setup["id"], "name": "Setup"},
        {"id": seats["id"], "name": "Seats"},
    ]


BAD_PRICES: list[tuple[dict[str, Any], str, str]] = [
    ({"plan_id": "nope"}, "resource_not_found", "plan_id"),
    ({"plan_id": None, "plan_number": "NOPE"}, "resource_not_found", "plan_number"),
    ({"plan_id": None}, "missing_parameter", "plan_id"),
    ({"name": None}, "missing_parameter", "name"),
    ({"unit_of_measure": None}, "missing_parameter", "unit_of_measure"),
    ({"amounts": {"USD": 1}}, "parameters_exclusive", "unit_amounts"),
    ({"unit_amounts": None}, "missing_parameter", "amounts"),
    ({"unit_amounts": {"GBP": 1}}, "invalid_parameter", "unit_amounts.GBP"),
    ({"unit_amounts": {"USD": -1}}, "invalid_parameter", "unit_amounts.USD"),
    ({"unit_amounts": {}}, "missing_parameter", "unit_amounts"),
    ({"recurring": {"interval": "fortnight"}}, "invalid_parameter", "recurring.interval"),
    ({"recurring": {"interval_count": 2}}, "missing_parameter", "recurring.interval"),
    ({"recurring": {"interval": "month", "on": "_32"}}, "invalid_parameter", "recurring.on"),
    (
        {"recurring": {"interval": "month", "timing": "later"}},
        "invalid_parameter",
        "recurring.timing",
    ),
    ({"start_event": "specific_date"}, "invalid_parameter", "start_event"),
    (
        {
            "unit_amounts": None,
            "tiers_mode": "high_watermark_volume",
            "tiers": [{"unit_amounts": {"USD": 1}}],
        },
        "invalid_parameter",
        "tiers_mode",
    ),
    (
        {"unit_amounts": None, "tiers": [{"unit_amounts": {"USD": 1}}]},
        "missing_parameter",
        "tiers_mode",
    ),
    (
        {
            "unit_amounts": None,
            "tiers_mode": "graduated",
            "tiers": [{"unit_amounts": {"USD": 1}}, {"up_to": 5, "unit_amounts": {"USD": 1}}],
        },
        "missing_parameter",
        "tiers[0].up_to",
    ),
    ({"tax_inclusive": True}, "invalid_parameter", "tax_inclusive"),
    (
        {"unit_amounts": None, "amounts": {"USD": 1}, "overage": {"included_units": 5}},
        "invalid_parameter",
        "overage",
    ),
    ({"overage": {"included_units": 5, "type": "rollover"}}, "invalid_parameter", "overage.type"),
    ({"colour": "red"}, "unknown_parameter", "colour"),
    ({"recurring": {"interval": "month", "meter": "x"}}, "unknown_parameter", "recurring.meter"),
    ({"quantity": -1}, "invalid_parameter", "quantity"),
]


@pytest.mark.parametrize(("change", "code", "parameter"), BAD_PRICES)
def test_bad_price_bodies_change_nothing(
    client: TestClient,
    session: Session,
    plan_id: str,
    change: dict[str, Any],
    code: str,
    parameter: str,
) -> None:
    payload = {
        "name": "Seats",
        "plan_id": plan_id,
        "recurring": {"interval": "month"},
        "unit_amounts": {"USD": 12.5},
        "unit_of_measure": "Seat",
        **change,
    }
    problem = v2.error(client.post("/v2/prices", headers=session.headers, json=payload), 400)
    assert problem["type"] == "bad_request"
    assert (problem["code"], problem["parameter"]) == (code, parameter)
    assert v2.body(client.get("/v2/prices", headers=session.headers))["data"] == []
