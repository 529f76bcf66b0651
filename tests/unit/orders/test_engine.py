"""The engine: dispatch, and one new version per order (decisions.md #8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.unit.orders.builders import (
    PRO_PLAN,
    PRO_SEATS,
    Ids,
    charge_named,
    make_env,
    new_plan,
    plan_named,
    run,
    spans,
    subscription,
    termed,
)
from zorders.domain.calendar import PeriodType
from zorders.domain.orders import engine
from zorders.domain.orders.actions import (
    AddProduct,
    ChargeOverride,
    ChargeRef,
    ChargeUpdate,
    LastTerm,
    OrderActionType,
    PricingOverride,
    RatePlanRef,
    TermsAndConditions,
    UpdateProduct,
)
from zorders.domain.subscription.model import ChangeType, TermType

D = Decimal
JAN31 = date(2025, 1, 31)


def test_every_action_type_has_an_applier() -> None:
    assert set(engine._APPLY) == set(OrderActionType)


def test_begin_version() -> None:
    env = make_env(ids=Ids())
    v1 = subscription(JAN31, termed(12), env=env)  # id-1 .. id-7
    work = engine.begin_version(v1, env.ids, "O-00000002")
    assert work.version == 2
    assert work.id == "id-14"
    assert work.number == v1.number
    assert work.order_number == "O-00000002"
    (plan,) = work.rate_plans
    assert plan.id == "id-8"
    assert plan.original_id == "id-1"
    assert plan.known_ids == ("id-1", "id-8")
    assert plan.last_change_type is ChangeType.ADD  # kept until something changes it
    assert [(c.id, c.original_id, c.number) for c in plan.charges] == [
        ("id-9", "id-2", "C-00000001"),
        ("id-10", "id-3", "C-00000002"),
        ("id-11", "id-4", "C-00000003"),
        ("id-12", "id-5", "C-00000004"),
        ("id-13", "id-6", "C-00000005"),
    ]
    assert [c.segments for c in plan.charges] == [c.segments for c in v1.rate_plans[0].charges]
    assert work.terms == v1.terms
    # Version 1 is a value: untouched.
    assert v1.version == 1
    assert v1.id == "id-7"
    assert v1.rate_plans[0].known_ids == ("id-1",)
    # The version after keeps every id.
    v3 = engine.begin_version(work, env.ids, "O-00000003")
    assert v3.version == 3
    assert v3.rate_plans[0].known_ids == ("id-1", "id-8", "id-15")


def test_one_order_many_actions_one_version() -> None:
    env = make_env(ids=Ids())
    v1 = subscription(JAN31, termed(12), env=env)
    work = engine.begin_version(v1, env.ids, "O-00000002")
    seats = ChargeOverride(PRO_SEATS.id, unique_token="seats")
    work = run(
        work, AddProduct(new_plan(PRO_PLAN, seats, token="pro")), env, date(2025, 3, 1)
    ).subscription
    update = UpdateProduct(
        RatePlanRef(unique_token="pro"),
        (ChargeUpdate(ChargeRef(unique_token="seats"), PricingOverride(quantity=D(7))),),
    )
    work = run(work, update, env, date(2025, 4, 1)).subscription
    work = run(
        work,
        TermsAndConditions(last_term=LastTerm(TermType.TERMED, 24, PeriodType.MONTH)),
        env,
        date(2025, 4, 1),
    ).subscription
    v2 = engine.finish_version(work)
    assert v2.version == 2
    assert v2.order_number == "O-00000002"
    pro = plan_named(v2, "Pro")
    assert pro.last_change_type is ChangeType.UPDATE
    assert pro.unique_token is None
    assert all(c.unique_token is None for p in v2.rate_plans for c in p.charges)
    assert spans(charge_named(v2, "Seats")) == [(JAN31, date(2027, 1, 31))]
    assert [(s.start, s.end, s.quantity) for s in pro.charges[1].segments] == [
        (date(2025, 3, 1), date(2025, 4, 1), D(5)),
        (date(2025, 4, 1), date(2027, 1, 31), D(7)),
    ]
    # Tokens do not outlive the order: the next order's working copy has none either.
    v3 = engine.begin_version(v2, env.ids, "O-00000003")
    assert v3.version == 3
    assert plan_named(v3, "Pro").unique_token is None
