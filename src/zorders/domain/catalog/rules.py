"""Whether a product rate plan charge can be priced and billed (spec §13.2).

`validate_charge` raises the first problem it finds as a DomainError whose message and
`field` use the CRUD API's words (`ProductRatePlanChargeTier`, `UOM`, `DefaultQuantity`),
since that is the API catalogs are written through. What it accepts, `pricing` can price
(for quantities within the tiers). `check_required` says what a new charge must be given,
by charge type: the CRUD create and the catalog file loader both go through it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import NoReturn

from zorders.domain.catalog.enums import (
    BillCycleType,
    ChargeModel,
    ChargeType,
    EndDateCondition,
    ListPriceBase,
)
from zorders.domain.catalog.model import ChargeTier, ProductRatePlanCharge
from zorders.domain.currency import validate_currency
from zorders.domain.errors import DomainError, ErrorCode

_TIER = "ProductRatePlanChargeTier"

# Models priced from one row per currency (spec §13.2: "exactly one tier row per currency").
_SINGLE_ROW = (
    ChargeModel.FLAT_FEE,
    ChargeModel.PER_UNIT,
    ChargeModel.OVERAGE,
    ChargeModel.DISCOUNT_FIXED_AMOUNT,
    ChargeModel.DISCOUNT_PERCENTAGE,
)


# What every new charge needs (domain name -> CRUD name), in the order they are checked.
_REQUIRED = {
    "product_rate_plan_id": "ProductRatePlanId",
    "name": "Name",
    "charge_type": "ChargeType",
    "charge_model": "ChargeModel",
    "trigger_event": "TriggerEvent",
    "tiers": "ProductRatePlanChargeTierData",
}
# Settings of the billing periods: they belong to recurring and usage charges. A OneTime
# charge is valid without them, and they do not apply to it (Zuora's ProductRatePlanCharge
# field reference: "If the Charge Type is OneTime, this field is optional" for
# BillCycleType and BillingPeriod; BillCycleDay "omit for one-time charges"; spec §13.2;
# decision R6). The first two are required of the others.
PERIODIC_SETTINGS = {
    "bill_cycle_type": "BillCycleType",
    "billing_period": "BillingPeriod",
    "billing_timing": "BillingTiming",
    "billing_period_alignment": "BillingPeriodAlignment",
    "bill_cycle_day": "BillCycleDay",
}
_REQUIRED_PERIODIC = ("bill_cycle_type", "billing_period")


def is_periodic(charge_type: ChargeType) -> bool:
    """Whether a charge of this type is billed by periods (recurring and usage charges)."""
    return charge_type is not ChargeType.ONE_TIME


def check_required(values: Mapping[str, object]) -> None:
    """Raise MISSING_FIELD (`'BillingPeriod' may not be null`) for the first field a new
    charge needs and `values` (domain names; None or absent = not given) lacks."""
    for key, wire in _REQUIRED.items():
        if values.get(key) is None:
            raise DomainError(ErrorCode.MISSING_FIELD, f"'{wire}' may not be null", wire)
        charge_type = values.get("charge_type")
        if key == "charge_type" and isinstance(charge_type, ChargeType):
            for periodic in _REQUIRED_PERIODIC if is_periodic(charge_type) else ():
                if values.get(periodic) is None:
                    wire = PERIODIC_SETTINGS[periodic]
                    raise DomainError(
                        ErrorCode.MISSING_FIELD,
                        f"'{wire}' may not be null (required for {charge_type.value} charges)",
                        wire,
                    )


def validate_charge(charge: ProductRatePlanCharge, active_currencies: Collection[str]) -> None:
    """Raise DomainError unless `charge` is consistent and priced in active currencies only."""
    _check_currencies(charge.tiers, active_currencies)
    if not charge.tiers:
        raise DomainError(ErrorCode.INVALID_TIERS, f"A charge needs at least one {_TIER}.", _TIER)
    for currency in sorted(charge.currencies):
        _check_tier_rows(charge.charge_model, currency, charge.tiers_in(currency))
    _check_prices(charge.charge_model, charge.tiers)
    if charge.charge_model.needs_uom and not (charge.uom or "").strip():
        raise DomainError(
            ErrorCode.UOM_REQUIRED,
            f"UOM is required for {charge.charge_model.crud} charges.",
            "UOM",
        )
    _check_quantities(charge)
    _check_settings(charge)


def _check_currencies(tiers: Sequence[ChargeTier], active: Collection[str]) -> None:
    for row in tiers:
        try:
            validate_currency(row.currency, "Currency")
        except DomainError as err:
            raise DomainError(err.code, f"{_TIER} Currency: {err.message}", err.field) from None
        if row.currency not in active:
            raise DomainError(
                ErrorCode.CURRENCY_NOT_ACTIVE,
                f"{_TIER} Currency {row.currency} is not an active currency of the product "
                f"rate plan (ActiveCurrencies: {', '.join(sorted(active)) or 'none'}).",
                "Currency",
            )


def _check_tier_rows(model: ChargeModel, currency: str, rows: Sequence[ChargeTier]) -> None:
    """Row count, numbering and ranges of one currency's rows (sorted by tier)."""
    numbers = [r.tier for r in rows]
    if numbers != list(range(1, len(rows) + 1)):
        raise DomainError(
            ErrorCode.INVALID_TIERS,
            f"{_TIER} Tier numbers for {currency} must be 1 to {len(rows)} with no gaps or "
            f"repeats, got {numbers}.",
            _TIER,
        )
    if model in _SINGLE_ROW:
        if len(rows) != 1:
            raise DomainError(
                ErrorCode.INVALID_TIERS,
                f"A {model.crud} charge has exactly one {_TIER} per currency; "
                f"{currency} has {len(rows)}.",
                _TIER,
            )
        return
    overage = [r for r in rows if r.is_overage_price]
    tiers = [r for r in rows if not r.is_overage_price]
    if model is ChargeModel.TIERED_WITH_OVERAGE:
        if len(overage) != 1:
            raise DomainError(
                ErrorCode.INVALID_TIERS,
                f"A {model.crud} charge needs exactly one {_TIER} with IsOveragePrice per "
                f"currency; {currency} has {len(overage)}.",
                "IsOveragePrice",
            )
        if not tiers:
            raise DomainError(
                ErrorCode.INVALID_TIERS,
                f"A {model.crud} charge needs at least one {_TIER} besides the overage price "
                f"({currency}).",
                _TIER,
            )
    elif overage:
        raise DomainError(
            ErrorCode.INVALID_TIERS,
            f"A {model.crud} charge has no overage price: {currency} tier "
            f"{overage[0].tier} has IsOveragePrice.",
            "IsOveragePrice",
        )
    _check_ranges(currency, tiers)
    last = tiers[-1]
    if model is ChargeModel.TIERED_WITH_OVERAGE and last.ending_unit is None:
        raise DomainError(
            ErrorCode.INVALID_TIERS,
            f"{_TIER} {currency} tier {last.tier}: the last tier of a {model.crud} charge "
            "needs an EndingUnit; units past it are priced at the overage price.",
            "EndingUnit",
        )


def _next_start(previous_end: Decimal, start: Decimal) -> Decimal:
    """Where the next tier starts (RK9): whole units follow on (1-10, then 11); a
    fractional boundary is shared (0-0.5, then 0.5: the tier prices the units above 0.5),
    as pricing reads each tier as (previous EndingUnit, EndingUnit]."""
    whole = previous_end == previous_end.to_integral_value() and start == start.to_integral_value()
    return previous_end + 1 if whole else previous_end


def _check_ranges(currency: str, tiers: Sequence[ChargeTier]) -> None:
    """Inclusive ranges that follow each other without gap or overlap (decisions.md #19)."""
    previous: ChargeTier | None = None
    for row in tiers:
        where = f"{_TIER} {currency} tier {row.tier}"
        start = row.starting_unit
        if start is None:
            raise DomainError(
                ErrorCode.INVALID_TIERS, f"{where}: StartingUnit is required.", "StartingUnit"
            )
        if previous is None:
            if start not in (0, 1):
                raise DomainError(
                    ErrorCode.INVALID_TIERS,
                    f"{where}: the first tier's StartingUnit must be 0 or 1, got {start}.",
                    "StartingUnit",
                )
        elif previous.ending_unit is None:
            raise DomainError(
                ErrorCode.INVALID_TIERS,
                f"{_TIER} {currency} tier {previous.tier}: only the last tier may leave "
                "EndingUnit empty.",
                "EndingUnit",
            )
        elif start != (expected := _next_start(previous.ending_unit, start)):
            kind = "a gap" if start > expected else "an overlap"
            raise DomainError(
                ErrorCode.INVALID_TIERS,
                f"{_TIER} {currency}: {kind} between tier {previous.tier} (EndingUnit "
                f"{previous.ending_unit}) and tier {row.tier} (StartingUnit {start}); "
                f"StartingUnit must be {expected}.",
                "StartingUnit",
            )
        if row.ending_unit is not None and row.ending_unit < start:
            raise DomainError(
                ErrorCode.INVALID_TIERS,
                f"{where}: EndingUnit {row.ending_unit} is below StartingUnit {start}.",
                "EndingUnit",
            )
        previous = row


def _check_prices(model: ChargeModel, tiers: Sequence[ChargeTier]) -> None:
    word = "DiscountAmount" if model is ChargeModel.DISCOUNT_FIXED_AMOUNT else "Price"
    for row in tiers:
        if row.price < 0:
            raise DomainError(
                ErrorCode.INVALID_PRICE,
                f"{_TIER} {row.currency} tier {row.tier}: {word} must not be negative, "
                f"got {row.price}.",
                word,
            )
        # 0 is a catalog default set per subscription (decisions.md CI3).
        if model is ChargeModel.DISCOUNT_PERCENTAGE and not (
            row.discount_percentage is not None and 0 <= row.discount_percentage <= 100
        ):
            raise DomainError(
                ErrorCode.INVALID_PRICE,
                f"{_TIER} {row.currency}: DiscountPercentage must be 0 to 100, "
                f"got {row.discount_percentage}.",
                "DiscountPercentage",
            )


def _check_quantities(charge: ProductRatePlanCharge) -> None:
    named = {
        "DefaultQuantity": charge.default_quantity,
        "MinQuantity": charge.min_quantity,
        "MaxQuantity": charge.max_quantity,
        "IncludedUnits": charge.included_units,
    }
    for name, value in named.items():
        if value is not None and value < 0:
            _bad_quantity(f"{name} must not be negative, got {value}.", name)
    low, high, default = charge.min_quantity, charge.max_quantity, charge.default_quantity
    if low is not None and high is not None and low > high:
        _bad_quantity(f"MinQuantity {low} is above MaxQuantity {high}.", "MinQuantity")
    if default is not None:
        if low is not None and default < low:
            _bad_quantity(
                f"DefaultQuantity {default} is below MinQuantity {low}.", "DefaultQuantity"
            )
        if high is not None and default > high:
            _bad_quantity(
                f"DefaultQuantity {default} is above MaxQuantity {high}.", "DefaultQuantity"
            )


def _bad_quantity(message: str, field: str) -> NoReturn:
    raise DomainError(ErrorCode.INVALID_QUANTITY, message, field)


def _check_settings(charge: ProductRatePlanCharge) -> None:
    """Charge type, model and billing settings that must agree (INVALID_CHARGE_SETTING).

    Every model goes with every type Zuora allows it for (decisions.md CI3): a Usage charge
    may be FlatFee; only the discount models are refused for Usage (Zuora's discount
    charges behave "as a one-time charge or recurring charge")."""
    model, kind = charge.charge_model, charge.charge_type
    if model.is_discount and kind is ChargeType.USAGE:
        _bad_setting(
            f"ChargeType of a {model.crud} charge must be OneTime or Recurring, not Usage.",
            "ChargeType",
        )
    _check_count(
        "SpecificListPriceBase",
        charge.specific_list_price_base,
        required=charge.list_price_base is ListPriceBase.PER_SPECIFIC_MONTHS,
        because=f"ListPriceBase is {ListPriceBase.PER_SPECIFIC_MONTHS.crud}",
        most=200,
    )
    _check_count(
        "UpToPeriods",
        charge.up_to_periods,
        required=charge.end_date_condition is EndDateCondition.FIXED_PERIOD,
        because=f"EndDateCondition is {EndDateCondition.FIXED_PERIOD.crud}",
    )
    if is_periodic(kind):
        _check_periodic_settings(charge)


def _check_periodic_settings(charge: ProductRatePlanCharge) -> None:
    """The billing period settings, of recurring and usage charges only (a OneTime charge
    keeps whatever it was sent: they do not apply to it)."""
    _check_count(
        "SpecificBillingPeriod",
        charge.specific_billing_period,
        required=charge.billing_period.needs_specific_length,
        because=f"BillingPeriod is {charge.billing_period.crud}",
    )
    _check_count(
        "BillCycleDay",
        charge.bill_cycle_day,
        required=charge.bill_cycle_type is BillCycleType.SPECIFIC_DAY_OF_MONTH,
        because=f"BillCycleType is {BillCycleType.SPECIFIC_DAY_OF_MONTH.crud}",
        most=31,
    )
    if (
        charge.bill_cycle_type is BillCycleType.SPECIFIC_DAY_OF_WEEK
        and charge.weekly_bill_cycle_day is None
    ):
        _bad_setting(
            f"WeeklyBillCycleDay is required when BillCycleType is "
            f"{BillCycleType.SPECIFIC_DAY_OF_WEEK.crud}.",
            "WeeklyBillCycleDay",
        )


def _check_count(
    name: str, value: int | None, *, required: bool, because: str, most: int | None = None
) -> None:
    """A whole-number setting: required when `required`, and in 1..most whenever set."""
    if value is None:
        if required:
            _bad_setting(f"{name} is required when {because}.", name)
        return
    if value < 1 or (most is not None and value > most):
        limit = f"between 1 and {most}" if most is not None else "at least 1"
        _bad_setting(f"{name} must be {limit}, got {value}.", name)


def _bad_setting(message: str, field: str) -> NoReturn:
    raise DomainError(ErrorCode.INVALID_CHARGE_SETTING, message, field)
