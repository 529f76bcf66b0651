"""Suspend / Resume (spec §3.12; decisions.md #15): Suspended between the dates; nothing
else happens to a suspended subscription until it is resumed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tests.unit.orders.builders import (
    EVERGREEN,
    LITE_PLAN,
    PRO_PLAN,
    charge_named,
    make_env,
    new_plan,
    run,
    spans,
    subscription,
    termed,
)
from zorders.domain.calendar import PeriodType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import (
    ActionPayload,
    AddProduct,
    CancellationPolicy,
    CancelSubscription,
    ChangePlan,
    ChargeRef,
    ChargeUpdate,
    LastTerm,
    OwnerTransfer,
    PricingOverride,
    RatePlanRef,
    RemoveProduct,
    RenewSubscription,
    Resume,
    ResumePolicy,
    Suspend,
    SuspendPolicy,
    TermsAndConditions,
    UpdateProduct,
)
from zorders.domain.subscription.model import Subscription, SubscriptionStatus, Suspension, TermType

D = Decimal
JAN31 = date(2025, 1, 31)
TERM_END = date(2026, 1, 31)
TODAY = date(2025, 3, 10)
SUSPENDED, ACTIVE = SubscriptionStatus.SUSPENDED, SubscriptionStatus.ACTIVE
BASIC_REF = RatePlanRef(product_rate_plan_id="prp-basic")


def _suspended(on: date = TODAY, sub: Subscription | None = None) -> Subscription:
    sub = sub or subscription(JAN31, termed(12))
    suspend = Suspend(SuspendPolicy.SPECIFIC_DATE, specific_date=on)
    return run(sub, suspend, make_env(today=on), on).subscription


def _billed(sub: Subscription, through: date) -> Subscription:
    (plan,) = sub.rate_plans
    charges = tuple(
        replace(c, charged_through_date=through) if c.name == "Platform" else c
        for c in plan.charges
    )
    return replace(sub, rate_plans=(replace(plan, charges=charges),))


@pytest.mark.parametrize(
    ("suspend", "billed_through", "day"),
    [
        (Suspend(SuspendPolicy.TODAY), None, TODAY),
        (
            Suspend(SuspendPolicy.SPECIFIC_DATE, specific_date=date(2025, 4, 1)),
            None,
            date(2025, 4, 1),
        ),
        (
            Suspend(SuspendPolicy.FIXED_PERIODS_FROM_TODAY, 5, PeriodType.DAY),
            None,
            date(2025, 3, 15),
        ),
        (
            Suspend(SuspendPolicy.FIXED_PERIODS_FROM_TODAY, 2, PeriodType.WEEK),
            None,
            date(2025, 3, 24),
        ),
        (
            Suspend(SuspendPolicy.FIXED_PERIODS_FROM_TODAY, 1, PeriodType.MONTH),
            None,
            date(2025, 4, 10),
        ),
        (Suspend(SuspendPolicy.FIXED_PERIODS_FROM_TODAY, 0, PeriodType.MONTH), None, TODAY),
        (Suspend(SuspendPolicy.END_OF_LAST_INVOICE_PERIOD), date(2025, 3, 31), date(2025, 3, 31)),
        (Suspend(SuspendPolicy.END_OF_LAST_INVOICE_PERIOD), None, TODAY),
    ],
)
def test_suspend_policies(suspend: Suspend, billed_through: date | None, day: date) -> None:
    sub = subscription(JAN31, termed(12))
    if billed_through is not None:
        sub = _billed(sub, billed_through)
    applied = run(sub, suspend, make_env(today=TODAY), TODAY)
    suspended = applied.subscription
    assert applied.details == {"suspend_date": day}
    assert suspended.suspensions == (Suspension(day),)
    assert suspended.open_suspension == Suspension(day)
    assert suspended.status_on(date.fromordinal(day.toordinal() - 1)) is ACTIVE
    assert suspended.status_on(day) is SUSPENDED
    assert suspended.status_on(date(2025, 12, 1)) is SUSPENDED
    # Charges and terms are not touched by a suspension.
    assert suspended.rate_plans == sub.rate_plans
    assert suspended.terms == sub.terms


@pytest.mark.parametrize(
    ("suspend", "code", "field"),
    [
        (Suspend(SuspendPolicy.SPECIFIC_DATE), ErrorCode.MISSING_FIELD, "suspendSpecificDate"),
        (
            Suspend(SuspendPolicy.FIXED_PERIODS_FROM_TODAY),
            ErrorCode.MISSING_FIELD,
            "suspendPeriods",
        ),
        (
            Suspend(SuspendPolicy.FIXED_PERIODS_FROM_TODAY, 2),
            ErrorCode.MISSING_FIELD,
            "suspendPeriods",
        ),
        (
            Suspend(SuspendPolicy.FIXED_PERIODS_FROM_TODAY, -1, PeriodType.DAY),
            ErrorCode.INVALID_VALUE,
            "suspendPeriods",
        ),
        (
            Suspend(SuspendPolicy.SPECIFIC_DATE, specific_date=date(2025, 1, 30)),
            ErrorCode.INVALID_ACTION_DATE,
            "suspendSpecificDate",
        ),
        (
            Suspend(SuspendPolicy.SPECIFIC_DATE, specific_date=TERM_END),
            ErrorCode.INVALID_ACTION_DATE,
            "suspendSpecificDate",
        ),
        (
            Suspend(SuspendPolicy.FIXED_PERIODS_FROM_TODAY, 1, PeriodType.YEAR),
            ErrorCode.INVALID_ACTION_DATE,
            "suspendSpecificDate",
        ),
    ],
)
def test_suspend_refused(suspend: Suspend, code: ErrorCode, field: str) -> None:
    with pytest.raises(DomainError) as raised:
        run(subscription(JAN31, termed(12)), suspend, make_env(today=TODAY), TODAY)
    assert raised.value.code is code
    assert raised.value.field == field


def test_suspend_on_or_after_the_cancellation_date() -> None:
    cancel = CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 6, 1))
    cancelled = run(subscription(), cancel, make_env(), JAN31).subscription
    with pytest.raises(DomainError) as raised:
        _suspended(date(2025, 6, 1), cancelled)
    assert raised.value.code is ErrorCode.INVALID_ACTION_DATE
    assert _suspended(date(2025, 5, 31), cancelled).status_on(date(2025, 5, 31)) is SUSPENDED


RESUME_TODAY = date(2025, 4, 5)


@pytest.mark.parametrize(
    ("resume", "day"),
    [
        (Resume(ResumePolicy.TODAY), RESUME_TODAY),
        (Resume(ResumePolicy.SUSPEND_DATE), TODAY),
        (Resume(ResumePolicy.SPECIFIC_DATE, specific_date=date(2025, 5, 1)), date(2025, 5, 1)),
        (
            Resume(ResumePolicy.FIXED_PERIODS_FROM_SUSPEND_DATE, 10, PeriodType.DAY),
            date(2025, 3, 20),
        ),
        (
            Resume(ResumePolicy.FIXED_PERIODS_FROM_SUSPEND_DATE, 1, PeriodType.MONTH),
            date(2025, 4, 10),
        ),
        (Resume(ResumePolicy.FIXED_PERIODS_FROM_TODAY, 1, PeriodType.MONTH), date(2025, 5, 5)),
        (Resume(ResumePolicy.FIXED_PERIODS_FROM_TODAY, 2, PeriodType.WEEK), date(2025, 4, 19)),
    ],
)
def test_resume_policies(resume: Resume, day: date) -> None:
    suspended = _suspended()
    applied = run(suspended, resume, make_env(today=RESUME_TODAY), RESUME_TODAY)
    resumed = applied.subscription
    assert applied.details == {"resume_date": day}
    assert resumed.suspensions == (Suspension(TODAY, day),)
    assert resumed.open_suspension is None
    assert resumed.status_on(date(2025, 3, 9)) is ACTIVE
    if day > TODAY:
        assert resumed.status_on(TODAY) is SUSPENDED
        assert resumed.status_on(date.fromordinal(day.toordinal() - 1)) is SUSPENDED
    assert resumed.status_on(day) is ACTIVE
    assert resumed.terms == suspended.terms  # extendsTerm not set
    assert resumed.rate_plans == suspended.rate_plans


@pytest.mark.parametrize(
    ("resume", "code"),
    [
        (
            Resume(ResumePolicy.SPECIFIC_DATE, specific_date=date(2025, 3, 9)),
            ErrorCode.INVALID_ACTION_DATE,
        ),
        (Resume(ResumePolicy.SPECIFIC_DATE), ErrorCode.MISSING_FIELD),
        (Resume(ResumePolicy.FIXED_PERIODS_FROM_TODAY), ErrorCode.MISSING_FIELD),
        # Today is before the suspension starts.
        (Resume(ResumePolicy.TODAY), ErrorCode.INVALID_ACTION_DATE),
    ],
)
def test_resume_refused(resume: Resume, code: ErrorCode) -> None:
    suspended = _suspended()
    with pytest.raises(DomainError) as raised:
        run(suspended, resume, make_env(today=date(2025, 3, 1)), date(2025, 3, 1))
    assert raised.value.code is code


def test_resume_without_a_suspension() -> None:
    with pytest.raises(DomainError) as raised:
        run(subscription(), Resume(ResumePolicy.TODAY), make_env(), JAN31)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE
    resumed = run(
        _suspended(), Resume(ResumePolicy.TODAY), make_env(today=RESUME_TODAY), RESUME_TODAY
    )
    with pytest.raises(DomainError) as raised:
        run(
            resumed.subscription,
            Resume(ResumePolicy.TODAY),
            make_env(today=RESUME_TODAY),
            RESUME_TODAY,
        )
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE


def test_resume_extending_the_term() -> None:
    suspended = _suspended()
    resume = Resume(ResumePolicy.TODAY, extends_term=True)
    applied = run(suspended, resume, make_env(today=RESUME_TODAY), RESUME_TODAY)
    resumed = applied.subscription
    # Suspended Mar 10 - Apr 5: 26 days; Jan 31 2026 + 26 days = Feb 26 2026.
    new_end = date(2026, 2, 26)
    assert applied.details == {"resume_date": RESUME_TODAY, "term_end_date": new_end}
    assert resumed.terms.term_end_date == new_end
    assert resumed.terms.term_start_date == JAN31
    assert resumed.subscription_end_date == new_end
    assert spans(charge_named(resumed, "Platform")) == [(JAN31, new_end)]
    assert spans(charge_named(resumed, "Seats")) == [(JAN31, new_end)]
    assert spans(charge_named(resumed, "Setup")) == [(JAN31, date(2025, 2, 1))]
    assert resumed.status_on(date(2026, 2, 25)) is ACTIVE
    assert resumed.status_on(new_end) is SubscriptionStatus.EXPIRED


def test_resume_on_the_suspend_date_extends_nothing() -> None:
    applied = run(
        _suspended(), Resume(ResumePolicy.SUSPEND_DATE, extends_term=True), make_env(), TODAY
    )
    assert applied.details == {"resume_date": TODAY, "term_end_date": TERM_END}
    assert applied.subscription.terms.term_end_date == TERM_END
    assert applied.subscription.status_on(TODAY) is ACTIVE


def test_resume_extending_an_evergreen_term() -> None:
    suspended = _suspended(sub=subscription(JAN31, EVERGREEN))
    applied = run(
        suspended,
        Resume(ResumePolicy.TODAY, extends_term=True),
        make_env(today=RESUME_TODAY),
        RESUME_TODAY,
    )
    assert applied.details == {"resume_date": RESUME_TODAY}
    assert applied.subscription.terms.term_type is TermType.EVERGREEN
    assert spans(charge_named(applied.subscription, "Platform")) == [(JAN31, None)]


SEATS_UPDATE = UpdateProduct(
    BASIC_REF,
    (ChargeUpdate(ChargeRef(charge_number="C-00000002"), PricingOverride(quantity=D(8))),),
)
WHILE_SUSPENDED: list[ActionPayload] = [
    AddProduct(new_plan(PRO_PLAN)),
    SEATS_UPDATE,
    RemoveProduct(BASIC_REF),
    ChangePlan(BASIC_REF, new_plan(LITE_PLAN), old_grade=1),
    RenewSubscription(),
    CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 6, 1)),
    CancelSubscription(CancellationPolicy.END_OF_CURRENT_TERM),
    TermsAndConditions(last_term=LastTerm(TermType.EVERGREEN)),
    OwnerTransfer(destination_account_id="acc-2"),
    Suspend(SuspendPolicy.SPECIFIC_DATE, specific_date=date(2025, 5, 1)),
]


@pytest.mark.parametrize("payload", WHILE_SUSPENDED, ids=lambda p: type(p).__name__)
@pytest.mark.parametrize("day", [date(2025, 2, 1), date(2025, 3, 20)])
def test_nothing_but_resume_while_suspended(payload: ActionPayload, day: date) -> None:
    """Spec §3.12: an action after a Suspend requires a Resume first (whatever its date)."""
    with pytest.raises(DomainError) as raised:
        run(_suspended(), payload, make_env(today=day), day)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE


def test_actions_after_resume() -> None:
    resumed = run(
        _suspended(), Resume(ResumePolicy.TODAY), make_env(today=RESUME_TODAY), RESUME_TODAY
    ).subscription
    # Not on a day the subscription was suspended.
    with pytest.raises(DomainError) as raised:
        run(resumed, AddProduct(new_plan(PRO_PLAN)), make_env(), date(2025, 3, 20))
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE
    # From the resume date on, yes.
    added = run(resumed, AddProduct(new_plan(PRO_PLAN)), make_env(), RESUME_TODAY).subscription
    assert [p.name for p in added.rate_plans] == ["Basic", "Pro"]
    updated = run(resumed, SEATS_UPDATE, make_env(), date(2025, 5, 1)).subscription
    assert spans(charge_named(updated, "Seats")) == [
        (JAN31, date(2025, 5, 1)),
        (date(2025, 5, 1), TERM_END),
    ]
    # A second suspension.
    again = _suspended(date(2025, 6, 1), resumed)
    assert again.suspensions == (Suspension(TODAY, RESUME_TODAY), Suspension(date(2025, 6, 1)))
    assert again.status_on(date(2025, 5, 31)) is ACTIVE
    assert again.status_on(date(2025, 6, 1)) is SUSPENDED


def test_extension_stops_at_a_cancellation() -> None:
    cancel = CancelSubscription(CancellationPolicy.END_OF_CURRENT_TERM)
    cancelled = run(subscription(JAN31, termed(12)), cancel, make_env(), JAN31).subscription
    resumed = run(
        _suspended(sub=cancelled),
        Resume(ResumePolicy.TODAY, extends_term=True),
        make_env(today=RESUME_TODAY),
        RESUME_TODAY,
    ).subscription
    assert resumed.terms.term_end_date == date(2026, 2, 26)
    assert resumed.subscription_end_date == TERM_END  # the cancellation date
    assert spans(charge_named(resumed, "Platform")) == [(JAN31, TERM_END)]
    assert resumed.status_on(TERM_END) is SubscriptionStatus.CANCELLED
