"""Delta MRR and delta TCV of a charge segment (`dmrc`, `dtcv`, decision RK5).

Zuora: a charge's dmrc is "the change (delta) of monthly recurring charge" and its dtcv
"the change (delta) of the total contract value" that the amendment (or new subscription)
making the segment caused. A segment is what an order made, so each is measured against
the charge's previous segment: dmrc = the segment's MRR less the previous segment's (the
first segment: its whole MRR); dtcv = dmrc over the segment's months (an open-ended
segment: the 12 months `charge_tcv` counts for it). A one-time charge's first segment adds
its amount to the TCV; usage and discount charges change neither (their MRR and TCV are 0).
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from zorders.domain.catalog.enums import ChargeType
from zorders.domain.subscription.metrics import (
    EVERGREEN_MONTHS,
    METRICS_CONTEXT,
    charge_mrr,
    months_between,
    period_amount,
)
from zorders.domain.subscription.model import Charge, Segment

_ZERO = Decimal(0)


def segment_deltas(charge: Charge, segment: Segment) -> tuple[Decimal, Decimal]:
    """(dmrc, dtcv) of `segment`, one of `charge`'s segments."""
    position = next(i for i, s in enumerate(charge.segments) if s is segment)
    previous = charge.segments[position - 1] if position else None
    if charge.charge_model.is_discount or charge.charge_type is ChargeType.USAGE:
        return _ZERO, _ZERO
    if charge.charge_type is ChargeType.ONE_TIME:
        return _ZERO, period_amount(charge, segment) if previous is None else _ZERO
    with localcontext(METRICS_CONTEXT):
        mrr = charge_mrr(charge, segment.start)
        before = charge_mrr(charge, previous.start) if previous is not None else _ZERO
        delta = mrr - before
        if segment.end is None:
            return delta, delta * EVERGREEN_MONTHS
        months, per = months_between(segment.start, segment.end)
        return delta, delta * months / per
