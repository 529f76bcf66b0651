"""Subscription plans and price overrides of a v2 order body (spec §12.2) into
`RatePlanCommand`s and charge overrides (QO4)."""

from __future__ import annotations

from decimal import Decimal

from zorders.api.v2 import order_models as m
from zorders.api.v2.catalog_words import DISCOUNT_LEVEL, PRICE_BASE_INTERVAL, apply_discount_to
from zorders.domain.catalog.enums import (
    BillCycleType,
    BillingPeriod,
    BillingPeriodAlignment,
    BillingTiming,
    PriceFormat,
)
from zorders.domain.catalog.model import ChargeTier
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import BillingOverride, ChargeOverride, PricingOverride
from zorders.domain.subscription.model import TriggerEvent
from zorders.services.orders.commands import PlanKey, RatePlanCommand

__all__ = ["pricing", "rate_plan", "unsupported"]


def _invalid(message: str, where: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_VALUE, message, where)


def unsupported(where: str, **given: object) -> None:
    """Zuora's fields with nothing behind them here: a value (other than null or false)
    is refused rather than dropped (QL3, QL4)."""
    for name, value in given.items():
        if value is not None and value is not False:
            raise _invalid(f"'{where}.{name}' is not supported by zorders yet", f"{where}.{name}")


_BILLING_PERIODS = {
    "month": BillingPeriod.MONTH,
    "quarter": BillingPeriod.QUARTER,
    "semi_annual": BillingPeriod.SEMI_ANNUAL,
    "year": BillingPeriod.ANNUAL,
    "week": BillingPeriod.WEEK,
    "term": BillingPeriod.SUBSCRIPTION_TERM,
}
_ALIGNMENTS = {
    "subscription_start": BillingPeriodAlignment.ALIGN_TO_SUBSCRIPTION_START,
    "term_start": BillingPeriodAlignment.ALIGN_TO_TERM_START,
    "term_end": BillingPeriodAlignment.ALIGN_TO_TERM_END,
    "none": BillingPeriodAlignment.ALIGN_TO_CHARGE,
}
_BILL_CYCLE_TYPES = {
    "account_cycle_date": BillCycleType.DEFAULT_FROM_CUSTOMER,
    "subscription_start_day": BillCycleType.SUBSCRIPTION_START_DAY,
    "subscription_item_start_day": BillCycleType.CHARGE_TRIGGER_DAY,
    "term_start_day": BillCycleType.TERM_START_DAY,
    "term_end_day": BillCycleType.TERM_END_DAY,
}
_START_EVENTS = {
    "contract_effective": TriggerEvent.CONTRACT_EFFECTIVE,
    "service_activation": TriggerEvent.SERVICE_ACTIVATION,
    "customer_acceptance": TriggerEvent.CUSTOMER_ACCEPTANCE,
    "specific_date": TriggerEvent.SPECIFIC_DATE,
}


def _tiers(tiers: list[m.TierIn]) -> tuple[ChargeTier, ...]:
    out, start = [], Decimal(1)
    for i, t in enumerate(tiers):
        flat = t.amount is not None
        out.append(
            ChargeTier(
                currency="",
                tier=i + 1,
                price=(t.amount if flat else t.unit_amount) or Decimal(0),
                price_format=PriceFormat.FLAT_FEE if flat else PriceFormat.PER_UNIT,
                starting_unit=start,
                ending_unit=t.up_to,
            )
        )
        start = (t.up_to or start) + 1
    return tuple(out)


def pricing(p: m.PriceOverrideIn | m.ItemUpdateIn) -> PricingOverride | None:
    """The price fields of an item as a pricing override; on a new item also
    `apply_discount_to`, `discount_level`, `price_base_interval` and
    `overage.included_units` (QL4)."""
    new = p if isinstance(p, m.PriceOverrideIn) else None
    tiers = new.tiers if new else None
    words = new.apply_discount_to if new else None
    level = new.discount_level if new else None
    base = new.price_base_interval if new else None
    override = PricingOverride(
        quantity=p.quantity,
        list_price=p.amount if p.amount is not None else p.unit_amount,
        tiers=None if tiers is None else _tiers(tiers),
        included_units=new.overage.included_units if new and new.overage else None,
        discount_percentage=p.discount_percent,
        discount_amount=p.discount_amount,
        list_price_base=None if base is None else PRICE_BASE_INTERVAL[base],
        apply_discount_to=None if words is None else apply_discount_to(list(words)),
        discount_level=None if level is None else DISCOUNT_LEVEL[level],
    )
    return None if override == PricingOverride() else override


def _billing(r: m.RecurringIn | None, where: str) -> BillingOverride:
    if r is None:
        return BillingOverride()
    period, specific = None, None
    if r.interval is not None:
        period = _BILLING_PERIODS[r.interval]
        if (r.interval_count or 1) > 1:
            if r.interval not in ("month", "week"):
                raise _invalid(
                    f"'{where}.interval_count' above 1 needs interval month or week.",
                    f"{where}.interval_count",
                )
            period = (
                BillingPeriod.SPECIFIC_MONTHS
                if r.interval == "month"
                else BillingPeriod.SPECIFIC_WEEKS
            )
            specific = r.interval_count
    on = r.on or r.recurring_on
    cycle_type, cycle_day = None, None
    if on is not None:
        if on.startswith("_") and on[1:].isdigit() and 1 <= int(on[1:]) <= 31:
            cycle_type, cycle_day = BillCycleType.SPECIFIC_DAY_OF_MONTH, int(on[1:])
        elif on in _BILL_CYCLE_TYPES:
            cycle_type = _BILL_CYCLE_TYPES[on]
        else:
            raise _invalid(f"'{where}.on' value '{on}' is not supported.", f"{where}.on")
    return BillingOverride(
        bill_cycle_day=cycle_day,
        bill_cycle_type=cycle_type,
        billing_period=period,
        billing_period_alignment=None
        if r.alignment_behavior is None
        else _ALIGNMENTS[r.alignment_behavior],
        billing_timing=None
        if r.timing is None
        else BillingTiming.IN_ADVANCE
        if r.timing == "in_advance"
        else BillingTiming.IN_ARREARS,
        specific_billing_period=specific,
    )


def _price(p: m.PriceOverrideIn, where: str) -> ChargeOverride:
    unsupported(where, prepayment=p.prepayment, drawdown=p.drawdown)
    if p.overage is not None:
        o = p.overage
        unsupported(
            f"{where}.overage",
            interval_count=o.interval_count,
            type=o.type,
            credit_unused_units=o.credit_unused_units,
            apply_at_end_of_smoothing_period=o.apply_at_end_of_smoothing_period,
        )
    return ChargeOverride(
        product_rate_plan_charge_id=p.price_id,
        charge_number=p.subscription_item_number,
        unique_token=p.unique_token,
        description=p.description,
        custom_fields=dict(p.custom_fields or {}),
        billing=_billing(p.recurring, f"{where}.recurring"),
        trigger_event=None if p.start_event is None else _START_EVENTS[p.start_event],
        specific_trigger_date=p.start_date,
        specific_end_date=p.end_date,
        pricing=pricing(p),
    )


def rate_plan(plan: m.SubscriptionPlanIn, where: str) -> RatePlanCommand:
    if not plan.plan_id and not plan.plan_number:
        raise DomainError(
            ErrorCode.MISSING_FIELD, f"'{where}' needs plan_id or plan_number.", f"{where}.plan_id"
        )
    return RatePlanCommand(
        plan=PlanKey(plan.plan_id, plan.plan_number),
        charge_overrides=tuple(
            _price(p, f"{where}.prices[{i}]") for i, p in enumerate(plan.prices or ())
        ),
        unique_token=plan.unique_token,
        custom_fields=dict(plan.custom_fields or {}),
    )
