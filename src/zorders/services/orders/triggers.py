"""PUT /v1/orders/{n}/triggerDates (spec §9): Pending -> Completed once no action waits
for a date."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.accounts import Account
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import derived_date_error, is_date_overflow
from zorders.domain.orders.actions import OrderActionType, TriggerDates
from zorders.domain.orders.apply.common import TenantRules
from zorders.domain.orders.model import TRIGGER_DATES_UPDATABLE, Order, OrderStatus
from zorders.domain.orders.pending import fill_dates
from zorders.domain.subscription.model import Subscription
from zorders.services.context import CommandContext
from zorders.services.orders.commands import UpdateTriggerDates
from zorders.services.orders.due_dates import schedule
from zorders.services.orders.execute import (
    CONTRACT_EFFECTIVE,
    CUSTOMER_ACCEPTANCE,
    SERVICE_ACTIVATION,
)
from zorders.services.orders.lifecycle import get_order, order_account, refuse
from zorders.services.ports import UnitOfWork
from zorders.services.tenants import tenant_settings


def update_trigger_dates(
    uow: UnitOfWork, ctx: CommandContext, command: UpdateTriggerDates
) -> tuple[Order, Account, tuple[Subscription, ...]]:
    """Pending -> Completed once no action waits for a date (spec §9). The dates complete
    the versions the order made, in place: they must still be the latest versions."""
    number = command.number
    order = get_order(uow, ctx, number, for_update=True)
    if order.status not in TRIGGER_DATES_UPDATABLE:
        raise refuse(order, "given trigger dates", TRIGGER_DATES_UPDATABLE)
    settings = tenant_settings(uow, ctx.tenant_id)
    rules = TenantRules(
        require_service_activation=settings.require_service_activation,
        require_customer_acceptance=settings.require_customer_acceptance,
    )
    items = {s.subscription_number: s for s in order.subscriptions}
    versions: dict[str, Subscription] = {}
    before: dict[str, Subscription] = {}
    for change in command.subscriptions:
        item = items.get(change.subscription_number)
        if item is None:
            raise DomainError(
                ErrorCode.SUBSCRIPTION_NOT_FOUND_FOR_ORDER,
                f"Order {number} has no subscription {change.subscription_number}.",
                "subscription_number",
            )
        latest = uow.subscriptions.latest(ctx.tenant_id, item.subscription_number, for_update=True)
        if latest is None or latest.version != item.new_version:
            raise DomainError(
                ErrorCode.INVALID_ORDER_STATE,
                f"Subscription {item.subscription_number} changed after order {number}; its "
                "trigger dates can no longer be set.",
                "subscription_number",
            )
        before.setdefault(item.subscription_number, latest)
        current = versions.get(item.subscription_number, latest)
        actions = list(item.actions)
        for action_change in change.actions:
            position = next(
                (i for i, a in enumerate(actions) if a.sequence == action_change.sequence),
                None,
            )
            if position is None:
                raise DomainError(
                    ErrorCode.ORDER_ACTION_NOT_FOUND,
                    f"Subscription {item.subscription_number} has no order action with "
                    f"sequence {action_change.sequence} in order {number}.",
                    "sequence",
                )
            record = actions[position]
            given = {
                SERVICE_ACTIVATION: action_change.service_activation,
                CUSTOMER_ACCEPTANCE: action_change.customer_acceptance,
            }
            dates = {**record.trigger_dates, **{k: v for k, v in given.items() if v}}
            trigger = TriggerDates(
                contract_effective=dates[CONTRACT_EFFECTIVE],
                service_activation=dates.get(SERVICE_ACTIVATION),
                customer_acceptance=dates.get(CUSTOMER_ACCEPTANCE),
            )
            creates = record.type is OrderActionType.CREATE_SUBSCRIPTION
            added = record.result.get("rate_plan_id")
            try:
                current = fill_dates(
                    current,
                    trigger,
                    rate_plan_ids=None if creates else frozenset({added} if added else set()),
                    creates=creates,
                    rules=rules,
                )
            except (OverflowError, ValueError) as error:
                if not is_date_overflow(error):
                    raise
                raise derived_date_error("trigger_dates") from None
            still = (rules.require_service_activation and trigger.service_activation is None) or (
                rules.require_customer_acceptance and trigger.customer_acceptance is None
            )
            actions[position] = replace(record, trigger_dates=dates, pending=bool(still))
        versions[item.subscription_number] = current
        items[item.subscription_number] = replace(item, actions=tuple(actions))
    for key, subscription in versions.items():
        uow.subscriptions.update_version(ctx.tenant_id, subscription)
        # The dates now known may make a term end (or more) due (TE1).
        schedule(uow, ctx, subscription, before[key])
    waiting = any(a.pending for s in items.values() for a in s.actions) or any(
        v.pending is not None for v in versions.values()
    )
    updated = replace(
        order,
        subscriptions=tuple(items[s.subscription_number] for s in order.subscriptions),
        status=OrderStatus.PENDING if waiting else OrderStatus.COMPLETED,
        updated_at=ctx.now,
    )
    uow.orders.update(ctx.tenant_id, updated)
    touched = tuple(
        versions.get(s.subscription_number)
        or uow.subscriptions.latest(ctx.tenant_id, s.subscription_number)
        for s in order.subscriptions
        if s.subscription_number
    )
    return updated, order_account(uow, ctx, order), tuple(v for v in touched if v is not None)
