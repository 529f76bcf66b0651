"""Properties of the billing engine (hypothesis): splits, re-runs, credits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.billing import stored
from tests.unit.billing.test_engine import charge, subscription
from zorders.domain.billing.engine import bill
from zorders.domain.billing.periods import BillingFacts
from zorders.domain.catalog.enums import BillCycleType
from zorders.domain.subscription.model import Segment

START = date(2024, 1, 1)
END = date(2026, 1, 1)
prices = st.decimals(min_value=D("0.01"), max_value=D("10000"), places=2)
days = st.integers(min_value=0, max_value=700)
bill_days = st.integers(min_value=1, max_value=31)


def _facts(bcd: int) -> BillingFacts:
    return BillingFacts(bcd, START, START, END)


@settings(max_examples=150, deadline=None)
@given(price=prices, bcd=bill_days, offset=st.integers(min_value=1, max_value=27))
def test_pieces_of_a_split_period_sum_to_the_period(price: D, bcd: int, offset: int) -> None:
    """A full period split in two segments of equal values bills the period's price within
    one minor unit."""
    first = date(2024, 3, 1)
    c = charge(
        (
            Segment(1, START, first + timedelta(days=offset), quantity=D(1), price=price),
            Segment(2, first + timedelta(days=offset), END, quantity=D(1), price=price),
        ),
        bill_cycle_type=BillCycleType.SPECIFIC_DAY_OF_MONTH,
        bill_cycle_day=1,
    )
    sub = subscription(c, start=START, end=END)
    run = bill(sub, _facts(bcd), date(2024, 3, 31), [])
    march = [i for i in run.items if first <= i.service_start < date(2024, 4, 1)]
    assert abs(sum(i.amount for i in march) - price) <= D("0.01")


@settings(max_examples=100, deadline=None)
@given(price=prices, bcd=bill_days, target=days, again=days)
def test_invoicing_again_adds_nothing(price: D, bcd: int, target: int, again: int) -> None:
    c = charge((Segment(1, START, END, quantity=D(3), price=price),))
    sub = subscription(c, start=START, end=END)
    facts = _facts(bcd)
    t1 = START + timedelta(days=target)
    first = bill(sub, facts, t1, [])
    billed = stored(first.items)
    assert bill(sub, facts, t1, billed).items == ()
    # A later target only adds periods that start after what was billed.
    t2 = t1 + timedelta(days=again)
    later = bill(sub, facts, t2, billed)
    assert all(i.amount > 0 for i in later.items)
    assert all(i.service_start >= max(x.service_end for x in first.items) for i in later.items)


@settings(max_examples=150, deadline=None)
@given(price=prices, bcd=bill_days, target=days, cancel=days)
def test_credits_never_exceed_what_was_billed(price: D, bcd: int, target: int, cancel: int) -> None:
    c = charge((Segment(1, START, END, quantity=D(1), price=price),))
    sub = subscription(c, start=START, end=END)
    facts = _facts(bcd)
    billed = bill(sub, facts, START + timedelta(days=target), [])
    cut_day = START + timedelta(days=cancel)
    cut = replace(
        c, segments=(Segment(1, START, cut_day, quantity=D(1), price=price),) if cancel else ()
    )
    cancelled = subscription(cut, start=START, end=END)
    after = bill(
        cancelled, facts, max(cut_day, START + timedelta(days=target)), stored(billed.items)
    )
    credits = -sum((i.amount for i in after.items if i.amount < 0), D(0))
    assert credits <= billed.total
    assert billed.total + after.total >= 0
