"""Applying an order's actions to a subscription, one version per order (decisions.md #8).

`begin_version` makes the working copy of the next version (new ids, the old ones kept as
`known_ids`); each action then turns the working copy into the next working copy; the
service stores the result as one version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from zorders.domain.orders.actions import OrderAction, OrderActionType
from zorders.domain.orders.apply import (
    add_product,
    cancel_subscription,
    change_plan,
    create_subscription,
    owner_transfer,
    remove_product,
    renew_subscription,
    resume,
    suspend,
    terms_and_conditions,
    update_product,
)
from zorders.domain.orders.apply.common import ActionEnv, Applied, IdSource
from zorders.domain.subscription.model import Subscription

_APPLY: dict[OrderActionType, Callable[[Subscription | None, OrderAction, ActionEnv], Applied]] = {
    OrderActionType.CREATE_SUBSCRIPTION: create_subscription.apply,
    OrderActionType.ADD_PRODUCT: add_product.apply,
    OrderActionType.UPDATE_PRODUCT: update_product.apply,
    OrderActionType.REMOVE_PRODUCT: remove_product.apply,
    OrderActionType.RENEW_SUBSCRIPTION: renew_subscription.apply,
    OrderActionType.CANCEL_SUBSCRIPTION: cancel_subscription.apply,
    OrderActionType.SUSPEND: suspend.apply,
    OrderActionType.RESUME: resume.apply,
    OrderActionType.TERMS_AND_CONDITIONS: terms_and_conditions.apply,
    OrderActionType.OWNER_TRANSFER: owner_transfer.apply,
    OrderActionType.CHANGE_PLAN: change_plan.apply,
}


def apply_action(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    return _APPLY[action.type](subscription, action, env)


def begin_version(subscription: Subscription, ids: IdSource, order_number: str) -> Subscription:
    """The working copy of the next version: new ids everywhere, numbers kept."""
    plans = []
    for plan in subscription.rate_plans:
        plan_id = ids.new_id()
        charges = tuple(replace(c, id=ids.new_id(), unique_token=None) for c in plan.charges)
        plans.append(
            replace(
                plan,
                id=plan_id,
                charges=charges,
                unique_token=None,
                known_ids=(*plan.known_ids, plan_id),
                last_change_type=plan.last_change_type,
            )
        )
    return replace(
        subscription,
        id=ids.new_id(),
        version=subscription.version + 1,
        rate_plans=tuple(plans),
        order_number=order_number,
    )


def finish_version(subscription: Subscription) -> Subscription:
    """Order-scoped tokens do not outlive the order."""
    return replace(
        subscription,
        rate_plans=tuple(
            replace(
                p,
                unique_token=None,
                charges=tuple(replace(c, unique_token=None) for c in p.charges),
            )
            for p in subscription.rate_plans
        ),
    )
