"""Resume (spec §3.12): the subscription is Active again from the resume date."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.errors import ErrorCode
from zorders.domain.orders.actions import OrderAction, Resume, ResumePolicy
from zorders.domain.orders.apply.common import (
    ActionEnv,
    Applied,
    add_to_date,
    fail,
    move_subscription_end,
    require,
)
from zorders.domain.subscription.model import Subscription, TermType


def apply(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    payload = action.payload
    assert isinstance(payload, Resume)
    current = require(subscription, action)
    suspension = current.open_suspension
    if suspension is None:
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            f"Subscription {current.number} is not suspended: there is nothing to resume.",
        )
    policy = payload.policy
    if policy is ResumePolicy.TODAY:
        day = env.today
    elif policy is ResumePolicy.SUSPEND_DATE:
        day = suspension.suspend_date
    elif policy is ResumePolicy.SPECIFIC_DATE:
        if payload.specific_date is None:
            raise fail(
                ErrorCode.MISSING_FIELD,
                "'resumeSpecificDate' may not be null when resumePolicy is SpecificDate",
                "resumeSpecificDate",
            )
        day = payload.specific_date
    elif policy is ResumePolicy.FIXED_PERIODS_FROM_SUSPEND_DATE:
        day = add_to_date(
            suspension.suspend_date, payload.periods, payload.periods_type, "resumePeriods"
        )
    else:
        day = add_to_date(env.today, payload.periods, payload.periods_type, "resumePeriods")
    if day < suspension.suspend_date:
        raise fail(
            ErrorCode.INVALID_ACTION_DATE,
            f"The resume date {day} is before the suspend date {suspension.suspend_date}.",
            "resumeSpecificDate",
        )
    resumed = replace(
        current, suspensions=(*current.suspensions[:-1], replace(suspension, resume_date=day))
    )
    details: dict[str, object] = {"resume_date": day}
    terms = resumed.terms
    if payload.extends_term and terms.term_type is TermType.TERMED and terms.term_end_date:
        old_end = terms.term_end_date
        new_end = old_end + (day - suspension.suspend_date)
        resumed = move_subscription_end(
            replace(resumed, terms=replace(terms, term_end_date=new_end)), old_end, new_end
        )
        details["term_end_date"] = new_end
    return Applied(resumed, details=details)
