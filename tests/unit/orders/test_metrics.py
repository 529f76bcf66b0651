"""Contracted MRR and TCV (spec §13.4): hand-computed tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest

from tests.unit.orders.builders import (
    EVERGREEN,
    LITE_PLAN,
    PLATFORM,
    PRO_PLAN,
    STORAGE_TIERS,
    make_env,
    new_plan,
    run,
    single_charge_plan,
    subscription,
    termed,
    usd,
)
from zorders.domain.catalog.enums import BillingPeriod, ChargeModel, ChargeType, ListPriceBase
from zorders.domain.catalog.model import ChargeTier
from zorders.domain.money import quantize
from zorders.domain.orders.actions import (
    BillingOverride,
    ChangePlan,
    ChargeOverride,
    ChargeRef,
    ChargeUpdate,
    PricingOverride,
    RatePlanRef,
    RemoveProduct,
    RenewSubscription,
    UpdateProduct,
)
from zorders.domain.subscription.metrics import (
    ChargeMetrics,
    charge_mrr,
    charge_tcv,
    months_between,
    subscription_metrics,
)
from zorders.domain.subscription.model import Charge, Segment

D = Decimal
M = BillingPeriod
FLAT, PER_UNIT = ChargeModel.FLAT_FEE, ChargeModel.PER_UNIT
JAN1, JAN1_2026 = date(2025, 1, 1), date(2026, 1, 1)
JAN31, TERM_END = date(2025, 1, 31), date(2026, 1, 31)
MAR1 = date(2025, 3, 1)


def seg(
    start: date = JAN1,
    end: date | None = JAN1_2026,
    *,
    price: str | None = None,
    quantity: str | None = None,
    tiers: tuple[ChargeTier, ...] = (),
    overage: str | None = None,
    number: int = 1,
) -> Segment:
    return Segment(
        segment=number,
        start=start,
        end=end,
        price=None if price is None else D(price),
        quantity=None if quantity is None else D(quantity),
        tiers=tiers,
        overage_price=None if overage is None else D(overage),
    )


def charge(
    model: ChargeModel,
    *segments: Segment,
    period: BillingPeriod = M.MONTH,
    specific: int | None = None,
    base: ListPriceBase = ListPriceBase.PER_BILLING_PERIOD,
    specific_base: int | None = None,
    charge_type: ChargeType = ChargeType.RECURRING,
) -> Charge:
    return Charge(
        id="c",
        original_id="c",
        number="C-1",
        product_rate_plan_charge_id="prpc",
        name="Charge",
        charge_type=charge_type,
        charge_model=model,
        segments=segments,
        billing_period=period,
        specific_billing_period=specific,
        list_price_base=base,
        specific_list_price_base=specific_base,
    )


def flat(
    price: str,
    period: BillingPeriod = M.MONTH,
    *,
    specific: int | None = None,
    base: ListPriceBase = ListPriceBase.PER_BILLING_PERIOD,
    specific_base: int | None = None,
    charge_type: ChargeType = ChargeType.RECURRING,
) -> Charge:
    return charge(
        FLAT,
        seg(price=price),
        period=period,
        specific=specific,
        base=base,
        specific_base=specific_base,
        charge_type=charge_type,
    )


def exactly(value: Decimal, expected: Fraction) -> bool:
    """Equal to the rational up to the 50-digit working precision."""
    return abs(Fraction(value) - expected) < Fraction(1, 10**40)


# -- MRR -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "mrr"),
    [
        (flat("100"), Fraction(100)),
        (charge(PER_UNIT, seg(price="10", quantity="5")), Fraction(50)),  # 5 seats x 10
        # Tiered: 10 GB at 2.00 + 10 GB at 1.00; Volume: 20 GB at 1.00.
        (charge(ChargeModel.TIERED, seg(tiers=STORAGE_TIERS, quantity="20")), Fraction(30)),
        (charge(ChargeModel.VOLUME, seg(tiers=STORAGE_TIERS, quantity="20")), Fraction(20)),
        (flat("1200", M.ANNUAL), Fraction(100)),
        (flat("300", M.QUARTER), Fraction(100)),
        (flat("600", M.SEMI_ANNUAL), Fraction(100)),
        (flat("1800", M.EIGHTEEN_MONTHS), Fraction(100)),
        (flat("2400", M.TWO_YEARS), Fraction(100)),
        (flat("3600", M.THREE_YEARS), Fraction(100)),
        (flat("6000", M.FIVE_YEARS), Fraction(100)),
        (flat("200", M.SPECIFIC_MONTHS, specific=2), Fraction(100)),
        (flat("12", M.WEEK), Fraction(52)),  # 12 x 52 / 12
        (flat("24", M.SPECIFIC_WEEKS, specific=2), Fraction(52)),  # 24 x 52 / 24
        (flat("30", M.SPECIFIC_DAYS, specific=30), Fraction(365, 12)),  # 30 x 365 / 360
        (flat("10", M.SPECIFIC_DAYS, specific=1), Fraction(3650, 12)),
        (charge(PER_UNIT, seg(price="120", quantity="5"), period=M.ANNUAL), Fraction(50)),
        (flat("99.99", M.QUARTER), Fraction(3333, 100)),
        (flat("100", M.QUARTER, specific=None), Fraction(100, 3)),
        # List price bases: the price covers a month / year / week / n months.
        (flat("100", M.QUARTER, base=ListPriceBase.PER_MONTH), Fraction(100)),
        (flat("100", M.ANNUAL, base=ListPriceBase.PER_MONTH), Fraction(100)),
        (flat("1200", M.MONTH, base=ListPriceBase.PER_YEAR), Fraction(100)),
        (flat("1200", M.QUARTER, base=ListPriceBase.PER_YEAR), Fraction(100)),
        (flat("12", M.MONTH, base=ListPriceBase.PER_WEEK), Fraction(52)),
        (
            flat("300", M.MONTH, base=ListPriceBase.PER_SPECIFIC_MONTHS, specific_base=3),
            Fraction(100),
        ),
        # Tiered with Overage: 10 units at 1.00, 5 more at the overage price 0.50.
        (
            charge(
                ChargeModel.TIERED_WITH_OVERAGE,
                seg(tiers=(usd(1, "1.00", "1", "10"),), overage="0.50", quantity="15"),
            ),
            Fraction(25, 2),
        ),
        # Subscription_Term without a term: the charge's span (12 months) stands for it.
        (flat("1200", M.SUBSCRIPTION_TERM), Fraction(100)),
        (charge(FLAT, seg(end=None, price="1200"), period=M.SUBSCRIPTION_TERM), Fraction(0)),
        # No recurring revenue.
        (flat("500", charge_type=ChargeType.ONE_TIME), Fraction(0)),
        (charge(PER_UNIT, seg(price="0.10"), charge_type=ChargeType.USAGE), Fraction(0)),
        (charge(ChargeModel.DISCOUNT_FIXED_AMOUNT, seg(price="10")), Fraction(0)),
        (charge(ChargeModel.DISCOUNT_PERCENTAGE, seg()), Fraction(0)),
        (charge(FLAT), Fraction(0)),  # pending: no segment yet
    ],
)
def test_charge_mrr(item: Charge, mrr: Fraction) -> None:
    assert exactly(charge_mrr(item, MAR1), mrr)


def test_charge_mrr_subscription_term_with_the_term_length() -> None:
    item = flat("1200", M.SUBSCRIPTION_TERM)
    assert charge_mrr(item, MAR1, term_months=D(6)) == D(200)
    assert charge_tcv(item, term_months=D(6)) == D(2400)  # two 6-month terms in 12 months


@pytest.mark.parametrize(
    ("day", "mrr"),
    [
        (date(2024, 12, 31), D(0)),  # before the charge starts
        (JAN1, D(50)),
        (date(2025, 4, 14), D(50)),
        (date(2025, 4, 15), D(80)),  # the second segment
        (date(2025, 12, 31), D(80)),
        (JAN1_2026, D(0)),  # exclusive end
    ],
)
def test_charge_mrr_follows_the_segment(day: date, mrr: Decimal) -> None:
    item = charge(
        PER_UNIT,
        seg(JAN1, date(2025, 4, 15), price="10", quantity="5"),
        seg(date(2025, 4, 15), JAN1_2026, price="10", quantity="8", number=2),
    )
    assert charge_mrr(item, day) == mrr


def test_results_do_not_depend_on_the_callers_context() -> None:
    item = flat("30", M.SPECIFIC_DAYS, specific=30)
    expected = charge_mrr(item, MAR1)
    with localcontext() as ctx:
        ctx.prec = 3
        assert charge_mrr(item, MAR1) == expected
        assert charge_tcv(item) == charge_tcv(item)


# -- months --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (JAN1, JAN1_2026, Fraction(12)),
        (JAN31, TERM_END, Fraction(12)),  # 1/31 + 11 + 30/31
        (date(2025, 1, 15), date(2025, 2, 15), Fraction(17, 31) + Fraction(14, 28)),
        (date(2025, 1, 10), date(2025, 1, 20), Fraction(10, 31)),
        (date(2025, 2, 1), date(2025, 4, 1), Fraction(2)),
        (date(2024, 2, 10), date(2024, 3, 10), Fraction(20, 29) + Fraction(9, 31)),
        (date(2025, 1, 31), date(2025, 2, 28), Fraction(1, 31) + Fraction(27, 28)),
        (date(2025, 12, 20), date(2026, 2, 5), Fraction(12, 31) + 1 + Fraction(4, 28)),
        (JAN1, JAN1, Fraction(0)),
        (JAN1_2026, JAN1, Fraction(0)),
    ],
)
def test_months_between(start: date, end: date, months: Fraction) -> None:
    num, den = months_between(start, end)
    assert Fraction(num) / Fraction(den) == months


# -- TCV -----------------------------------------------------------------------------------

SEATS_5 = {"price": "10", "quantity": "5"}


@pytest.mark.parametrize(
    ("item", "tcv"),
    [
        # TERMED 12 months: 12 x MRR.
        (charge(PER_UNIT, seg(JAN31, TERM_END, **SEATS_5)), Fraction(600)),
        (charge(PER_UNIT, seg(JAN1, JAN1_2026, **SEATS_5)), Fraction(600)),
        (flat("1200", M.ANNUAL), Fraction(1200)),
        (flat("12", M.WEEK), Fraction(624)),  # 52 a month for 12 months
        (flat("1200", M.SUBSCRIPTION_TERM), Fraction(1200)),
        # Jan 15 - Feb 15: 17/31 of January + 14/28 of February of 50.
        (
            charge(PER_UNIT, seg(date(2025, 1, 15), date(2025, 2, 15), **SEATS_5)),
            50 * (Fraction(17, 31) + Fraction(14, 28)),
        ),
        # Feb 10 - Mar 10 2024 (leap year): 20/29 + 9/31 of 100.
        (
            charge(FLAT, seg(date(2024, 2, 10), date(2024, 3, 10), price="100")),
            100 * (Fraction(20, 29) + Fraction(9, 31)),
        ),
        # Segments: 3 months of 5 seats + 9 months of 8 seats = 150 + 720.
        (
            charge(
                PER_UNIT,
                seg(JAN1, date(2025, 4, 1), **SEATS_5),
                seg(date(2025, 4, 1), JAN1_2026, price="10", quantity="8", number=2),
            ),
            Fraction(870),
        ),
        # Open-ended: 12 months from its start.
        (charge(PER_UNIT, seg(JAN31, None, **SEATS_5)), Fraction(600)),
        # 2 months of 50, then 12 months of 80 from Mar 1.
        (
            charge(
                PER_UNIT,
                seg(JAN1, MAR1, **SEATS_5),
                seg(MAR1, None, price="10", quantity="8", number=2),
            ),
            Fraction(1060),
        ),
        (charge(PER_UNIT, seg(JAN1, JAN1, **SEATS_5)), Fraction(0)),  # zero-length
        # One-time: the amount once.
        (flat("500", charge_type=ChargeType.ONE_TIME), Fraction(500)),
        (
            charge(
                PER_UNIT,
                seg(JAN1, date(2025, 1, 2), price="5", quantity="20"),
                charge_type=ChargeType.ONE_TIME,
            ),
            Fraction(100),
        ),
        (charge(FLAT, charge_type=ChargeType.ONE_TIME), Fraction(0)),  # pending
        (charge(PER_UNIT, seg(price="0.10"), charge_type=ChargeType.USAGE), Fraction(0)),
        (charge(ChargeModel.DISCOUNT_PERCENTAGE, seg()), Fraction(0)),
        (charge(ChargeModel.DISCOUNT_FIXED_AMOUNT, seg(price="10")), Fraction(0)),
        (charge(FLAT), Fraction(0)),  # pending recurring
    ],
)
def test_charge_tcv(item: Charge, tcv: Fraction) -> None:
    assert exactly(charge_tcv(item), tcv)


def test_tcv_rounds_at_the_edge() -> None:
    item = charge(PER_UNIT, seg(date(2025, 1, 15), date(2025, 2, 15), **SEATS_5))
    # 850/31 + 25 = 52.4193548...
    assert quantize(charge_tcv(item), "USD") == D("52.42")


def test_evergreen_months() -> None:
    item = charge(PER_UNIT, seg(JAN31, None, **SEATS_5))
    assert charge_tcv(item, evergreen_months=24) == D(1200)
    assert charge_tcv(item, evergreen_months=1) == D(50)
    assert charge_tcv(item, evergreen_months=0) == D(0)


def test_exact_12_times_mrr() -> None:
    item = flat("1000", M.ANNUAL)  # 83.333... a month
    assert charge_tcv(item) == D(1000)


# -- subscription --------------------------------------------------------------------------

# Basic from Jan 31 2025, 12 months: Platform 100, Seats 5 x 10, Storage 30, Setup 500 once,
# Loyalty discount 0.
BASIC_METRICS = {
    "C-00000001": ChargeMetrics(D(100), D(1200)),
    "C-00000002": ChargeMetrics(D(50), D(600)),
    "C-00000003": ChargeMetrics(D(30), D(360)),
    "C-00000004": ChargeMetrics(D(0), D(500)),
    "C-00000005": ChargeMetrics(D(0), D(0)),
}


def test_subscription_metrics() -> None:
    metrics = subscription_metrics(subscription(JAN31, termed(12)), MAR1)
    assert metrics.contracted_mrr == D(180)
    assert metrics.total_contracted_value == D(2660)
    assert metrics.charges == BASIC_METRICS


def test_subscription_metrics_after_the_end() -> None:
    metrics = subscription_metrics(subscription(JAN31, termed(12)), TERM_END)
    assert metrics.contracted_mrr == D(0)
    assert metrics.total_contracted_value == D(2660)


def test_evergreen_subscription_metrics() -> None:
    metrics = subscription_metrics(subscription(JAN31, EVERGREEN), date(2030, 1, 1))
    assert metrics.contracted_mrr == D(180)
    assert metrics.total_contracted_value == D(2660)  # 12 months of each recurring charge


SEATS_TO_8 = UpdateProduct(
    RatePlanRef(product_rate_plan_id="prp-basic"),
    (ChargeUpdate(ChargeRef(charge_number="C-00000002"), PricingOverride(quantity=D(8))),),
)
JUL31 = date(2025, 7, 31)  # six months after Jan 31, six before Jan 31 2026


def test_metrics_after_an_update() -> None:
    env = make_env()
    sub = run(subscription(JAN31, termed(12), env=env), SEATS_TO_8, env, JUL31).subscription
    assert subscription_metrics(sub, date(2025, 7, 30)).contracted_mrr == D(180)
    metrics = subscription_metrics(sub, JUL31)
    assert metrics.contracted_mrr == D(210)  # 100 + 8 x 10 + 30
    # Seats: 6 months of 50 + 6 months of 80.
    assert metrics.charges["C-00000002"] == ChargeMetrics(D(80), D(780))
    assert metrics.total_contracted_value == D(2840)


def test_removed_plans_leave_the_mrr_but_keep_their_value() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    removed = run(sub, RemoveProduct(RatePlanRef(product_rate_plan_id="prp-basic")), env, JUL31)
    metrics = subscription_metrics(removed.subscription, MAR1)
    assert metrics.contracted_mrr == D(0)
    # Six months of each recurring charge, the setup fee once.
    assert metrics.total_contracted_value == D(600 + 300 + 180 + 500)
    # A charge's own MRR on a day it still covered.
    assert metrics.charges["C-00000001"] == ChargeMetrics(D(100), D(600))


def test_metrics_after_a_plan_change() -> None:
    env = make_env()
    sub = subscription(JAN31, termed(12), env=env)
    change = ChangePlan(
        RatePlanRef(product_rate_plan_id="prp-basic"), new_plan(PRO_PLAN), old_grade=1
    )
    changed = run(sub, change, env, JUL31).subscription
    metrics = subscription_metrics(changed, date(2025, 8, 1))
    assert metrics.contracted_mrr == D(260)  # Pro: 200 + 5 x 12
    # Basic for six months (1580 with the setup fee), Pro for six: 1200 + 360.
    assert metrics.total_contracted_value == D(1580 + 1560)
    assert metrics.charges["C-00000006"] == ChargeMetrics(D(200), D(1200))
    assert metrics.charges["C-00000007"] == ChargeMetrics(D(60), D(360))
    lite = run(
        sub,
        ChangePlan(RatePlanRef(product_rate_plan_id="prp-basic"), new_plan(LITE_PLAN)),
        env,
        JUL31,
    )
    assert subscription_metrics(lite.subscription, date(2025, 8, 1)).contracted_mrr == D(50)


def test_subscription_term_billing_uses_the_current_term() -> None:
    env = make_env()
    once_a_term = ChargeOverride(
        PLATFORM.id, billing=BillingOverride(billing_period=M.SUBSCRIPTION_TERM)
    )
    sub = subscription(
        JAN31, termed(12), (new_plan(single_charge_plan(PLATFORM), once_a_term),), env=env
    )
    metrics = subscription_metrics(sub, MAR1)
    assert exactly(metrics.contracted_mrr, Fraction(100, 12))
    assert metrics.total_contracted_value == D(100)
    renewed = run(sub, RenewSubscription(), env, TERM_END).subscription
    metrics = subscription_metrics(renewed, MAR1)
    assert exactly(metrics.contracted_mrr, Fraction(100, 12))
    assert metrics.total_contracted_value == D(200)  # two terms
