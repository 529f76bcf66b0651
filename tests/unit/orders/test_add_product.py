"""AddProduct (spec §3.7): a catalog plan copied onto an existing subscription."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tests.unit.orders.builders import (
    EVERGREEN,
    PRO,
    PRO_PLAN,
    PRO_SEATS,
    CatalogPlan,
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
    ChargeOverride,
    PricingOverride,
)
from zorders.domain.orders.apply.common import TenantRules
from zorders.domain.subscription.model import ChangeType, SubscriptionStatus, TriggerEvent

D = Decimal
JAN31 = date(2025, 1, 31)
TERM_END = date(2026, 1, 31)


def test_add_product_mid_term() -> None:
    env = make_env()
    v1 = subscription(JAN31, termed(12), env=env)  # ids 1..7, charges C-1..C-5
    work = next_version(v1, env)  # plan id-8, charges id-9..13, subscription id-14
    day = date(2025, 3, 15)
    applied = run(work, AddProduct(new_plan(PRO_PLAN, token="pro")), env, day)
    sub = applied.subscription
    assert applied.pending is False
    assert [p.name for p in sub.rate_plans] == ["Basic", "Pro"]
    basic, pro = sub.rate_plans
    assert basic == work.rate_plans[0]  # untouched
    assert pro.id == "id-15"
    assert pro.original_id == "id-15"
    assert pro.known_ids == ("id-15",)
    assert applied.details == {"rate_plan_id": "id-15"}
    assert pro.last_change_type is ChangeType.ADD
    assert pro.unique_token == "pro"
    assert pro.removed_date is None
    assert [(c.id, c.number, c.name) for c in pro.charges] == [
        ("id-16", "C-00000006", "Pro Platform"),
        ("id-17", "C-00000007", "Seats"),
    ]
    for charge in pro.charges:
        assert spans(charge) == [(day, TERM_END)]
        assert charge.trigger_date == day
    assert pro.charges[0].last_segment.price == D(200)
    assert (pro.charges[1].last_segment.quantity, pro.charges[1].last_segment.price) == (
        D(5),
        D(12),
    )
    # The subscription itself does not change.
    assert sub.version == 2
    assert sub.terms == v1.terms
    assert sub.status_on(day) is SubscriptionStatus.ACTIVE


def test_add_product_on_the_start_date_of_an_evergreen_subscription() -> None:
    env = make_env()
    sub = subscription(JAN31, EVERGREEN, env=env)
    added = run(sub, AddProduct(new_plan(PRO_PLAN)), env, JAN31).subscription
    assert [spans(c) for c in plan_named(added, "Pro").charges] == [
        [(JAN31, None)],
        [(JAN31, None)],
    ]


def test_add_product_with_overrides() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    override = ChargeOverride(PRO_SEATS.id, pricing=PricingOverride(quantity=D(20)))
    added = run(sub, AddProduct(new_plan(PRO_PLAN, override)), env, date(2025, 2, 1))
    seats = plan_named(added.subscription, "Pro").charges[1]
    assert seats.last_segment.quantity == D(20)


def test_add_product_before_the_subscription_starts() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    with pytest.raises(DomainError) as raised:
        run(sub, AddProduct(new_plan(PRO_PLAN)), env, date(2025, 1, 30))
    assert raised.value.code is ErrorCode.INVALID_ACTION_DATE


def test_add_product_needs_a_subscription() -> None:
    with pytest.raises(DomainError) as raised:
        run(None, AddProduct(new_plan(PRO_PLAN)), make_env(), JAN31)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE


@pytest.mark.parametrize("day", [date(2025, 6, 30), date(2025, 8, 1)])
def test_add_product_on_a_cancelled_subscription(day: date) -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    cancelled = run(
        sub, CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 6, 30)), env, JAN31
    ).subscription
    with pytest.raises(DomainError) as raised:
        run(cancelled, AddProduct(new_plan(PRO_PLAN)), env, day)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE


def test_add_product_before_a_future_cancellation_ends_on_it() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    cancelled = run(
        sub, CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 6, 30)), env, JAN31
    ).subscription
    added = run(cancelled, AddProduct(new_plan(PRO_PLAN)), env, date(2025, 6, 1)).subscription
    for charge in plan_named(added, "Pro").charges:
        assert spans(charge) == [(date(2025, 6, 1), date(2025, 6, 30))]


def test_add_product_in_a_currency_the_plan_lacks() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    eur_only = CatalogPlan(
        PRO_PLAN.product, replace(PRO, active_currencies=("EUR",)), PRO_PLAN.charges
    )
    with pytest.raises(DomainError) as raised:
        run(sub, AddProduct(new_plan(eur_only)), env, JAN31)
    assert raised.value.code is ErrorCode.CURRENCY_MISMATCH


def test_add_product_with_a_pending_charge_keeps_the_subscription_status() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    override = ChargeOverride(PRO_SEATS.id, trigger_event=TriggerEvent.SPECIFIC_DATE)
    applied = run(sub, AddProduct(new_plan(PRO_PLAN, override)), env, date(2025, 2, 1))
    assert applied.pending is True
    assert applied.subscription.pending is None
    assert applied.subscription.status_on(date(2025, 2, 1)) is SubscriptionStatus.ACTIVE
    seats = plan_named(applied.subscription, "Pro").charges[1]
    assert seats.segments == ()
    assert seats.pending_values is not None
    assert seats.pending_values.price == D(12)


def test_add_product_trigger_on_service_activation_with_required_date() -> None:
    env = make_env(rules=TenantRules(require_service_activation=True))
    sub = subscription(JAN31, termed(12), env=make_env())
    override = ChargeOverride(PRO_SEATS.id, trigger_event=TriggerEvent.SERVICE_ACTIVATION)
    # The SA date is missing: that charge waits for it.
    applied = run(sub, AddProduct(new_plan(PRO_PLAN, override)), env, date(2025, 2, 1))
    assert applied.pending is True
    platform, seats = plan_named(applied.subscription, "Pro").charges
    assert spans(platform) == [(date(2025, 2, 1), TERM_END)]
    assert seats.segments == ()
    # Given, it starts on it.
    applied = run(
        sub, AddProduct(new_plan(PRO_PLAN, override)), env, date(2025, 2, 1), sa=date(2025, 3, 1)
    )
    assert applied.pending is False
    assert spans(plan_named(applied.subscription, "Pro").charges[1]) == [
        (date(2025, 3, 1), TERM_END)
    ]
