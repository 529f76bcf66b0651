"""What stands billed does not depend on the order billed items are read in (issue 8).

A store returns a subscription's billed items in some order; under contention that order
is not the order in which the runs committed (a request's timestamp is taken before it
waits for the lock). So the engine must bill the same whatever order it is given: a
random history of amendments and billing runs is billed once with the items in stored
order and once with every run reading them in a random permutation, and the two must
agree item for item; and no billed item is credited twice (credits that name an item sum
to at most its amount, over disjoint spans).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal as D
from itertools import pairwise, permutations
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.billing.test_engine import charge, subscription
from zorders.domain.billing.engine import bill
from zorders.domain.billing.items import DocumentItem, Item
from zorders.domain.billing.periods import BillingFacts
from zorders.domain.billing.proration import ProrationRule
from zorders.domain.subscription.model import Segment

START = date(2025, 1, 1)
END = date(2026, 1, 1)
FACTS = BillingFacts(1, START, START, END)

# An amendment: (days after START it takes effect, new quantity); a run: days after START.
amendments = st.tuples(st.integers(0, 120), st.integers(0, 40))
steps = st.lists(
    st.one_of(
        st.tuples(st.just("amend"), amendments),
        st.tuples(st.just("bill"), st.integers(0, 150)),
    ),
    min_size=1,
    max_size=8,
)


def _amended(segments: tuple[Segment, ...], day: date, quantity: int) -> tuple[Segment, ...]:
    """The charge's segments after a quantity change from `day` (an UpdateProduct)."""
    kept = []
    for s in segments:
        if s.start >= day:
            continue
        kept.append(Segment(len(kept) + 1, s.start, min(s.end or END, day), s.quantity, s.price))
    kept.append(Segment(len(kept) + 1, day, END, D(quantity), D("12.00")))
    return tuple(kept)


def _history(
    plan: list[tuple[str, object]], order: Random | None, rule: ProrationRule
) -> list[DocumentItem]:
    """Every item billed by the history; `order` shuffles what each run reads."""
    segments = (Segment(1, START, END, D(3), D("12.00")),)
    billed: list[DocumentItem] = []
    targets = [0]
    for kind, value in plan:
        if kind == "amend":
            offset, quantity = value  # type: ignore[misc]
            segments = _amended(segments, START + timedelta(days=offset), quantity)
            continue
        targets.append(value)  # type: ignore[arg-type]
        billed += _run(segments, START + timedelta(days=value), billed, order, rule)  # type: ignore[operator]
    # A last run at the latest target settles every amendment.
    billed += _run(segments, START + timedelta(days=max(targets)), billed, order, rule)
    return billed


def _run(
    segments: tuple[Segment, ...],
    target: date,
    billed: list[DocumentItem],
    order: Random | None,
    rule: ProrationRule,
) -> list[DocumentItem]:
    sub = subscription(charge(segments), start=START, end=END)
    given = list(billed)
    if order is not None:
        order.shuffle(given)
    items = bill(sub, FACTS, target, given, rule).items
    return [DocumentItem(f"i{len(billed) + n}", item) for n, item in enumerate(items)]


def _facts(items: list[DocumentItem]) -> list[tuple[str, str, str, str, str | None]]:
    return [
        (e.id, str(e.item.service_start), str(e.item.service_end), str(e.item.amount),
         e.item.reverses)
        for e in items
    ]  # fmt: skip


def _assert_no_double_credit(billed: list[DocumentItem]) -> None:
    charges = {e.id: e.item for e in billed if e.item.amount >= 0}
    credits: dict[str, list[Item]] = defaultdict(list)
    for e in billed:
        if e.item.amount < 0:
            assert e.item.reverses in charges, e  # every credit names a billed charge
            credits[e.item.reverses].append(e.item)
    for target, taken in credits.items():
        item = charges[target]
        assert -sum((c.amount for c in taken), D(0)) <= item.amount
        spans = sorted((c.service_start, c.service_end) for c in taken)
        for (_, end), (start, _) in pairwise(spans):
            assert end <= start, (target, spans)  # disjoint: no day credited twice
        assert all(item.service_start <= a and b <= item.service_end for a, b in spans)


@settings(max_examples=500, deadline=None)
@given(
    plan=steps,
    seed=st.integers(0, 2**32 - 1),
    rule=st.sampled_from(list(ProrationRule)),
)
def test_billing_does_not_depend_on_the_order_items_are_read(
    plan: list[tuple[str, object]], seed: int, rule: ProrationRule
) -> None:
    in_order = _history(plan, None, rule)
    shuffled = _history(plan, Random(seed), rule)
    assert _facts(shuffled) == _facts(in_order)
    _assert_no_double_credit(in_order)


def _readings(billed: list[DocumentItem], seed: int) -> list[list[DocumentItem]]:
    """Every order of `billed` when there are at most 720 of them, else 720 random ones."""
    if len(billed) <= 6:
        return [list(p) for p in permutations(billed)]
    rng = Random(seed)
    return [rng.sample(billed, len(billed)) for _ in range(720)]


def test_every_reading_of_a_contended_history() -> None:
    """The issue's case, seats only: billed through Feb 1 (3 seats x 12.00, January and
    February: 72.00), then three amendments from Jan 15 (10, 11, 12 seats, in each of the
    3! commit orders), each billed to Feb 1 with the items read in every order. Each run
    bills the same whatever the reading, and the net is the final state's: with 12 seats
    last, 72.00 − 19.74 (36 x 17/31 = 19.741…) − 36.00 + 78.97 (144 x 17/31 = 78.967…)
    + 144.00 = 239.23."""
    base = (Segment(1, START, END, D(3), D("12.00")),)
    sub = subscription(charge(base), start=START, end=END)
    first = bill(sub, FACTS, date(2025, 2, 1), []).items
    assert [str(i.amount) for i in first] == ["36.00", "36.00"]
    nets = defaultdict(set)
    for quantities in permutations([10, 11, 12]):
        billed = [DocumentItem(f"i{n}", item) for n, item in enumerate(first)]
        for quantity in quantities:
            segments = _amended(base, date(2025, 1, 15), quantity)
            amended = subscription(charge(segments), start=START, end=END)
            outcomes = {
                tuple(bill(amended, FACTS, date(2025, 2, 1), reading).items)
                for reading in _readings(billed, quantity)
            }
            assert len(outcomes) == 1, outcomes  # every reading bills the same
            [items] = outcomes
            billed = [
                *billed,
                *(DocumentItem(f"i{len(billed) + n}", i) for n, i in enumerate(items)),
            ]
        _assert_no_double_credit(billed)
        nets[quantities[-1]].add(sum((e.item.amount for e in billed), D(0)))
    # 72.00 − 19.74 − 36.00 + round(12q x 17/31) + 12q, for the last q.
    assert nets == {
        10: {D("72.00") - D("19.74") - D("36.00") + D("65.81") + D("120.00")},
        11: {D("72.00") - D("19.74") - D("36.00") + D("72.39") + D("132.00")},
        12: {D("239.23")},
    }
