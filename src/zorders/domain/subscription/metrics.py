"""Contracted MRR and total contracted value of subscription charges (spec §13.4).

Pure functions over one subscription version; amounts are Decimal in the subscription's
currency and are never rounded here (callers round at the edge with
`zorders.domain.money.quantize`, decisions.md #4). Internally each result is kept as a
numerator and a denominator and divided once, in a fixed 50-digit context, so that
e.g. an annual 1000 over twelve months gives back exactly 1000 and results do not depend
on the caller's decimal context.

Monthly recurring revenue (`charge_mrr`) of a charge on a day is the monthly amount of the
segment covering that day:

- only Recurring charges that are not discounts count; one-time, usage and discount
  charges, and charges with no segment covering the day, have an MRR of 0;
- the amount of one billing period comes from `catalog.pricing.price_for_quantity` on the
  segment's values (FlatFee: the price; PerUnit: price x quantity; Tiered / Volume: the
  tiers and the quantity; Overage / Tiered with Overage with their overage price);
- the list price base says what that amount covers: `Per_Billing_Period` one billing
  period (Month x1, Quarter /3, Semi_Annual /6, Annual /12, Eighteen_Months /18,
  Two_Years /24, Three_Years /36, Five_Years /60, Specific_Months /n, Week x52/12,
  Specific_Weeks x52/(12n), Specific_Days x365/(12n)); `Per_Month` one month (the price is
  already monthly: a quarterly period bills it three times); `Per_Year` a year (/12);
  `Per_Week` a week (x52/12); `Per_Specific_Months` n months (/n).
- A `Subscription_Term` billing period bills the amount once per term: per month it is
  the amount over the term's length in months (`term_months`, which `subscription_metrics`
  takes from the current term). Without it, the charge's own span (first segment start to
  last segment end) stands for the term; an open-ended span has no monthly amount (0).

Total contracted value (`charge_tcv`):

- a one-time charge contributes its amount once (0 while its date is pending);
- a recurring charge contributes, for each segment, its monthly amount times the segment
  length in months. Lengths count calendar months: a whole calendar month is 1, a partial
  month its days over the days in that month (Jan 15 - Feb 15 2025 is 17/31 + 14/28), like
  the default proration rule (decisions.md #3). A TERMED charge covering whole terms is
  then exactly term-length x MRR (Jan 31 2025 - Jan 31 2026: 1/31 + 11 + 30/31 = 12).
- **Choice for open-ended segments** (EVERGREEN subscriptions, or a charge whose end is not
  known): such a segment counts `evergreen_months` months (default 12) from its start,
  exactly, whatever the month lengths. Zuora's documentation does not say how it values an
  evergreen subscription; a year of revenue is the common convention.
- usage and discount charges contribute 0; so does a charge whose trigger date is pending.

`subscription_metrics` sums these: `contracted_mrr` over the charges of rate plans that are
not removed, on the given day; `total_contracted_value` over every charge, removed rate
plans included (their charges were truncated on the removal date, so they count only what
was contracted before it). Per-charge values (`charges`, by charge number) are each charge's
own `charge_mrr` / `charge_tcv`, whether or not its rate plan was removed.

`reference_day` is the day a read measures contracted MRR on: the asked day clamped into
the subscription's life (an ended subscription's last day, a future one's first).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Context, Decimal, localcontext

from zorders.domain.calendar import PeriodType, days_in_month
from zorders.domain.catalog.enums import BillingPeriod, ChargeModel, ChargeType, ListPriceBase
from zorders.domain.catalog.model import ChargeTier
from zorders.domain.catalog.pricing import price_for_quantity
from zorders.domain.subscription.model import (
    Charge,
    Segment,
    Subscription,
    SubscriptionStatus,
    TermType,
)

_ZERO = Decimal(0)
_ONE = Decimal(1)
# Divisions round in the 50th significant digit only, whatever the caller's context.
_CONTEXT = Context(prec=50)
METRICS_CONTEXT = _CONTEXT
# The months an open-ended segment counts in TCV (see the module notes).
EVERGREEN_MONTHS = 12

# A non-negative rational number as (numerator, denominator), denominator > 0.
_Ratio = tuple[Decimal, Decimal]


@dataclass(frozen=True)
class ChargeMetrics:
    mrr: Decimal
    tcv: Decimal


@dataclass(frozen=True)
class SubscriptionMetrics:
    contracted_mrr: Decimal
    total_contracted_value: Decimal
    # By charge number.
    charges: dict[str, ChargeMetrics] = field(default_factory=dict)


def charge_mrr(charge: Charge, on: date, *, term_months: Decimal | None = None) -> Decimal:
    """Monthly recurring revenue of the segment of `charge` covering `on` (0 if none)."""
    if not _is_recurring_revenue(charge):
        return _ZERO
    segment = charge.segment_on(on)
    if segment is None:
        return _ZERO
    with localcontext(_CONTEXT):
        num, den = _monthly_factor(charge, term_months)
        if num == 0:
            return _ZERO
        return period_amount(charge, segment) * num / den


def charge_tcv(
    charge: Charge, evergreen_months: int = EVERGREEN_MONTHS, *, term_months: Decimal | None = None
) -> Decimal:
    """Total contracted value of `charge` over all its segments (see the module notes)."""
    if charge.charge_model.is_discount or charge.charge_type is ChargeType.USAGE:
        return _ZERO
    if not charge.segments:
        return _ZERO
    if charge.charge_type is ChargeType.ONE_TIME:
        return period_amount(charge, charge.segments[0])
    with localcontext(_CONTEXT):
        num, den = _monthly_factor(charge, term_months)
        if num == 0:
            return _ZERO
        total = _ZERO
        for segment in charge.segments:
            if segment.end is None:
                months: _Ratio = (Decimal(evergreen_months), _ONE)
            else:
                months = months_between(segment.start, segment.end)
            if months[0] == 0:
                continue
            amount = period_amount(charge, segment)
            total += amount * num * months[0] / (den * months[1])
        return total


def subscription_metrics(subscription: Subscription, on: date) -> SubscriptionMetrics:
    """Contracted MRR on `on`, total contracted value and per-charge values."""
    per_charge: dict[str, ChargeMetrics] = {}
    mrr_total = _ZERO
    tcv_total = _ZERO
    with localcontext(_CONTEXT):
        term = _current_term_months(subscription)
        for plan in subscription.rate_plans:
            for charge in plan.charges:
                mrr = charge_mrr(charge, on, term_months=term)
                tcv = charge_tcv(charge, term_months=term)
                per_charge[charge.number] = ChargeMetrics(mrr=mrr, tcv=tcv)
                if not plan.is_removed:
                    mrr_total += mrr
                tcv_total += tcv
    return SubscriptionMetrics(
        contracted_mrr=mrr_total, total_contracted_value=tcv_total, charges=per_charge
    )


def latest_charge_metrics(charge: Charge) -> ChargeMetrics:
    """A charge's MRR on its last segment's start (0 while its trigger date is pending: no
    segment) and its TCV: the values an order preview shows of each charge it makes."""
    mrr = charge_mrr(charge, charge.last_segment.start) if charge.segments else _ZERO
    return ChargeMetrics(mrr=mrr, tcv=charge_tcv(charge))


def reference_day(subscription: Subscription, day: date) -> date:
    """The day contracted MRR is measured on: `day` clamped into the subscription's life,
    so that an ended subscription reports its last day and a future one its first."""
    start = subscription.subscription_start_date
    end = subscription.subscription_end_date
    if end is not None and day >= end:
        day = max(start, end - timedelta(days=1))
    return max(day, start)


def account_contracted_mrr(subscriptions: Iterable[Subscription], today: date) -> Decimal:
    """An account's contracted MRR (A14): the MRR it is contracted to bring once every
    change already ordered has happened. For each subscription it owns, its MRR on the
    latest start of a segment of a charge it keeps (today when that is past: future
    upgrades, downgrades and upsells count), nothing for one that is cancelled, even on a
    future date, or expired today (Zuora: "if a future-dated cancellation is made on an
    active subscription, the subscription-level CMRR still has value but the account-level
    CMRR is 0")."""
    total = _ZERO
    for subscription in subscriptions:
        if subscription.cancelled_date is not None:
            continue
        if subscription.status_on(today) is SubscriptionStatus.EXPIRED:
            continue
        starts = [
            segment.start
            for plan in subscription.rate_plans
            if not plan.is_removed
            for charge in plan.charges
            for segment in charge.segments
        ]
        latest = max([today, *starts])
        total += subscription_metrics(
            subscription, reference_day(subscription, latest)
        ).contracted_mrr
    return total


# -- building blocks -----------------------------------------------------------------------


def period_amount(charge: Charge, segment: Segment) -> Decimal:
    """The amount one billing period (or the one occurrence) of a segment bills, before
    any list price base conversion. Raises ValueError on values pricing cannot price."""
    model = charge.charge_model
    quantity = segment.quantity if segment.quantity is not None else _ZERO
    if model in (ChargeModel.FLAT_FEE, ChargeModel.PER_UNIT):
        row = _row(1, segment.price if segment.price is not None else _ZERO)
        return price_for_quantity(model, (row,), quantity)
    if model is ChargeModel.OVERAGE:
        row = _row(1, segment.overage_price or _ZERO, overage=True)
        return price_for_quantity(
            model, (row,), quantity, included_units=segment.included_units or _ZERO
        )
    rows = segment.tiers
    if model is ChargeModel.TIERED_WITH_OVERAGE and segment.overage_price is not None:
        last = max((t.tier for t in rows), default=0)
        rows = (*rows, _row(last + 1, segment.overage_price, overage=True))
    return price_for_quantity(model, rows, quantity)


def months_between(start: date, end: date) -> _Ratio:
    """Calendar months from `start` to `end` (exclusive) as a ratio: whole calendar months
    count 1, a partial month its days over the days in that month."""
    if end <= start:
        return (_ZERO, _ONE)
    first_days = days_in_month(start.year, start.month)
    if (start.year, start.month) == (end.year, end.month):
        return (Decimal((end - start).days), Decimal(first_days))
    # Days of the first month from `start` on, whole months between, days of the last
    # month before `end`.
    head = first_days - start.day + 1
    whole = (end.year * 12 + end.month) - (start.year * 12 + start.month) - 1
    tail = end.day - 1
    last_days = days_in_month(end.year, end.month)
    numerator = head * last_days + tail * first_days + whole * first_days * last_days
    return (Decimal(numerator), Decimal(first_days * last_days))


# -- internals -----------------------------------------------------------------------------


def _is_recurring_revenue(charge: Charge) -> bool:
    return charge.charge_type is ChargeType.RECURRING and not charge.charge_model.is_discount


def _row(tier: int, price: Decimal, *, overage: bool = False) -> ChargeTier:
    return ChargeTier(currency="", tier=tier, price=price, is_overage_price=overage)


def _monthly_factor(charge: Charge, term_months: Decimal | None) -> _Ratio:
    """What one period amount is worth per month, as (multiplier, divisor). Callers hold
    `_CONTEXT`."""
    base = charge.list_price_base
    if base is ListPriceBase.PER_MONTH:
        return (_ONE, _ONE)
    if base is ListPriceBase.PER_YEAR:
        return (_ONE, Decimal(12))
    if base is ListPriceBase.PER_WEEK:
        return (Decimal(52), Decimal(12))
    if base is ListPriceBase.PER_SPECIFIC_MONTHS:
        return (_ONE, Decimal(charge.specific_list_price_base or 1))
    period = charge.billing_period
    months = period.months
    if months is not None:
        return (_ONE, Decimal(months))
    n = Decimal(charge.specific_billing_period or 1)
    if period is BillingPeriod.SPECIFIC_MONTHS:
        return (_ONE, n)
    if period is BillingPeriod.WEEK:
        return (Decimal(52), Decimal(12))
    if period is BillingPeriod.SPECIFIC_WEEKS:
        return (Decimal(52), 12 * n)
    if period is BillingPeriod.SPECIFIC_DAYS:
        return (Decimal(365), 12 * n)
    # Subscription_Term: once per term.
    if term_months is not None and term_months > 0:
        return (_ONE, term_months)
    start, end = charge.effective_start_date, charge.effective_end_date
    if start is None or end is None:
        return (_ZERO, _ONE)
    span_num, span_den = months_between(start, end)
    if span_num == 0:
        return (_ZERO, _ONE)
    return (span_den, span_num)


def _current_term_months(subscription: Subscription) -> Decimal | None:
    """The current term in months (callers hold `_CONTEXT`); None unless TERMED."""
    terms = subscription.terms
    term = terms.current_term
    if terms.term_type is not TermType.TERMED or term is None:
        return None
    count = Decimal(term.period)
    if term.period_type is PeriodType.MONTH:
        return count
    if term.period_type is PeriodType.YEAR:
        return 12 * count
    if term.period_type is PeriodType.WEEK:
        return count * 12 / 52
    return count * 12 / 365
