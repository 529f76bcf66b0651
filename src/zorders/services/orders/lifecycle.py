"""The order lifecycle after creation (spec §9, §10.1): activate, update, cancel, delete,
custom fields and order actions. Every move the state machine forbids is
INVALID_ORDER_STATE."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.accounts import Account
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.model import (
    ACTIVATABLE,
    CANCELLABLE,
    UPDATABLE,
    Order,
    OrderStatus,
    OrderSubscription,
)
from zorders.services.context import CommandContext
from zorders.services.line_items.unsell import unsell
from zorders.services.orders.commands import (
    CreateOrder,
    UpdateCustomFields,
    UpdateOrder,
    UpdateOrderAction,
)
from zorders.services.orders.create import OrderOutcome, place
from zorders.services.orders.processing import check_command
from zorders.services.ports import PaymentGateway, UnitOfWork


def get_order(
    uow: UnitOfWork, ctx: CommandContext, number: str, *, for_update: bool = False
) -> Order:
    order = uow.orders.get(ctx.tenant_id, number, for_update=for_update)
    if order is None:
        raise DomainError(
            ErrorCode.ORDER_NOT_FOUND, f"Order '{number}' does not exist.", "order_number"
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


def refuse(order: Order, verb: str, allowed: frozenset[OrderStatus]) -> DomainError:
    names = " or ".join(sorted(s.value for s in allowed))
    return DomainError(
        ErrorCode.INVALID_ORDER_STATE,
        f"Order {order.number} is {order.status.value}: only {names} orders can be {verb}.",
        "status",
    )


def stored_command(order: Order) -> CreateOrder:
    if not isinstance(order.command, CreateOrder):
        raise DomainError(
            ErrorCode.INVALID_ORDER_STATE,
            f"Order {order.number} was stored by an older version: run `zorders migrate`.",
            "order_number",
        )
    return order.command


def activate(
    uow: UnitOfWork, ctx: CommandContext, number: str, gateway: PaymentGateway | None = None
) -> OrderOutcome:
    """Draft -> Completed, or Pending when trigger dates are still missing: the stored
    command executes, its order actions keeping their ids (seed 002)."""
    order = get_order(uow, ctx, number, for_update=True)
    if order.status not in ACTIVATABLE:
        raise refuse(order, "activated", ACTIVATABLE)
    command = replace(stored_command(order), status=None)
    account = order_account(uow, ctx, order)
    return place(
        uow, ctx, replace(order, updated_at=ctx.now), account, command, gateway=gateway, new=False
    )


def update_order(
    uow: UnitOfWork,
    ctx: CommandContext,
    update: UpdateOrder,
    gateway: PaymentGateway | None = None,
) -> OrderOutcome:
    """PUT: a full replacement of a Draft or Scheduled order (seed 001): actions left out
    are gone, actions named by their id keep it. It saves or executes exactly as create."""
    number, command = update.number, update.order
    order = get_order(uow, ctx, number, for_update=True)
    if order.status not in UPDATABLE:
        raise refuse(order, "updated", UPDATABLE)
    if order.status is OrderStatus.SCHEDULED and command.status is not OrderStatus.SCHEDULED:
        # Spec §10.1: an update keeps a Scheduled order Scheduled (SO10); its date runs it.
        raise DomainError(
            ErrorCode.INVALID_ORDER_STATE,
            f"Order {number} is Scheduled: an update keeps it Scheduled (status "
            "'Scheduled' with its schedulingOptions); cancel it to order otherwise.",
            "status",
        )
    if command.order_number not in (None, number):
        # K9: the path names the order; a different number in the body is refused
        # rather than dropped (or taken as a rename).
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"The body's order number '{command.order_number}' is not the order updated "
            f"({number}); an order's number cannot change.",
            "order_number",
        )
    if command.new_account is not None:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            "An existing order keeps its account: send existingAccountNumber.",
            "new_account",
        )
    account = order_account(uow, ctx, order)
    if command.existing_account not in (None, account.account_number, account.id):
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"Order {number} belongs to account {account.account_number}.",
            "existing_account_number",
        )
    command = replace(
        _keep_action_edits(order, command),
        existing_account=account.account_number,
        order_number=number,
    )
    check_command(command)
    replaced = replace(
        order,
        order_date=command.order_date,
        category=command.category,
        description=command.description,
        reason_code=command.reason_code,
        custom_fields=dict(command.custom_fields),
        scheduled_date=command.scheduled_date,
        updated_at=ctx.now,
    )
    return place(uow, ctx, replaced, account, command, gateway=gateway, new=False)


def _keep_action_edits(order: Order, command: CreateOrder) -> CreateOrder:
    """Actions named by id must be the order's (K11); each keeps the change reason and
    custom fields it was given since (`PUT /v1/orderActions/{id}`) unless the body
    gives its own."""
    known = {a.id: a for s in order.subscriptions for a in s.actions}
    items = []
    for item in command.subscriptions:
        actions = []
        for action in item.actions:
            if action.id is None:
                actions.append(action)
                continue
            record = known.get(action.id)
            if record is None:
                raise DomainError(
                    ErrorCode.ORDER_ACTION_NOT_FOUND,
                    f"Order {order.number} has no order action '{action.id}'.",
                    "order_actions",
                )
            actions.append(
                replace(
                    action,
                    change_reason=action.change_reason
                    if action.change_reason is not None
                    else record.change_reason,
                    custom_fields=action.custom_fields or dict(record.custom_fields),
                )
            )
        items.append(replace(item, actions=tuple(actions)))
    return replace(command, subscriptions=tuple(items))


def cancel_order(
    uow: UnitOfWork, ctx: CommandContext, number: str, reason: str | None
) -> tuple[Order, Account]:
    order = get_order(uow, ctx, number, for_update=True)
    if order.status not in CANCELLABLE:
        raise refuse(order, "cancelled", CANCELLABLE)
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
                "order_number",
            )
        if any(c.charged_through_date is not None for c in latest.all_charges()):
            raise DomainError(
                ErrorCode.ORDER_DELETE_NOT_ALLOWED,
                f"Order {number} cannot be deleted: charges of subscription "
                f"{item.subscription_number} are invoiced.",
                "order_number",
            )
    unsell(uow, ctx, order)
    for item in order.subscriptions:
        if item.new_version is not None:
            uow.subscriptions.delete_versions_from(
                ctx.tenant_id, item.subscription_number, item.new_version
            )
    uow.orders.delete(ctx.tenant_id, order.id)


def _with_records(order: Order, items: tuple[OrderSubscription, ...], ctx: CommandContext) -> Order:
    """`order` with edited subscriptions/actions; a saved order's command follows the
    edits (change reasons, custom fields), so that activation executes them (K4)."""
    command = order.command
    if isinstance(command, CreateOrder):
        subscriptions = []
        for item, record in zip(command.subscriptions, items, strict=True):
            by_id = {a.id: a for a in record.actions}
            actions = tuple(
                replace(
                    a,
                    change_reason=by_id[a.id].change_reason,
                    custom_fields=dict(by_id[a.id].custom_fields),
                )
                if a.id in by_id
                else a
                for a in item.actions
            )
            subscriptions.append(
                replace(item, actions=actions, custom_fields=dict(record.custom_fields))
            )
        command = replace(
            command, subscriptions=tuple(subscriptions), custom_fields=dict(order.custom_fields)
        )
    return replace(order, subscriptions=items, command=command, updated_at=ctx.now)


def update_custom_fields(uow: UnitOfWork, ctx: CommandContext, change: UpdateCustomFields) -> None:
    """PUT /v1/orders/{n}/customFields: the order's, its subscriptions' (kept with the
    order) and its actions' (by sequence or id) custom fields."""
    number = change.number
    order = get_order(uow, ctx, number, for_update=True)
    order = replace(order, custom_fields={**order.custom_fields, **change.custom_fields})
    items = list(order.subscriptions)
    for sub_change in change.subscriptions:
        index = next(
            (
                i
                for i, s in enumerate(items)
                if s.subscription_number == sub_change.subscription_number
            ),
            None,
        )
        if index is None:
            raise DomainError(
                ErrorCode.SUBSCRIPTION_NOT_FOUND_FOR_ORDER,
                f"Order {number} has no subscription {sub_change.subscription_number}.",
                "subscription_number",
            )
        item = items[index]
        actions = list(item.actions)
        for action_change in sub_change.actions:
            position = next(
                (
                    i
                    for i, a in enumerate(actions)
                    if a.id == action_change.action_id or a.sequence == action_change.sequence
                ),
                None,
            )
            if position is None:
                raise DomainError(
                    ErrorCode.ORDER_ACTION_NOT_FOUND,
                    "No such order action in this order.",
                    "order_actions",
                )
            action = actions[position]
            actions[position] = replace(
                action, custom_fields={**action.custom_fields, **action_change.custom_fields}
            )
        items[index] = replace(
            item,
            actions=tuple(actions),
            custom_fields={**item.custom_fields, **sub_change.custom_fields},
        )
    uow.orders.update(ctx.tenant_id, _with_records(order, tuple(items), ctx))


def update_order_action(uow: UnitOfWork, ctx: CommandContext, change: UpdateOrderAction) -> None:
    """Seed 000. The edit persists on the order's records and, for a Draft or Scheduled
    order, on its stored command: activation executes it under the same action id."""
    action_id = change.action_id
    found = uow.orders.find_action(ctx.tenant_id, action_id, for_update=True)
    if found is None:
        raise DomainError(
            ErrorCode.ORDER_ACTION_NOT_FOUND, f"Order action '{action_id}' does not exist.", "id"
        )
    # The order read again under its row lock, as the other order writes take it.
    order = get_order(uow, ctx, found.number, for_update=True)
    items = []
    for item in order.subscriptions:
        actions = tuple(
            replace(
                a,
                change_reason=change.change_reason
                if change.change_reason_given
                else a.change_reason,
                custom_fields={**a.custom_fields, **change.custom_fields},
            )
            if a.id == action_id
            else a
            for a in item.actions
        )
        items.append(replace(item, actions=actions))
    uow.orders.update(ctx.tenant_id, _with_records(order, tuple(items), ctx))
