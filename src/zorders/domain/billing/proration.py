"""How much of a full period's price a billable span carries (spec §14.3).

Monthly-based periods are prorated by month first: the full period is split into its
months on the bill cycle day, each whole month counts 1 and a partial month counts its
days over the days of that month (the tenant's default rule, decisions.md #3) or over 30
(the "30 days" rule). Weekly periods count days over 7, Specific_Days periods days over
their length, a Subscription_Term period days over the term. The result is a fraction of
the full period, exact (no rounding here).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from zorders.domain.billing.periods import Period, shift_months


class ProrationRule(StrEnum):
    ACTUAL_DAYS = "Use actual number of days"
    THIRTY_DAYS = "Assume 30 days"


def _overlap(a: date, b: date, c: date, d: date) -> int:
    return max(0, (min(b, d) - max(a, c)).days)


def month_fraction(period: Period, months: int, bcd: int, rule: ProrationRule) -> Decimal:
    """The share of the full period [full_start, full_end) that [start, end) covers."""
    total = Decimal(0)
    for i in range(months):
        m_start = shift_months(period.full_start, i, bcd) if i else period.full_start
        m_end = shift_months(period.full_start, i + 1, bcd) if i + 1 < months else period.full_end
        covered = _overlap(period.start, period.end, m_start, m_end)
        length = (m_end - m_start).days
        if covered == length:
            total += 1
        elif covered:
            total += Decimal(covered) / (
                Decimal(30) if rule is ProrationRule.THIRTY_DAYS else Decimal(length)
            )
    return total / months


def day_fraction(period: Period) -> Decimal:
    length = (period.full_end - period.full_start).days
    return Decimal((period.end - period.start).days) / Decimal(length)
