"""RenewSubscription (spec §3.10): the next term of a TERMED subscription."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.unit.orders.builders import (
    BASIC_PLAN,
    EVERGREEN,
    PLATFORM,
    charge_named,
    make_env,
    new_plan,
    run,
    spans,
    subscription,
    termed,
)
from zorders.domain.calendar import PeriodType
from zorders.domain.catalog.enums import EndDateCondition, UpToPeriodsType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import (
    CancellationPolicy,
    CancelSubscription,
    ChargeOverride,
    ChargeRef,
    ChargeUpdate,
    InitialTerms,
    PricingOverride,
    RatePlanRef,
    RenewSubscription,
    UpdateProduct,
)
from zorders.domain.subscription.model import (
    RenewalSetting,
    SubscriptionStatus,
    TermLength,
    TermType,
)

D = Decimal
JAN31 = date(2025, 1, 31)
TERM_END = date(2026, 1, 31)
SIX = TermLength(6, PeriodType.MONTH)
THREE = TermLength(3, PeriodType.MONTH)
RENEW = RenewSubscription()


def test_renew_moves_the_term_and_the_charges() -> None:
    env = make_env()
    fixed = ChargeOverride(
        PLATFORM.id,
        end_date_condition=EndDateCondition.FIXED_PERIOD,
        up_to_periods=3,
        up_to_periods_type=UpToPeriodsType.MONTHS,
    )
    sub = subscription(
        JAN31, termed(12, renewal_terms=(SIX, THREE)), (new_plan(BASIC_PLAN, fixed),), env=env
    )
    update = UpdateProduct(
        RatePlanRef(product_rate_plan_id="prp-basic"),
        (ChargeUpdate(ChargeRef(charge_number="C-00000002"), PricingOverride(quantity=D(8))),),
    )
    sub = run(sub, update, env, date(2025, 6, 1)).subscription
    assert sub.status_on(date(2026, 3, 1)) is SubscriptionStatus.EXPIRED

    applied = run(sub, RENEW, env, TERM_END)
    renewed = applied.subscription
    new_end = date(2026, 7, 31)  # Jan 31 + 6 months
    assert applied.details == {"term_start_date": TERM_END, "term_end_date": new_end}
    terms = renewed.terms
    assert terms.term_type is TermType.TERMED
    assert (terms.term_start_date, terms.term_end_date) == (TERM_END, new_end)
    assert terms.current_term == SIX
    assert terms.initial_term == TermLength(12, PeriodType.MONTH)
    assert terms.renewals == 1
    assert renewed.subscription_end_date == new_end
    assert renewed.subscription_start_date == JAN31
    # Charges ending at the old term end now end at the new one.
    assert spans(charge_named(renewed, "Storage")) == [(JAN31, new_end)]
    assert spans(charge_named(renewed, "Loyalty")) == [(JAN31, new_end)]
    # Only the last segment moves.
    assert spans(charge_named(renewed, "Seats")) == [
        (JAN31, date(2025, 6, 1)),
        (date(2025, 6, 1), new_end),
    ]
    # A fixed-period charge and the one-time fee keep their ends.
    assert spans(charge_named(renewed, "Platform")) == [(JAN31, date(2025, 4, 30))]
    assert spans(charge_named(renewed, "Setup")) == [(JAN31, date(2025, 2, 1))]
    assert renewed.status_on(date(2026, 3, 1)) is SubscriptionStatus.ACTIVE
    assert renewed.status_on(new_end) is SubscriptionStatus.EXPIRED


def test_renewal_terms_last_entry_repeats() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12, renewal_terms=(SIX, THREE)), env=env)
    expected = [
        (date(2026, 1, 31), date(2026, 7, 31), SIX),
        (date(2026, 7, 31), date(2026, 10, 31), THREE),
        (date(2026, 10, 31), date(2027, 1, 31), THREE),
        (date(2027, 1, 31), date(2027, 4, 30), THREE),  # Jan 31 + 3 months, clamped
    ]
    for count, (start, end, length) in enumerate(expected, start=1):
        sub = run(sub, RENEW, env, start).subscription
        assert (sub.terms.term_start_date, sub.terms.term_end_date) == (start, end)
        assert sub.terms.current_term == length
        assert sub.terms.renewals == count
        assert spans(charge_named(sub, "Platform")) == [(JAN31, end)]


@pytest.mark.parametrize(
    ("terms", "end"),
    [
        (termed(12), date(2027, 1, 31)),  # no renewal terms: the initial term again
        (termed(12, renewal_terms=(TermLength(2, PeriodType.YEAR),)), date(2028, 1, 31)),
        (termed(12, renewal_terms=(TermLength(4, PeriodType.WEEK),)), date(2026, 2, 28)),
        (termed(12, renewal_terms=(TermLength(10, PeriodType.DAY),)), date(2026, 2, 10)),
    ],
)
def test_renewal_length(terms: InitialTerms, end: date) -> None:
    env = make_env()
    sub = subscription(JAN31, terms, env=env)
    renewed = run(sub, RENEW, env, TERM_END).subscription
    assert renewed.terms.term_end_date == end
    assert spans(charge_named(renewed, "Seats")) == [(JAN31, end)]


def test_renew_to_evergreen() -> None:
    env = make_env()
    terms = termed(12, renewal_setting=RenewalSetting.RENEW_TO_EVERGREEN)
    sub = subscription(JAN31, terms, env=env)
    applied = run(sub, RENEW, env, TERM_END)
    renewed = applied.subscription
    assert applied.details == {"term_start_date": TERM_END, "term_end_date": None}
    assert renewed.terms.term_type is TermType.EVERGREEN
    assert renewed.terms.term_start_date == TERM_END
    assert renewed.terms.term_end_date is None
    assert renewed.terms.current_term is None
    assert renewed.terms.renewals == 1
    assert renewed.subscription_end_date is None
    assert spans(charge_named(renewed, "Platform")) == [(JAN31, None)]
    assert spans(charge_named(renewed, "Setup")) == [(JAN31, date(2025, 2, 1))]
    assert renewed.status_on(date(2030, 1, 1)) is SubscriptionStatus.ACTIVE
    # Now EVERGREEN: it cannot renew again.
    with pytest.raises(DomainError) as raised:
        run(renewed, RENEW, env, TERM_END)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE


def test_evergreen_does_not_renew() -> None:
    env = make_env()
    sub = subscription(JAN31, EVERGREEN, env=env)
    with pytest.raises(DomainError) as raised:
        run(sub, RENEW, env, JAN31)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE


@pytest.mark.parametrize(
    "cancel",
    [
        CancelSubscription(CancellationPolicy.END_OF_CURRENT_TERM),
        CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 6, 1)),
    ],
)
def test_cancelled_does_not_renew(cancel: CancelSubscription) -> None:
    env = make_env()
    sub = run(subscription(JAN31, termed(12), env=env), cancel, env, JAN31).subscription
    with pytest.raises(DomainError) as raised:
        run(sub, RENEW, env, TERM_END)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE


def test_renew_needs_a_subscription() -> None:
    with pytest.raises(DomainError) as raised:
        run(None, RENEW, make_env(), JAN31)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE


def test_renewal_extends_a_fixed_period_the_old_term_capped() -> None:
    env = make_env()
    fixed_24 = ChargeOverride(
        PLATFORM.id,
        end_date_condition=EndDateCondition.FIXED_PERIOD,
        up_to_periods=24,
        up_to_periods_type=UpToPeriodsType.MONTHS,
    )
    sub = subscription(
        JAN31, termed(12, renewal_terms=(SIX,)), (new_plan(BASIC_PLAN, fixed_24),), env=env
    )
    assert spans(charge_named(sub, "Platform")) == [(JAN31, TERM_END)]
    first = run(sub, RENEW, env, TERM_END).subscription  # term to Jul 31 2026
    assert spans(charge_named(first, "Platform")) == [(JAN31, date(2026, 7, 31))]
    second = run(first, RENEW, env, date(2026, 7, 31)).subscription  # term to Jan 31 2027
    assert spans(charge_named(second, "Platform")) == [(JAN31, date(2027, 1, 31))]
    third = run(second, RENEW, env, date(2027, 1, 31)).subscription  # the 24 months are over
    assert spans(charge_named(third, "Platform")) == [(JAN31, date(2027, 1, 31))]
    assert spans(charge_named(third, "Storage")) == [(JAN31, date(2027, 7, 31))]
