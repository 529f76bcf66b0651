"""Suspend (spec §3.12): the subscription is Suspended from the suspend date."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.errors import ErrorCode
from zorders.domain.orders.actions import OrderAction, Suspend, SuspendPolicy
from zorders.domain.orders.apply.common import (
    ActionEnv,
    Applied,
    add_to_date,
    fail,
    latest_charged_through,
    require,
)
from zorders.domain.subscription.model import Subscription, Suspension


def apply(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    payload = action.payload
    assert isinstance(payload, Suspend)
    current = require(subscription, action)
    if current.open_suspension is not None:
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            f"Subscription {current.number} is already suspended from "
            f"{current.open_suspension.suspend_date}; resume it first.",
        )
    policy = payload.policy
    if policy is SuspendPolicy.TODAY:
        day = env.today
    elif policy is SuspendPolicy.SPECIFIC_DATE:
        if payload.specific_date is None:
            raise fail(
                ErrorCode.MISSING_FIELD,
                "'suspendSpecificDate' may not be null when suspendPolicy is SpecificDate",
                "suspendSpecificDate",
            )
        day = payload.specific_date
    elif policy is SuspendPolicy.FIXED_PERIODS_FROM_TODAY:
        day = add_to_date(env.today, payload.periods, payload.periods_type, "suspendPeriods")
    else:
        day = latest_charged_through(current.all_charges()) or env.today
    if day < current.contract_effective_date:
        raise fail(
            ErrorCode.INVALID_ACTION_DATE,
            f"The suspend date {day} is before the contract effective date "
            f"{current.contract_effective_date}.",
            "suspendSpecificDate",
        )
    end = current.subscription_end_date
    if end is not None and day >= end:
        raise fail(
            ErrorCode.INVALID_ACTION_DATE,
            f"The suspend date {day} is not before the subscription ends on {end}.",
            "suspendSpecificDate",
        )
    suspended = replace(current, suspensions=(*current.suspensions, Suspension(day)))
    return Applied(suspended, details={"suspend_date": day})
