"""A scheduled bill run's run days and each run's dates, as tables written by hand (SB3,
SB5; Zuora's "Monthly scheduled bill run use cases")."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zorders.domain.billing.bill_run_schedule import (
    BillRunSchedule,
    DateRule,
    RepeatType,
    as_run_days,
)


def _days(schedule: BillRunSchedule, count: int) -> list[str]:
    found: list[str] = []
    day = schedule.first_run()
    while day is not None and len(found) < count:
        found.append(day.isoformat())
        day = schedule.next_run(day)
    return found


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        (
            BillRunSchedule(d("2025-01-30"), RepeatType.DAILY, 0),
            ["2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02"],
        ),
        (
            BillRunSchedule(d("2025-01-30"), RepeatType.DAILY, 0, repeat_to=d("2025-01-31")),
            ["2025-01-30", "2025-01-31"],
        ),
        (BillRunSchedule(d("2025-03-05"), RepeatType.NONE, 6), ["2025-03-05"]),
        # 2025-01-01 is a Wednesday: without weeklyOnDay, every Wednesday.
        (
            BillRunSchedule(d("2025-01-01"), RepeatType.WEEKLY, 0),
            ["2025-01-01", "2025-01-08", "2025-01-15", "2025-01-22"],
        ),
        (
            BillRunSchedule(d("2025-01-01"), RepeatType.WEEKLY, 0, weekly_on_day=("Mon", "Fri")),
            ["2025-01-03", "2025-01-06", "2025-01-10", "2025-01-13"],
        ),
        (
            BillRunSchedule(
                d("2025-01-01"),
                RepeatType.WEEKLY,
                0,
                repeat_to=d("2025-01-12"),
                weekly_on_day=("Sun",),
            ),
            ["2025-01-05", "2025-01-12"],
        ),
        # The 31st clamps to shorter months and comes back in longer ones.
        (
            BillRunSchedule(d("2025-01-31"), RepeatType.MONTHLY, 0),
            ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30"],
        ),
        # Zuora's example: from Apr 30, May 31 with monthlyOnEndOfMonth, May 30 without.
        (
            BillRunSchedule(d("2024-04-30"), RepeatType.MONTHLY, 0, monthly_on_end_of_month=True),
            ["2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31"],
        ),
        (
            BillRunSchedule(d("2024-04-30"), RepeatType.MONTHLY, 0, monthly_on_end_of_month=False),
            ["2024-04-30", "2024-05-30", "2024-06-30", "2024-07-30"],
        ),
        (
            BillRunSchedule(d("2024-01-29"), RepeatType.MONTHLY, 0),
            ["2024-01-29", "2024-02-29", "2024-03-29", "2024-04-29"],
        ),
        # A weekly schedule whose only weekday falls after repeatTo never runs.
        (
            BillRunSchedule(
                d("2025-01-01"),
                RepeatType.WEEKLY,
                0,
                repeat_to=d("2025-01-02"),
                weekly_on_day=("Mon",),
            ),
            [],
        ),
        (BillRunSchedule(d("9999-12-30"), RepeatType.DAILY, 0), ["9999-12-30", "9999-12-31"]),
        (BillRunSchedule(d("9999-11-30"), RepeatType.MONTHLY, 0), ["9999-11-30", "9999-12-30"]),
    ],
)
def test_run_days(schedule: BillRunSchedule, expected: list[str]) -> None:
    assert _days(schedule, 4) == expected


@pytest.mark.parametrize(
    ("rule", "run_day", "expected"),
    [
        (DateRule(), "2025-04-25", "2025-04-25"),
        (DateRule(days=5), "2025-04-25", "2025-04-30"),
        (DateRule(days=-1), "2025-03-01", "2025-02-28"),
        # Use case 1: the run day's month end (31 = the last day).
        (DateRule(month_offset=0, day_of_month=31), "2024-04-25", "2024-04-30"),
        (DateRule(month_offset=0, day_of_month=31), "2024-02-25", "2024-02-29"),
        # Use case 2: the 1st and the last day of the next month.
        (DateRule(month_offset=1, day_of_month=1), "2024-05-16", "2024-06-01"),
        (DateRule(month_offset=1, day_of_month=31), "2024-05-16", "2024-06-30"),
        # Use case 3: run on Jun 30, the 1st of the next month.
        (DateRule(month_offset=1, day_of_month=1), "2024-06-30", "2024-07-01"),
        # A month offset without a day keeps the run day's (clamped).
        (DateRule(month_offset=1), "2025-01-31", "2025-02-28"),
        (DateRule(month_offset=-1, day_of_month=15), "2025-01-31", "2024-12-15"),
    ],
)
def test_date_rules(rule: DateRule, run_day: str, expected: str) -> None:
    assert rule.apply(d(run_day)).isoformat() == expected


@pytest.mark.parametrize(
    ("run_day", "days"),
    [
        ("2025-04-15", (15,)),
        ("2025-04-29", (29,)),
        ("2025-04-30", (30, 31)),  # April has no 31st: those accounts bill on the 30th
        ("2025-05-30", (30,)),
        ("2025-05-31", (31,)),
        ("2025-02-28", (28, 29, 30, 31)),
        ("2024-02-28", (28,)),
        ("2024-02-29", (29, 30, 31)),
    ],
)
def test_as_run_day(run_day: str, days: tuple[int, ...]) -> None:
    assert as_run_days(d(run_day)) == days


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    kind=st.sampled_from([RepeatType.DAILY, RepeatType.WEEKLY, RepeatType.MONTHLY]),
)
def test_run_days_move_forward_and_are_due(start: date, kind: RepeatType) -> None:
    """Each run day is after the one before, at most a month later, never before
    repeatFrom; monthly runs fall on repeatFrom's day or their month's last day."""
    schedule = BillRunSchedule(start, kind, 0)
    days = [d(x) for x in _days(schedule, 14)]
    assert days and days[0] >= start
    for before, after in pairwise(days):
        assert 0 < (after - before).days <= 31
    if kind is RepeatType.MONTHLY:
        assert all(x.day == start.day or as_run_days(x)[-1] == 31 for x in days)
