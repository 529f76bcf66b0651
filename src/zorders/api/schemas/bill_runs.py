"""`CreateBillRunRequest` (the official client's model): the body, and what it means.

Every field the client sends is accepted; those zorders has nothing to do with (emails,
organization labels, `billRunType`, `autoRenewal`, whose renewals the term-end jobs make)
are ignored, like any unknown field. Values that cannot mean anything are 400s (SB4).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import Field

from zorders.api.schemas.orders import Wire
from zorders.domain.billing.bill_run_schedule import BillRunSchedule, DateRule, RepeatType
from zorders.domain.errors import DomainError, ErrorCode

# Day offsets of a scheduled run's target and invoice dates, and month offsets (SB3).
MAX_DAY_OFFSET = 3650
MAX_MONTH_OFFSET = 120
# "AllBatches" or Batch1..Batch200 (50 by default, 200 with Zuora's Performance Booster).
_BATCH = re.compile(r"^Batch([1-9][0-9]{0,2})$")
MAX_BATCH = 200

Weekday = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class BillRunFilterIn(Wire):
    filter_type: Literal["Account", "Subscription"] = "Account"
    account_id: str | None = None
    subscription_id: str | None = None


class ScheduleIn(Wire):
    repeat_from: date
    repeat_to: date | None = None
    repeat_type: Literal["None", "Daily", "Weekly", "Monthly"]
    run_time: int = Field(ge=0, le=23, strict=True)
    weekly_on_day: list[Weekday] | None = Field(default=None, min_length=1, max_length=7)
    monthly_on_end_of_month: bool | None = None


class CreateBillRunIn(Wire):
    name: str | None = None
    target_date: date | None = None
    invoice_date: date | None = None
    auto_post: bool | None = None
    bill_run_filters: list[BillRunFilterIn] | None = None
    batches: list[str] | None = Field(default=None, min_length=1, max_length=300)
    bill_cycle_day: str | int | None = Field(default=None)
    charge_type_to_exclude: list[Literal["OneTime", "Recurring", "Usage"]] | None = Field(
        default=None, max_length=2
    )
    # Zuora's defaults (and what the official client sends): both true.
    include_subscriptions: bool | None = None
    include_order_line_items: bool | None = None
    schedule: ScheduleIn | None = None
    target_date_offset: int | None = None
    invoice_date_offset: int | None = None
    target_date_month_offset: int | None = None
    target_date_day_of_month: int | None = Field(default=None, ge=1, le=31)
    invoice_date_month_offset: int | None = None
    invoice_date_day_of_month: int | None = Field(default=None, ge=1, le=31)
    # Accepted and ignored (see the module's docstring).
    auto_email: bool | None = None
    auto_renewal: bool | None = None
    no_email_for_zero_amount_invoice: bool | None = None
    bill_run_type: str | None = None
    organization_labels: list[dict[str, Any]] | None = None


def _invalid(message: str, field: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_BILL_RUN_FIELD, message, field)


_SCHEDULED_ONLY = (
    "target_date_offset",
    "invoice_date_offset",
    "target_date_month_offset",
    "target_date_day_of_month",
    "invoice_date_month_offset",
    "invoice_date_day_of_month",
)


def check_ad_hoc(body: CreateBillRunIn) -> date:
    """An ad hoc run: a target date, and none of the scheduled runs' fields."""
    for name in _SCHEDULED_ONLY:
        if getattr(body, name) is not None:
            wire = CreateBillRunIn.model_fields[name].alias or name
            raise _invalid(f"'{wire}' is only valid for scheduled bill runs.", wire)
    if body.target_date is None:
        raise DomainError(ErrorCode.MISSING_FIELD, "'targetDate' may not be null", "targetDate")
    return body.target_date


def schedule_of(body: CreateBillRunIn) -> BillRunSchedule:
    given = body.schedule
    assert given is not None
    repeat = RepeatType(given.repeat_type)
    if given.repeat_to is not None and given.repeat_to < given.repeat_from:
        raise _invalid("'schedule.repeatTo' is before 'schedule.repeatFrom'.", "schedule.repeatTo")
    if given.weekly_on_day and repeat is not RepeatType.WEEKLY:
        raise _invalid(
            "'schedule.weeklyOnDay' is only valid when 'repeatType' is Weekly.",
            "schedule.weeklyOnDay",
        )
    if given.monthly_on_end_of_month is not None and repeat is not RepeatType.MONTHLY:
        raise _invalid(
            "'schedule.monthlyOnEndOfMonth' is only valid when 'repeatType' is Monthly.",
            "schedule.monthlyOnEndOfMonth",
        )
    return BillRunSchedule(
        repeat_from=given.repeat_from,
        repeat_type=repeat,
        run_time=given.run_time,
        repeat_to=given.repeat_to,
        weekly_on_day=tuple(dict.fromkeys(given.weekly_on_day or ())),
        monthly_on_end_of_month=given.monthly_on_end_of_month,
    )


def date_rule(body: CreateBillRunIn, schedule: BillRunSchedule, kind: str) -> DateRule:
    """How a scheduled run's target (`kind` "target") or invoice date follows from its run
    day: a month offset and day of month (monthly schedules), a day offset, the day offset
    of the date given for the first run, or the run day itself (SB3)."""
    given: date | None = getattr(body, f"{kind}_date")
    days: int | None = getattr(body, f"{kind}_date_offset")
    months: int | None = getattr(body, f"{kind}_date_month_offset")
    day_of_month: int | None = getattr(body, f"{kind}_date_day_of_month")
    if months is not None or day_of_month is not None:
        if days is not None:
            raise _invalid(
                f"'{kind}DateOffset' and '{kind}DateMonthOffset'/'{kind}DateDayOfMonth' are "
                "mutually exclusive.",
                f"{kind}DateOffset",
            )
        if schedule.repeat_type is not RepeatType.MONTHLY:
            raise _invalid(
                f"'{kind}DateMonthOffset' and '{kind}DateDayOfMonth' are only valid for "
                "monthly scheduled bill runs.",
                f"{kind}DateMonthOffset",
            )
        if months is not None and abs(months) > MAX_MONTH_OFFSET:
            raise _invalid(
                f"'{kind}DateMonthOffset' is at most {MAX_MONTH_OFFSET} months either way.",
                f"{kind}DateMonthOffset",
            )
        return DateRule(month_offset=months or 0, day_of_month=day_of_month)
    if given is not None:
        derived = (given - schedule.repeat_from).days
        if days is not None and days != derived:
            raise _invalid(
                f"'{kind}Date' and '{kind}DateOffset' disagree about the first run.",
                f"{kind}DateOffset",
            )
        days = derived
    days = days or 0
    if abs(days) > MAX_DAY_OFFSET:
        raise _invalid(
            f"'{kind}DateOffset' is at most {MAX_DAY_OFFSET} days either way.", f"{kind}DateOffset"
        )
    return DateRule(days=days)


def batches_of(body: CreateBillRunIn) -> tuple[str, ...]:
    """The batches named (() for AllBatches: every account)."""
    batches = body.batches or []
    for batch in batches:
        found = _BATCH.match(batch)
        if batch != "AllBatches" and (found is None or int(found.group(1)) > MAX_BATCH):
            raise _invalid(
                f"'batches' are AllBatches or Batch1 to Batch{MAX_BATCH}, not '{batch}'.",
                "batches",
            )
    if "AllBatches" in batches:
        return ()
    return tuple(dict.fromkeys(batches))


def bill_cycle_day_of(body: CreateBillRunIn) -> tuple[int | None, bool]:
    """(the day, whether AsRunDay): AllBillCycleDays or 1 to 31; AsRunDay, scheduled only."""
    day = None if body.bill_cycle_day is None else str(body.bill_cycle_day)
    if day in (None, "AllBillCycleDays"):
        return None, False
    if day == "AsRunDay":
        if body.schedule is None:
            raise _invalid(
                "'billCycleDay' AsRunDay is only valid for scheduled bill runs.", "billCycleDay"
            )
        return None, True
    if day is not None and day.isdigit() and 1 <= int(day) <= 31:
        return int(day), False
    raise DomainError(
        ErrorCode.INVALID_VALUE,
        "'billCycleDay' is 1 to 31, AllBillCycleDays or (scheduled runs) AsRunDay",
        "billCycleDay",
    )
