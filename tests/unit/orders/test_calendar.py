"""Calendar arithmetic: month-end clamping without drift."""

from __future__ import annotations

from datetime import date

import pytest

from zorders.domain.calendar import PeriodType, add_months, add_period, days_in_month


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 31), 2, date(2025, 3, 31)),
        (date(2025, 1, 31), 3, date(2025, 4, 30)),
        (date(2025, 1, 31), 12, date(2026, 1, 31)),
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 1, 31), 0, date(2025, 1, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
    ],
)
def test_add_months(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


@pytest.mark.parametrize(
    ("start", "count", "period_type", "end"),
    [
        (date(2025, 1, 31), 30, PeriodType.DAY, date(2025, 3, 2)),
        (date(2025, 12, 25), 2, PeriodType.WEEK, date(2026, 1, 8)),
        (date(2025, 1, 31), 1, PeriodType.MONTH, date(2025, 2, 28)),
        (date(2024, 2, 29), 1, PeriodType.YEAR, date(2025, 2, 28)),
        (date(2025, 1, 31), 2, PeriodType.YEAR, date(2027, 1, 31)),
    ],
)
def test_add_period(start: date, count: int, period_type: PeriodType, end: date) -> None:
    assert add_period(start, count, period_type) == end


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [(2025, 1, 31), (2025, 2, 28), (2024, 2, 29), (1900, 2, 28), (2000, 2, 29), (2025, 4, 30)],
)
def test_days_in_month(year: int, month: int, days: int) -> None:
    assert days_in_month(year, month) == days
