"""TermsAndConditions (spec §3.13): the current term, renewal settings, TERMED <-> EVERGREEN."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.unit.orders.builders import (
    BASIC_PLAN,
    EVERGREEN,
    PLATFORM,
    SEATS,
    SETUP,
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
    LastTerm,
    PricingOverride,
    RatePlanRef,
    RenewSubscription,
    TermsAndConditions,
    UpdateProduct,
)
from zorders.domain.subscription.model import (
    RenewalSetting,
    SubscriptionStatus,
    TermLength,
    TermType,
    TriggerEvent,
)

D = Decimal
JAN31 = date(2025, 1, 31)
TERM_END = date(2026, 1, 31)
SETUP_SPAN = [(JAN31, date(2025, 2, 1))]
TO_EVERGREEN = TermsAndConditions(last_term=LastTerm(TermType.EVERGREEN))


def to_termed(
    period: int, period_type: PeriodType = PeriodType.MONTH, **extra: date
) -> TermsAndConditions:
    return TermsAndConditions(last_term=LastTerm(TermType.TERMED, period, period_type, **extra))


def test_termed_to_evergreen_and_back() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12, auto_renew=True), env=env)
    applied = run(sub, TO_EVERGREEN, env, date(2025, 3, 1))
    evergreen = applied.subscription
    assert applied.details == {"term_start_date": JAN31, "term_end_date": None}
    assert evergreen.terms.term_type is TermType.EVERGREEN
    assert evergreen.terms.term_start_date == JAN31
    assert evergreen.terms.term_end_date is None
    assert evergreen.terms.current_term is None
    assert evergreen.terms.auto_renew is False
    assert evergreen.subscription_end_date is None
    assert spans(charge_named(evergreen, "Platform")) == [(JAN31, None)]
    assert spans(charge_named(evergreen, "Seats")) == [(JAN31, None)]
    assert spans(charge_named(evergreen, "Setup")) == SETUP_SPAN
    assert evergreen.status_on(date(2030, 1, 1)) is SubscriptionStatus.ACTIVE

    applied = run(evergreen, to_termed(24), env, date(2025, 4, 1))
    back = applied.subscription
    end = date(2027, 1, 31)
    assert applied.details == {"term_start_date": JAN31, "term_end_date": end}
    assert back.terms.term_type is TermType.TERMED
    assert back.terms.term_end_date == end
    assert back.terms.current_term == TermLength(24, PeriodType.MONTH)
    assert back.terms.initial_term == TermLength(24, PeriodType.MONTH)  # no renewal yet
    assert spans(charge_named(back, "Platform")) == [(JAN31, end)]
    assert spans(charge_named(back, "Setup")) == SETUP_SPAN
    assert back.status_on(end) is SubscriptionStatus.EXPIRED


def test_evergreen_to_termed() -> None:
    env = make_env()
    sub = subscription(JAN31, EVERGREEN, env=env)
    termed_sub = run(sub, to_termed(12), env, JAN31).subscription
    assert termed_sub.terms.term_type is TermType.TERMED
    assert (termed_sub.terms.term_start_date, termed_sub.terms.term_end_date) == (JAN31, TERM_END)
    assert termed_sub.subscription_end_date == TERM_END
    assert spans(charge_named(termed_sub, "Storage")) == [(JAN31, TERM_END)]
    assert spans(charge_named(termed_sub, "Setup")) == SETUP_SPAN


@pytest.mark.parametrize(
    ("change", "end"),
    [
        (to_termed(24), date(2027, 1, 31)),
        (to_termed(6), date(2025, 7, 31)),
        (to_termed(1), date(2025, 2, 28)),
        (to_termed(2, PeriodType.YEAR), date(2027, 1, 31)),
        (to_termed(8, PeriodType.WEEK), date(2025, 3, 28)),
        (to_termed(12, start_date=date(2025, 3, 1)), date(2026, 3, 1)),
    ],
)
def test_term_change_moves_the_term_end_and_the_charges(
    change: TermsAndConditions, end: date
) -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    applied = run(sub, change, env, date(2025, 2, 1))
    changed = applied.subscription
    assert change.last_term is not None
    start = change.last_term.start_date or JAN31
    assert applied.details == {"term_start_date": start, "term_end_date": end}
    assert changed.terms.term_start_date == start
    assert changed.terms.term_end_date == end
    assert changed.subscription_end_date == end
    assert changed.subscription_start_date == JAN31
    for name in ("Platform", "Seats", "Storage", "Loyalty"):
        assert spans(charge_named(changed, name)) == [(JAN31, end)]
    assert spans(charge_named(changed, "Setup")) == SETUP_SPAN


def test_shorter_term_drops_segments_past_the_new_end() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    update = UpdateProduct(
        RatePlanRef(product_rate_plan_id="prp-basic"),
        (ChargeUpdate(ChargeRef(charge_number="C-00000002"), PricingOverride(quantity=D(8))),),
    )
    sub = run(sub, update, env, date(2025, 9, 1)).subscription
    changed = run(sub, to_termed(6), env, date(2025, 2, 1)).subscription
    end = date(2025, 7, 31)
    seats = charge_named(changed, "Seats")
    assert spans(seats) == [(JAN31, end)]
    assert seats.last_segment.quantity == D(5)


def test_term_change_after_a_renewal_keeps_the_initial_term() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    renewed = run(sub, RenewSubscription(), env, TERM_END).subscription
    assert (renewed.terms.term_start_date, renewed.terms.term_end_date) == (
        TERM_END,
        date(2027, 1, 31),
    )
    changed = run(renewed, to_termed(6), env, TERM_END).subscription
    assert changed.terms.term_start_date == TERM_END
    assert changed.terms.term_end_date == date(2026, 7, 31)
    assert changed.terms.current_term == TermLength(6, PeriodType.MONTH)
    assert changed.terms.initial_term == TermLength(12, PeriodType.MONTH)
    assert spans(charge_named(changed, "Platform")) == [(JAN31, date(2026, 7, 31))]


def test_renewal_settings() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(1), env=env)
    assert sub.status_on(date(2025, 3, 1)) is SubscriptionStatus.EXPIRED
    change = TermsAndConditions(
        renewal_setting=RenewalSetting.RENEW_TO_EVERGREEN,
        renewal_terms=(TermLength(3, PeriodType.MONTH),),
        auto_renew=True,
        invoice_separately=True,
    )
    applied = run(sub, change, env, date(2025, 2, 1))
    changed = applied.subscription
    assert applied.details == {"term_start_date": JAN31, "term_end_date": date(2025, 2, 28)}
    assert changed.terms.renewal_setting is RenewalSetting.RENEW_TO_EVERGREEN
    assert changed.terms.renewal_terms == (TermLength(3, PeriodType.MONTH),)
    assert changed.terms.auto_renew is True
    assert changed.invoice_separately is True
    assert changed.terms.term_end_date == date(2025, 2, 28)
    assert changed.rate_plans == sub.rate_plans
    assert changed.status_on(date(2025, 3, 1)) is SubscriptionStatus.ACTIVE


def test_empty_change_changes_nothing() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    assert run(sub, TermsAndConditions(), env, JAN31).subscription == sub


@pytest.mark.parametrize(
    "last_term",
    [
        LastTerm(TermType.TERMED),
        LastTerm(TermType.TERMED, 0, PeriodType.MONTH),
        LastTerm(TermType.TERMED, 12),
    ],
)
def test_termed_needs_a_period(last_term: LastTerm) -> None:
    with pytest.raises(DomainError) as raised:
        run(subscription(), TermsAndConditions(last_term=last_term), make_env(), JAN31)
    assert raised.value.code is ErrorCode.INVALID_TERM


def test_cancelled_terms_do_not_change() -> None:
    cancel = CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 6, 1))
    cancelled = run(subscription(), cancel, make_env(), JAN31).subscription
    with pytest.raises(DomainError) as raised:
        run(cancelled, to_termed(24), make_env(), JAN31)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE


FIXED_3 = ChargeOverride(
    SEATS.id,
    end_date_condition=EndDateCondition.FIXED_PERIOD,
    up_to_periods=3,
    up_to_periods_type=UpToPeriodsType.MONTHS,
)
FIXED_24 = ChargeOverride(
    PLATFORM.id,
    end_date_condition=EndDateCondition.FIXED_PERIOD,
    up_to_periods=24,
    up_to_periods_type=UpToPeriodsType.MONTHS,
)
SETUP_IN_JUNE = ChargeOverride(
    SETUP.id, trigger_event=TriggerEvent.SPECIFIC_DATE, specific_trigger_date=date(2025, 6, 1)
)


def test_shorter_term_cuts_every_charge_at_the_new_end() -> None:
    """Fixed-period, capped and one-time charges do not outlive a shortened term."""
    env = make_env()
    plans = (new_plan(BASIC_PLAN, FIXED_3, FIXED_24, SETUP_IN_JUNE),)
    sub = subscription(JAN31, termed(12), plans, env=env)
    assert spans(charge_named(sub, "Seats")) == [(JAN31, date(2025, 4, 30))]
    assert spans(charge_named(sub, "Platform")) == [(JAN31, TERM_END)]  # capped at the term
    assert spans(charge_named(sub, "Setup")) == [(date(2025, 6, 1), date(2025, 6, 2))]
    changed = run(sub, to_termed(1), env, date(2025, 2, 1)).subscription
    end = date(2025, 2, 28)
    assert changed.subscription_end_date == end
    assert spans(charge_named(changed, "Seats")) == [(JAN31, end)]
    assert spans(charge_named(changed, "Platform")) == [(JAN31, end)]
    assert spans(charge_named(changed, "Storage")) == [(JAN31, end)]
    assert charge_named(changed, "Setup").segments == ()  # after the new end


def test_longer_or_open_term_releases_a_capped_fixed_period() -> None:
    env = make_env()
    plans = (new_plan(BASIC_PLAN, FIXED_3, FIXED_24),)
    sub = subscription(JAN31, termed(12), plans, env=env)
    fixed_end = date(2027, 1, 31)  # Jan 31 2025 + 24 months
    longer = run(sub, to_termed(36), env, date(2025, 2, 1)).subscription
    assert spans(charge_named(longer, "Platform")) == [(JAN31, fixed_end)]
    assert spans(charge_named(longer, "Seats")) == [(JAN31, date(2025, 4, 30))]
    assert spans(charge_named(longer, "Storage")) == [(JAN31, date(2028, 1, 31))]
    evergreen = run(sub, TO_EVERGREEN, env, date(2025, 2, 1)).subscription
    assert spans(charge_named(evergreen, "Platform")) == [(JAN31, fixed_end)]
    assert spans(charge_named(evergreen, "Storage")) == [(JAN31, None)]
    assert spans(charge_named(evergreen, "Seats")) == [(JAN31, date(2025, 4, 30))]
