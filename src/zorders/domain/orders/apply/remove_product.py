"""RemoveProduct (spec §3.9): the rate plan's charges end on the removal date.

The rate plan stays listed with `lastChangeType: Remove` (decisions.md #9).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from zorders.domain.orders.actions import OrderAction, RemoveProduct
from zorders.domain.orders.apply.common import (
    ActionEnv,
    Applied,
    ensure_open_on,
    find_rate_plan,
    replace_rate_plan,
    require,
    resolve_dates,
    truncate,
)
from zorders.domain.subscription.model import ChangeType, RatePlan, Subscription


def remove(plan: RatePlan, day: date) -> RatePlan:
    return replace(
        plan,
        charges=tuple(truncate(c, day) for c in plan.charges),
        last_change_type=ChangeType.REMOVE,
        removed_date=day,
    )


def apply(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    payload = action.payload
    assert isinstance(payload, RemoveProduct)
    current = require(subscription, action)
    dates = resolve_dates(action.trigger_dates, env.rules)
    day = dates.contract_effective
    ensure_open_on(current, day, action)
    plan = find_rate_plan(current, payload.target)
    return Applied(replace_rate_plan(current, remove(plan, day)))
