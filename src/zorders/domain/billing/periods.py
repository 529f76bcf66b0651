"""Billing periods of a recurring charge (spec §14.1, §14.4).

Periods sit on a grid anchored by the bill cycle day: monthly-based periods (Month,
Quarter, ..., Specific_Months) start on the bill cycle day (BCD 29-31 clamp to the end of
shorter months; 31 = end of month, decisions.md #12); weekly ones on the bill cycle
weekday; Specific_Days count from the charge start; Subscription_Term is one period per
term. The grid starts at the first bill day on or after the alignment anchor (the charge
start by default, the subscription start or term start with the other alignments); the
span before it is a partial period, as is a last period cut by the charge end. Grid
boundaries past 9999-12-31 stop there (domain/calendar.py): the last period of the
calendar ends (exclusive) on 9999-12-31 and counts as a full period.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from zorders.domain.calendar import CALENDAR_END, CALENDAR_START, add_days, days_in_month
from zorders.domain.catalog.enums import (
    BillCycleType,
    BillingPeriod,
    BillingPeriodAlignment,
    WeeklyBillCycleDay,
)
from zorders.domain.subscription.model import Charge

_WEEKDAYS = {
    WeeklyBillCycleDay.MONDAY: 0,
    WeeklyBillCycleDay.TUESDAY: 1,
    WeeklyBillCycleDay.WEDNESDAY: 2,
    WeeklyBillCycleDay.THURSDAY: 3,
    WeeklyBillCycleDay.FRIDAY: 4,
    WeeklyBillCycleDay.SATURDAY: 5,
    WeeklyBillCycleDay.SUNDAY: 6,
}


@dataclass(frozen=True)
class BillingFacts:
    """What periods depend on besides the charge."""

    account_bcd: int  # 1..31, AutoSet already resolved
    subscription_start: date
    term_start: date
    term_end: date | None
    # An auto-renewing TERMED subscription bills its last period in full even when the
    # term ends inside it: the renewal continues the charge (spec §14.3 weekly example).
    auto_renew: bool = False

    def billing_end(self, charge_end: date | None, period_end: date) -> date | None:
        """Where a charge's billing stops inside a period that its end falls in."""
        if self.auto_renew and charge_end is not None and charge_end == self.term_end:
            return max(charge_end, period_end)
        return charge_end


@dataclass(frozen=True)
class Period:
    """[start, end) of a billable span inside the full grid period [full_start, full_end)."""

    start: date
    end: date
    full_start: date
    full_end: date

    @property
    def is_partial(self) -> bool:
        return (self.start, self.end) != (self.full_start, self.full_end)


def on_day(year: int, month: int, day: int) -> date:
    """The bill day `day` in a month, clamped to its last day."""
    return date(year, month, min(day, days_in_month(year, month)))


def shift_months(anchor: date, months: int, bcd: int) -> date:
    """The bill day `bcd` `months` months from `anchor`'s month; past the calendar's last
    (or first) month, the calendar's end (start)."""
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month = divmod(index, 12)
    if year > CALENDAR_END.year:
        return CALENDAR_END
    if year < CALENDAR_START.year:
        return CALENDAR_START
    return min(on_day(year, month + 1, bcd), CALENDAR_END)


def months_per_period(charge: Charge) -> int | None:
    period = charge.billing_period
    if period.months is not None:
        return period.months
    if period is BillingPeriod.SPECIFIC_MONTHS:
        return charge.specific_billing_period or 1
    return None


def bill_cycle_day(charge: Charge, facts: BillingFacts) -> int:
    kind = charge.bill_cycle_type
    start = charge.effective_start_date or facts.subscription_start
    if kind is BillCycleType.SPECIFIC_DAY_OF_MONTH and charge.bill_cycle_day:
        return charge.bill_cycle_day
    if kind is BillCycleType.SUBSCRIPTION_START_DAY:
        return facts.subscription_start.day
    if kind is BillCycleType.CHARGE_TRIGGER_DAY:
        return (charge.trigger_date or start).day
    if kind is BillCycleType.TERM_START_DAY:
        return facts.term_start.day
    if kind is BillCycleType.TERM_END_DAY and facts.term_end is not None:
        return facts.term_end.day
    return facts.account_bcd


def _anchor(charge: Charge, facts: BillingFacts, start: date) -> date:
    alignment = charge.billing_period_alignment
    if alignment is BillingPeriodAlignment.ALIGN_TO_SUBSCRIPTION_START:
        return min(start, facts.subscription_start)
    if alignment is BillingPeriodAlignment.ALIGN_TO_TERM_START:
        return min(start, facts.term_start)
    return start


def _first_bill_day(anchor: date, bcd: int) -> date:
    candidate = on_day(anchor.year, anchor.month, bcd)
    return candidate if candidate >= anchor else shift_months(anchor, 1, bcd)


def periods(charge: Charge, facts: BillingFacts, until: date) -> Iterator[Period]:
    """The charge's periods from its start, while they start before `until` and before the
    charge's end (the last one cut at the end)."""
    start = charge.effective_start_date
    if start is None:
        return
    end = charge.effective_end_date
    months = months_per_period(charge)
    if months is not None:
        yield from _monthly(charge, facts, start, end, until, months)
    elif charge.billing_period in (BillingPeriod.WEEK, BillingPeriod.SPECIFIC_WEEKS):
        weeks = (
            (charge.specific_billing_period or 1)
            if charge.billing_period is BillingPeriod.SPECIFIC_WEEKS
            else 1
        )
        yield from _fixed_days(charge, facts, start, end, until, 7 * weeks, weekly=True)
    elif charge.billing_period is BillingPeriod.SPECIFIC_DAYS:
        yield from _fixed_days(
            charge, facts, start, end, until, charge.specific_billing_period or 1, weekly=False
        )
    else:  # Subscription_Term: the term is the period
        term_end = facts.term_end or end
        full_end = term_end or until
        piece_end = min(d for d in (end, full_end) if d is not None)
        if start < until and start < piece_end:
            yield Period(start, piece_end, facts.term_start, full_end)


def _cut(
    facts: BillingFacts, start: date, end: date | None, full_start: date, full_end: date
) -> Period:
    stop = facts.billing_end(end, full_end)
    return Period(
        start, min(full_end, stop) if stop is not None else full_end, full_start, full_end
    )


def _monthly(
    charge: Charge,
    facts: BillingFacts,
    start: date,
    end: date | None,
    until: date,
    months: int,
) -> Iterator[Period]:
    bcd = bill_cycle_day(charge, facts)
    grid = _first_bill_day(_anchor(charge, facts, start), bcd)
    # The grid period that holds the charge start: boundary(index) <= start < boundary(+1).
    index = 0
    while shift_months(grid, months * index, bcd) > start:
        index -= 1
    while (after := shift_months(grid, months * (index + 1), bcd)) <= start and (
        after < CALENDAR_END  # the calendar's end has no period after it
    ):
        index += 1
    while True:
        full_start = shift_months(grid, months * index, bcd)
        full_end = shift_months(grid, months * (index + 1), bcd)
        piece_start = max(full_start, start)
        if piece_start >= until or (end is not None and piece_start >= end):
            return
        yield _cut(facts, piece_start, end, full_start, full_end)
        index += 1


def _fixed_days(
    charge: Charge,
    facts: BillingFacts,
    start: date,
    end: date | None,
    until: date,
    length: int,
    *,
    weekly: bool,
) -> Iterator[Period]:
    first = start
    if weekly:
        weekday = (
            _WEEKDAYS.get(charge.weekly_bill_cycle_day) if charge.weekly_bill_cycle_day else None
        )
        anchor = _anchor(charge, facts, start)
        if weekday is None:
            weekday = anchor.weekday()
        first = add_days(anchor, (weekday - anchor.weekday()) % 7)
    full_start = add_days(first, -length) if first > start else first
    while True:
        full_end = add_days(full_start, length)
        piece_start = max(full_start, start)
        if piece_start >= until or (end is not None and piece_start >= end):
            return
        yield _cut(facts, piece_start, end, full_start, full_end)
        full_start = full_end
