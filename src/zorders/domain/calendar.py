"""Calendar arithmetic on billing dates (pure; month-end clamping).

Adding months keeps the day of month where it exists and clamps to the month's last day
otherwise (Jan 31 + 1 month = Feb 28/29), always counted from the original date so that
repeated periods do not drift (Jan 31 + 2 months = Mar 31, not Mar 28).

Billing arithmetic stops at the end of the calendar: `add_days` and `day_after` saturate at
CALENDAR_END (9999-12-31, the last date the API accepts) instead of overflowing, so a
period, a target's "day after" or a due date that would fall past it ends there. With
exclusive ends that makes 9999-12-31 the open end of the last period (decision R8).
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


CALENDAR_START = date.min
CALENDAR_END = date.max


def add_days(start: date, days: int) -> date:
    """`start` + `days`, stopping at the ends of the calendar instead of overflowing."""
    if days > (CALENDAR_END - start).days:
        return CALENDAR_END
    if -days > (start - CALENDAR_START).days:
        return CALENDAR_START
    return start + timedelta(days=days)


def day_after(day: date) -> date:
    """The next day; CALENDAR_END stays CALENDAR_END (the calendar has no day after it)."""
    return add_days(day, 1)


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
