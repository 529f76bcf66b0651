"""CancelSubscription (spec §3.11): the subscription and its charges end on the date."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.errors import ErrorCode
from zorders.domain.orders.actions import CancellationPolicy, CancelSubscription, OrderAction
from zorders.domain.orders.apply.common import (
    ActionEnv,
    Applied,
    ensure_not_suspended,
    fail,
    latest_charged_through,
    require,
    resolve_dates,
    truncate,
)
from zorders.domain.subscription.model import Subscription, TermType


def apply(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    payload = action.payload
    assert isinstance(payload, CancelSubscription)
    current = require(subscription, action)
    ensure_not_suspended(current, action)
    dates = resolve_dates(action.trigger_dates, env.rules)
    if current.cancelled_date is not None:
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            f"Subscription {current.number} is already cancelled from {current.cancelled_date}.",
        )
    policy = payload.policy
    if policy is CancellationPolicy.SPECIFIC_DATE:
        if payload.effective_date is None:
            raise fail(
                ErrorCode.MISSING_FIELD,
                "'cancellationEffectiveDate' may not be null when cancellationPolicy is "
                "SpecificDate",
                "cancellation_effective_date",
            )
        day = payload.effective_date
    elif policy is CancellationPolicy.END_OF_CURRENT_TERM:
        if current.terms.term_type is not TermType.TERMED or current.terms.term_end_date is None:
            raise fail(
                ErrorCode.INVALID_SUBSCRIPTION_STATE,
                "An EVERGREEN subscription has no current term end: use SpecificDate or "
                "EndOfLastInvoicePeriod.",
                "cancellationPolicy",
            )
        day = current.terms.term_end_date
    else:
        # End of what was invoiced; with nothing invoiced yet, the contract effective date.
        day = latest_charged_through(current.all_charges()) or dates.contract_effective
    if day < current.subscription_start_date:
        raise fail(
            ErrorCode.INVALID_ACTION_DATE,
            f"The cancellation date {day} is before the subscription starts on "
            f"{current.subscription_start_date}.",
            "cancellation_effective_date",
        )
    plans = tuple(
        replace(p, charges=tuple(truncate(c, day) for c in p.charges)) for p in current.rate_plans
    )
    cancelled = replace(current, rate_plans=plans, cancelled_date=day)
    return Applied(cancelled, details={"cancellation_effective_date": day})
