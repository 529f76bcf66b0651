"""validate_charge: a valid charge of each model passes; each broken rule has its code."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from zorders.domain.catalog.enums import (
    BillCycleType,
    BillingPeriod,
    ChargeModel,
    ChargeType,
    EndDateCondition,
    ListPriceBase,
    PriceFormat,
    TriggerEvent,
    WeeklyBillCycleDay,
)
from zorders.domain.catalog.model import ChargeTier, ProductRatePlanCharge
from zorders.domain.catalog.rules import check_required, validate_charge
from zorders.domain.errors import DomainError, ErrorCode

D = Decimal
ACTIVE = ("USD", "EUR")


def tier(
    number: int = 1,
    price: str = "10.00",
    start: str | None = None,
    end: str | None = None,
    *,
    currency: str = "USD",
    flat: bool = False,
    overage: bool = False,
    percentage: str | None = None,
) -> ChargeTier:
    return ChargeTier(
        currency=currency,
        tier=number,
        price=D(price),
        price_format=PriceFormat.FLAT_FEE if flat else PriceFormat.PER_UNIT,
        starting_unit=None if start is None else D(start),
        ending_unit=None if end is None else D(end),
        is_overage_price=overage,
        discount_percentage=None if percentage is None else D(percentage),
    )


STEPS = (tier(1, "10.00", "1", "10"), tier(2, "8.00", "11", "50"), tier(3, "5.00", "51"))
WITH_OVERAGE = (
    tier(1, "1.00", "1", "100"),
    tier(2, "0.80", "101", "500"),
    tier(3, "0.50", overage=True),
)

VALID_TIERS = {
    ChargeModel.FLAT_FEE: (tier(1, "49.99"),),
    ChargeModel.PER_UNIT: (tier(1, "12.50"),),
    ChargeModel.TIERED: STEPS,
    ChargeModel.VOLUME: STEPS,
    ChargeModel.OVERAGE: (tier(1, "0.10", overage=True),),
    ChargeModel.TIERED_WITH_OVERAGE: WITH_OVERAGE,
    ChargeModel.DISCOUNT_FIXED_AMOUNT: (tier(1, "20.00"),),
    ChargeModel.DISCOUNT_PERCENTAGE: (tier(1, "0", percentage="15"),),
}
USAGE_MODELS = (ChargeModel.OVERAGE, ChargeModel.TIERED_WITH_OVERAGE)


def charge(
    model: ChargeModel = ChargeModel.PER_UNIT,
    tiers: tuple[ChargeTier, ...] | None = None,
    **changes: Any,
) -> ProductRatePlanCharge:
    """A valid charge of `model` (its usual type, a UOM when needed), then `changes`."""
    base = ProductRatePlanCharge(
        id="c" * 32,
        product_rate_plan_id="p" * 32,
        name=f"{model.value} charge",
        charge_type=ChargeType.USAGE if model in USAGE_MODELS else ChargeType.RECURRING,
        charge_model=model,
        tiers=VALID_TIERS[model] if tiers is None else tiers,
        uom="Each" if model.needs_uom else None,
    )
    return replace(base, **changes)


def refused(candidate: ProductRatePlanCharge, code: ErrorCode, field: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        validate_charge(candidate, ACTIVE)
    assert caught.value.code is code, caught.value
    assert caught.value.field == field, caught.value
    assert field in caught.value.message or field == "ProductRatePlanChargeTier", caught.value
    return caught.value


# -- valid charges -------------------------------------------------------------------------


@pytest.mark.parametrize("model", list(ChargeModel))
def test_a_valid_charge_of_each_model_passes(model: ChargeModel) -> None:
    validate_charge(charge(model), ACTIVE)


def test_a_charge_priced_in_several_active_currencies_passes() -> None:
    eur = tuple(replace(t, currency="EUR") for t in STEPS)
    validate_charge(charge(ChargeModel.TIERED, STEPS + eur), ACTIVE)


@pytest.mark.parametrize("model", [ChargeModel.TIERED, ChargeModel.VOLUME])
def test_tiers_may_start_at_zero_and_end_closed(model: ChargeModel) -> None:
    tiers = (tier(1, "25.00", "0", "10", flat=True), tier(2, "2.00", "11", "100"))
    validate_charge(charge(model, tiers), ACTIVE)


def test_a_flat_fee_charge_needs_no_uom() -> None:
    validate_charge(charge(ChargeModel.FLAT_FEE, uom=None), ACTIVE)


# -- currencies ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["usd", "XXX", "US"])
def test_tier_currency_must_be_iso_4217(code: str) -> None:
    refused(charge(tiers=(tier(currency=code),)), ErrorCode.INVALID_CURRENCY, "Currency")


def test_tier_currency_must_be_active_on_the_plan() -> None:
    error = refused(
        charge(tiers=(tier(currency="GBP"),)), ErrorCode.CURRENCY_NOT_ACTIVE, "Currency"
    )
    assert "GBP" in error.message


# -- tier rows -----------------------------------------------------------------------------


def test_a_charge_needs_tier_rows() -> None:
    refused(charge(tiers=()), ErrorCode.INVALID_TIERS, "ProductRatePlanChargeTier")


@pytest.mark.parametrize("numbers", [(1, 3), (1, 1), (2, 3), (0, 1)])
def test_tier_numbers_run_from_one_without_gaps(numbers: tuple[int, int]) -> None:
    first, second = numbers
    tiers = (tier(first, "10.00", "1", "10"), tier(second, "8.00", "11"))
    refused(charge(ChargeModel.TIERED, tiers), ErrorCode.INVALID_TIERS, "ProductRatePlanChargeTier")


@pytest.mark.parametrize(
    "model",
    [
        ChargeModel.FLAT_FEE,
        ChargeModel.PER_UNIT,
        ChargeModel.OVERAGE,
        ChargeModel.DISCOUNT_FIXED_AMOUNT,
        ChargeModel.DISCOUNT_PERCENTAGE,
    ],
)
def test_single_row_models_have_one_row_per_currency(model: ChargeModel) -> None:
    one = VALID_TIERS[model][0]
    two = (one, replace(one, tier=2))
    refused(charge(model, two), ErrorCode.INVALID_TIERS, "ProductRatePlanChargeTier")


def test_one_row_in_each_of_two_currencies_is_fine() -> None:
    rows = (tier(1, "12.50"), tier(1, "11.00", currency="EUR"))
    validate_charge(charge(ChargeModel.PER_UNIT, rows), ACTIVE)


def test_overage_included_units_are_not_negative() -> None:
    validate_charge(charge(ChargeModel.OVERAGE, included_units=D(0)), ACTIVE)
    refused(
        charge(ChargeModel.OVERAGE, included_units=D(-1)),
        ErrorCode.INVALID_QUANTITY,
        "IncludedUnits",
    )


RANGED = [ChargeModel.TIERED, ChargeModel.VOLUME]


@pytest.mark.parametrize("model", RANGED)
@pytest.mark.parametrize("start", ["2", "0.5", "-1"])
def test_first_tier_starts_at_zero_or_one(model: ChargeModel, start: str) -> None:
    tiers = (tier(1, "10.00", start, "10"), tier(2, "8.00", "11"))
    refused(charge(model, tiers), ErrorCode.INVALID_TIERS, "StartingUnit")


@pytest.mark.parametrize("model", RANGED)
def test_starting_unit_is_required(model: ChargeModel) -> None:
    tiers = (tier(1, "10.00", "1", "10"), tier(2, "8.00", None))
    refused(charge(model, tiers), ErrorCode.INVALID_TIERS, "StartingUnit")


@pytest.mark.parametrize("model", RANGED)
def test_a_gap_between_tiers_is_refused(model: ChargeModel) -> None:
    tiers = (tier(1, "10.00", "1", "10"), tier(2, "8.00", "12"))
    error = refused(charge(model, tiers), ErrorCode.INVALID_TIERS, "StartingUnit")
    assert "gap between tier 1" in error.message
    assert "and tier 2" in error.message


@pytest.mark.parametrize("model", RANGED)
def test_overlapping_tiers_are_refused(model: ChargeModel) -> None:
    tiers = (tier(1, "10.00", "1", "10"), tier(2, "8.00", "10", "50"), tier(3, "5.00", "51"))
    error = refused(charge(model, tiers), ErrorCode.INVALID_TIERS, "StartingUnit")
    assert "overlap between tier 1" in error.message


@pytest.mark.parametrize("model", RANGED)
def test_ending_unit_is_not_below_starting_unit(model: ChargeModel) -> None:
    tiers = (tier(1, "10.00", "1", "0"),)
    refused(charge(model, tiers), ErrorCode.INVALID_TIERS, "EndingUnit")


@pytest.mark.parametrize("model", RANGED)
def test_only_the_last_tier_is_open(model: ChargeModel) -> None:
    tiers = (tier(1, "10.00", "1", None), tier(2, "8.00", "11"))
    error = refused(charge(model, tiers), ErrorCode.INVALID_TIERS, "EndingUnit")
    assert "tier 1" in error.message


@pytest.mark.parametrize("model", RANGED)
def test_tiered_and_volume_have_no_overage_row(model: ChargeModel) -> None:
    tiers = (*STEPS, tier(4, "1.00", overage=True))
    refused(charge(model, tiers), ErrorCode.INVALID_TIERS, "IsOveragePrice")


def test_tiered_with_overage_follows_the_range_rules() -> None:
    tiers = (
        tier(1, "1.00", "1", "100"),
        tier(2, "0.80", "102", "500"),
        tier(3, "0.50", overage=True),
    )
    error = refused(
        charge(ChargeModel.TIERED_WITH_OVERAGE, tiers), ErrorCode.INVALID_TIERS, "StartingUnit"
    )
    assert "gap" in error.message


def test_tiered_with_overage_closes_its_last_tier() -> None:
    tiers = (tier(1, "1.00", "1", "100"), tier(2, "0.80", "101"), tier(3, "0.50", overage=True))
    refused(charge(ChargeModel.TIERED_WITH_OVERAGE, tiers), ErrorCode.INVALID_TIERS, "EndingUnit")


@pytest.mark.parametrize(
    "overage_rows",
    [
        (),
        (tier(3, "0.50", overage=True), tier(4, "0.40", overage=True)),
    ],
)
def test_tiered_with_overage_has_exactly_one_overage_row(
    overage_rows: tuple[ChargeTier, ...],
) -> None:
    tiers = (tier(1, "1.00", "1", "100"), tier(2, "0.80", "101", "500"), *overage_rows)
    refused(
        charge(ChargeModel.TIERED_WITH_OVERAGE, tiers), ErrorCode.INVALID_TIERS, "IsOveragePrice"
    )


def test_tiered_with_overage_needs_a_tier_besides_the_overage_row() -> None:
    refused(
        charge(ChargeModel.TIERED_WITH_OVERAGE, (tier(1, "0.50", overage=True),)),
        ErrorCode.INVALID_TIERS,
        "ProductRatePlanChargeTier",
    )


# -- prices --------------------------------------------------------------------------------


def test_prices_are_not_negative() -> None:
    validate_charge(charge(tiers=(tier(1, "0"),)), ACTIVE)
    refused(charge(tiers=(tier(1, "-0.01"),)), ErrorCode.INVALID_PRICE, "Price")


def test_a_tier_price_is_not_negative() -> None:
    tiers = (tier(1, "10.00", "1", "10"), tier(2, "-8.00", "11"))
    refused(charge(ChargeModel.TIERED, tiers), ErrorCode.INVALID_PRICE, "Price")


def test_a_fixed_discount_is_not_negative() -> None:
    refused(
        charge(ChargeModel.DISCOUNT_FIXED_AMOUNT, (tier(1, "-5.00"),)),
        ErrorCode.INVALID_PRICE,
        "DiscountAmount",
    )


@pytest.mark.parametrize("percentage", ["0", "0.01", "50", "100"])
def test_a_discount_percentage_in_range_passes(percentage: str) -> None:
    rows = (tier(1, "0", percentage=percentage),)
    validate_charge(charge(ChargeModel.DISCOUNT_PERCENTAGE, rows), ACTIVE)


@pytest.mark.parametrize("percentage", [None, "-5", "100.01"])
def test_a_discount_percentage_is_0_to_100(percentage: str | None) -> None:
    refused(
        charge(ChargeModel.DISCOUNT_PERCENTAGE, (tier(1, "0", percentage=percentage),)),
        ErrorCode.INVALID_PRICE,
        "DiscountPercentage",
    )


# -- unit of measure -----------------------------------------------------------------------


@pytest.mark.parametrize("model", [m for m in ChargeModel if m.needs_uom])
@pytest.mark.parametrize("uom", [None, "", "  "])
def test_quantity_priced_models_need_a_uom(model: ChargeModel, uom: str | None) -> None:
    refused(charge(model, uom=uom), ErrorCode.UOM_REQUIRED, "UOM")


# -- quantities ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "attribute"),
    [
        ("DefaultQuantity", "default_quantity"),
        ("MinQuantity", "min_quantity"),
        ("MaxQuantity", "max_quantity"),
    ],
)
def test_quantities_are_not_negative(name: str, attribute: str) -> None:
    zero: dict[str, Any] = {attribute: D(0)}
    negative: dict[str, Any] = {attribute: D("-1")}
    validate_charge(charge(**zero), ACTIVE)
    refused(charge(**negative), ErrorCode.INVALID_QUANTITY, name)


def test_min_quantity_is_not_above_max_quantity() -> None:
    validate_charge(charge(min_quantity=D(5), max_quantity=D(5)), ACTIVE)
    refused(
        charge(min_quantity=D(10), max_quantity=D(5)), ErrorCode.INVALID_QUANTITY, "MinQuantity"
    )


@pytest.mark.parametrize(
    ("default", "low", "high", "ok"),
    [
        ("5", "1", "10", True),
        ("1", "1", "10", True),
        ("10", "1", "10", True),
        ("3", None, "10", True),
        ("0.5", "1", "10", False),
        ("11", "1", "10", False),
        ("0", "1", None, False),
        ("12", None, "10", False),
    ],
)
def test_default_quantity_is_within_min_and_max(
    default: str, low: str | None, high: str | None, ok: bool
) -> None:
    candidate = charge(
        default_quantity=D(default),
        min_quantity=None if low is None else D(low),
        max_quantity=None if high is None else D(high),
    )
    if ok:
        validate_charge(candidate, ACTIVE)
    else:
        refused(candidate, ErrorCode.INVALID_QUANTITY, "DefaultQuantity")


# -- charge settings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", [ChargeModel.DISCOUNT_FIXED_AMOUNT, ChargeModel.DISCOUNT_PERCENTAGE]
)
def test_discounts_are_one_time_or_recurring(model: ChargeModel) -> None:
    validate_charge(charge(model, charge_type=ChargeType.ONE_TIME), ACTIVE)
    refused(
        charge(model, charge_type=ChargeType.USAGE), ErrorCode.INVALID_CHARGE_SETTING, "ChargeType"
    )


def test_usage_charges_may_be_flat_fee() -> None:
    """Zuora rates a FlatFee usage charge at one price whatever the usage (decisions.md CI3)."""
    validate_charge(charge(ChargeModel.FLAT_FEE, charge_type=ChargeType.USAGE), ACTIVE)


@pytest.mark.parametrize(
    "period",
    [BillingPeriod.SPECIFIC_MONTHS, BillingPeriod.SPECIFIC_WEEKS, BillingPeriod.SPECIFIC_DAYS],
)
def test_specific_billing_periods_need_their_length(period: BillingPeriod) -> None:
    validate_charge(charge(billing_period=period, specific_billing_period=1), ACTIVE)
    for length in (None, 0):
        refused(
            charge(billing_period=period, specific_billing_period=length),
            ErrorCode.INVALID_CHARGE_SETTING,
            "SpecificBillingPeriod",
        )


def test_per_specific_months_list_price_base_is_1_to_200() -> None:
    base = ListPriceBase.PER_SPECIFIC_MONTHS
    for months in (1, 200):
        validate_charge(charge(list_price_base=base, specific_list_price_base=months), ACTIVE)
    for bad in (None, 0, 201):
        refused(
            charge(list_price_base=base, specific_list_price_base=bad),
            ErrorCode.INVALID_CHARGE_SETTING,
            "SpecificListPriceBase",
        )


def test_specific_day_of_month_needs_a_bill_cycle_day_1_to_31() -> None:
    kind = BillCycleType.SPECIFIC_DAY_OF_MONTH
    for day in (1, 31):
        validate_charge(charge(bill_cycle_type=kind, bill_cycle_day=day), ACTIVE)
    for bad in (None, 0, 32):
        refused(
            charge(bill_cycle_type=kind, bill_cycle_day=bad),
            ErrorCode.INVALID_CHARGE_SETTING,
            "BillCycleDay",
        )


def test_specific_day_of_week_needs_a_weekday() -> None:
    kind = BillCycleType.SPECIFIC_DAY_OF_WEEK
    day = WeeklyBillCycleDay.MONDAY
    validate_charge(charge(bill_cycle_type=kind, weekly_bill_cycle_day=day), ACTIVE)
    refused(charge(bill_cycle_type=kind), ErrorCode.INVALID_CHARGE_SETTING, "WeeklyBillCycleDay")


def test_fixed_period_needs_up_to_periods() -> None:
    fixed = EndDateCondition.FIXED_PERIOD
    validate_charge(charge(end_date_condition=fixed, up_to_periods=1), ACTIVE)
    for periods in (None, 0):
        refused(
            charge(end_date_condition=fixed, up_to_periods=periods),
            ErrorCode.INVALID_CHARGE_SETTING,
            "UpToPeriods",
        )


# -- required fields by charge type (issue 8, decision R6) ---------------------------------

NEW_ONE_TIME: dict[str, Any] = {
    "product_rate_plan_id": "p" * 32,
    "name": "Setup fee",
    "charge_type": ChargeType.ONE_TIME,
    "charge_model": ChargeModel.FLAT_FEE,
    "trigger_event": TriggerEvent.CONTRACT_EFFECTIVE,
    "tiers": (tier(),),
}


def test_a_one_time_charge_needs_no_billing_period_settings() -> None:
    check_required(NEW_ONE_TIME)
    check_required({**NEW_ONE_TIME, "billing_period": None, "bill_cycle_type": None})


@pytest.mark.parametrize("kind", [ChargeType.RECURRING, ChargeType.USAGE])
@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({}, "BillCycleType"),
        ({"bill_cycle_type": BillCycleType.DEFAULT_FROM_CUSTOMER}, "BillingPeriod"),
        ({"billing_period": BillingPeriod.MONTH}, "BillCycleType"),
    ],
)
def test_periodic_charges_need_bill_cycle_type_and_billing_period(
    kind: ChargeType, given: dict[str, Any], missing: str
) -> None:
    with pytest.raises(DomainError) as caught:
        check_required({**NEW_ONE_TIME, "charge_type": kind, **given})
    assert (caught.value.code, caught.value.field) == (ErrorCode.MISSING_FIELD, missing)
    assert caught.value.message == (
        f"'{missing}' may not be null (required for {kind.value} charges)"
    )
    check_required(
        {
            **NEW_ONE_TIME,
            "charge_type": kind,
            "bill_cycle_type": BillCycleType.DEFAULT_FROM_CUSTOMER,
            "billing_period": BillingPeriod.MONTH,
        }
    )


@pytest.mark.parametrize(
    "missing",
    ["ProductRatePlanId", "Name", "ChargeType", "ChargeModel", "TriggerEvent",
     "ProductRatePlanChargeTierData"],
)  # fmt: skip
def test_every_charge_needs_the_common_fields(missing: str) -> None:
    names = {
        "ProductRatePlanId": "product_rate_plan_id",
        "Name": "name",
        "ChargeType": "charge_type",
        "ChargeModel": "charge_model",
        "TriggerEvent": "trigger_event",
        "ProductRatePlanChargeTierData": "tiers",
    }
    with pytest.raises(DomainError) as caught:
        check_required({**NEW_ONE_TIME, names[missing]: None})
    assert (caught.value.code, caught.value.field) == (ErrorCode.MISSING_FIELD, missing)
    assert caught.value.message == f"'{missing}' may not be null"


def test_billing_period_settings_are_not_checked_on_one_time_charges() -> None:
    """They do not apply to a OneTime charge; on a recurring charge they must agree."""
    odd = {
        "billing_period": BillingPeriod.SPECIFIC_MONTHS,  # no SpecificBillingPeriod
        "bill_cycle_type": BillCycleType.SPECIFIC_DAY_OF_MONTH,  # no BillCycleDay
    }
    validate_charge(charge(ChargeModel.FLAT_FEE, charge_type=ChargeType.ONE_TIME, **odd), ACTIVE)
    refused(charge(ChargeModel.FLAT_FEE, **odd), ErrorCode.INVALID_CHARGE_SETTING,
            "SpecificBillingPeriod")  # fmt: skip
