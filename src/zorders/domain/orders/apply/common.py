"""What every action needs: the environment, trigger dates, charge end dates, finding rate
plans (copying catalog plans is `catalog_copy`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Protocol

from zorders.domain.calendar import add_months, add_period
from zorders.domain.catalog.enums import (
    BillingPeriod,
    ChargeType,
    EndDateCondition,
    UpToPeriodsType,
)
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import (
    OrderAction,
    RatePlanRef,
    TriggerDates,
)
from zorders.domain.subscription.model import (
    Charge,
    RatePlan,
    Segment,
    Subscription,
    SubscriptionStatus,
    TriggerEvent,
)


class IdSource(Protocol):
    """Ids and charge numbers (side effects the service layer provides)."""

    def new_id(self) -> str: ...
    def charge_number(self) -> str: ...


@dataclass(frozen=True)
class TenantRules:
    """Tenant settings that decide Pending orders (spec §3.5); both No by default."""

    require_service_activation: bool = False
    require_customer_acceptance: bool = False


@dataclass(frozen=True)
class ActionEnv:
    today: date
    ids: IdSource
    order_number: str
    rules: TenantRules = TenantRules()


@dataclass(frozen=True)
class Applied:
    """An action's result: the working subscription and what the response echoes."""

    subscription: Subscription
    details: dict[str, Any] = field(default_factory=dict)
    pending: bool = False


def fail(code: ErrorCode, message: str, field_name: str | None = None) -> DomainError:
    return DomainError(code, message, field_name)


def require(subscription: Subscription | None, action: OrderAction) -> Subscription:
    if subscription is None:
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            f"{action.type.value} needs an existing subscription: set subscriptionNumber, or "
            "create the subscription first with CreateSubscription.",
            "subscriptionNumber",
        )
    return subscription


def ensure_open_on(subscription: Subscription, day: date, action: OrderAction) -> None:
    """Amendments need a subscription that has started, is not cancelled and not suspended
    on the day they take effect (spec §3.1: act on a suspended one only after Resume)."""
    if day < subscription.subscription_start_date:
        raise fail(
            ErrorCode.INVALID_ACTION_DATE,
            f"{action.type.value} takes effect on {day}, before the subscription starts on "
            f"{subscription.subscription_start_date}.",
            "triggerDates",
        )
    if subscription.cancelled_date is not None and subscription.cancelled_date <= day:
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            f"Subscription {subscription.number} is cancelled from {subscription.cancelled_date}; "
            f"{action.type.value} cannot take effect on {day}.",
        )
    if subscription.open_suspension is not None or (
        subscription.status_on(day) is SubscriptionStatus.SUSPENDED
    ):
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            f"Subscription {subscription.number} is suspended; resume it before "
            f"{action.type.value}.",
        )


def ensure_not_suspended(subscription: Subscription, action: OrderAction) -> None:
    """Only Resume may follow a Suspend (spec §3.12), whatever the action's date."""
    if subscription.open_suspension is not None:
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            f"Subscription {subscription.number} is suspended; resume it before "
            f"{action.type.value}.",
        )


def trigger_date_for(
    event: TriggerEvent, dates: TriggerDates, specific: date | None
) -> date | None:
    """None when the date is not known yet (the charge is pending)."""
    if event is TriggerEvent.CONTRACT_EFFECTIVE:
        return dates.contract_effective
    if event is TriggerEvent.SERVICE_ACTIVATION:
        return dates.service_activation
    if event is TriggerEvent.CUSTOMER_ACCEPTANCE:
        return dates.customer_acceptance
    return specific


def resolve_dates(dates: TriggerDates, rules: TenantRules) -> TriggerDates:
    """Without the tenant's "require" settings, missing SA/CA dates are the CE date."""
    return TriggerDates(
        contract_effective=dates.contract_effective,
        service_activation=dates.service_activation
        or (None if rules.require_service_activation else dates.contract_effective),
        customer_acceptance=dates.customer_acceptance
        or (None if rules.require_customer_acceptance else dates.contract_effective),
    )


# -- charge end dates -------------------------------------------------------------------


def billing_period_end(
    start: date, period: BillingPeriod, specific: int | None, count: int
) -> date:
    months = period.months
    if months is not None:
        return add_months(start, months * count)
    if period is BillingPeriod.SPECIFIC_MONTHS:
        return add_months(start, (specific or 1) * count)
    if period is BillingPeriod.WEEK:
        return start + timedelta(weeks=count)
    if period is BillingPeriod.SPECIFIC_WEEKS:
        return start + timedelta(weeks=(specific or 1) * count)
    if period is BillingPeriod.SPECIFIC_DAYS:
        return start + timedelta(days=(specific or 1) * count)
    raise ValueError(f"{period.value} has no fixed length")


def _fixed_period_end(charge: Charge, start: date, subscription_end: date | None) -> date | None:
    count = charge.up_to_periods or 1
    kind = charge.up_to_periods_type
    if kind is UpToPeriodsType.DAYS:
        return start + timedelta(days=count)
    if kind is UpToPeriodsType.WEEKS:
        return start + timedelta(weeks=count)
    if kind is UpToPeriodsType.MONTHS:
        return add_months(start, count)
    if kind is UpToPeriodsType.YEARS:
        return add_months(start, 12 * count)
    if charge.billing_period is BillingPeriod.SUBSCRIPTION_TERM:
        return subscription_end
    return billing_period_end(start, charge.billing_period, charge.specific_billing_period, count)


def _earliest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def charge_end(charge: Charge, start: date, subscription_end: date | None) -> date | None:
    """Exclusive end of a charge starting on `start` (spec §14.1 end date condition)."""
    if charge.charge_type is ChargeType.ONE_TIME:
        return start + timedelta(days=1)
    condition = charge.end_date_condition
    if condition is EndDateCondition.FIXED_PERIOD:
        return _earliest(_fixed_period_end(charge, start, subscription_end), subscription_end)
    if condition is EndDateCondition.ONE_TIME:
        return start + timedelta(days=1)
    if charge.specific_end_date is not None:  # Specific_End_Date in the Orders vocabulary
        return _earliest(charge.specific_end_date, subscription_end)
    return subscription_end


def follows_subscription_end(charge: Charge) -> bool:
    """Charges whose end moves with the term (renewal, terms change, resume extension)."""
    return (
        charge.charge_type is not ChargeType.ONE_TIME
        and charge.end_date_condition is EndDateCondition.SUBSCRIPTION_END
        and charge.specific_end_date is None
    )


def move_subscription_end(
    subscription: Subscription, old_end: date | None, new_end: date | None
) -> Subscription:
    """Charges that ended with the old term end now end with the new one (or where their
    own end condition stops them within it); no charge runs past the new end or a
    cancellation: a shorter term cuts the covering segment and drops later ones."""
    limit = _earliest(new_end, subscription.cancelled_date)

    def moved(charge: Charge) -> Charge:
        if not charge.segments:
            return charge
        last = charge.last_segment
        end = last.end
        if end == old_end and charge.charge_type is not ChargeType.ONE_TIME:
            if follows_subscription_end(charge):
                end = new_end
            else:  # a fixed period or specific end date that the old term end capped
                end = charge_end(charge, charge.trigger_date or charge.segments[0].start, new_end)
        if limit is not None and (end is None or end > limit):
            end = limit
        if end == last.end:
            return charge
        if end is not None and (last.end is None or end < last.end):
            return truncate(charge, end)
        return replace(charge, segments=(*charge.segments[:-1], replace(last, end=end)))

    plans = tuple(
        plan if plan.is_removed else replace(plan, charges=tuple(moved(c) for c in plan.charges))
        for plan in subscription.rate_plans
    )
    return replace(subscription, rate_plans=plans)


def truncate(charge: Charge, day: date) -> Charge:
    """The charge ends (exclusive) on `day`: later segments go, the covering one is cut."""
    kept: list[Segment] = []
    for segment in charge.segments:
        if segment.start >= day:
            break
        if segment.end is None or segment.end > day:
            segment = replace(segment, end=day)
        kept.append(segment)
    return replace(charge, segments=tuple(kept))


# -- finding what an action refers to ----------------------------------------------------


def find_rate_plan(subscription: Subscription, ref: RatePlanRef) -> RatePlan:
    candidates = [p for p in subscription.rate_plans if not p.is_removed]
    found: list[RatePlan] = []
    if ref.rate_plan_id:
        found = [p for p in candidates if ref.rate_plan_id in p.known_ids]
        described = f"ratePlanId '{ref.rate_plan_id}'"
    elif ref.unique_token:
        found = [p for p in candidates if p.unique_token == ref.unique_token]
        described = f"uniqueToken '{ref.unique_token}'"
    elif ref.subscription_rate_plan_number:
        found = [
            p
            for p in candidates
            if p.subscription_rate_plan_number == ref.subscription_rate_plan_number
        ]
        described = f"subscriptionRatePlanNumber '{ref.subscription_rate_plan_number}'"
    elif ref.product_rate_plan_id:
        found = [p for p in candidates if p.product_rate_plan_id == ref.product_rate_plan_id]
        described = f"productRatePlanId '{ref.product_rate_plan_id}'"
    elif ref.product_rate_plan_number:
        found = [
            p for p in candidates if p.product_rate_plan_number == ref.product_rate_plan_number
        ]
        described = f"productRatePlanNumber '{ref.product_rate_plan_number}'"
    else:
        raise fail(
            ErrorCode.MISSING_FIELD,
            "Name the rate plan: ratePlanId, uniqueToken, subscriptionRatePlanNumber, "
            "productRatePlanId or productRatePlanNumber.",
            "rate_plan_id",
        )
    if not found:
        raise fail(
            ErrorCode.RATE_PLAN_NOT_FOUND,
            f"Subscription {subscription.number} has no active rate plan with {described}.",
            "rate_plan_id",
        )
    if len(found) > 1:
        raise fail(
            ErrorCode.RATE_PLAN_NOT_FOUND,
            f"{described} matches {len(found)} rate plans of subscription "
            f"{subscription.number}; use ratePlanId.",
            "rate_plan_id",
        )
    return found[0]


def replace_rate_plan(subscription: Subscription, plan: RatePlan) -> Subscription:
    return replace(
        subscription,
        rate_plans=tuple(
            plan if p.original_id == plan.original_id else p for p in subscription.rate_plans
        ),
    )


def latest_charged_through(charges: Iterable[Charge]) -> date | None:
    days = [c.charged_through_date for c in charges if c.charged_through_date is not None]
    return max(days) if days else None


def add_to_date(start: date, periods: int | None, periods_type: Any, field_name: str) -> date:
    if periods is None or periods_type is None:
        raise fail(
            ErrorCode.MISSING_FIELD,
            f"'{field_name}' and its periods type are required with this policy",
            field_name,
        )
    if periods < 0:
        raise fail(ErrorCode.INVALID_VALUE, f"'{field_name}' must be 0 or more", field_name)
    return add_period(start, periods, periods_type)
