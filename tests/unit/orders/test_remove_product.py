"""RemoveProduct (spec §3.9; decisions.md #9): charges end on the removal date, the rate
plan stays listed with lastChangeType Remove."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tests.unit.orders.builders import (
    PRO_PLAN,
    Ids,
    charge_named,
    make_env,
    new_plan,
    next_version,
    plan_named,
    run,
    spans,
    subscription,
    termed,
)
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import (
    AddProduct,
    CancellationPolicy,
    CancelSubscription,
    ChargeRef,
    ChargeUpdate,
    PricingOverride,
    RatePlanRef,
    RemoveProduct,
    RenewSubscription,
    UpdateProduct,
)
from zorders.domain.orders.apply.common import ActionEnv
from zorders.domain.subscription.model import ChangeType, Subscription

D = Decimal
JAN31 = date(2025, 1, 31)
TERM_END = date(2026, 1, 31)
BASIC_REF = RatePlanRef(product_rate_plan_id="prp-basic")
REMOVE_BASIC = RemoveProduct(BASIC_REF)


def _with_seat_change() -> tuple[ActionEnv, Subscription]:
    """Basic from Jan 31 with Seats going to 8 on Jun 1, and Pro added on Mar 1."""
    env = make_env(ids=Ids())
    sub = subscription(JAN31, termed(12), env=env)
    seats = ChargeUpdate(ChargeRef(charge_number="C-00000002"), PricingOverride(quantity=D(8)))
    sub = run(sub, UpdateProduct(BASIC_REF, (seats,)), env, date(2025, 6, 1)).subscription
    sub = run(sub, AddProduct(new_plan(PRO_PLAN)), env, date(2025, 3, 1)).subscription
    return env, next_version(sub, env)


def test_remove_product() -> None:
    env, work = _with_seat_change()
    day = date(2025, 4, 15)
    applied = run(work, REMOVE_BASIC, env, day)
    sub = applied.subscription
    assert applied.details == {}
    assert applied.pending is False
    # Still listed, in place.
    assert [p.name for p in sub.rate_plans] == ["Basic", "Pro"]
    basic = plan_named(sub, "Basic")
    assert basic.last_change_type is ChangeType.REMOVE
    assert basic.removed_date == day
    assert basic.is_removed
    assert basic.id == work.rate_plans[0].id
    assert spans(charge_named(sub, "Platform")) == [(JAN31, day)]
    # The segment from Jun 1 is dropped; the first one is cut.
    seats = charge_named(sub, "Seats")
    assert spans(seats) == [(JAN31, day)]
    assert seats.last_segment.quantity == D(5)
    assert spans(charge_named(sub, "Storage")) == [(JAN31, day)]
    assert spans(charge_named(sub, "Loyalty")) == [(JAN31, day)]
    # The setup fee ended long before.
    assert spans(charge_named(sub, "Setup")) == [(JAN31, date(2025, 2, 1))]
    # Pro is untouched.
    assert plan_named(sub, "Pro") == plan_named(work, "Pro")
    assert sub.terms == work.terms


def test_remove_product_on_its_start_day_leaves_no_segments() -> None:
    env, work = _with_seat_change()
    sub = run(
        work, RemoveProduct(RatePlanRef(product_rate_plan_id="prp-pro")), env, date(2025, 3, 1)
    )
    pro = plan_named(sub.subscription, "Pro")
    assert pro.removed_date == date(2025, 3, 1)
    assert [c.segments for c in pro.charges] == [(), ()]


@pytest.mark.parametrize(
    "second",
    [
        REMOVE_BASIC,
        RemoveProduct(RatePlanRef(rate_plan_id="id-1")),
        RemoveProduct(RatePlanRef(product_rate_plan_number="PRP-00000001")),
    ],
)
def test_remove_twice(second: RemoveProduct) -> None:
    env, work = _with_seat_change()
    removed = run(work, REMOVE_BASIC, env, date(2025, 4, 15)).subscription
    with pytest.raises(DomainError) as raised:
        run(removed, second, env, date(2025, 5, 1))
    assert raised.value.code is ErrorCode.RATE_PLAN_NOT_FOUND


def test_update_after_remove_is_refused() -> None:
    env, work = _with_seat_change()
    removed = run(work, REMOVE_BASIC, env, date(2025, 4, 15)).subscription
    update = UpdateProduct(
        BASIC_REF,
        (ChargeUpdate(ChargeRef(charge_number="C-00000001"), PricingOverride(list_price=D(1))),),
    )
    with pytest.raises(DomainError) as raised:
        run(removed, update, env, date(2025, 4, 1))
    assert raised.value.code is ErrorCode.RATE_PLAN_NOT_FOUND


def test_removed_plan_survives_the_next_version() -> None:
    env, work = _with_seat_change()
    removed = run(work, REMOVE_BASIC, env, date(2025, 4, 15)).subscription
    later = next_version(removed, env, "O-00000003")
    basic = plan_named(later, "Basic")
    assert basic.last_change_type is ChangeType.REMOVE
    assert basic.removed_date == date(2025, 4, 15)
    assert len(basic.known_ids) == 3
    assert basic.known_ids[:2] == work.rate_plans[0].known_ids
    assert spans(charge_named(later, "Platform")) == [(JAN31, date(2025, 4, 15))]


def test_renewal_leaves_removed_charges_alone() -> None:
    env, work = _with_seat_change()
    removed = run(work, REMOVE_BASIC, env, date(2025, 4, 15)).subscription
    renewed = run(removed, RenewSubscription(), env, TERM_END).subscription
    assert spans(charge_named(renewed, "Platform")) == [(JAN31, date(2025, 4, 15))]
    assert spans(charge_named(renewed, "Pro Platform")) == [(date(2025, 3, 1), date(2027, 1, 31))]


def test_remove_at_the_term_end() -> None:
    env, work = _with_seat_change()
    sub = run(work, REMOVE_BASIC, env, date(2026, 1, 30)).subscription
    assert spans(charge_named(sub, "Platform")) == [(JAN31, date(2026, 1, 30))]


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2025, 1, 30), ErrorCode.INVALID_ACTION_DATE),  # before the start
        (date(2025, 7, 1), ErrorCode.INVALID_SUBSCRIPTION_STATE),  # after the cancellation
        (date(2025, 8, 1), ErrorCode.INVALID_SUBSCRIPTION_STATE),
    ],
)
def test_remove_refused(day: date, code: ErrorCode) -> None:
    env, work = _with_seat_change()
    cancel = CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 7, 1))
    cancelled = run(work, cancel, env, JAN31).subscription
    with pytest.raises(DomainError) as raised:
        run(cancelled, REMOVE_BASIC, env, day)
    assert raised.value.code is code


def test_remove_by_subscription_rate_plan_number() -> None:
    env, work = _with_seat_change()
    numbered = replace(
        work,
        rate_plans=(
            replace(work.rate_plans[0], subscription_rate_plan_number="SRP-1"),
            *work.rate_plans[1:],
        ),
    )
    sub = run(
        numbered,
        RemoveProduct(RatePlanRef(subscription_rate_plan_number="SRP-1")),
        env,
        date(2025, 5, 1),
    ).subscription
    assert plan_named(sub, "Basic").removed_date == date(2025, 5, 1)
