"""The day contracted MRR is measured on (`reference_day`) and a charge's preview values
(`latest_charge_metrics`), domain/subscription/metrics.py: dates and amounts by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zorders.domain.calendar import PeriodType
from zorders.domain.catalog.enums import ChargeModel, ChargeType
from zorders.domain.subscription.metrics import (
    ChargeMetrics,
    latest_charge_metrics,
    reference_day,
)
from zorders.domain.subscription.model import (
    Charge,
    Segment,
    Subscription,
    TermLength,
    Terms,
    TermType,
)

START, END = date(2025, 1, 31), date(2026, 1, 31)  # the end is exclusive


def _subscription(
    end: date | None = END, *, cancelled: date | None = None, start: date = START
) -> Subscription:
    year = TermLength(12, PeriodType.MONTH)
    terms = Terms(
        term_type=TermType.TERMED if end is not None else TermType.EVERGREEN,
        term_start_date=start,
        term_end_date=end,
        initial_term=year if end is not None else None,
        current_term=year if end is not None else None,
    )
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
        terms=terms,
        cancelled_date=cancelled,
    )


@pytest.mark.parametrize(
    ("day", "measured"),
    [
        (date(2025, 3, 1), date(2025, 3, 1)),  # within its life: the day itself
        (START, START),
        (date(2025, 1, 1), START),  # before it starts: its first day
        (date(2026, 1, 30), date(2026, 1, 30)),  # its last day
        (END, date(2026, 1, 30)),  # on or after its (exclusive) end: its last day
        (date(2027, 6, 1), date(2026, 1, 30)),
    ],
)
def test_the_day_is_clamped_into_the_subscriptions_life(day: date, measured: date) -> None:
    assert reference_day(_subscription(), day) == measured


def test_an_evergreen_subscription_has_no_last_day() -> None:
    assert reference_day(_subscription(None), date(2030, 5, 5)) == date(2030, 5, 5)
    assert reference_day(_subscription(None), date(2024, 5, 5)) == START


def test_a_cancellation_ends_its_life() -> None:
    # Cancelled on Jun 1 2025 (exclusive): its last day is May 31.
    sub = _subscription(cancelled=date(2025, 6, 1))
    assert reference_day(sub, date(2025, 9, 1)) == date(2025, 5, 31)
    # Cancelled on its first day: that day, never before it.
    assert reference_day(_subscription(cancelled=START), date(2025, 9, 1)) == START


def _charge(*segments: Segment) -> Charge:
    return Charge(
        id="c",
        original_id="c",
        number="C-1",
        product_rate_plan_charge_id="prpc",
        name="Platform",
        charge_type=ChargeType.RECURRING,
        charge_model=ChargeModel.FLAT_FEE,
        segments=segments,
    )


def test_a_charges_preview_values_are_its_last_segments_mrr_and_its_tcv() -> None:
    # 100 a month for January, then 120 a month to the year's end:
    # MRR on the last segment's start 120; TCV 100 x 1 + 120 x 11 = 1420.
    charge = _charge(
        Segment(1, date(2025, 1, 1), date(2025, 2, 1), price=Decimal(100)),
        Segment(2, date(2025, 2, 1), date(2026, 1, 1), price=Decimal(120)),
    )
    assert latest_charge_metrics(charge) == ChargeMetrics(mrr=Decimal(120), tcv=Decimal(1420))


def test_a_pending_charge_has_no_values() -> None:
    assert latest_charge_metrics(_charge()) == ChargeMetrics(mrr=Decimal(0), tcv=Decimal(0))
