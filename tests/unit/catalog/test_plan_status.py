"""A catalog object's status from its effective dates (domain/catalog/status.py): Active
from the start date (inclusive) to the end date (exclusive), NotStarted before, Expired
from the end on; a missing date does not bound it."""

from __future__ import annotations

from datetime import date

import pytest

from zorders.domain.catalog.model import ProductRatePlan
from zorders.domain.catalog.status import PlanStatus, effective_status, plan_status

JAN1, JUL1 = date(2025, 1, 1), date(2025, 7, 1)


def _plan(start: date | None, end: date | None) -> ProductRatePlan:
    return ProductRatePlan(
        id="prp",
        product_id="p",
        name="Basic",
        active_currencies=("USD",),
        effective_start_date=start,
        effective_end_date=end,
    )


@pytest.mark.parametrize(
    ("start", "end", "today", "status"),
    [
        (JAN1, JUL1, date(2024, 12, 31), PlanStatus.NOT_STARTED),
        (JAN1, JUL1, JAN1, PlanStatus.ACTIVE),  # the start day is in
        (JAN1, JUL1, date(2025, 6, 30), PlanStatus.ACTIVE),
        (JAN1, JUL1, JUL1, PlanStatus.EXPIRED),  # the end day is out
        (JAN1, JUL1, date(2026, 1, 1), PlanStatus.EXPIRED),
        (None, JUL1, date(1990, 1, 1), PlanStatus.ACTIVE),
        (JAN1, None, date(2999, 1, 1), PlanStatus.ACTIVE),
        (None, None, JAN1, PlanStatus.ACTIVE),
    ],
)
def test_status_by_dates(
    start: date | None, end: date | None, today: date, status: PlanStatus
) -> None:
    assert effective_status(start, end, today) is status
    assert plan_status(_plan(start, end), today) is status


def test_the_values_are_zuoras_words() -> None:
    assert [s.value for s in PlanStatus] == ["Active", "NotStarted", "Expired"]
