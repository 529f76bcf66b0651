"""Executing an order's command (spec §3, §4): every action applied in order on a
working copy of its subscription; each subscription the order changes gets exactly one
new version (decisions.md #8). One path for create, update and activate (K6)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from zorders.domain.accounts import Account
from zorders.domain.billing.amounts import check_period_amounts
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import derived_date_error, is_date_overflow
from zorders.domain.numbering import NumberKind
from zorders.domain.orders.actions import OrderActionType
from zorders.domain.orders.apply.common import ActionEnv, TenantRules, resolve_dates
from zorders.domain.orders.engine import apply_action, begin_version, finish_version
from zorders.domain.orders.model import (
    Order,
    OrderActionRecord,
    OrderStatus,
    OrderSubscription,
)
from zorders.domain.subscription.model import Subscription
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.numbering import next_number
from zorders.services.orders.commands import CreateOrder, SubscriptionCommand
from zorders.services.orders.due_dates import schedule_new_version
from zorders.services.orders.resolve import Resolver
from zorders.services.ports import UnitOfWork
from zorders.services.tenants import settings_for

# Actions that may wait for ServiceActivation / CustomerAcceptance dates (spec §3.5).
PENDING_CAPABLE = frozenset(
    {
        OrderActionType.CREATE_SUBSCRIPTION,
        OrderActionType.ADD_PRODUCT,
        OrderActionType.UPDATE_PRODUCT,
        OrderActionType.REMOVE_PRODUCT,
        OrderActionType.RENEW_SUBSCRIPTION,
        OrderActionType.TERMS_AND_CONDITIONS,
        OrderActionType.CHANGE_PLAN,
    }
)

MAX_ORDERS_PER_SUBSCRIPTION = 1000

# Trigger date names as an order action record keeps them (Zuora's enum values).
CONTRACT_EFFECTIVE = "ContractEffective"
SERVICE_ACTIVATION = "ServiceActivation"
CUSTOMER_ACCEPTANCE = "CustomerAcceptance"


class _Ids:
    """Ids, and charge numbers from the tenant's sequence inside the order's transaction."""

    def __init__(self, uow: UnitOfWork, tenant_id: str, *, dry_run: bool = False) -> None:
        self._uow = uow
        self._tenant_id = tenant_id
        self._dry_run = dry_run
        self._count = 0

    def new_id(self) -> str:
        return new_id()

    def charge_number(self) -> str:
        if self._dry_run:  # a validation run consumes no number
            self._count += 1
            return f"#dry-C-{self._count}"
        return next_number(self._uow, self._tenant_id, NumberKind.CHARGE)


def action_path(index: int, seq: int) -> str:
    return f"subscriptions[{index}].order_actions[{seq}]"


def execute(
    uow: UnitOfWork,
    ctx: CommandContext,
    order: Order,
    account: Account,
    command: CreateOrder,
    *,
    dry_run: bool = False,
) -> tuple[Order, tuple[Subscription, ...]]:
    """Apply every action and store one version per changed subscription. Actions keep
    the ids the command carries (a saved Draft's); others get new ones. A `dry_run`
    applies everything and stores nothing, consuming no number: how a Draft or Scheduled
    order is validated when it is saved (K4)."""
    reader = Resolver(uow, ctx, order.order_date)
    settings = settings_for(uow, ctx)
    env = ActionEnv(
        today=ctx.today,
        ids=_Ids(uow, ctx.tenant_id, dry_run=dry_run),
        order_number=order.number,
        rules=TenantRules(
            require_service_activation=settings.require_service_activation,
            require_customer_acceptance=settings.require_customer_acceptance,
        ),
    )
    working: dict[str, tuple[Subscription | None, int | None]] = {}
    records: list[OrderSubscription] = []
    keys: list[str] = []
    # New subscriptions whose number was drawn here (and checked then, PF23).
    drawn: set[str] = set()
    # The stored version each changed subscription's new one follows, as read here.
    based_on: dict[str, Subscription] = {}
    pending = False
    for index, item in enumerate(command.subscriptions):
        number = item.subscription_number
        key = number or f"#new-{index}"
        if key not in working:
            current, stored = _open(uow, ctx, number, order.number, dry_run=dry_run)
            working[key] = (current, stored.version if stored is not None else None)
            if stored is not None:
                based_on[key] = stored
        current, base_version = working[key]
        actions: list[OrderActionRecord] = []
        for seq, action_command in enumerate(item.actions):
            action = reader.action(
                action_command,
                seq,
                order_account_id=account.id,
                currency=account.currency,
                subscription=current,
            )
            try:
                applied = apply_action(current, action, env)
            except (OverflowError, ValueError) as error:
                if not is_date_overflow(error):
                    raise
                raise derived_date_error(action_path(index, seq)) from None
            current = applied.subscription
            check_period_amounts(current, action_path(index, seq))
            dates = resolve_dates(action.trigger_dates, env.rules)
            waiting = applied.pending or (
                action.type in PENDING_CAPABLE
                and (dates.service_activation is None or dates.customer_acceptance is None)
            )
            pending = pending or waiting
            actions.append(
                OrderActionRecord(
                    id=action_command.id or new_id(),
                    sequence=seq,
                    type=action.type,
                    trigger_dates={
                        name: value
                        for name, value in (
                            (CONTRACT_EFFECTIVE, dates.contract_effective),
                            (SERVICE_ACTIVATION, dates.service_activation),
                            (CUSTOMER_ACCEPTANCE, dates.customer_acceptance),
                        )
                        if value is not None
                    },
                    change_reason=action.change_reason,
                    custom_fields=action.custom_fields,
                    request=dict(action_command.echo),
                    result=dict(applied.details),
                    pending=waiting,
                )
            )
        assert current is not None
        current = _with_item_fields(current, item)
        if not current.number:
            drawn.add(key)
            current = replace(
                current,
                number=f"#dry-S-{index}"
                if dry_run
                else _subscription_number(uow, ctx, working, current),
            )
        working[key] = (current, base_version)
        keys.append(key)
        records.append(
            OrderSubscription(
                subscription_number=current.number,
                sequence=index,
                actions=tuple(actions),
                base_version=base_version,
                custom_fields=dict(item.custom_fields),
                notes=item.notes,
            )
        )
    versions: dict[str, Subscription] = {}
    for key in dict.fromkeys(keys):
        subscription, _ = working[key]
        assert subscription is not None
        final = finish_version(subscription)
        if key not in drawn:
            _check_new_number(uow, ctx, final)
        if not dry_run:
            uow.subscriptions.add_version(ctx.tenant_id, final, ctx.now)
            schedule_new_version(uow, ctx, final, based_on.get(key))
        versions[key] = final
        pending = pending or final.pending is not None
    records = [
        replace(r, new_version=versions[k].version) for r, k in zip(records, keys, strict=True)
    ]
    status = OrderStatus.PENDING if pending else OrderStatus.COMPLETED
    done = replace(order, status=status, subscriptions=tuple(records), updated_at=ctx.now)
    return done, tuple(versions[k] for k in dict.fromkeys(keys))


def _open(
    uow: UnitOfWork,
    ctx: CommandContext,
    number: str | None,
    order_number: str,
    *,
    dry_run: bool = False,
) -> tuple[Subscription | None, Subscription | None]:
    """The working copy of the next version and the stored version it follows."""
    if not number:
        return None, None
    latest = uow.subscriptions.latest(ctx.tenant_id, number, for_update=not dry_run)
    if latest is None:
        raise DomainError(
            ErrorCode.SUBSCRIPTION_NOT_FOUND_FOR_ORDER,
            f"Subscription '{number}' does not exist.",
            "subscription_number",
        )
    if uow.orders.count_for_subscription(ctx.tenant_id, number) >= MAX_ORDERS_PER_SUBSCRIPTION:
        raise DomainError(
            ErrorCode.ORDER_LIMIT_EXCEEDED,
            f"Subscription {number} has reached {MAX_ORDERS_PER_SUBSCRIPTION} orders.",
            "subscription_number",
        )
    ids = _Ids(uow, ctx.tenant_id, dry_run=dry_run)
    return begin_version(latest, ids, order_number), latest


def _with_item_fields(subscription: Subscription, item: SubscriptionCommand) -> Subscription:
    custom = {**subscription.custom_fields, **item.custom_fields}
    for name in item.clearing_custom_fields:
        custom.pop(name, None)
    notes = subscription.notes if item.notes is None else item.notes
    return replace(subscription, custom_fields=custom, notes=notes)


def _subscription_number(
    uow: UnitOfWork,
    ctx: CommandContext,
    working: Mapping[str, tuple[Subscription | None, int | None]],
    subscription: Subscription,
) -> str:
    taken = {s.number for s, _ in working.values() if s is not None}
    number = next_number(uow, ctx.tenant_id, NumberKind.SUBSCRIPTION)
    while number in taken or uow.subscriptions.number_in_use(ctx.tenant_id, number):
        number = next_number(uow, ctx.tenant_id, NumberKind.SUBSCRIPTION)
    return number


def _check_new_number(uow: UnitOfWork, ctx: CommandContext, subscription: Subscription) -> None:
    if subscription.version == 1 and uow.subscriptions.number_in_use(
        ctx.tenant_id, subscription.number
    ):
        raise DomainError(
            ErrorCode.SUBSCRIPTION_NUMBER_TAKEN,
            f"A subscription numbered '{subscription.number}' already exists.",
            "subscription_number",
        )
