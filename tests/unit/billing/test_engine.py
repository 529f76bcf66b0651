"""The billing engine against Zuora's worked examples (spec §14.3) and hand-computed cases.

Every amount below is worked out by hand from the rules; see the comment on each."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from tests.support.billing import stored
from zorders.domain.billing.engine import bill
from zorders.domain.billing.items import BillRun, Item, ProcessingType
from zorders.domain.billing.periods import BillingFacts
from zorders.domain.billing.proration import ProrationRule
from zorders.domain.calendar import PeriodType
from zorders.domain.catalog.enums import (
    BillCycleType,
    BillingPeriod,
    BillingTiming,
    ChargeModel,
    ChargeType,
    DiscountLevel,
    WeeklyBillCycleDay,
)
from zorders.domain.subscription.model import (
    Charge,
    RatePlan,
    Segment,
    Subscription,
    Suspension,
    TermLength,
    Terms,
    TermType,
)


def charge(segments: tuple[Segment, ...], **settings: object) -> Charge:
    return Charge(
        id="c",
        original_id="c",
        number="C-00000001",
        product_rate_plan_charge_id="prpc",
        name="Seats",
        charge_type=ChargeType.RECURRING,
        charge_model=ChargeModel.PER_UNIT,
        segments=segments,
        trigger_date=segments[0].start,
        **settings,  # type: ignore[arg-type]
    )


def subscription(*charges: Charge, start: date, end: date | None, **extra: object) -> Subscription:
    plan = RatePlan("rp", "rp", "p", "CloudDesk", "SKU", "prp", None, "Basic", charges)
    return Subscription(
        id="s",
        number="A-S00000001",
        version=1,
        account_id="a",
        invoice_owner_account_id="a",
        currency="USD",
        contract_effective_date=start,
        service_activation_date=start,
        customer_acceptance_date=start,
        subscription_start_date=start,
        terms=Terms(
            TermType.TERMED,
            start,
            end,
            TermLength(12, PeriodType.MONTH),
            TermLength(12, PeriodType.MONTH),
        ),
        rate_plans=(plan,),
        **extra,  # type: ignore[arg-type]
    )


def spans(run: BillRun) -> list[tuple[str, str, str]]:
    return [(str(i.service_start), str(i.service_end), str(i.amount)) for i in run.items]


def monthly_100(start: date, end: date, **settings: object) -> Charge:
    return charge((Segment(1, start, end, quantity=D(1), price=D(100)),), **settings)


@pytest.mark.parametrize(
    ("rule", "partial", "total"),
    [
        # 100 x 14/31 = 45.1613 -> 45.16; + 100 = 145.16
        (ProrationRule.ACTUAL_DAYS, "45.16", "145.16"),
        # 100 x 14/30 = 46.6667 -> 46.67; + 100 = 146.67
        (ProrationRule.THIRTY_DAYS, "46.67", "146.67"),
    ],
)
def test_zuora_monthly_example(rule: ProrationRule, partial: str, total: str) -> None:
    """$100/month, term from 2018-01-01, bill day 15, target 2018-02-14 (spec §14.3)."""
    c = monthly_100(
        date(2018, 1, 1),
        date(2019, 1, 1),
        bill_cycle_type=BillCycleType.SPECIFIC_DAY_OF_MONTH,
        bill_cycle_day=15,
    )
    sub = subscription(c, start=date(2018, 1, 1), end=date(2019, 1, 1))
    facts = BillingFacts(1, date(2018, 1, 1), date(2018, 1, 1), date(2019, 1, 1))
    run = bill(sub, facts, date(2018, 2, 14), [], rule)
    assert spans(run) == [
        ("2018-01-01", "2018-01-15", partial),
        ("2018-01-15", "2018-02-15", "100.00"),
    ]
    assert str(run.total) == total
    assert run.charged_through == {"C-00000001": date(2018, 2, 15)}


def test_zuora_weekly_example() -> None:
    """$100/week, 5-week term from Monday 2018-01-01, bill day Wednesday, target
    2018-01-31: 2 prorated days + 5 full weeks = 100 x (5 + 2/7) = 528.57."""
    c = charge(
        (Segment(1, date(2018, 1, 1), date(2018, 2, 5), quantity=D(1), price=D(100)),),
        billing_period=BillingPeriod.WEEK,
        bill_cycle_type=BillCycleType.SPECIFIC_DAY_OF_WEEK,
        weekly_bill_cycle_day=WeeklyBillCycleDay.WEDNESDAY,
    )
    sub = subscription(c, start=date(2018, 1, 1), end=date(2018, 2, 5))
    facts = BillingFacts(1, date(2018, 1, 1), date(2018, 1, 1), date(2018, 2, 5), auto_renew=True)
    run = bill(sub, facts, date(2018, 1, 31), [])
    assert spans(run)[0] == ("2018-01-01", "2018-01-03", "28.57")  # 100 x 2/7 = 28.5714
    assert str(run.total) == "528.57"


FACTS_2025 = BillingFacts(1, date(2025, 1, 1), date(2025, 1, 1), date(2026, 1, 1))


def test_billing_twice_adds_nothing() -> None:
    c = monthly_100(date(2025, 1, 1), date(2026, 1, 1))
    sub = subscription(c, start=date(2025, 1, 1), end=date(2026, 1, 1))
    first = bill(sub, FACTS_2025, date(2025, 3, 1), [])
    assert spans(first) == [
        ("2025-01-01", "2025-02-01", "100.00"),
        ("2025-02-01", "2025-03-01", "100.00"),
        ("2025-03-01", "2025-04-01", "100.00"),
    ]
    billed = stored(first.items)
    assert bill(sub, FACTS_2025, date(2025, 3, 1), billed).items == ()
    later = bill(sub, FACTS_2025, date(2025, 4, 15), billed)
    assert spans(later) == [("2025-04-01", "2025-05-01", "100.00")]


def test_quantity_change_inside_a_billed_period() -> None:
    """Billed Jan 1 for January at qty 1; qty 2 from Jan 16: credit the old segment for
    Jan 16-31 (100 x 16/31 = 51.6129 -> -51.61) and charge the new one for the same days
    (200 x 16/31 = 103.2258 -> 103.23)."""
    before = monthly_100(date(2025, 1, 1), date(2026, 1, 1))
    sub = subscription(before, start=date(2025, 1, 1), end=date(2026, 1, 1))
    january = bill(sub, FACTS_2025, date(2025, 1, 1), [])
    after = replace(
        before,
        segments=(
            Segment(1, date(2025, 1, 1), date(2025, 1, 16), quantity=D(1), price=D(100)),
            Segment(2, date(2025, 1, 16), date(2026, 1, 1), quantity=D(2), price=D(100)),
        ),
    )
    amended = subscription(after, start=date(2025, 1, 1), end=date(2026, 1, 1))
    billed = stored(january.items)
    run = bill(amended, FACTS_2025, date(2025, 1, 16), billed)
    assert spans(run) == [
        ("2025-01-16", "2025-02-01", "-51.61"),
        ("2025-01-16", "2025-02-01", "103.23"),
    ]
    # And again: nothing more.
    assert bill(amended, FACTS_2025, date(2025, 1, 16), [*billed, *stored(run.items)]).items == ()


def test_cancellation_credits_back_to_the_date() -> None:
    """Billed for January; cancelled from Jan 11: credit 100 x 21/31 = 67.7419 -> -67.74."""
    c = monthly_100(date(2025, 1, 1), date(2026, 1, 1))
    sub = subscription(c, start=date(2025, 1, 1), end=date(2026, 1, 1))
    january = bill(sub, FACTS_2025, date(2025, 1, 1), [])
    cut = replace(
        c, segments=(Segment(1, date(2025, 1, 1), date(2025, 1, 11), quantity=D(1), price=D(100)),)
    )
    cancelled = subscription(cut, start=date(2025, 1, 1), end=date(2026, 1, 1))
    run = bill(cancelled, FACTS_2025, date(2025, 1, 11), stored(january.items))
    assert spans(run) == [("2025-01-11", "2025-02-01", "-67.74")]
    # Credits never exceed what was billed: a full-period credit takes back exactly 100.00.
    gone = replace(c, segments=())
    removed = subscription(gone, start=date(2025, 1, 1), end=date(2026, 1, 1))
    assert spans(bill(removed, FACTS_2025, date(2025, 1, 1), stored(january.items))) == [
        ("2025-01-01", "2025-02-01", "-100.00")
    ]


def test_in_arrears() -> None:
    """Bill day 1, start Aug 3, in arrears (spec §14.2): target Aug 4 bills nothing; target
    Sep 1 bills Aug 3-31 = 31 x 29/31 = 29.00."""
    c = charge(
        (Segment(1, date(2025, 8, 3), date(2026, 8, 3), quantity=D(1), price=D(31)),),
        billing_timing=BillingTiming.IN_ARREARS,
    )
    sub = subscription(c, start=date(2025, 8, 3), end=date(2026, 8, 3))
    facts = BillingFacts(1, date(2025, 8, 3), date(2025, 8, 3), date(2026, 8, 3))
    assert bill(sub, facts, date(2025, 8, 4), []).items == ()
    assert spans(bill(sub, facts, date(2025, 9, 1), [])) == [("2025-08-03", "2025-09-01", "29.00")]
    # An update on Aug 7 closes the first segment, which target Aug 7 may bill: 31 x 4/31.
    split = replace(
        c,
        segments=(
            Segment(1, date(2025, 8, 3), date(2025, 8, 7), quantity=D(1), price=D(31)),
            Segment(2, date(2025, 8, 7), date(2026, 8, 3), quantity=D(2), price=D(31)),
        ),
    )
    updated = subscription(split, start=date(2025, 8, 3), end=date(2026, 8, 3))
    assert spans(bill(updated, facts, date(2025, 8, 7), [])) == [
        ("2025-08-03", "2025-08-07", "4.00")
    ]


def test_suspended_days_are_not_billed() -> None:
    c = monthly_100(date(2025, 1, 1), date(2026, 1, 1))
    sub = subscription(
        c,
        start=date(2025, 1, 1),
        end=date(2026, 1, 1),
        suspensions=(Suspension(date(2025, 2, 1), date(2025, 3, 1)),),
    )
    assert spans(bill(sub, FACTS_2025, date(2025, 3, 1), [])) == [
        ("2025-01-01", "2025-02-01", "100.00"),
        ("2025-03-01", "2025-04-01", "100.00"),
    ]


def test_percentage_discount_is_its_own_item() -> None:
    seats = monthly_100(date(2025, 1, 1), date(2026, 1, 1))
    discount = Charge(
        id="d",
        original_id="d",
        number="C-00000002",
        product_rate_plan_charge_id="prpd",
        name="10% off",
        charge_type=ChargeType.RECURRING,
        charge_model=ChargeModel.DISCOUNT_PERCENTAGE,
        segments=(Segment(1, date(2025, 1, 1), date(2026, 1, 1), discount_percentage=D(10)),),
    )
    sub = subscription(seats, discount, start=date(2025, 1, 1), end=date(2026, 1, 1))
    run = bill(sub, FACTS_2025, date(2025, 1, 1), [])
    charge_item, discount_item = run.items
    assert (charge_item.amount, discount_item.amount) == (D("100.00"), D("-10.00"))
    assert discount_item.processing_type is ProcessingType.DISCOUNT
    assert discount_item.applied_to_charge_number == "C-00000001"


def test_a_discount_in_its_own_plan_is_named_after_that_plan() -> None:
    # A subscription-level 10 % discount sold as its own product and plan: its item names
    # the discount's product, plan and charge (issue 13), not those of the seats it reduces.
    seats = monthly_100(date(2025, 1, 1), date(2026, 1, 1))
    discount = Charge(
        id="d",
        original_id="d",
        number="C-00000002",
        product_rate_plan_charge_id="prpd",
        name="Loyalty 10%",
        charge_type=ChargeType.RECURRING,
        charge_model=ChargeModel.DISCOUNT_PERCENTAGE,
        segments=(Segment(1, date(2025, 1, 1), date(2026, 1, 1), discount_percentage=D(10)),),
        discount_level=DiscountLevel.SUBSCRIPTION,
    )
    sub = subscription(seats, start=date(2025, 1, 1), end=date(2026, 1, 1))
    promo = RatePlan(
        "rp2", "rp2", "p2", "Promotions", "PROMO", "prp2", None, "Loyalty", (discount,)
    )
    sub = replace(sub, rate_plans=(*sub.rate_plans, promo))
    charge_item, discount_item = bill(sub, FACTS_2025, date(2025, 1, 1), []).items
    assert (charge_item.product_name, charge_item.rate_plan_name) == ("CloudDesk", "Basic")
    assert (discount_item.product_name, discount_item.rate_plan_name) == ("Promotions", "Loyalty")
    assert (discount_item.charge_name, discount_item.amount) == ("Loyalty 10%", D("-10.00"))
    assert discount_item.applied_to_charge_number == "C-00000001"


def test_items_carry_what_credits_need() -> None:
    c = monthly_100(date(2025, 1, 15), date(2026, 1, 15))
    sub = subscription(c, start=date(2025, 1, 15), end=date(2026, 1, 15))
    [item] = bill(sub, FACTS_2025, date(2025, 1, 15), []).items
    assert isinstance(item, Item)
    # BCD 1: Jan 15 - Feb 1 is 17 days of January: 100 x 17/31 = 54.8387 -> 54.84.
    assert (item.service_start, item.service_end, item.amount) == (
        date(2025, 1, 15),
        date(2025, 2, 1),
        D("54.84"),
    )
    assert (item.pricing.full_start, item.pricing.full_end) == (date(2025, 1, 1), date(2025, 2, 1))
