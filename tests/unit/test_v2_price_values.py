"""A v2 price body -> the v1 charge values the catalog service takes (no HTTP, no
database): the translator alone, against a plan value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zorders.api.v2.catalog_bodies import PriceBody
from zorders.api.v2.catalog_prices import price_values
from zorders.api.v2.errors import V2Error
from zorders.domain.catalog.enums import (
    BillCycleType,
    BillingPeriod,
    BillingPeriodAlignment,
    BillingTiming,
    ChargeModel,
    ChargeType,
    PriceFormat,
    TriggerEvent,
)
from zorders.domain.catalog.model import ChargeTier, ProductRatePlan, ProductRatePlanCharge

PLAN = ProductRatePlan(id="p1", product_id="prod", name="Basic", active_currencies=("USD", "EUR"))


def test_a_quarterly_per_unit_price() -> None:
    body = PriceBody.model_validate(
        {
            "name": "Seats",
            "plan_id": "p1",
            "recurring": {"interval": "month", "interval_count": 3, "on": "_15",
                          "timing": "in_arrears", "alignment_behavior": "term_start"},
            "unit_amounts": {"usd": Decimal("12.50")},
            "unit_of_measure": "Seat",
        }
    )  # fmt: skip
    values = price_values(body, PLAN, None)
    assert values["product_rate_plan_id"] == "p1"
    assert (values["charge_type"], values["charge_model"]) == (
        ChargeType.RECURRING,
        ChargeModel.PER_UNIT,
    )
    assert (values["billing_period"], values["specific_billing_period"]) == (
        BillingPeriod.QUARTER,
        None,
    )
    assert (values["bill_cycle_type"], values["bill_cycle_day"]) == (
        BillCycleType.SPECIFIC_DAY_OF_MONTH,
        15,
    )
    assert values["billing_timing"] is BillingTiming.IN_ARREARS
    assert values["billing_period_alignment"] is BillingPeriodAlignment.ALIGN_TO_TERM_START
    assert values["trigger_event"] is TriggerEvent.CONTRACT_EFFECTIVE
    assert values["tiers"] == (
        ChargeTier(
            currency="USD", tier=1, price=Decimal("12.50"), price_format=PriceFormat.PER_UNIT
        ),
    )
    assert (values["uom"], values["default_quantity"]) == ("Seat", Decimal(1))


def test_a_patch_changes_only_what_it_sends() -> None:
    body = PriceBody.model_validate({"name": "Agents"})
    assert price_values(body, PLAN, current=_current()) == {"name": "Agents"}


def test_two_money_maps_are_exclusive() -> None:
    body = PriceBody.model_validate(
        {"name": "X", "plan_id": "p1", "amounts": {"USD": 1}, "discount_percent": 5}
    )
    with pytest.raises(V2Error) as raised:
        price_values(body, PLAN, None)
    problem = raised.value.answer.problem
    assert problem is not None
    assert (problem.code, problem.parameter) == ("parameters_exclusive", "discount_percent")


def _current() -> ProductRatePlanCharge:
    return ProductRatePlanCharge(
        id="c1",
        product_rate_plan_id="p1",
        name="Seats",
        charge_type=ChargeType.ONE_TIME,
        charge_model=ChargeModel.FLAT_FEE,
        tiers=(ChargeTier(currency="USD", tier=1, price=Decimal(5)),),
    )
