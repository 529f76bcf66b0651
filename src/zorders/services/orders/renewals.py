"""The jobs of a subscription's dated changes (issue 11, decisions TE1-TE6).

`term_end`: at the start of a TERMED term's end date an auto-renewing subscription renews
through the one order path, a system-made order with a RenewSubscription action whose
version schedules the next term end; a subscription that does not renew is Expired from
that day (derived, decisions #15) and the job reports it. The cancellation, suspension
and resumption jobs report the status flip their date brings. Each reads the latest
version and does nothing when the date it was made for is no longer there (stale).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from zorders.domain.orders.actions import OrderActionType, RenewSubscription
from zorders.domain.subscription.model import Subscription, SubscriptionStatus, TermType
from zorders.services.context import CommandContext
from zorders.services.orders.commands import (
    ActionCommand,
    CreateOrder,
    RequestedDates,
    SubscriptionCommand,
)
from zorders.services.orders.create import create_order
from zorders.services.ports import UnitOfWork

# `createdBy` of the orders the system makes (there is no API client behind them).
SYSTEM_USER = "system"
AUTO_RENEWAL_DESCRIPTION = "Automatic renewal at the end of the term"

Payload = dict[str, Any]


def _subject(
    uow: UnitOfWork, ctx: CommandContext, payload: Payload, *, for_update: bool = False
) -> tuple[Subscription | None, date]:
    number = str(payload["subscription_number"])
    latest = uow.subscriptions.latest(ctx.tenant_id, number, for_update=for_update)
    return latest, date.fromisoformat(payload["date"])


def _skipped(reason: str, subscription: Subscription | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"skipped": reason}
    if subscription is not None:
        result["subscription_number"] = subscription.number
        result["version"] = subscription.version
    return result


def term_end_skip_reason(subscription: Subscription | None, day: date) -> str | None:
    """Why a term-end job has nothing to do (None: renew or expire)."""
    if subscription is None:
        return "subscription not found"
    terms = subscription.terms
    if terms.term_type is not TermType.TERMED:
        return "evergreen now"
    if terms.term_end_date != day:
        return "term end moved"
    if subscription.pending is not None:
        return "pending"
    if subscription.cancelled_date is not None:  # on, before or after its term end (TE3)
        return "cancelled"
    if terms.auto_renew and subscription.open_suspension is not None:
        return "suspended"
    return None


def renewal_order(subscription: Subscription, day: date) -> CreateOrder:
    """The order the system places to renew `subscription` at its term end `day`: every
    trigger date is the term end, so it never waits for one (TE1)."""
    dates = RequestedDates(contract_effective=day, service_activation=day, customer_acceptance=day)
    action = ActionCommand(
        type=OrderActionType.RENEW_SUBSCRIPTION,
        payload=RenewSubscription(),
        trigger_dates=dates,
    )
    return CreateOrder(
        order_date=day,
        existing_account=subscription.account_id,
        description=AUTO_RENEWAL_DESCRIPTION,
        subscriptions=(
            SubscriptionCommand(actions=(action,), subscription_number=subscription.number),
        ),
    )


def run_term_end(uow: UnitOfWork, ctx: CommandContext, payload: Payload) -> dict[str, Any]:
    # Locked as the renewal order will lock it: an order racing the renewal waits, and
    # the checks below hold for the version the renewal renews.
    subscription, day = _subject(uow, ctx, payload, for_update=True)
    reason = term_end_skip_reason(subscription, day)
    if reason is not None:
        return _skipped(reason, subscription)
    assert subscription is not None
    if not subscription.terms.auto_renew:
        status = subscription.status_on(day)
        if status is not SubscriptionStatus.EXPIRED:  # suspended through its term end
            return _skipped(f"{status.value.lower()} at its term end", subscription)
        return {
            "counts": {"subscriptions_expired": 1},
            "subscription_number": subscription.number,
            "version": subscription.version,
            "status": status.value,
        }
    outcome = create_order(uow, ctx, renewal_order(subscription, day), created_by=SYSTEM_USER)
    (renewed,) = outcome.versions
    terms = renewed.terms
    return {
        "counts": {"subscriptions_renewed": 1},
        "subscription_number": renewed.number,
        "order_number": outcome.order.number,
        "version": renewed.version,
        "term_type": terms.term_type.value,
        "term_start_date": terms.term_start_date.isoformat(),
        "term_end_date": terms.term_end_date.isoformat() if terms.term_end_date else None,
    }


def _flip(
    subscription: Subscription | None, day: date, expected: SubscriptionStatus, counter: str
) -> dict[str, Any]:
    if subscription is None:
        return _skipped("subscription not found")
    status = subscription.status_on(day)
    if status is not expected:
        return _skipped(f"{status.value.lower()} on {day.isoformat()}", subscription)
    return {
        "counts": {counter: 1},
        "subscription_number": subscription.number,
        "version": subscription.version,
        "status": status.value,
    }


def run_cancellation(uow: UnitOfWork, ctx: CommandContext, payload: Payload) -> dict[str, Any]:
    """A future-dated cancellation takes effect: the status flips (derived); the credit
    for what was billed past the date was the order's (or the next bill run's) business."""
    subscription, day = _subject(uow, ctx, payload)
    if subscription is not None and subscription.cancelled_date != day:
        return _skipped("cancellation moved", subscription)
    return _flip(subscription, day, SubscriptionStatus.CANCELLED, "subscriptions_cancelled")


def run_suspension(uow: UnitOfWork, ctx: CommandContext, payload: Payload) -> dict[str, Any]:
    subscription, day = _subject(uow, ctx, payload)
    if subscription is not None and all(s.suspend_date != day for s in subscription.suspensions):
        return _skipped("suspension moved", subscription)
    return _flip(subscription, day, SubscriptionStatus.SUSPENDED, "subscriptions_suspended")


def run_resumption(uow: UnitOfWork, ctx: CommandContext, payload: Payload) -> dict[str, Any]:
    subscription, day = _subject(uow, ctx, payload)
    if subscription is not None and all(s.resume_date != day for s in subscription.suspensions):
        return _skipped("resumption moved", subscription)
    return _flip(subscription, day, SubscriptionStatus.ACTIVE, "subscriptions_resumed")
