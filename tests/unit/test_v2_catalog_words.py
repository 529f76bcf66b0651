"""The v2 catalog vocabulary (`api/v2/catalog_words.py`): intervals <-> billing periods,
and the tables that must read back what they write."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zorders.api.v2 import catalog_words as words
from zorders.domain.catalog.enums import ApplyDiscountTo, BillingPeriod


@pytest.mark.parametrize(
    ("interval", "count", "period", "specific"),
    [
        ("month", 1, BillingPeriod.MONTH, None),
        ("month", 3, BillingPeriod.QUARTER, None),
        ("month", 6, BillingPeriod.SEMI_ANNUAL, None),
        ("month", 12, BillingPeriod.ANNUAL, None),
        ("month", 18, BillingPeriod.EIGHTEEN_MONTHS, None),
        ("month", 7, BillingPeriod.SPECIFIC_MONTHS, 7),
        ("year", 1, BillingPeriod.ANNUAL, None),
        ("year", 2, BillingPeriod.TWO_YEARS, None),
        ("year", 3, BillingPeriod.THREE_YEARS, None),
        ("year", 5, BillingPeriod.FIVE_YEARS, None),
        ("year", 4, BillingPeriod.SPECIFIC_MONTHS, 48),
        ("week", 1, BillingPeriod.WEEK, None),
        ("week", 3, BillingPeriod.SPECIFIC_WEEKS, 3),
        ("day", 1, BillingPeriod.SPECIFIC_DAYS, 1),
        ("term", 1, BillingPeriod.SUBSCRIPTION_TERM, None),
    ],
)
def test_billing_period_of_an_interval(
    interval: str, count: int, period: BillingPeriod, specific: int | None
) -> None:
    assert words.billing_period(interval, count) == (period, specific)


@pytest.mark.parametrize(
    ("period", "specific", "interval"),
    [
        (BillingPeriod.MONTH, None, ("month", 1)),
        (BillingPeriod.QUARTER, None, ("month", 3)),
        (BillingPeriod.ANNUAL, None, ("year", 1)),
        (BillingPeriod.EIGHTEEN_MONTHS, None, ("month", 18)),
        (BillingPeriod.FIVE_YEARS, None, ("year", 5)),
        (BillingPeriod.SPECIFIC_MONTHS, 24, ("year", 2)),
        (BillingPeriod.SPECIFIC_WEEKS, 2, ("week", 2)),
        (BillingPeriod.SPECIFIC_DAYS, 9, ("day", 9)),
        (BillingPeriod.SUBSCRIPTION_TERM, None, ("term", 1)),
    ],
)
def test_interval_of_a_billing_period(
    period: BillingPeriod, specific: int | None, interval: tuple[str, int]
) -> None:
    assert words.interval_of(period, specific) == interval


@given(st.sampled_from(["month", "year", "week", "day"]), st.integers(1, 200))
def test_an_interval_reads_back_as_the_same_length(interval: str, count: int) -> None:
    """Written and read, an interval keeps its length (month x 12 may read as year x 1)."""
    back = words.interval_of(*words.billing_period(interval, count))
    months = {"month": 1, "year": 12}
    if interval in months:
        assert back[1] * months[back[0]] == count * months[interval]
    else:
        assert back == (interval, count)


def test_apply_discount_to_reads_back() -> None:
    for combo in ApplyDiscountTo:
        assert words.apply_discount_to(words.apply_discount_words(combo)) is combo
    assert words.apply_discount_to(["usage", "one_time"]) is ApplyDiscountTo.ONETIMEUSAGE


def test_tables_are_one_to_one() -> None:
    for table in (
        words.PRODUCT_TYPE,
        words.CHARGE_TYPE,
        words.CHARGE_MODEL,
        words.TIERS_MODE,
        words.START_EVENT,
        words.TIMING,
        words.ALIGNMENT,
        words.RECURRING_ON,
        words.PRICE_BASE_INTERVAL,
        words.DISCOUNT_LEVEL,
        words.DURATION_INTERVAL,
    ):
        assert len(set(table.values())) == len(table)
