"""Filling in the trigger dates of a Pending order (spec §9 `PUT /v1/orders/{n}/triggerDates`).

The dates complete the version the order made: charges waiting for a ServiceActivation or
CustomerAcceptance date get their first segment, and a subscription the order created
leaves Pending Activation / Acceptance once nothing it requires is missing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from zorders.domain.orders.actions import TriggerDates
from zorders.domain.orders.apply.catalog_copy import start_charge
from zorders.domain.orders.apply.common import TenantRules
from zorders.domain.subscription.model import Charge, PendingState, RatePlan, Subscription


def fill_dates(
    subscription: Subscription,
    dates: TriggerDates,
    *,
    rate_plan_ids: frozenset[str] | None,
    creates: bool,
    rules: TenantRules,
) -> Subscription:
    """`rate_plan_ids`: the plans the action added (None: every plan, for
    CreateSubscription). `creates`: the action created the subscription."""

    def started(charge: Charge) -> Charge:
        if charge.pending_values is None:
            return charge
        return start_charge(
            charge, charge.pending_values, dates, subscription.subscription_end_date
        )

    def plan_started(plan: RatePlan) -> RatePlan:
        if rate_plan_ids is not None and not (set(plan.known_ids) & rate_plan_ids):
            return plan
        return replace(plan, charges=tuple(started(c) for c in plan.charges))

    updated = replace(
        subscription, rate_plans=tuple(plan_started(p) for p in subscription.rate_plans)
    )
    if not creates:
        return updated
    service_activation = dates.service_activation or subscription.service_activation_date
    customer_acceptance = dates.customer_acceptance or subscription.customer_acceptance_date
    return replace(
        updated,
        service_activation_date=service_activation,
        customer_acceptance_date=customer_acceptance,
        pending=pending_state(updated, service_activation, customer_acceptance, rules),
    )


def pending_state(
    subscription: Subscription,
    service_activation: date | None,
    customer_acceptance: date | None,
    rules: TenantRules,
) -> PendingState | None:
    if rules.require_service_activation and service_activation is None:
        return PendingState.ACTIVATION
    if rules.require_customer_acceptance and customer_acceptance is None:
        return PendingState.ACCEPTANCE
    if any(c.pending_values is not None for c in subscription.all_charges()):
        return PendingState.ACCEPTANCE
    return None
