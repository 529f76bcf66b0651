"""Net of percentage discounts: contracted MRR and TCV less each discount's share of the
charges it applies to, chosen as `domain/billing/discounts.py` chooses them (decision RV2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zorders.domain.catalog.enums import ChargeModel
from zorders.domain.subscription.metrics import SubscriptionMetrics
from zorders.domain.subscription.model import Subscription


@dataclass(frozen=True, slots=True)
class NetMetrics:
    net_mrr: Decimal
    net_tcv: Decimal


def mrr_taken_off(
    subscription: Subscription, gross: SubscriptionMetrics, on: date
) -> dict[str, Decimal]:
    """By target charge number: the MRR the percentage discounts take off it on `on` (the
    charges of removed plans are not counted, as the gross MRR does not count them)."""
    return {number: off[0] for number, off in _taken_off(subscription, gross, on).items() if off[0]}


def net_metrics(subscription: Subscription, gross: SubscriptionMetrics, on: date) -> NetMetrics:
    """Gross less, for each percentage discount, its percentage (its segment on `on`) of
    each target charge's MRR and TCV. Only percentage discounts are netted."""
    offs = _taken_off(subscription, gross, on).values()
    mrr_off = sum((o[0] for o in offs), Decimal(0))
    tcv_off = sum((o[1] for o in offs), Decimal(0))
    return NetMetrics(
        net_mrr=gross.contracted_mrr - mrr_off, net_tcv=gross.total_contracted_value - tcv_off
    )


def _taken_off(
    subscription: Subscription, gross: SubscriptionMetrics, on: date
) -> dict[str, tuple[Decimal, Decimal]]:
    off: dict[str, tuple[Decimal, Decimal]] = {}
    # Removed plans count in TCV, not in MRR (as `subscription_metrics` totals them).
    removed = {c.number for p in subscription.rate_plans if p.is_removed for c in p.charges}
    for plan in subscription.rate_plans:
        for discount in plan.charges:
            if discount.charge_model is not ChargeModel.DISCOUNT_PERCENTAGE:
                continue
            segment = discount.segment_on(on)
            if segment is None or segment.discount_percentage is None:
                continue
            share = segment.discount_percentage / 100
            whole_plan = (
                discount.discount_level is None or discount.discount_level.value == "rateplan"
            )
            targets = plan.charges if whole_plan else subscription.all_charges()
            for target in targets:
                if target.charge_model.is_discount:
                    continue
                if (
                    discount.apply_discount_to is not None
                    and not discount.apply_discount_to.applies_to(target.charge_type)
                ):
                    continue
                values = gross.charges.get(target.number)
                if values is None:
                    continue
                mrr, tcv = off.get(target.number, (Decimal(0), Decimal(0)))
                if not (plan.is_removed or target.number in removed):
                    mrr += values.mrr * share
                off[target.number] = (mrr, tcv + values.tcv * share)
    return off
