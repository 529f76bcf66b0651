"""Billing at the end of the calendar: every date the API accepts (up to 9999-12-31) bills
without overflowing. Period ends past 9999-12-31 stop there (exclusive), and that last
period counts as a full period (decision R8). Amounts worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from tests.support.billing import stored
from tests.unit.billing.test_engine import charge, spans, subscription
from zorders.domain.billing.documents import due_date
from zorders.domain.billing.engine import bill
from zorders.domain.billing.periods import BillingFacts, shift_months
from zorders.domain.calendar import add_days, day_after
from zorders.domain.catalog.enums import (
    BillCycleType,
    BillingPeriod,
    BillingTiming,
    ChargeType,
    WeeklyBillCycleDay,
)
from zorders.domain.subscription.model import Segment

END = date(9999, 12, 31)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(9999, 12, 30), 1, END),
        (END, 1, END),
        (date(9999, 12, 1), 30, END),
        (date(9999, 12, 1), 31, END),
        (date(9999, 12, 1), 10**9, END),
        (date(1, 1, 2), -5, date(1, 1, 1)),
        (date(2025, 1, 31), 30, date(2025, 3, 2)),
    ],
)
def test_add_days_stops_at_the_calendar_ends(start: date, days: int, expected: date) -> None:
    assert add_days(start, days) == expected


def test_month_steps_and_due_dates_stop_at_the_end() -> None:
    assert day_after(END) == END
    assert shift_months(date(9999, 12, 15), 1, 15) == END
    assert shift_months(date(9999, 1, 1), 12, 1) == END
    assert shift_months(date(9999, 11, 1), 1, 31) == END  # Dec 31 is the calendar's end
    assert shift_months(date(9999, 6, 1), 1, 1) == date(9999, 7, 1)
    assert due_date(END, "Net 30") == END
    assert due_date(date(9999, 12, 20), "Net 30") == END


def _evergreen(c: object, start: date) -> tuple[object, BillingFacts]:
    sub = subscription(c, start=start, end=None)
    return sub, BillingFacts(1, start, start, None)


def test_annual_charge_billed_to_the_last_day() -> None:
    """1200/year from 9999-01-01, EVERGREEN, target 9999-12-31: the year's end (10000-01-01)
    does not exist, so the period ends (exclusive) on 9999-12-31 and bills in full."""
    start = date(9999, 1, 1)
    c = charge(
        (Segment(1, start, None, quantity=D(1), price=D(1200)),),
        billing_period=BillingPeriod.ANNUAL,
    )
    sub, facts = _evergreen(c, start)
    run = bill(sub, facts, END, [])
    assert spans(run) == [("9999-01-01", "9999-12-31", "1200.00")]
    assert run.charged_through == {"C-00000001": END}
    # Billing again for the same target adds nothing.
    assert bill(sub, facts, END, stored(run.items)).items == ()


def test_monthly_charge_in_the_last_months() -> None:
    """100/month from 9999-11-15, bill day 1: Nov 15-30 is 16/30 of November = 53.33;
    December [12-01, 12-31) is the calendar's last period, billed in full (100.00)."""
    start = date(9999, 11, 15)
    c = charge((Segment(1, start, None, quantity=D(1), price=D(100)),))
    sub, facts = _evergreen(c, start)
    run = bill(sub, facts, END, [])
    assert spans(run) == [
        ("9999-11-15", "9999-12-01", "53.33"),
        ("9999-12-01", "9999-12-31", "100.00"),
    ]
    assert str(run.total) == "153.33"


def test_in_arrears_at_the_last_day() -> None:
    """In arrears, 100/month from 9999-10-01: every period that has ended by 9999-12-31."""
    start = date(9999, 10, 1)
    c = charge(
        (Segment(1, start, None, quantity=D(1), price=D(100)),),
        billing_timing=BillingTiming.IN_ARREARS,
    )
    sub, facts = _evergreen(c, start)
    run = bill(sub, facts, END, [])
    assert [s[:2] for s in spans(run)] == [
        ("9999-10-01", "9999-11-01"),
        ("9999-11-01", "9999-12-01"),
        ("9999-12-01", "9999-12-31"),
    ]
    assert str(run.total) == "300.00"


def test_weekly_and_specific_days_at_the_end() -> None:
    """70/week on Wednesdays from Monday 9999-12-20: Dec 20-21 is 2/7 of a week (20.00), then
    Dec 22-28 (70.00), then Dec 29 to the end (70.00, the calendar's last period)."""
    start = date(9999, 12, 20)
    weekly = charge(
        (Segment(1, start, None, quantity=D(1), price=D(70)),),
        billing_period=BillingPeriod.WEEK,
        bill_cycle_type=BillCycleType.SPECIFIC_DAY_OF_WEEK,
        weekly_bill_cycle_day=WeeklyBillCycleDay.WEDNESDAY,
    )
    sub, facts = _evergreen(weekly, start)
    assert spans(bill(sub, facts, END, [])) == [
        ("9999-12-20", "9999-12-22", "20.00"),
        ("9999-12-22", "9999-12-29", "70.00"),
        ("9999-12-29", "9999-12-31", "70.00"),
    ]
    days = charge(
        (Segment(1, date(9999, 12, 25), None, quantity=D(1), price=D(10)),),
        billing_period=BillingPeriod.SPECIFIC_DAYS,
        specific_billing_period=10,
    )
    sub, facts = _evergreen(days, date(9999, 12, 25))
    assert spans(bill(sub, facts, END, [])) == [("9999-12-25", "9999-12-31", "10.00")]


def test_a_charge_starting_on_the_last_day_bills_nothing_and_ends() -> None:
    """The calendar's last day is the open end of every span: nothing fits after it."""
    c = charge((Segment(1, END, None, quantity=D(1), price=D(100)),))
    sub, facts = _evergreen(c, END)
    assert bill(sub, facts, END, []).items == ()


def test_one_time_charge_near_the_end() -> None:
    start = date(9999, 12, 30)
    c = replace(
        charge((Segment(1, start, END, quantity=D(1), price=D(99)),)),
        charge_type=ChargeType.ONE_TIME,
    )
    sub, facts = _evergreen(c, start)
    assert spans(bill(sub, facts, END, [])) == [("9999-12-30", "9999-12-31", "99.00")]
