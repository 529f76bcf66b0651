"""ChangePlan (spec §3.15): one rate plan replaced by another on the effective date."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.orders.actions import (
    ChangePlan,
    ChangePlanEffectivePolicy,
    ChangePlanSubType,
    OrderAction,
    TriggerDates,
)
from zorders.domain.orders.apply.catalog_copy import new_rate_plan
from zorders.domain.orders.apply.common import (
    ActionEnv,
    Applied,
    ensure_open_on,
    find_rate_plan,
    latest_charged_through,
    replace_rate_plan,
    require,
    resolve_dates,
)
from zorders.domain.orders.apply.remove_product import remove
from zorders.domain.subscription.model import RatePlan, Subscription


def sub_type(
    old: RatePlan, new_grade: int | None, old_grade: int | None, same_product: bool
) -> ChangePlanSubType:
    """Within one product, a higher grade is an upgrade and a lower one a downgrade
    (the product stands for Zuora's catalog group here)."""
    if not same_product or new_grade is None or old_grade is None:
        return ChangePlanSubType.PLAN_CHANGED
    if new_grade > old_grade:
        return ChangePlanSubType.UPGRADE
    if new_grade < old_grade:
        return ChangePlanSubType.DOWNGRADE
    return ChangePlanSubType.CROSSGRADE


def apply(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    payload = action.payload
    assert isinstance(payload, ChangePlan)
    current = require(subscription, action)
    dates = resolve_dates(action.trigger_dates, env.rules)
    old = find_rate_plan(current, payload.target)
    catalog = payload.new_rate_plan.catalog
    kind = payload.sub_type or sub_type(
        old,
        catalog.plan.grade,
        payload.old_grade,
        catalog.product.id == old.product_id,
    )
    policy = payload.effective_policy or {
        ChangePlanSubType.UPGRADE: ChangePlanEffectivePolicy.EFFECTIVE_IMMEDIATELY,
        ChangePlanSubType.DOWNGRADE: ChangePlanEffectivePolicy.EFFECTIVE_END_OF_BILLING_PERIOD,
    }.get(kind, ChangePlanEffectivePolicy.SPECIFIC_DATE)
    if policy is ChangePlanEffectivePolicy.EFFECTIVE_END_OF_BILLING_PERIOD:
        # The end of what the old plan was invoiced for; nothing invoiced: at once.
        day = latest_charged_through(old.charges) or dates.contract_effective
    elif policy is ChangePlanEffectivePolicy.SPECIFIC_DATE:
        day = payload.effective_date or dates.contract_effective
    else:
        day = dates.contract_effective
    ensure_open_on(current, day, action)
    changed = replace_rate_plan(current, remove(old, day))
    new_dates = TriggerDates(day, day, day)
    plan = new_rate_plan(
        payload.new_rate_plan, current.currency, new_dates, current.subscription_end_date, env
    )
    return Applied(
        replace(changed, rate_plans=(*changed.rate_plans, plan)),
        details={
            "sub_type": kind.value,
            "effective_policy": policy.value,
            "effective_date": day,
            "rate_plan_id": plan.id,
        },
    )
