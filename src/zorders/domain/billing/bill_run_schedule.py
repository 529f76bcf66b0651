"""Scheduled bill runs (issue 11): on which days a schedule runs, and each run's dates.

A schedule (`CreateBillRunRequest.schedule`) runs at `runTime` (an hour, in the tenant's
time zone) on the days its `repeatType` gives, from `repeatFrom` to `repeatTo` (inclusive;
no end without it): `None` once, on `repeatFrom`; `Daily` every day; `Weekly` on the
`weeklyOnDay` weekdays (the weekday of `repeatFrom` when none is given); `Monthly` on the
day of `repeatFrom` each month, clamped to shorter months, or on every month's last day
with `monthlyOnEndOfMonth` (Zuora's "Monthly scheduled bill run use cases").

Each run's target and invoice dates follow from its run day (decisions SB3): a number of
days after it (`targetDateOffset`; a `targetDate` given for the first run is read as that
offset), or, for monthly schedules, a month offset and a day of that month (31 = its
last day). Pure: dates in, dates out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from zorders.domain.calendar import add_months, days_in_month
from zorders.domain.limits import MAX_DATE


class RepeatType(StrEnum):
    NONE = "None"
    DAILY = "Daily"
    WEEKLY = "Weekly"
    MONTHLY = "Monthly"


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class DateRule:
    """A run's target (or invoice) date from its run day: `days` after it, or, when
    `month_offset` is set, day `day_of_month` (31 = the last day) of the month that many
    months after the run day's month."""

    days: int = 0
    month_offset: int | None = None
    day_of_month: int | None = None

    def apply(self, run_day: date) -> date:
        if self.month_offset is None:
            return run_day + timedelta(days=self.days)
        first = add_months(run_day.replace(day=1), self.month_offset)
        wanted = self.day_of_month or run_day.day
        return first.replace(day=min(wanted, days_in_month(first.year, first.month)))


@dataclass(frozen=True)
class BillRunSchedule:
    repeat_from: date
    repeat_type: RepeatType
    run_time: int  # the hour, 0-23, in the tenant's time zone
    repeat_to: date | None = None
    weekly_on_day: tuple[str, ...] = ()
    monthly_on_end_of_month: bool | None = None

    def first_run(self) -> date | None:
        return self._from(self.repeat_from)

    def next_run(self, after: date) -> date | None:
        """The first run day after `after`, or None when the schedule has ended."""
        if self.repeat_type is RepeatType.NONE or after >= MAX_DATE:
            return None
        return self._from(after + timedelta(days=1))

    def _from(self, day: date) -> date | None:
        """The first run day on or after `day` (and on or after `repeat_from`)."""
        day = max(day, self.repeat_from)
        found: date | None
        if self.repeat_type is RepeatType.NONE:
            found = self.repeat_from if day == self.repeat_from else None
        elif self.repeat_type is RepeatType.DAILY:
            found = day
        elif self.repeat_type is RepeatType.WEEKLY:
            days = {WEEKDAYS.index(d) for d in self.weekly_on_day} or {self.repeat_from.weekday()}
            offset = min((d - day.weekday()) % 7 for d in days)
            found = day + timedelta(days=offset) if day <= MAX_DATE - timedelta(offset) else None
        else:
            found = self._monthly_from(day)
        if found is None or (self.repeat_to is not None and found > self.repeat_to):
            return None
        return found

    def _monthly_from(self, day: date) -> date | None:
        month = day.replace(day=1)
        while True:
            candidate = self._monthly_day(month)
            if candidate >= day:
                return candidate
            if month.year == MAX_DATE.year and month.month == 12:
                return None
            month = add_months(month, 1)

    def _monthly_day(self, month: date) -> date:
        last = days_in_month(month.year, month.month)
        if self.monthly_on_end_of_month:
            return month.replace(day=last)
        return month.replace(day=min(self.repeat_from.day, last))


def is_month_end(day: date) -> bool:
    return day.day == days_in_month(day.year, day.month)


def as_run_days(run_day: date) -> tuple[int, ...]:
    """`billCycleDay: AsRunDay`: the accounts whose bill cycle day is the run day; on a
    month's last day also those whose day the month does not have (BCD 31 on April 30),
    as Zuora's "That Matches the Bill Run Day" does."""
    if is_month_end(run_day):
        return tuple(range(run_day.day, 32))
    return (run_day.day,)
