"""A subscription version's status periods (Zuora's `statusHistory`), derived from its dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zorders.domain.subscription.model import (
    PendingState,
    Subscription,
    SubscriptionStatus,
    TermType,
)

# Zuora's status-history value once a termed subscription that does not renew has ended.
OUT_OF_TERM = "OutOfTerm"


@dataclass(frozen=True, slots=True)
class StatusPeriod:
    start: date
    end: date | None  # None: open, the status lasts
    status: str  # a SubscriptionStatus value, or OUT_OF_TERM


def status_history(subscription: Subscription) -> tuple[StatusPeriod, ...]:
    """Pending while the subscription waits for activation or acceptance; otherwise Active
    from its start, Suspended between each suspend and resume date, Cancelled from the
    cancel date, OutOfTerm from the end of a termed term that does not renew (decision RV1)."""
    start = subscription.subscription_start_date
    if subscription.pending is PendingState.ACTIVATION:
        return (StatusPeriod(start, None, SubscriptionStatus.PENDING_ACTIVATION.value),)
    if subscription.pending is PendingState.ACCEPTANCE:
        return (StatusPeriod(start, None, SubscriptionStatus.PENDING_ACCEPTANCE.value),)
    stop, final = _final(subscription)
    periods: list[StatusPeriod] = []
    cursor = start
    for suspension in subscription.suspensions:
        suspend = suspension.suspend_date
        if stop is not None and suspend >= stop:
            break
        if suspend > cursor:
            periods.append(StatusPeriod(cursor, suspend, SubscriptionStatus.ACTIVE.value))
        resume = suspension.resume_date
        if resume is None and final == OUT_OF_TERM:
            # An open suspension outlasts the term's end (as `status_on` reads it).
            periods.append(StatusPeriod(suspend, None, SubscriptionStatus.SUSPENDED.value))
            return tuple(periods)
        if stop is not None and (resume is None or resume > stop):
            resume = stop
        periods.append(StatusPeriod(suspend, resume, SubscriptionStatus.SUSPENDED.value))
        if resume is None:
            return tuple(periods)
        cursor = resume
    if stop is None or stop > cursor:
        periods.append(StatusPeriod(cursor, stop, SubscriptionStatus.ACTIVE.value))
    if stop is not None and final is not None:
        periods.append(StatusPeriod(stop, None, final))
    return tuple(periods)


def _final(subscription: Subscription) -> tuple[date | None, str | None]:
    if subscription.cancelled_date is not None:
        return subscription.cancelled_date, SubscriptionStatus.CANCELLED.value
    terms = subscription.terms
    if terms.term_type is TermType.TERMED and terms.term_end_date and not terms.auto_renew:
        return terms.term_end_date, OUT_OF_TERM
    return None, None
