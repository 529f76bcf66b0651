"""A subscription's versions laid out on one time axis (the subscription page's SVG).

Pure geometry over domain values: each version is a row with its term, its suspended
periods, its cancellation, the trigger dates of the order actions that made it, and a
lane per rate plan charge with the charge's segments (price and quantity) and its
charged-through date. Dates become x positions; the template draws what is here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from zorders.domain.calendar import add_months
from zorders.domain.orders.model import Order
from zorders.domain.subscription.model import Subscription

WIDTH = 1000
LEFT = 190  # the labels' column
RIGHT = 16
HEADER = 34  # the axis and its ticks
ROW_HEAD = 24  # a version's own line (term, triggers)
LANE = 20  # one charge
GAP = 10


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    start: date
    end: date | None  # None: open-ended (evergreen, or no end yet)
    label: str = ""
    title: str = ""


@dataclass(frozen=True)
class Marker:
    x: float
    on: date
    title: str
    kind: str  # trigger, ctd, cancel, renewal


@dataclass(frozen=True)
class Lane:
    y: float
    label: str
    title: str
    segments: tuple[Bar, ...]
    markers: tuple[Marker, ...]
    removed: bool = False


@dataclass(frozen=True)
class VersionRow:
    version: int
    y: float
    height: float
    order_number: str | None
    made_by: tuple[str, ...]  # the order's action types on this subscription
    stored_at: datetime | None
    term: Bar
    suspended: tuple[Bar, ...]
    markers: tuple[Marker, ...]
    lanes: tuple[Lane, ...]
    status: str
    latest: bool


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    start: date
    end: date
    width: int
    height: float
    left: int
    today_x: float | None
    ticks: tuple[Tick, ...]
    rows: tuple[VersionRow, ...] = field(default_factory=tuple)
    summary: str = ""


def _money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def _bounds(versions: Sequence[Subscription], today: date) -> tuple[date, date]:
    start = min(
        min(v.subscription_start_date, v.terms.term_start_date, v.contract_effective_date)
        for v in versions
    )
    ends = [today + timedelta(days=1)]
    for v in versions:
        for d in (v.terms.term_end_date, v.cancelled_date):
            if d is not None:
                ends.append(d)
        for s in v.suspensions:
            ends.append(s.resume_date or s.suspend_date)
        for c in v.all_charges():
            for seg in c.segments:
                ends.append(seg.end or seg.start)
    end = max(ends)
    if all(v.terms.term_end_date is None for v in versions):
        end = max(end, add_months(start, 12))  # evergreen: a year to look at at least
    end = max(end, start + timedelta(days=30))
    # A little room after the last date so that its marker shows.
    return start, end + timedelta(days=max(1, (end - start).days // 40))


def _ticks(start: date, end: date, x: _Scale) -> tuple[Tick, ...]:
    span_months = (end.year - start.year) * 12 + end.month - start.month
    step = 1 if span_months <= 14 else 3 if span_months <= 40 else 12
    first = date(start.year, start.month, 1)
    if first < start:
        first = add_months(first, 1)
    ticks = []
    at = first
    while at <= end:
        if step == 12 and at.month != 1:
            at = add_months(at, 1)
            continue
        label = str(at.year) if step == 12 else at.strftime("%b %Y")
        # No label that would run past the right edge.
        ticks.append(Tick(x(at), label if x(at) < WIDTH - RIGHT - 48 else ""))
        at = add_months(at, step)
    return tuple(ticks)


class _Scale:
    def __init__(self, start: date, end: date) -> None:
        self.start = start
        self.days = max(1, (end - start).days)
        self.end = end

    def __call__(self, day: date) -> float:
        clamped = min(max(day, self.start), self.end)
        return round(LEFT + (clamped - self.start).days / self.days * (WIDTH - LEFT - RIGHT), 1)

    def bar(self, start: date, end: date | None, label: str = "", title: str = "") -> Bar:
        x0 = self(start)
        x1 = self(end or self.end)
        return Bar(x0, max(1.0, round(x1 - x0, 1)), start, end, label, title)


def _period(start: date, end: date | None) -> str:
    return f"{start.isoformat()} to {end.isoformat() if end else 'open end'}"


def build(
    versions: Sequence[tuple[Subscription, datetime | None]],
    orders: dict[str, Order],
    today: date,
) -> Timeline:
    """`versions`: oldest first; `orders`: the orders that made them, by number."""
    subs = [v for v, _ in versions]
    start, end = _bounds(subs, today)
    x = _Scale(start, end)
    rows: list[VersionRow] = []
    y = float(HEADER)
    latest = max(v.version for v in subs)
    for sub, stored_at in versions:
        order = orders.get(sub.order_number or "")
        actions = []
        markers: list[Marker] = []
        if order is not None:
            for os_ in order.subscriptions:
                if os_.subscription_number != sub.number:
                    continue
                for action in os_.actions:
                    actions.append(action.type.value)
                    by_day: dict[date, list[str]] = {}
                    for name, on in sorted(action.trigger_dates.items()):
                        by_day.setdefault(on, []).append(name)
                    for on, names in sorted(by_day.items()):
                        title = f"{action.type.value} {on}: {', '.join(names)}"
                        markers.append(Marker(x(on), on, title, "trigger"))
        if sub.cancelled_date is not None:
            markers.append(Marker(x(sub.cancelled_date), sub.cancelled_date, "Cancelled", "cancel"))
        if sub.terms.renewals:
            t0 = sub.terms.term_start_date
            markers.append(
                Marker(x(t0), t0, f"Renewal {sub.terms.renewals}: term starts {t0}", "renewal")
            )
        term_end = sub.terms.term_end_date
        term = x.bar(
            sub.terms.term_start_date,
            term_end,
            title=f"Term {_period(sub.terms.term_start_date, term_end)}",
        )
        suspended = tuple(
            x.bar(
                s.suspend_date,
                s.resume_date,
                title=f"Suspended {_period(s.suspend_date, s.resume_date)}",
            )
            for s in sub.suspensions
        )
        lanes = []
        lane_y = y + ROW_HEAD
        for plan in sub.rate_plans:
            for charge in plan.charges:
                bars = []
                for seg in charge.segments:
                    price = _money(seg.price)
                    qty = _money(seg.quantity)
                    label = f"{price} × {qty}" if price and qty else price or qty
                    bars.append(
                        x.bar(
                            seg.start,
                            seg.end,
                            label=label,
                            title=f"{charge.name} segment {seg.segment}: "
                            f"{_period(seg.start, seg.end)}"
                            + (f", price {price}" if price else "")
                            + (f", quantity {qty}" if qty else ""),
                        )
                    )
                lane_markers = []
                ctd = charge.charged_through_date
                if ctd is not None:
                    lane_markers.append(Marker(x(ctd), ctd, f"Charged through {ctd}", "ctd"))
                lanes.append(
                    Lane(
                        lane_y,
                        f"{charge.number} {charge.name}",
                        f"{plan.name} / {charge.name} ({charge.charge_type.value})",
                        tuple(bars),
                        tuple(lane_markers),
                        removed=plan.is_removed,
                    )
                )
                lane_y += LANE
        height = ROW_HEAD + LANE * len(lanes)
        rows.append(
            VersionRow(
                version=sub.version,
                y=y,
                height=height,
                order_number=sub.order_number,
                made_by=tuple(dict.fromkeys(actions)),
                stored_at=stored_at,
                term=term,
                suspended=suspended,
                markers=tuple(markers),
                lanes=tuple(lanes),
                status=sub.status_on(today).value,
                latest=sub.version == latest,
            )
        )
        y += height + GAP
    today_x = x(today) if start <= today <= end else None
    summary = (
        f"Subscription {subs[-1].number}: {len(subs)} version(s) from {start} to {end}; "
        "the table below lists the same facts."
    )
    return Timeline(
        start, end, WIDTH, y, LEFT, today_x, _ticks(start, end, x), tuple(rows), summary
    )
