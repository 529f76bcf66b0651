"""Whether a catalog object is in effect on a day, from its effective dates.

A product or product rate plan is Active from its effective start date (inclusive) to its
effective end date (exclusive), NotStarted before and Expired from the end date on; a date
left empty does not bound it. The values are Zuora's words for a plan's `status`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from zorders.domain.catalog.model import ProductRatePlan


class PlanStatus(StrEnum):
    ACTIVE = "Active"
    NOT_STARTED = "NotStarted"
    EXPIRED = "Expired"


def effective_status(start: date | None, end: date | None, today: date) -> PlanStatus:
    """Active between `start` and `end` (end exclusive), NotStarted before, Expired after."""
    if start is not None and today < start:
        return PlanStatus.NOT_STARTED
    if end is not None and today >= end:
        return PlanStatus.EXPIRED
    return PlanStatus.ACTIVE


def plan_status(plan: ProductRatePlan, today: date) -> PlanStatus:
    """The plan's status on `today`, from its effective dates."""
    return effective_status(plan.effective_start_date, plan.effective_end_date, today)
