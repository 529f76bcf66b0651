"""The order lifecycle after creation (spec §9, §10.1): read, activate, update, cancel,
delete, custom fields. Every move the state machine forbids is INVALID_ORDER_STATE."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from zorders.domain.accounts import Account, AccountDraft
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import derived_date_error, is_date_overflow
from zorders.domain.orders.actions import OrderActionType, TriggerDates
from zorders.domain.orders.apply.common import TenantRules
from zorders.domain.orders.model import (
    ACTIVATABLE,
    CANCELLABLE,
    TRIGGER_DATES_UPDATABLE,
    UPDATABLE,
    Order,
    OrderCategory,
    OrderStatus,
)
from zorders.domain.orders.pending import fill_dates
from zorders.domain.subscription.model import Subscription
from zorders.services.context import CommandContext
from zorders.services.orders.create import (
    OrderOutcome,
    _stored_request,
    _unexecuted,
    check_request,
    execute,
)
from zorders.services.orders.request import Body, day
from zorders.services.ports import UnitOfWork
from zorders.services.tenants import tenant_settings


def get_order(
    uow: UnitOfWork, ctx: CommandContext, number: str, *, for_update: bool = False
) -> Order:
    order = uow.orders.get(ctx.tenant_id, number, for_update=for_update)
    if order is None:
        raise DomainError(
            ErrorCode.ORDER_NOT_FOUND, f"Order '{number}' does not exist.", "orderNumber"
        )
    return order


def order_account(uow: UnitOfWork, ctx: CommandContext, order: Order) -> Account:
    account = uow.accounts.get(ctx.tenant_id, order.account_id)
    assert account is not None, "an order's account is never deleted"
    return account


def owner_numbers(uow: UnitOfWork, ctx: CommandContext, order: Order) -> dict[str, str]:
    """Subscription number -> owner account number, for the subscriptions of an order."""
    owners: dict[str, str] = {}
    for item in order.subscriptions:
        if not item.subscription_number:
            continue
        latest = uow.subscriptions.latest(ctx.tenant_id, item.subscription_number)
        if latest is None:
            continue
        account = uow.accounts.get(ctx.tenant_id, latest.account_id)
        if account is not None:
            owners[item.subscription_number] = account.account_number
    return owners


def _refuse(order: Order, verb: str, allowed: frozenset[OrderStatus]) -> DomainError:
    names = " or ".join(sorted(s.value for s in allowed))
    return DomainError(
        ErrorCode.INVALID_ORDER_STATE,
        f"Order {order.number} is {order.status.value}: only {names} orders can be {verb}.",
        "status",
    )


def activate(uow: UnitOfWork, ctx: CommandContext, number: str) -> OrderOutcome:
    """Draft -> Completed, or Pending when trigger dates are still missing."""
    order = get_order(uow, ctx, number, for_update=True)
    if order.status not in ACTIVATABLE:
        raise _refuse(order, "activated", ACTIVATABLE)
    account = order_account(uow, ctx, order)
    body = {k: v for k, v in order.request.items() if k != "status"}
    done, versions = execute(uow, ctx, order, account, body)
    done = replace(done, request=body)
    uow.orders.update(ctx.tenant_id, done)
    return OrderOutcome(done, account, versions)


def update_order(
    uow: UnitOfWork,
    ctx: CommandContext,
    number: str,
    body: Body,
    new_account: AccountDraft | None,
) -> OrderOutcome:
    """PUT: a full replacement of a Draft or Scheduled order (spec §9)."""
    order = get_order(uow, ctx, number, for_update=True)
    if order.status not in UPDATABLE:
        raise _refuse(order, "updated", UPDATABLE)
    if new_account is not None:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            "An existing order keeps its account: send existingAccountNumber.",
            "newAccount",
        )
    account = order_account(uow, ctx, order)
    given = body.get("existingAccountNumber")
    if given not in (None, account.account_number):
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"Order {number} belongs to account {account.account_number}.",
            "existingAccountNumber",
        )
    body = {**body, "existingAccountNumber": account.account_number}
    check_request(body, None)
    order_date = day(body.get("orderDate")) or order.order_date
    replaced = replace(
        order,
        order_date=order_date,
        category=OrderCategory(body.get("category") or OrderCategory.NEW_SALES),
        description=body.get("description"),
        reason_code=body.get("reasonCode"),
        custom_fields=dict(body.get("customFields") or {}),
        scheduled_date=day((body.get("schedulingOptions") or {}).get("scheduledDate")),
        request=_stored_request(body),
        updated_at=ctx.now,
    )
    requested = body.get("status")
    if requested in (OrderStatus.DRAFT, OrderStatus.SCHEDULED):
        saved = replace(replaced, status=OrderStatus(requested), subscriptions=_unexecuted(body))
        uow.orders.update(ctx.tenant_id, saved)
        return OrderOutcome(saved, account)
    done, versions = execute(uow, ctx, replaced, account, body)
    uow.orders.update(ctx.tenant_id, done)
    return OrderOutcome(done, account, versions)


def cancel_order(
    uow: UnitOfWork, ctx: CommandContext, number: str, reason: str | None
) -> tuple[Order, Account]:
    order = get_order(uow, ctx, number, for_update=True)
    if order.status not in CANCELLABLE:
        raise _refuse(order, "cancelled", CANCELLABLE)
    cancelled = replace(
        order, status=OrderStatus.CANCELLED, cancel_reason=reason, updated_at=ctx.now
    )
    uow.orders.update(ctx.tenant_id, cancelled)
    return cancelled, order_account(uow, ctx, order)


def delete_order(uow: UnitOfWork, ctx: CommandContext, number: str) -> None:
    """The order and every version it made go; subscriptions roll back to the version
    before it (one the order created disappears). Refused when a later order already
    built on its versions, or when a charge it made was invoiced."""
    order = get_order(uow, ctx, number, for_update=True)
    for item in order.subscriptions:
        if item.new_version is None:
            continue
        latest = uow.subscriptions.latest(ctx.tenant_id, item.subscription_number, for_update=True)
        if latest is None:
            continue
        if latest.version != item.new_version:
            raise DomainError(
                ErrorCode.ORDER_DELETE_NOT_ALLOWED,
                f"Order {number} cannot be deleted: a later order changed subscription "
                f"{item.subscription_number} (version {latest.version}); delete that order first.",
                "orderNumber",
            )
        if any(c.charged_through_date is not None for c in latest.all_charges()):
            raise DomainError(
                ErrorCode.ORDER_DELETE_NOT_ALLOWED,
                f"Order {number} cannot be deleted: charges of subscription "
                f"{item.subscription_number} are invoiced.",
                "orderNumber",
            )
    for item in order.subscriptions:
        if item.new_version is not None:
            uow.subscriptions.delete_versions_from(
                ctx.tenant_id, item.subscription_number, item.new_version
            )
    uow.orders.delete(ctx.tenant_id, order.id)


def update_custom_fields(
    uow: UnitOfWork, ctx: CommandContext, number: str, body: Mapping[str, Any]
) -> None:
    """PUT /v1/orders/{n}/customFields: the order's, its subscriptions' (kept with the
    order) and its actions' (by sequence or id) custom fields."""
    order = get_order(uow, ctx, number, for_update=True)
    custom = {**order.custom_fields, **(body.get("customFields") or {})}
    items = list(order.subscriptions)
    for change in body.get("subscriptions") or []:
        index = next(
            (
                i
                for i, s in enumerate(items)
                if s.subscription_number == change["subscriptionNumber"]
            ),
            None,
        )
        if index is None:
            raise DomainError(
                ErrorCode.SUBSCRIPTION_NOT_FOUND_FOR_ORDER,
                f"Order {number} has no subscription {change['subscriptionNumber']}.",
                "subscriptionNumber",
            )
        item = items[index]
        actions = list(item.actions)
        for action_change in change.get("orderActions") or []:
            position = next(
                (
                    i
                    for i, a in enumerate(actions)
                    if a.id == action_change.get("orderActionId")
                    or a.sequence == action_change.get("sequence")
                ),
                None,
            )
            if position is None:
                raise DomainError(
                    ErrorCode.ORDER_ACTION_NOT_FOUND,
                    "No such order action in this order.",
                    "orderActions",
                )
            action = actions[position]
            actions[position] = replace(
                action,
                custom_fields={**action.custom_fields, **(action_change.get("customFields") or {})},
            )
        items[index] = replace(
            item,
            actions=tuple(actions),
            custom_fields={**item.custom_fields, **(change.get("customFields") or {})},
        )
    uow.orders.update(
        ctx.tenant_id,
        replace(order, custom_fields=custom, subscriptions=tuple(items), updated_at=ctx.now),
    )


def update_order_action(
    uow: UnitOfWork,
    ctx: CommandContext,
    action_id: str,
    change_reason: str | None,
    custom_fields: Mapping[str, Any] | None,
    *,
    reason_given: bool,
) -> None:
    order = uow.orders.find_action(ctx.tenant_id, action_id, for_update=True)
    if order is None:
        raise DomainError(
            ErrorCode.ORDER_ACTION_NOT_FOUND, f"Order action '{action_id}' does not exist.", "id"
        )
    items = []
    for item in order.subscriptions:
        actions = tuple(
            replace(
                a,
                change_reason=change_reason if reason_given else a.change_reason,
                custom_fields={**a.custom_fields, **(custom_fields or {})},
            )
            if a.id == action_id
            else a
            for a in item.actions
        )
        items.append(replace(item, actions=actions))
    uow.orders.update(ctx.tenant_id, replace(order, subscriptions=tuple(items), updated_at=ctx.now))


# -- reads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubscriptionRead:
    subscription: Subscription
    latest_version: int
    owner: Account | None
    invoice_owner: Account | None


def _is_id(key: str) -> bool:
    return len(key) == 32 and all(c in "0123456789abcdef" for c in key)


def read_subscription(
    uow: UnitOfWork, ctx: CommandContext, key: str, version: int | None = None
) -> SubscriptionRead:
    """By number (the latest version, or `version`) or by a version's id."""
    found: Subscription | None
    if version is not None:
        found = uow.subscriptions.version(ctx.tenant_id, key, version)
    elif _is_id(key):
        found = uow.subscriptions.by_id(ctx.tenant_id, key)
    else:
        found = uow.subscriptions.latest(ctx.tenant_id, key)
    if found is None:
        raise DomainError(
            ErrorCode.SUBSCRIPTION_NOT_FOUND,
            f"Subscription '{key}'"
            + (f" version {version}" if version is not None else "")
            + " does not exist.",
            "subscriptionKey",
        )
    latest = uow.subscriptions.latest(ctx.tenant_id, found.number)
    return SubscriptionRead(
        found,
        latest.version if latest else found.version,
        uow.accounts.get(ctx.tenant_id, found.account_id),
        uow.accounts.get(ctx.tenant_id, found.invoice_owner_account_id),
    )


def subscriptions_of_account(
    uow: UnitOfWork, ctx: CommandContext, account: Account, *, offset: int, limit: int
) -> list[SubscriptionRead]:
    found = uow.subscriptions.latest_for_account(
        ctx.tenant_id, account.id, offset=offset, limit=limit
    )
    reads = []
    for subscription in found:
        invoice_owner = (
            account
            if subscription.invoice_owner_account_id == account.id
            else uow.accounts.get(ctx.tenant_id, subscription.invoice_owner_account_id)
        )
        reads.append(SubscriptionRead(subscription, subscription.version, account, invoice_owner))
    return reads


def list_orders(
    uow: UnitOfWork,
    ctx: CommandContext,
    *,
    offset: int,
    limit: int,
    **filters: Any,
) -> list[Order]:
    return uow.orders.list(ctx.tenant_id, offset=offset, limit=limit, **filters)


def order_date_window(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise DomainError(
            ErrorCode.INVALID_QUERY_PARAMETER, "'endDate' is before 'startDate'", "endDate"
        )


def update_subscription_custom_fields(
    uow: UnitOfWork, ctx: CommandContext, number: str, custom_fields: Mapping[str, Any]
) -> None:
    """Custom fields of the latest version change in place: not a new version, since no
    order made the change (Zuora's "Update subscription custom fields")."""
    latest = uow.subscriptions.latest(ctx.tenant_id, number, for_update=True)
    if latest is None:
        raise DomainError(
            ErrorCode.SUBSCRIPTION_NOT_FOUND,
            f"Subscription '{number}' does not exist.",
            "subscriptionNumber",
        )
    uow.subscriptions.update_version(
        ctx.tenant_id, replace(latest, custom_fields={**latest.custom_fields, **custom_fields})
    )


def update_trigger_dates(
    uow: UnitOfWork, ctx: CommandContext, number: str, body: Mapping[str, Any]
) -> tuple[Order, Account, tuple[Subscription, ...]]:
    """Pending -> Completed once no action waits for a date (spec §9). The dates complete
    the versions the order made, in place: they must still be the latest versions."""
    order = get_order(uow, ctx, number, for_update=True)
    if order.status not in TRIGGER_DATES_UPDATABLE:
        raise _refuse(order, "given trigger dates", TRIGGER_DATES_UPDATABLE)
    settings = tenant_settings(uow, ctx.tenant_id)
    rules = TenantRules(
        require_service_activation=settings.require_service_activation,
        require_customer_acceptance=settings.require_customer_acceptance,
    )
    items = {s.subscription_number: s for s in order.subscriptions}
    versions: dict[str, Subscription] = {}
    for change in body.get("subscriptions") or []:
        item = items.get(change["subscriptionNumber"])
        if item is None:
            raise DomainError(
                ErrorCode.SUBSCRIPTION_NOT_FOUND_FOR_ORDER,
                f"Order {number} has no subscription {change['subscriptionNumber']}.",
                "subscriptionNumber",
            )
        latest = uow.subscriptions.latest(ctx.tenant_id, item.subscription_number, for_update=True)
        if latest is None or latest.version != item.new_version:
            raise DomainError(
                ErrorCode.INVALID_ORDER_STATE,
                f"Subscription {item.subscription_number} changed after order {number}; its "
                "trigger dates can no longer be set.",
                "subscriptionNumber",
            )
        current = versions.get(item.subscription_number, latest)
        actions = list(item.actions)
        for action_change in change.get("orderActions") or []:
            position = next(
                (i for i, a in enumerate(actions) if a.sequence == action_change.get("sequence")),
                None,
            )
            if position is None:
                raise DomainError(
                    ErrorCode.ORDER_ACTION_NOT_FOUND,
                    f"Subscription {item.subscription_number} has no order action with "
                    f"sequence {action_change.get('sequence')} in order {number}.",
                    "sequence",
                )
            record = actions[position]
            given = {
                d["name"]: day(d.get("triggerDate"))
                for d in action_change.get("triggerDates") or []
                if d.get("name") in ("ServiceActivation", "CustomerAcceptance")
            }
            dates = {**record.trigger_dates, **{k: v for k, v in given.items() if v}}
            trigger = TriggerDates(
                contract_effective=dates["ContractEffective"],
                service_activation=dates.get("ServiceActivation"),
                customer_acceptance=dates.get("CustomerAcceptance"),
            )
            creates = record.type is OrderActionType.CREATE_SUBSCRIPTION
            added = record.result.get("ratePlanId")
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
                raise derived_date_error("triggerDates") from None
            still = (rules.require_service_activation and trigger.service_activation is None) or (
                rules.require_customer_acceptance and trigger.customer_acceptance is None
            )
            actions[position] = replace(record, trigger_dates=dates, pending=bool(still))
        versions[item.subscription_number] = current
        items[item.subscription_number] = replace(item, actions=tuple(actions))
    for subscription in versions.values():
        uow.subscriptions.update_version(ctx.tenant_id, subscription)
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
