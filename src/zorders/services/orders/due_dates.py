"""Dated work a subscription version makes due (issue 11, decisions TE1-TE4).

When an order stores a version, each date of it that something must happen on, and that
the version before it did not have, gets a job at the start of that date in the
tenant's zone, in the order's transaction: the term end of a TERMED version (renew or
expire), a future cancellation, suspension or resume (the status flips then, decisions
#15; the job reports it). A job never trusts its payload: it reads the latest version
when it runs and does nothing if the date is no longer there (`renewals.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zorders.domain.subscription.model import Subscription, TermType
from zorders.services.clock_moves import start_of_day
from zorders.services.context import CommandContext
from zorders.services.jobs.core import enqueue
from zorders.services.ports import UnitOfWork

TERM_END_JOB = "term_end"
CANCELLATION_JOB = "subscription_cancellation"
SUSPENSION_JOB = "subscription_suspension"
RESUMPTION_JOB = "subscription_resumption"


@dataclass(frozen=True, order=True)
class DueDate:
    """One dated change of a version: the job kind that handles it and its date."""

    day: date
    kind: str


def due_dates(subscription: Subscription | None) -> frozenset[DueDate]:
    """The dates of `subscription` that need a job (none while it is pending)."""
    if subscription is None or subscription.pending is not None:
        return frozenset()
    found: set[DueDate] = set()
    terms = subscription.terms
    if terms.term_type is TermType.TERMED and terms.term_end_date is not None:
        found.add(DueDate(terms.term_end_date, TERM_END_JOB))
    if subscription.cancelled_date is not None:
        found.add(DueDate(subscription.cancelled_date, CANCELLATION_JOB))
    for suspension in subscription.suspensions:
        found.add(DueDate(suspension.suspend_date, SUSPENSION_JOB))
        if suspension.resume_date is not None:
            found.add(DueDate(suspension.resume_date, RESUMPTION_JOB))
    return frozenset(found)


def payload(subscription: Subscription, due: DueDate) -> dict[str, object]:
    return {
        "subscription_number": subscription.number,
        "version": subscription.version,
        "date": due.day.isoformat(),
    }


def schedule(
    uow: UnitOfWork,
    ctx: CommandContext,
    subscription: Subscription,
    previous: Subscription | None,
) -> tuple[DueDate, ...]:
    """Enqueue a job for each due date of `subscription` that `previous` (the version it
    follows, or itself before an in-place change) lacked and that is still to come: a
    date on or before today was due before this change (a backdated subscription whose
    term ended already does not renew by itself, TE2)."""
    new = sorted(d for d in due_dates(subscription) - due_dates(previous) if d.day > ctx.today)
    for due in new:
        enqueue(
            uow,
            ctx,
            due.kind,
            payload(subscription, due),
            run_at=start_of_day(due.day, ctx.time_zone),
        )
    return tuple(new)


def schedule_new_version(
    uow: UnitOfWork,
    ctx: CommandContext,
    subscription: Subscription,
    previous: Subscription | None = None,
) -> None:
    """After an order stored `subscription` as its latest version; `previous` is the
    version it follows when the caller has it in hand (not read again, PF24)."""
    if previous is None or previous.version != subscription.version - 1:
        previous = (
            uow.subscriptions.version(ctx.tenant_id, subscription.number, subscription.version - 1)
            if subscription.version > 1
            else None
        )
    schedule(uow, ctx, subscription, previous)
