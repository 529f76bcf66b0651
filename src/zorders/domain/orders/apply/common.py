"""What every action needs: the environment, copying catalog charges, finding rate plans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol

from zorders.domain.calendar import add_months, add_period
from zorders.domain.catalog.enums import (
    BillingPeriod,
    ChargeModel,
    ChargeType,
    EndDateCondition,
    UpToPeriodsType,
)
from zorders.domain.catalog.enums import TriggerEvent as CatalogTriggerEvent
from zorders.domain.catalog.model import ChargeTier, ProductRatePlanCharge
from zorders.domain.catalog.pricing import price_for_quantity
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import (
    ChargeOverride,
    NewRatePlan,
    OrderAction,
    PricingOverride,
    RatePlanRef,
    TriggerDates,
)
from zorders.domain.subscription.model import (
    ChangeType,
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


# -- copying a catalog plan onto the subscription ---------------------------------------


_CATALOG_TO_SUBSCRIPTION_TRIGGER = {
    CatalogTriggerEvent.CONTRACT_EFFECTIVE: TriggerEvent.CONTRACT_EFFECTIVE,
    CatalogTriggerEvent.SERVICE_ACTIVATION: TriggerEvent.SERVICE_ACTIVATION,
    CatalogTriggerEvent.CUSTOMER_ACCEPTANCE: TriggerEvent.CUSTOMER_ACCEPTANCE,
}


def _tiers_in(rows: Iterable[ChargeTier], currency: str) -> tuple[ChargeTier, ...]:
    return tuple(sorted((t for t in rows if t.currency == currency), key=lambda t: t.tier))


def initial_pricing(
    catalog: ProductRatePlanCharge, currency: str, pricing: PricingOverride | None
) -> Segment:
    """Segment values from the catalog price in `currency`, with the override applied."""
    rows = catalog.tiers_in(currency)
    if not rows:
        raise fail(
            ErrorCode.CURRENCY_MISMATCH,
            f"Charge '{catalog.name}' ({catalog.id}) has no price in {currency}.",
            "productRatePlanChargeId",
        )
    model = catalog.charge_model
    regular = tuple(t for t in rows if not t.is_overage_price)
    overage = next((t for t in rows if t.is_overage_price), None)
    segment = Segment(segment=1, start=date.min, end=None)
    if model in (ChargeModel.FLAT_FEE, ChargeModel.PER_UNIT, ChargeModel.DISCOUNT_FIXED_AMOUNT):
        segment = replace(segment, price=rows[0].price)
    elif model is ChargeModel.DISCOUNT_PERCENTAGE:
        segment = replace(segment, discount_percentage=rows[0].discount_percentage)
    elif model is ChargeModel.OVERAGE:
        segment = replace(
            segment,
            overage_price=rows[0].price,
            included_units=catalog.included_units or Decimal(0),
        )
    else:  # Tiered, Volume, Tiered with Overage
        segment = replace(segment, tiers=regular, overage_price=overage.price if overage else None)
    if model.needs_uom and catalog.charge_type is not ChargeType.USAGE:
        default = catalog.default_quantity
        segment = replace(segment, quantity=default if default is not None else Decimal(1))
    return apply_pricing(segment, model, pricing, catalog.min_quantity, catalog.max_quantity)


def apply_pricing(
    segment: Segment,
    model: ChargeModel,
    pricing: PricingOverride | None,
    min_quantity: Decimal | None = None,
    max_quantity: Decimal | None = None,
) -> Segment:
    """A pricing override on a segment's values, checked against the charge model."""
    if pricing is None:
        _check_priceable(segment, model)
        return segment
    changes: dict[str, Any] = {}
    if pricing.quantity is not None:
        if not model.needs_uom:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"A {model.value} charge has no quantity to override.",
                "quantity",
            )
        changes["quantity"] = pricing.quantity
    if pricing.list_price is not None:
        if model not in (ChargeModel.FLAT_FEE, ChargeModel.PER_UNIT):
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"listPrice applies to flat fee and per unit charges, not {model.value}.",
                "listPrice",
            )
        changes["price"] = pricing.list_price
    if pricing.tiers is not None:
        if not model.is_tiered:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"tiers apply to tiered and volume charges, not {model.value}.",
                "tiers",
            )
        changes["tiers"] = pricing.tiers
    if pricing.overage_price is not None:
        changes["overage_price"] = pricing.overage_price
    if pricing.included_units is not None:
        changes["included_units"] = pricing.included_units
    if pricing.discount_percentage is not None:
        if model is not ChargeModel.DISCOUNT_PERCENTAGE:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"discountPercentage applies to percentage discounts, not {model.value}.",
                "discountPercentage",
            )
        changes["discount_percentage"] = pricing.discount_percentage
    if pricing.discount_amount is not None:
        if model is not ChargeModel.DISCOUNT_FIXED_AMOUNT:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"discountAmount applies to fixed-amount discounts, not {model.value}.",
                "discountAmount",
            )
        changes["price"] = pricing.discount_amount
    segment = replace(segment, **changes)
    _check_segment(segment, min_quantity, max_quantity)
    _check_priceable(segment, model)
    return segment


def _check_priceable(segment: Segment, model: ChargeModel) -> None:
    """Tiers that cannot price the quantity (past a closed last tier, gaps) are refused
    when the order is placed, not when the charge is billed."""
    if not model.is_tiered or segment.quantity is None:
        return
    rows = segment.tiers
    if segment.overage_price is not None:
        last = max((t.tier for t in rows), default=0)
        rows = (*rows, ChargeTier(currency="", tier=last + 1, price=segment.overage_price,
                                  is_overage_price=True))  # fmt: skip
    try:
        price_for_quantity(model, rows, segment.quantity)
    except ValueError as err:
        raise fail(
            ErrorCode.INVALID_PRICING_OVERRIDE,
            f"The tiers cannot price a quantity of {segment.quantity}: {err}",
            "tiers",
        ) from err


def _check_segment(segment: Segment, low: Decimal | None, high: Decimal | None) -> None:
    q = segment.quantity
    if q is not None:
        if q < 0:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE, "quantity must be 0 or more.", "quantity"
            )
        if low is not None and q < low:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"quantity {q} is below the charge's minimum quantity {low}.",
                "quantity",
            )
        if high is not None and q > high:
            raise fail(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                f"quantity {q} is above the charge's maximum quantity {high}.",
                "quantity",
            )
    for name in ("price", "overage_price", "included_units"):
        value = getattr(segment, name)
        if value is not None and value < 0:
            raise fail(ErrorCode.INVALID_PRICING_OVERRIDE, f"{name} must be 0 or more.", name)
    # 0 is allowed: a catalog's 0 % default, set per subscription (decisions.md CI3).
    if segment.discount_percentage is not None and not (0 <= segment.discount_percentage <= 100):
        raise fail(
            ErrorCode.INVALID_PRICING_OVERRIDE,
            "discountPercentage must be 0 to 100.",
            "discountPercentage",
        )
    if any(t.price < 0 for t in segment.tiers):
        raise fail(ErrorCode.INVALID_PRICING_OVERRIDE, "tier prices must be 0 or more.", "tiers")


def new_charge(
    catalog: ProductRatePlanCharge,
    override: ChargeOverride | None,
    currency: str,
    dates: TriggerDates,
    subscription_end: date | None,
    env: ActionEnv,
) -> Charge:
    override = override or ChargeOverride(product_rate_plan_charge_id=catalog.id)
    billing = override.billing
    first = initial_pricing(catalog, currency, override.pricing)
    pricing = override.pricing
    charge = Charge(
        id=env.ids.new_id(),
        original_id="",
        number=override.charge_number or env.ids.charge_number(),
        product_rate_plan_charge_id=catalog.id,
        name=catalog.name,
        charge_type=catalog.charge_type,
        charge_model=catalog.charge_model,
        segments=(),
        trigger_event=override.trigger_event
        or _CATALOG_TO_SUBSCRIPTION_TRIGGER[catalog.trigger_event],
        specific_trigger_date=override.specific_trigger_date,
        description=override.description
        if override.description is not None
        else catalog.description,
        uom=catalog.uom,
        bill_cycle_type=billing.bill_cycle_type or catalog.bill_cycle_type,
        bill_cycle_day=billing.bill_cycle_day
        if billing.bill_cycle_day is not None
        else catalog.bill_cycle_day,
        weekly_bill_cycle_day=billing.weekly_bill_cycle_day or catalog.weekly_bill_cycle_day,
        billing_period=billing.billing_period or catalog.billing_period,
        specific_billing_period=billing.specific_billing_period or catalog.specific_billing_period,
        billing_period_alignment=billing.billing_period_alignment
        or catalog.billing_period_alignment,
        billing_timing=billing.billing_timing or catalog.billing_timing,
        list_price_base=(pricing.list_price_base if pricing and pricing.list_price_base else None)
        or catalog.list_price_base,
        specific_list_price_base=(pricing.specific_list_price_base if pricing else None)
        or catalog.specific_list_price_base,
        end_date_condition=override.end_date_condition or catalog.end_date_condition,
        up_to_periods=override.up_to_periods or catalog.up_to_periods,
        up_to_periods_type=override.up_to_periods_type or catalog.up_to_periods_type,
        specific_end_date=override.specific_end_date,
        apply_discount_to=(pricing.apply_discount_to if pricing else None)
        or catalog.apply_discount_to,
        discount_level=(pricing.discount_level if pricing else None) or catalog.discount_level,
        custom_fields=dict(override.custom_fields),
        unique_token=override.unique_token,
    )
    charge = replace(charge, original_id=charge.id)
    return start_charge(charge, first, dates, subscription_end)


def start_charge(
    charge: Charge, values: Segment, dates: TriggerDates, subscription_end: date | None
) -> Charge:
    """Give a charge its first segment once its trigger date is known."""
    start = trigger_date_for(charge.trigger_event, dates, charge.specific_trigger_date)
    if start is None:
        return replace(charge, pending_values=values, segments=(), trigger_date=None)
    end = charge_end(charge, start, subscription_end)
    if end is not None and end <= start:
        end = start  # a charge starting on or after the subscription end bills nothing
    segment = replace(values, segment=1, start=start, end=end)
    return replace(charge, trigger_date=start, segments=(segment,), pending_values=None)


def new_rate_plan(
    spec: NewRatePlan,
    currency: str,
    dates: TriggerDates,
    subscription_end: date | None,
    env: ActionEnv,
) -> RatePlan:
    catalog = spec.catalog
    if currency not in catalog.plan.active_currencies:
        raise fail(
            ErrorCode.CURRENCY_MISMATCH,
            f"Product rate plan '{catalog.plan.name}' is not active in {currency} "
            f"(ActiveCurrencies: {', '.join(catalog.plan.active_currencies)}).",
            "productRatePlanId",
        )
    by_id = {c.id: c for c in catalog.charges}
    overrides: dict[str, ChargeOverride] = {}
    for override in spec.charge_overrides:
        if override.product_rate_plan_charge_id not in by_id:
            raise fail(
                ErrorCode.CATALOG_REFERENCE_NOT_FOUND,
                f"productRatePlanChargeId '{override.product_rate_plan_charge_id}' is not a "
                f"charge of product rate plan '{catalog.plan.name}'.",
                "productRatePlanChargeId",
            )
        overrides[override.product_rate_plan_charge_id] = override
    plan_id = env.ids.new_id()
    charges = tuple(
        new_charge(c, overrides.get(c.id), currency, dates, subscription_end, env)
        for c in catalog.charges
    )
    return RatePlan(
        id=plan_id,
        original_id=plan_id,
        product_id=catalog.product.id,
        product_name=catalog.product.name,
        product_sku=catalog.product.sku,
        product_rate_plan_id=catalog.plan.id,
        product_rate_plan_number=catalog.plan.product_rate_plan_number,
        name=catalog.plan.name,
        charges=charges,
        subscription_rate_plan_number=spec.subscription_rate_plan_number,
        last_change_type=ChangeType.ADD,
        custom_fields=dict(spec.custom_fields),
        unique_token=spec.unique_token,
        known_ids=(plan_id,),
    )


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
