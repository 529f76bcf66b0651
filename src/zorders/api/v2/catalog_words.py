"""The v2 catalog's words and the v1 charge fields they stand for, in one table each.

A v2 price is a product rate plan charge described the Stripe way (spec §13.3; Zuora's
Quickstart `Price`, `Recurring` and `Tier` models): `recurring` absent means one-time,
`recurring.usage` means usage; the money map given (`amounts`, `unit_amounts`,
`discount_amounts`, `discount_percent`, or `tiers_mode` + `tiers`) is the charge model;
`recurring.interval` x `interval_count` is the billing period. Decisions QC1-QC6.
"""

from __future__ import annotations

from zorders.domain.catalog.enums import (
    ApplyDiscountTo,
    BillCycleType,
    BillingPeriod,
    BillingPeriodAlignment,
    BillingTiming,
    ChargeModel,
    ChargeType,
    DiscountLevel,
    ListPriceBase,
    ProductCategory,
    TriggerEvent,
    UpToPeriodsType,
    WeeklyBillCycleDay,
)

# -- the vocabulary map: v2 word <-> v1 value --------------------------------------------

PRODUCT_TYPE: dict[str, ProductCategory] = {
    "base": ProductCategory.BASE_PRODUCTS,
    "add_on": ProductCategory.ADD_ON_SERVICES,
    "other": ProductCategory.MISCELLANEOUS_PRODUCTS,
}

CHARGE_TYPE: dict[str, ChargeType] = {
    "one_time": ChargeType.ONE_TIME,
    "recurring": ChargeType.RECURRING,
    "usage": ChargeType.USAGE,
}

# `charge_model` is read-only in v2: the model follows from the money map sent.
CHARGE_MODEL: dict[str, ChargeModel] = {
    "flat_fee": ChargeModel.FLAT_FEE,
    "per_unit": ChargeModel.PER_UNIT,
    "tiered": ChargeModel.TIERED,
    "volume": ChargeModel.VOLUME,
    "overage": ChargeModel.OVERAGE,
    "tiered_with_overage": ChargeModel.TIERED_WITH_OVERAGE,
    "discount_fixed_amount": ChargeModel.DISCOUNT_FIXED_AMOUNT,
    "discount_percentage": ChargeModel.DISCOUNT_PERCENTAGE,
}

# `high_watermark_volume` / `high_watermark_graduated` have no charge model here yet.
TIERS_MODE: dict[str, ChargeModel] = {
    "graduated": ChargeModel.TIERED,
    "volume": ChargeModel.VOLUME,
    "graduated_with_overage": ChargeModel.TIERED_WITH_OVERAGE,
}

START_EVENT: dict[str, TriggerEvent] = {
    "contract_effective": TriggerEvent.CONTRACT_EFFECTIVE,
    "service_activation": TriggerEvent.SERVICE_ACTIVATION,
    "customer_acceptance": TriggerEvent.CUSTOMER_ACCEPTANCE,
}

TIMING: dict[str, BillingTiming] = {
    "in_advance": BillingTiming.IN_ADVANCE,
    "in_arrears": BillingTiming.IN_ARREARS,
}

ALIGNMENT: dict[str, BillingPeriodAlignment] = {
    "none": BillingPeriodAlignment.ALIGN_TO_CHARGE,
    "subscription_start": BillingPeriodAlignment.ALIGN_TO_SUBSCRIPTION_START,
    "term_start": BillingPeriodAlignment.ALIGN_TO_TERM_START,
    "term_end": BillingPeriodAlignment.ALIGN_TO_TERM_END,
}

# `recurring.on`, besides `_1`.._31 (SpecificDayofMonth) and the weekdays
# (SpecificDayofWeek). `term_start_day` is not in Zuora's list; it names TermStartDay,
# which a v1 charge can have (QC3).
RECURRING_ON: dict[str, BillCycleType] = {
    "account_cycle_date": BillCycleType.DEFAULT_FROM_CUSTOMER,
    "subscription_start_day": BillCycleType.SUBSCRIPTION_START_DAY,
    "subscription_item_start_day": BillCycleType.CHARGE_TRIGGER_DAY,
    "term_start_day": BillCycleType.TERM_START_DAY,
    "term_end_day": BillCycleType.TERM_END_DAY,
}
WEEKDAYS: dict[str, WeeklyBillCycleDay] = {d.value.lower(): d for d in WeeklyBillCycleDay}

# `price_base_interval`; `year` and `specific_months` only read (v1 Per_Year, QC3).
PRICE_BASE_INTERVAL: dict[str, ListPriceBase] = {
    "billing_period": ListPriceBase.PER_BILLING_PERIOD,
    "month": ListPriceBase.PER_MONTH,
    "week": ListPriceBase.PER_WEEK,
}
PRICE_BASE_INTERVAL_READ: dict[ListPriceBase, str] = {
    **{v: k for k, v in PRICE_BASE_INTERVAL.items()},
    ListPriceBase.PER_YEAR: "year",
    ListPriceBase.PER_SPECIFIC_MONTHS: "specific_months",
}

DISCOUNT_LEVEL: dict[str, DiscountLevel] = {
    "plan": DiscountLevel.RATEPLAN,
    "subscription": DiscountLevel.SUBSCRIPTION,
    "account": DiscountLevel.ACCOUNT,
}

# apply_discount_to[] (any of one_time, recurring, usage) <-> the v1 combined value.
APPLY_DISCOUNT_WORDS = {"one_time": "ONETIME", "recurring": "RECURRING", "usage": "USAGE"}


def apply_discount_to(words: list[str]) -> ApplyDiscountTo:
    parts = [v for k, v in APPLY_DISCOUNT_WORDS.items() if k in words]
    return ApplyDiscountTo("".join(parts))


def apply_discount_words(value: ApplyDiscountTo) -> list[str]:
    return [k for k, v in APPLY_DISCOUNT_WORDS.items() if v in value.value]


# recurring.duration_interval -> EndDateCondition FixedPeriod with UpToPeriodsType.
DURATION_INTERVAL: dict[str, UpToPeriodsType] = {
    "billing_period": UpToPeriodsType.BILLING_PERIODS,
    "day": UpToPeriodsType.DAYS,
    "week": UpToPeriodsType.WEEKS,
    "month": UpToPeriodsType.MONTHS,
    "year": UpToPeriodsType.YEARS,
}

# -- billing periods: (interval, interval_count) <-> BillingPeriod -------------------------

_MONTHS_PERIODS = {
    1: BillingPeriod.MONTH,
    3: BillingPeriod.QUARTER,
    6: BillingPeriod.SEMI_ANNUAL,
    12: BillingPeriod.ANNUAL,
    18: BillingPeriod.EIGHTEEN_MONTHS,
    24: BillingPeriod.TWO_YEARS,
    36: BillingPeriod.THREE_YEARS,
    60: BillingPeriod.FIVE_YEARS,
}
INTERVALS = ("month", "year", "week", "day", "term")


def billing_period(interval: str, count: int) -> tuple[BillingPeriod, int | None]:
    """(BillingPeriod, SpecificBillingPeriod) for a v2 interval: a length v1 names keeps
    its name (month x 3 = Quarter, year x 1 = Annual), others are Specific_* (QC2)."""
    if interval == "term":
        return BillingPeriod.SUBSCRIPTION_TERM, None
    if interval == "week":
        return (BillingPeriod.WEEK, None) if count == 1 else (BillingPeriod.SPECIFIC_WEEKS, count)
    if interval == "day":
        return BillingPeriod.SPECIFIC_DAYS, count
    months = count * 12 if interval == "year" else count
    named = _MONTHS_PERIODS.get(months)
    return (named, None) if named else (BillingPeriod.SPECIFIC_MONTHS, months)


def interval_of(period: BillingPeriod, specific: int | None) -> tuple[str, int]:
    """The v2 (interval, interval_count) of a billing period: whole years read in years."""
    if period is BillingPeriod.SUBSCRIPTION_TERM:
        return "term", 1
    if period is BillingPeriod.WEEK:
        return "week", 1
    if period is BillingPeriod.SPECIFIC_WEEKS:
        return "week", specific or 1
    if period is BillingPeriod.SPECIFIC_DAYS:
        return "day", specific or 1
    months = period.months if period.months is not None else (specific or 1)
    if months >= 12 and months % 12 == 0:
        return "year", months // 12
    return "month", months
