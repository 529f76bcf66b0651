"""AddProduct (spec §3.7): a catalog plan copied onto an existing subscription."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.orders.actions import AddProduct, OrderAction
from zorders.domain.orders.apply.catalog_copy import new_rate_plan
from zorders.domain.orders.apply.common import (
    ActionEnv,
    Applied,
    ensure_open_on,
    require,
    resolve_dates,
)
from zorders.domain.subscription.model import Subscription


def apply(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    payload = action.payload
    assert isinstance(payload, AddProduct)
    current = require(subscription, action)
    dates = resolve_dates(action.trigger_dates, env.rules)
    ensure_open_on(current, dates.contract_effective, action)
    plan = new_rate_plan(
        payload.rate_plan, current.currency, dates, current.subscription_end_date, env
    )
    pending = any(c.pending_values is not None for c in plan.charges)
    return Applied(
        replace(current, rate_plans=(*current.rate_plans, plan)),
        details={"rate_plan_id": plan.id},
        pending=pending,
    )
