"""CancelSubscription (spec §3.11; decisions.md #15): the subscription and its charges end
on the cancellation date; the status flips when the date comes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tests.unit.orders.builders import (
    EVERGREEN,
    charge_named,
    make_env,
    run,
    spans,
    subscription,
    termed,
)
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import (
    CancellationPolicy,
    CancelSubscription,
    ChargeRef,
    ChargeUpdate,
    PricingOverride,
    RatePlanRef,
    UpdateProduct,
)
from zorders.domain.subscription.model import Subscription, SubscriptionStatus

D = Decimal
JAN31 = date(2025, 1, 31)
TERM_END = date(2026, 1, 31)
ACTIVE, CANCELLED = SubscriptionStatus.ACTIVE, SubscriptionStatus.CANCELLED


def _with_seat_change() -> Subscription:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    update = UpdateProduct(
        RatePlanRef(product_rate_plan_id="prp-basic"),
        (ChargeUpdate(ChargeRef(charge_number="C-00000002"), PricingOverride(quantity=D(8))),),
    )
    return run(sub, update, env, date(2025, 8, 1)).subscription


def test_end_of_current_term() -> None:
    sub = _with_seat_change()
    applied = run(
        sub, CancelSubscription(CancellationPolicy.END_OF_CURRENT_TERM), make_env(), JAN31
    )
    cancelled = applied.subscription
    assert applied.details == {"cancellation_effective_date": TERM_END}
    assert cancelled.cancelled_date == TERM_END
    assert cancelled.subscription_end_date == TERM_END
    assert cancelled.terms == sub.terms
    # The charges already end there.
    assert cancelled.rate_plans == sub.rate_plans
    assert cancelled.status_on(date(2026, 1, 30)) is ACTIVE
    assert cancelled.status_on(TERM_END) is CANCELLED  # not Expired
    assert cancelled.status_on(date(2027, 1, 1)) is CANCELLED


def test_specific_date() -> None:
    sub = _with_seat_change()
    day = date(2025, 6, 15)
    applied = run(sub, CancelSubscription(CancellationPolicy.SPECIFIC_DATE, day), make_env(), JAN31)
    cancelled = applied.subscription
    assert applied.details == {"cancellation_effective_date": day}
    assert cancelled.cancelled_date == day
    assert cancelled.subscription_end_date == day
    assert cancelled.terms.term_end_date == TERM_END  # the term itself is kept
    assert spans(charge_named(cancelled, "Platform")) == [(JAN31, day)]
    # The segment from Aug 1 goes.
    assert spans(charge_named(cancelled, "Seats")) == [(JAN31, day)]
    assert spans(charge_named(cancelled, "Setup")) == [(JAN31, date(2025, 2, 1))]
    assert [p.last_change_type for p in cancelled.rate_plans] == [
        p.last_change_type for p in sub.rate_plans
    ]
    assert cancelled.status_on(date(2025, 6, 14)) is ACTIVE
    assert cancelled.status_on(day) is CANCELLED


def test_specific_date_on_the_start_day() -> None:
    sub = subscription(JAN31, termed(12))
    cancelled = run(
        sub, CancelSubscription(CancellationPolicy.SPECIFIC_DATE, JAN31), make_env(), JAN31
    ).subscription
    assert [c.segments for c in cancelled.all_charges()] == [()] * 5
    assert cancelled.status_on(JAN31) is CANCELLED


def test_specific_date_needs_the_date() -> None:
    with pytest.raises(DomainError) as raised:
        run(subscription(), CancelSubscription(CancellationPolicy.SPECIFIC_DATE), make_env(), JAN31)
    assert raised.value.code is ErrorCode.MISSING_FIELD
    assert raised.value.field == "cancellation_effective_date"


def test_cancellation_before_the_start() -> None:
    cancel = CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 1, 30))
    with pytest.raises(DomainError) as raised:
        run(subscription(), cancel, make_env(), JAN31)
    assert raised.value.code is ErrorCode.INVALID_ACTION_DATE


def test_end_of_last_invoice_period_uses_the_charged_through_date() -> None:
    sub = subscription(JAN31, termed(12))
    (basic,) = sub.rate_plans
    billed = {"Platform": date(2025, 4, 30), "Seats": date(2025, 3, 31)}
    charges = tuple(replace(c, charged_through_date=billed.get(c.name)) for c in basic.charges)
    sub = replace(sub, rate_plans=(replace(basic, charges=charges),))
    cancel = CancelSubscription(CancellationPolicy.END_OF_LAST_INVOICE_PERIOD)
    applied = run(sub, cancel, make_env(), date(2025, 3, 10))
    day = date(2025, 4, 30)  # the latest charged-through date
    assert applied.details == {"cancellation_effective_date": day}
    assert spans(charge_named(applied.subscription, "Seats")) == [(JAN31, day)]


def test_end_of_last_invoice_period_with_nothing_billed() -> None:
    cancel = CancelSubscription(CancellationPolicy.END_OF_LAST_INVOICE_PERIOD)
    applied = run(subscription(), cancel, make_env(), date(2025, 3, 10))
    assert applied.subscription.cancelled_date == date(2025, 3, 10)


def test_evergreen() -> None:
    sub = subscription(JAN31, EVERGREEN)
    with pytest.raises(DomainError) as raised:
        run(sub, CancelSubscription(CancellationPolicy.END_OF_CURRENT_TERM), make_env(), JAN31)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE
    day = date(2025, 9, 1)
    cancelled = run(
        sub, CancelSubscription(CancellationPolicy.SPECIFIC_DATE, day), make_env(), JAN31
    ).subscription
    assert cancelled.subscription_end_date == day
    assert spans(charge_named(cancelled, "Platform")) == [(JAN31, day)]
    assert cancelled.status_on(date(2025, 8, 31)) is ACTIVE
    assert cancelled.status_on(day) is CANCELLED


@pytest.mark.parametrize(
    "second",
    [
        CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 5, 1)),
        CancelSubscription(CancellationPolicy.END_OF_CURRENT_TERM),
    ],
)
def test_cancel_twice(second: CancelSubscription) -> None:
    first = CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 6, 15))
    cancelled = run(subscription(), first, make_env(), JAN31).subscription
    with pytest.raises(DomainError) as raised:
        run(cancelled, second, make_env(), JAN31)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE
