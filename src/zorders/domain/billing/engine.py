"""Invoice items as a function of (subscription, what was billed, target date).

Architecture principle 3: billing is re-runnable. For each charge the engine works out
what should have been billed by the target date (periods x segments, less suspended days)
and compares it with what was billed, span by span: where they agree nothing happens;
where a billed span no longer holds (an amendment, a removal, a cancellation) it is
credited; where a span is due and not billed (or billed at other values) it is charged.
So running it twice for one target date adds nothing (decisions.md #5, spec §14.2), and
an amendment inside a billed period gives a credit for the old segment and a charge for
the new one over the same span.

Amounts are rounded to the currency's minor unit, half up, per item (decisions.md #4); a
credit of a whole billed item takes back exactly its billed amount.

A credit names the billed item it takes back (`Item.reverses`, the stored item's id), so
what stands billed is a function of the set of billed items, not of their order: requests
that wait for one another's locks commit in another order than they arrived in, and no
timestamp says which came first (issue 8, decision B21). Credits stored before that link
existed are matched as they were, by values and overlap, in the order given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, localcontext

from zorders.domain.billing.amounts import period_amount, values_key
from zorders.domain.billing.discounts import discount_items
from zorders.domain.billing.items import BillRun, DocumentItem, Item, Pricing, ProcessingType
from zorders.domain.billing.periods import (
    BillingFacts,
    Period,
    bill_cycle_day,
    months_per_period,
    periods,
)
from zorders.domain.billing.proration import ProrationRule, day_fraction, month_fraction
from zorders.domain.calendar import day_after
from zorders.domain.catalog.enums import (
    BillingTiming,
    ChargeType,
)
from zorders.domain.money import MONEY_CONTEXT, quantize
from zorders.domain.subscription.model import Charge, RatePlan, Segment, Subscription


@dataclass(frozen=True)
class _Piece:
    start: date
    end: date
    segment: Segment
    period: Period


def _fraction(span: Period, pricing: Pricing, rule: ProrationRule) -> Decimal:
    if not span.is_partial:
        return Decimal(1)
    if pricing.months is not None:
        return month_fraction(span, pricing.months, pricing.bcd, rule)
    return day_fraction(span)


def _suspended(subscription: Subscription) -> list[tuple[date, date | None]]:
    return [(s.suspend_date, s.resume_date) for s in subscription.suspensions]


def _active_spans(
    start: date, end: date, suspended: Sequence[tuple[date, date | None]]
) -> list[tuple[date, date]]:
    """[start, end) less the suspended days."""
    spans = [(start, end)]
    for s_from, s_to in suspended:
        next_spans = []
        for a, b in spans:
            cut_to = s_to or date.max
            if cut_to <= a or s_from >= b:
                next_spans.append((a, b))
                continue
            if a < s_from:
                next_spans.append((a, s_from))
            if cut_to < b:
                next_spans.append((cut_to, b))
        spans = next_spans
    return spans


def _due_pieces(
    charge: Charge,
    facts: BillingFacts,
    target: date,
    suspended: Sequence[tuple[date, date | None]],
) -> list[_Piece]:
    in_arrears = charge.billing_timing is BillingTiming.IN_ARREARS
    until = target if in_arrears else day_after(target)  # stops at the calendar's end
    pieces = []
    for period in periods(charge, facts, until):
        for segment in charge.segments:
            seg_end = facts.billing_end(segment.end, period.end) or date.max
            for a, b in _active_spans(
                max(period.start, segment.start), min(period.end, seg_end), suspended
            ):
                if a >= b:
                    continue
                if in_arrears and b > target:
                    continue
                if not in_arrears and a > target:
                    continue
                pieces.append(_Piece(a, b, segment, period))
    return pieces


def _item(
    subscription: Subscription,
    plan: RatePlan,
    charge: Charge,
    start: date,
    end: date,
    amount: Decimal,
    pricing: Pricing,
    segment: Segment | None,
) -> Item:
    return Item(
        subscription_number=subscription.number,
        charge_number=charge.number,
        charge_name=charge.name,
        charge_type=charge.charge_type,
        product_rate_plan_charge_id=charge.product_rate_plan_charge_id,
        rate_plan_name=plan.name,
        product_name=plan.product_name,
        service_start=start,
        service_end=end,
        amount=amount,
        pricing=pricing,
        quantity=segment.quantity if segment else None,
        unit_price=(segment.price if segment else None),
        uom=charge.uom,
    )


def _recurring(
    subscription: Subscription,
    plan: RatePlan,
    charge: Charge,
    facts: BillingFacts,
    target: date,
    billed: Sequence[DocumentItem],
    rule: ProrationRule,
) -> tuple[list[Item], date | None]:
    currency = subscription.currency
    months = months_per_period(charge)
    bcd = bill_cycle_day(charge, facts) if charge.segments else facts.account_bcd
    suspended = _suspended(subscription)
    pieces = _due_pieces(charge, facts, target, suspended)

    def pricing_of(piece: _Piece) -> Pricing:
        return Pricing(
            key=values_key(charge, piece.segment),
            period_amount=period_amount(charge, piece.segment),
            full_start=piece.period.full_start,
            full_end=piece.period.full_end,
            months=months,
            bcd=bcd,
        )

    expected = [(p, pricing_of(p)) for p in pieces]
    standing, taken = _standing(billed)

    # Credits compare what stands with every piece up to the end of the billed periods, not
    # only the pieces due by this target: a billed span that still holds but is not due at
    # this target (billed ahead with a later target, or resumed inside its period) stays.
    horizon = max([target, *(e.item.pricing.full_end for _, _, e in standing)])
    held = [(p, pricing_of(p)) for p in _due_pieces(charge, facts, horizon, suspended)]
    items: list[Item] = []
    # Credits: standing spans (or parts) that the held pieces no longer carry. When
    # nothing of an item will stand any more, its credits take back exactly what of its
    # amount remains (a whole item: exactly its amount), so credits never exceed it.
    fragments: dict[str, list[tuple[date, date, DocumentItem]]] = {}
    for a, b, entry in standing:
        fragments.setdefault(entry.id, []).append((a, b, entry))
    for group in fragments.values():
        entry = group[0][2]
        item = entry.item
        credits: list[tuple[date, date, Decimal]] = []
        all_gone = True
        for a, b, _ in group:
            gaps = _uncovered(
                a,
                b,
                [
                    (p.start, p.end)
                    for p, pr in held
                    if pr.key == item.pricing.key and pr.full_start == item.pricing.full_start
                ],
            )
            all_gone = all_gone and gaps == [(a, b)]
            for c, d in gaps:
                span = Period(c, d, item.pricing.full_start, item.pricing.full_end)
                amount = quantize(
                    item.pricing.period_amount * _fraction(span, item.pricing, rule), currency
                )
                credits.append((c, d, amount))
        if all_gone and credits:
            rest = item.amount - taken.get(entry.id, Decimal(0))
            c, d, _ = credits[-1]
            credits[-1] = (c, d, rest - sum((x for _, _, x in credits[:-1]), Decimal(0)))
        for c, d, amount in credits:
            if amount:
                items.append(replace(replace_amount(item, c, d, -amount), reverses=entry.id))
    # Charges: expected pieces (or parts) that nothing standing carries at these values.
    for piece, pricing in expected:
        covered = [
            (a, b)
            for a, b, e in standing
            if e.item.pricing.key == pricing.key and e.item.pricing.full_start == pricing.full_start
        ]
        for c, d in _uncovered(piece.start, piece.end, covered):
            span = Period(c, d, piece.period.full_start, piece.period.full_end)
            amount = quantize(pricing.period_amount * _fraction(span, pricing, rule), currency)
            items.append(_item(subscription, plan, charge, c, d, amount, pricing, piece.segment))
    through = max((p.end for p, _ in expected), default=None)
    return items, through


def _standing(
    billed: Sequence[DocumentItem],
) -> tuple[list[tuple[date, date, DocumentItem]], dict[str, Decimal]]:
    """What stands billed of a charge: the spans of its charge items that no credit took
    back, and how much of each item (by id) credits took back.

    A credit that names its item takes back that item's span wherever the two stand in
    `billed`. A credit stored without the link takes back, by values and overlap, what
    was billed before it in `billed`'s order (not a later charge of the same values over
    the same days)."""
    standing: list[tuple[date, date, DocumentItem]] = []
    taken: dict[str, Decimal] = {}
    linked: list[Item] = []
    for entry in billed:
        item = entry.item
        if item.amount >= 0:
            standing.append((item.service_start, item.service_end, entry))
        elif item.reverses is not None:
            linked.append(item)
        else:
            standing = _take_back(standing, taken, item, None)
    for credit in linked:
        # A credit whose item is not in `billed` (its document was canceled) takes nothing.
        standing = _take_back(standing, taken, credit, credit.reverses)
    # The same order whatever order `billed` came in, so the items made are too.
    standing.sort(key=lambda s: (s[0], s[1], s[2].id))
    return standing, taken


def _take_back(
    standing: list[tuple[date, date, DocumentItem]],
    taken: dict[str, Decimal],
    credit: Item,
    target: str | None,
) -> list[tuple[date, date, DocumentItem]]:
    """`credit` takes its span back from the item `target` names (None: from any item at
    the credit's values)."""
    out = []
    for a, b, entry in standing:
        matches = (
            entry.id == target
            if target is not None
            else entry.item.pricing.key == credit.pricing.key
        )
        if not matches or credit.service_end <= a or credit.service_start >= b:
            out.append((a, b, entry))
            continue
        taken[entry.id] = taken.get(entry.id, Decimal(0)) - credit.amount
        if a < credit.service_start:
            out.append((a, credit.service_start, entry))
        if credit.service_end < b:
            out.append((credit.service_end, b, entry))
    return out


def replace_amount(item: Item, start: date, end: date, amount: Decimal) -> Item:
    return replace(item, service_start=start, service_end=end, amount=amount)


def _uncovered(
    start: date, end: date, covers: Iterable[tuple[date, date]]
) -> list[tuple[date, date]]:
    gaps = [(start, end)]
    for a, b in covers:
        next_gaps = []
        for c, d in gaps:
            if b <= c or a >= d:
                next_gaps.append((c, d))
                continue
            if c < a:
                next_gaps.append((c, a))
            if b < d:
                next_gaps.append((b, d))
        gaps = next_gaps
    return [g for g in gaps if g[0] < g[1]]


def _one_time(
    subscription: Subscription,
    plan: RatePlan,
    charge: Charge,
    target: date,
    billed: Sequence[DocumentItem],
    currency: str,
) -> tuple[list[Item], date | None]:
    """Billed once, when the target date reaches its trigger date; no credit back when it
    is removed later (the tenant rule's default)."""
    if not charge.segments or billed:
        return [], None
    segment = charge.segments[0]
    if segment.start > target:
        return [], None
    amount = quantize(period_amount(charge, segment), currency)
    pricing = Pricing(values_key(charge, segment), period_amount(charge, segment),
                      segment.start, segment.start + timedelta(days=1), None, 1)  # fmt: skip
    item = _item(subscription, plan, charge, segment.start, segment.start + timedelta(days=1),
                 amount, pricing, segment)  # fmt: skip
    return [item], segment.start + timedelta(days=1)


def bill(
    subscription: Subscription,
    facts: BillingFacts,
    target: date,
    billed: Sequence[DocumentItem],
    rule: ProrationRule = ProrationRule.ACTUAL_DAYS,
    *,
    exclude: frozenset[ChargeType] = frozenset(),
) -> BillRun:
    """The items a billing run for `target` adds, given every item billed before."""
    with localcontext(MONEY_CONTEXT):  # products exact; rounding only in quantize
        return _bill(subscription, facts, target, billed, rule, exclude)


def _bill(
    subscription: Subscription,
    facts: BillingFacts,
    target: date,
    billed: Sequence[DocumentItem],
    rule: ProrationRule,
    exclude: frozenset[ChargeType],
) -> BillRun:
    currency = subscription.currency
    by_charge: dict[str, list[DocumentItem]] = {}
    for entry in billed:
        if entry.item.processing_type is ProcessingType.CHARGE:
            by_charge.setdefault(entry.item.charge_number, []).append(entry)
    items: list[Item] = []
    through: dict[str, date] = {}
    for plan in subscription.rate_plans:
        for charge in plan.charges:
            if charge.charge_type in exclude or charge.charge_model.is_discount:
                continue
            previous = by_charge.get(charge.number, [])
            if charge.charge_type is ChargeType.ONE_TIME:
                new, end = _one_time(subscription, plan, charge, target, previous, currency)
            elif charge.charge_type is ChargeType.RECURRING:
                new, end = _recurring(subscription, plan, charge, facts, target, previous, rule)
            else:
                continue  # usage is rated from usage records, which zorders does not take yet
            items.extend(new)
            if end is not None:
                through[charge.number] = max(end, charge.charged_through_date or end)
    items.extend(discount_items(subscription, items, currency))
    return BillRun(tuple(items), through)
