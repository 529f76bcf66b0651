"""Which dates of a version get a job, and when a term-end or dated-change job is stale
(decisions TE1-TE5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from types import SimpleNamespace
from typing import Any

from tests.unit.orders.builders import subscription
from zorders.domain.subscription.model import (
    PendingState,
    Subscription,
    Suspension,
    TermType,
)
from zorders.services.context import CommandContext
from zorders.services.orders import renewals
from zorders.services.orders.due_dates import (
    CANCELLATION_JOB,
    RESUMPTION_JOB,
    SUSPENSION_JOB,
    TERM_END_JOB,
    DueDate,
    due_dates,
)

START = date(2025, 1, 31)
END = date(2026, 1, 31)  # 12 months from START, exclusive


def _auto(sub: Subscription, auto_renew: bool = True) -> Subscription:
    return replace(sub, terms=replace(sub.terms, auto_renew=auto_renew))


def _run(handler: Any, latest: Subscription | None, day: date) -> dict[str, Any]:
    uow = SimpleNamespace(subscriptions=SimpleNamespace(latest=lambda tenant, number, **_: latest))
    ctx = CommandContext("t-1", date_time(day), "job-1")
    payload = {"subscription_number": "A-S00000001", "version": 1, "date": day.isoformat()}
    result: dict[str, Any] = handler(uow, ctx, payload)
    return result


def date_time(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def test_a_termed_version_is_due_at_its_term_end() -> None:
    assert due_dates(subscription(START)) == {DueDate(END, TERM_END_JOB)}


def test_an_evergreen_or_pending_version_has_no_term_end() -> None:
    sub = subscription(START)
    evergreen = replace(sub, terms=replace(sub.terms, term_type=TermType.EVERGREEN))
    assert due_dates(evergreen) == frozenset()
    assert due_dates(replace(sub, pending=PendingState.ACTIVATION)) == frozenset()
    assert due_dates(None) == frozenset()


def test_cancellations_suspensions_and_resumes_are_due_on_their_dates() -> None:
    sub = replace(
        subscription(START),
        cancelled_date=date(2025, 9, 1),
        suspensions=(Suspension(date(2025, 3, 1), date(2025, 4, 1)),),
    )
    assert sorted(due_dates(sub)) == [
        DueDate(date(2025, 3, 1), SUSPENSION_JOB),
        DueDate(date(2025, 4, 1), RESUMPTION_JOB),
        DueDate(date(2025, 9, 1), CANCELLATION_JOB),
        DueDate(END, TERM_END_JOB),
    ]


def test_a_term_end_job_is_stale_when_its_date_is_gone() -> None:
    sub = _auto(subscription(START))
    assert renewals.term_end_skip_reason(sub, END) is None
    assert renewals.term_end_skip_reason(None, END) == "subscription not found"
    moved = replace(sub, terms=replace(sub.terms, term_end_date=date(2027, 1, 31)))
    assert renewals.term_end_skip_reason(moved, END) == "term end moved"
    evergreen = replace(sub, terms=replace(sub.terms, term_type=TermType.EVERGREEN))
    assert renewals.term_end_skip_reason(evergreen, END) == "evergreen now"
    for cancelled in (date(2025, 6, 1), END, date(2026, 6, 1)):
        on = replace(sub, cancelled_date=cancelled)
        assert renewals.term_end_skip_reason(on, END) == "cancelled"
    suspended = replace(sub, suspensions=(Suspension(date(2025, 12, 1)),))
    assert renewals.term_end_skip_reason(suspended, END) == "suspended"
    resumed = replace(sub, suspensions=(Suspension(date(2025, 3, 1), date(2025, 4, 1)),))
    assert renewals.term_end_skip_reason(resumed, END) is None
    pending = replace(sub, pending=PendingState.ACCEPTANCE)
    assert renewals.term_end_skip_reason(pending, END) == "pending"


def test_a_non_renewing_subscription_expires_unless_suspended_through_its_end() -> None:
    sub = _auto(subscription(START), auto_renew=False)
    assert _run(renewals.run_term_end, sub, END) == {
        "counts": {"subscriptions_expired": 1},
        "subscription_number": "A-S00000001",
        "version": 1,
        "status": "Expired",
    }
    suspended = replace(sub, suspensions=(Suspension(date(2025, 12, 1)),))
    assert _run(renewals.run_term_end, suspended, END)["skipped"] == ("suspended at its term end")


def test_the_renewal_order_renews_on_the_term_end_with_every_trigger_date() -> None:
    order = renewals.renewal_order(_auto(subscription(START)), END)
    assert order.order_date == END
    (item,) = order.subscriptions
    assert item.subscription_number == "A-S00000001"
    (action,) = item.actions
    assert action.type.value == "RenewSubscription"
    dates = action.trigger_dates
    assert (dates.contract_effective, dates.service_activation, dates.customer_acceptance) == (
        END,
        END,
        END,
    )


def test_status_flip_jobs_report_only_what_their_date_still_brings() -> None:
    day = date(2025, 6, 1)
    sub = subscription(START)
    cancelled = replace(sub, cancelled_date=day)
    assert _run(renewals.run_cancellation, cancelled, day)["counts"] == {
        "subscriptions_cancelled": 1
    }
    moved = replace(sub, cancelled_date=date(2025, 7, 1))
    assert _run(renewals.run_cancellation, moved, day)["skipped"] == "cancellation moved"
    assert _run(renewals.run_cancellation, None, day) == {"skipped": "subscription not found"}

    suspended = replace(sub, suspensions=(Suspension(day, date(2025, 7, 1)),))
    assert _run(renewals.run_suspension, suspended, day)["counts"] == {"subscriptions_suspended": 1}
    assert _run(renewals.run_suspension, sub, day)["skipped"] == "suspension moved"
    # Cancelled on the day of the suspension: it is not suspended, it is cancelled.
    both = replace(suspended, cancelled_date=day)
    assert _run(renewals.run_suspension, both, day)["skipped"] == "cancelled on 2025-06-01"

    resume = date(2025, 7, 1)
    assert _run(renewals.run_resumption, suspended, resume)["counts"] == {
        "subscriptions_resumed": 1
    }
    later = replace(sub, suspensions=(Suspension(day, date(2025, 8, 1)),))
    assert _run(renewals.run_resumption, later, resume)["skipped"] == "resumption moved"
