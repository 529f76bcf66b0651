"""Calendar arithmetic on billing dates (pure; month-end clamping).

Adding months keeps the day of month where it exists and clamps to the month's last day
otherwise (Jan 31 + 1 month = Feb 28/29), always counted from the original date so that
repeated periods do not drift (Jan 31 + 2 months = Mar 31, not Mar 28).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum


class PeriodType(StrEnum):
    """Zuora's term / suspend / resume period types."""

    DAY = "Day"
    WEEK = "Week"
    MONTH = "Month"
    YEAR = "Year"


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(start: date, months: int) -> date:
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, days_in_month(year, month)))


def add_period(start: date, count: int, period_type: PeriodType) -> date:
    if period_type is PeriodType.DAY:
        return start + timedelta(days=count)
    if period_type is PeriodType.WEEK:
        return start + timedelta(weeks=count)
    if period_type is PeriodType.MONTH:
        return add_months(start, count)
    return add_months(start, 12 * count)
