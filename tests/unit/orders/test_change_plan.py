"""ChangePlan (spec §3.15): one rate plan replaced by another on the effective date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tests.unit.orders.builders import (
    LITE_PLAN,
    PLATFORM,
    PRO,
    PRO_PLAN,
    CatalogPlan,
    Ids,
    charge_named,
    make_env,
    new_plan,
    next_version,
    plan_named,
    run,
    single_charge_plan,
    spans,
    subscription,
    termed,
)
from zorders.domain.catalog.model import Product
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import (
    CancellationPolicy,
    CancelSubscription,
    ChangePlan,
    ChangePlanEffectivePolicy,
    ChangePlanSubType,
    ChargeRef,
    ChargeUpdate,
    PricingOverride,
    RatePlanRef,
    UpdateProduct,
)
from zorders.domain.orders.apply.common import ActionEnv
from zorders.domain.subscription.model import ChangeType, Subscription

D = Decimal
JAN31 = date(2025, 1, 31)
TERM_END = date(2026, 1, 31)
BASIC_REF = RatePlanRef(product_rate_plan_id="prp-basic")
APR15 = date(2025, 4, 15)


def _work(billed: dict[str, date] | None = None) -> tuple[ActionEnv, Subscription]:
    """Version 2's working copy of Basic from Jan 31 (ids id-8..id-14), optionally billed."""
    env = make_env(ids=Ids())
    sub = subscription(JAN31, termed(12), env=env)
    if billed:
        (plan,) = sub.rate_plans
        charges = tuple(replace(c, charged_through_date=billed.get(c.name)) for c in plan.charges)
        sub = replace(sub, rate_plans=(replace(plan, charges=charges),))
    return env, next_version(sub, env)


def test_upgrade_is_effective_immediately() -> None:
    # Billed through May 31, but an upgrade does not wait.
    env, work = _work({"Platform": date(2025, 5, 31)})
    applied = run(work, ChangePlan(BASIC_REF, new_plan(PRO_PLAN), old_grade=1), env, APR15)
    sub = applied.subscription
    assert applied.details == {
        "sub_type": "Upgrade",
        "effective_policy": "EffectiveImmediately",
        "effective_date": APR15,
        "rate_plan_id": "id-15",
    }
    assert applied.pending is False
    assert [p.name for p in sub.rate_plans] == ["Basic", "Pro"]
    basic, pro = sub.rate_plans
    assert basic.last_change_type is ChangeType.REMOVE
    assert basic.removed_date == APR15
    assert spans(charge_named(sub, "Platform")) == [(JAN31, APR15)]
    assert spans(charge_named(sub, "Seats")) == [(JAN31, APR15)]
    assert spans(charge_named(sub, "Setup")) == [(JAN31, date(2025, 2, 1))]
    assert pro.id == "id-15"
    assert pro.last_change_type is ChangeType.ADD
    assert pro.removed_date is None
    assert [(c.id, c.number) for c in pro.charges] == [
        ("id-16", "C-00000006"),
        ("id-17", "C-00000007"),
    ]
    for charge in pro.charges:
        assert spans(charge) == [(APR15, TERM_END)]
    assert pro.charges[0].last_segment.price == D(200)
    assert sub.terms == work.terms


def test_downgrade_waits_for_the_charged_through_date() -> None:
    env, work = _work({"Platform": date(2025, 5, 31), "Seats": date(2025, 4, 30)})
    applied = run(work, ChangePlan(BASIC_REF, new_plan(LITE_PLAN), old_grade=1), env, APR15)
    sub = applied.subscription
    day = date(2025, 5, 31)
    assert applied.details == {
        "sub_type": "Downgrade",
        "effective_policy": "EffectiveEndOfBillingPeriod",
        "effective_date": day,
        "rate_plan_id": "id-15",
    }
    assert plan_named(sub, "Basic").removed_date == day
    assert spans(charge_named(sub, "Platform")) == [(JAN31, day)]
    assert spans(charge_named(sub, "Seats")) == [(JAN31, day)]
    lite = plan_named(sub, "Lite")
    assert [(c.name, spans(c), c.last_segment.price) for c in lite.charges] == [
        ("Lite Platform", [(day, TERM_END)], D(50))
    ]


def test_downgrade_with_nothing_billed_is_effective_on_the_order_date() -> None:
    env, work = _work()
    applied = run(work, ChangePlan(BASIC_REF, new_plan(LITE_PLAN), old_grade=1), env, APR15)
    assert applied.details["effective_date"] == APR15
    assert applied.details["effective_policy"] == "EffectiveEndOfBillingPeriod"


OTHER_PRODUCT = Product(
    id="prod-other",
    name="Other",
    sku="SKU-OTHER",
    effective_start_date=date(2020, 1, 1),
    effective_end_date=date(2099, 12, 31),
)


@pytest.mark.parametrize(
    ("change", "sub_type", "policy", "day"),
    [
        # Equal grades: a crossgrade, on the specific date.
        (
            ChangePlan(BASIC_REF, new_plan(PRO_PLAN), old_grade=2, effective_date=date(2025, 6, 1)),
            "Crossgrade",
            "SpecificDate",
            date(2025, 6, 1),
        ),
        # Without a date: the contract effective date.
        (
            ChangePlan(BASIC_REF, new_plan(PRO_PLAN), old_grade=2),
            "Crossgrade",
            "SpecificDate",
            APR15,
        ),
        # Old grade unknown, or another product: PlanChanged.
        (ChangePlan(BASIC_REF, new_plan(PRO_PLAN)), "PlanChanged", "SpecificDate", APR15),
        (
            ChangePlan(
                BASIC_REF,
                new_plan(
                    CatalogPlan(
                        OTHER_PRODUCT, replace(PRO, product_id="prod-other"), PRO_PLAN.charges
                    )
                ),
                old_grade=1,
                effective_date=date(2025, 7, 1),
            ),
            "PlanChanged",
            "SpecificDate",
            date(2025, 7, 1),
        ),
        # An explicit policy wins over the default.
        (
            ChangePlan(
                BASIC_REF,
                new_plan(PRO_PLAN),
                old_grade=1,
                effective_policy=ChangePlanEffectivePolicy.SPECIFIC_DATE,
                effective_date=date(2025, 6, 1),
            ),
            "Upgrade",
            "SpecificDate",
            date(2025, 6, 1),
        ),
        # So does an explicit sub type.
        (
            ChangePlan(
                BASIC_REF, new_plan(PRO_PLAN), old_grade=1, sub_type=ChangePlanSubType.DOWNGRADE
            ),
            "Downgrade",
            "EffectiveEndOfBillingPeriod",
            APR15,
        ),
    ],
)
def test_sub_type_and_policy(change: ChangePlan, sub_type: str, policy: str, day: date) -> None:
    env, work = _work()
    applied = run(work, change, env, APR15)
    assert applied.details["sub_type"] == sub_type
    assert applied.details["effective_policy"] == policy
    assert applied.details["effective_date"] == day
    sub = applied.subscription
    assert plan_named(sub, "Basic").removed_date == day
    assert spans(charge_named(sub, "Platform")) == [(JAN31, day)]
    assert spans(charge_named(sub, "Pro Platform")) == [(day, TERM_END)]


def test_new_plan_can_be_updated_by_its_token_in_the_same_order() -> None:
    env, work = _work()
    changed = run(
        work, ChangePlan(BASIC_REF, new_plan(PRO_PLAN, token="pro"), old_grade=1), env, APR15
    )
    update = UpdateProduct(
        RatePlanRef(unique_token="pro"),
        (ChargeUpdate(ChargeRef(charge_number="C-00000007"), PricingOverride(quantity=D(10))),),
    )
    sub = run(changed.subscription, update, env, date(2025, 5, 1)).subscription
    seats = plan_named(sub, "Pro").charges[1]
    assert [(s.start, s.end, s.quantity) for s in seats.segments] == [
        (APR15, date(2025, 5, 1), D(5)),
        (date(2025, 5, 1), TERM_END, D(10)),
    ]


def test_change_plan_refused() -> None:
    env, work = _work()
    up = ChangePlan(BASIC_REF, new_plan(PRO_PLAN), old_grade=1)
    # Before the start.
    with pytest.raises(DomainError) as raised:
        run(work, up, env, date(2025, 1, 30))
    assert raised.value.code is ErrorCode.INVALID_ACTION_DATE
    # A plan the subscription does not have (or no longer has).
    with pytest.raises(DomainError) as raised:
        run(work, replace(up, target=RatePlanRef(product_rate_plan_id="prp-lite")), env, APR15)
    assert raised.value.code is ErrorCode.RATE_PLAN_NOT_FOUND
    changed = run(work, up, env, APR15).subscription
    with pytest.raises(DomainError) as raised:
        run(changed, up, env, date(2025, 5, 1))
    assert raised.value.code is ErrorCode.RATE_PLAN_NOT_FOUND
    # After the cancellation date.
    cancel = CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 4, 1))
    cancelled = run(work, cancel, env, JAN31).subscription
    with pytest.raises(DomainError) as raised:
        run(cancelled, up, env, APR15)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE
    # A new plan not sold in the currency.
    eur = single_charge_plan(PLATFORM)
    eur = replace(eur, plan=replace(eur.plan, active_currencies=("EUR",)))
    with pytest.raises(DomainError) as raised:
        run(work, replace(up, new_rate_plan=new_plan(eur)), env, APR15)
    assert raised.value.code is ErrorCode.CURRENCY_MISMATCH
