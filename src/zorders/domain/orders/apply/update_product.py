"""UpdateProduct (spec §3.8): a new charge segment from the effective date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from zorders.domain.errors import ErrorCode
from zorders.domain.orders.actions import ChargeRef, ChargeUpdate, OrderAction, UpdateProduct
from zorders.domain.orders.apply.catalog_copy import apply_pricing
from zorders.domain.orders.apply.common import (
    ActionEnv,
    Applied,
    ensure_open_on,
    fail,
    find_rate_plan,
    replace_rate_plan,
    require,
    resolve_dates,
    trigger_date_for,
)
from zorders.domain.subscription.model import (
    ChangeType,
    Charge,
    RatePlan,
    Subscription,
    TriggerEvent,
)


def apply(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    payload = action.payload
    assert isinstance(payload, UpdateProduct)
    current = require(subscription, action)
    dates = resolve_dates(action.trigger_dates, env.rules)
    ensure_open_on(current, dates.contract_effective, action)
    plan = find_rate_plan(current, payload.target)
    charges = list(plan.charges)
    for update in payload.charge_updates:
        index = _find_charge(plan, update.ref)
        event = update.trigger_event or TriggerEvent.CONTRACT_EFFECTIVE
        day = trigger_date_for(event, dates, update.specific_trigger_date)
        if day is None:
            raise fail(
                ErrorCode.INVALID_ACTION_DATE,
                f"The {event.value} date of this UpdateProduct is not known yet.",
                "effective_date",
            )
        charges[index] = _update_charge(charges[index], update, day)
    updated = replace(
        plan,
        charges=tuple(charges),
        last_change_type=ChangeType.UPDATE,
        custom_fields={**plan.custom_fields, **payload.custom_fields},
    )
    return Applied(replace_rate_plan(current, updated))


def _find_charge(plan: RatePlan, ref: ChargeRef) -> int:
    for index, charge in enumerate(plan.charges):
        if ref.charge_number and charge.number == ref.charge_number:
            return index
        if ref.unique_token and charge.unique_token == ref.unique_token:
            return index
        if (
            not ref.charge_number
            and not ref.unique_token
            and ref.product_rate_plan_charge_id
            and charge.product_rate_plan_charge_id == ref.product_rate_plan_charge_id
        ):
            return index
    described = ref.charge_number or ref.unique_token or ref.product_rate_plan_charge_id
    raise fail(
        ErrorCode.CHARGE_NOT_FOUND,
        f"Rate plan '{plan.name}' has no charge '{described}'.",
        "chargeNumber",
    )


def _update_charge(charge: Charge, update: ChargeUpdate, day: date) -> Charge:
    if not charge.segments:
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            f"Charge {charge.number} has not started yet (its trigger date is pending).",
            "chargeNumber",
        )
    last = charge.last_segment
    if day < charge.segments[0].start or day < last.start:
        raise fail(
            ErrorCode.INVALID_ACTION_DATE,
            f"Charge {charge.number} cannot change on {day}: its current segment starts on "
            f"{last.start}.",
            "triggerDates",
        )
    if last.end is not None and day >= last.end:
        raise fail(
            ErrorCode.INVALID_ACTION_DATE,
            f"Charge {charge.number} ends on {last.end}; it cannot change on {day}.",
            "triggerDates",
        )
    values = apply_pricing(last, charge.charge_model, update.pricing)
    if day == last.start:
        segments = (*charge.segments[:-1], values)  # same start: the segment itself changes
    else:
        closed = replace(last, end=day)
        new = replace(values, segment=last.segment + 1, start=day, end=last.end)
        segments = (*charge.segments[:-1], closed, new)
    return replace(
        charge,
        segments=segments,
        description=update.description if update.description is not None else charge.description,
        custom_fields={**charge.custom_fields, **update.custom_fields},
        billing_period_alignment=update.billing_period_alignment or charge.billing_period_alignment,
    )
