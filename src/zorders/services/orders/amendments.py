"""Amendments, derived from the orders' actions (Zuora's legacy "Retrieve an amendment"
and "Retrieve the last amendment of a subscription"; decision LG7). Nothing is stored for
them: an amendment is one order action that changed an existing subscription, its id the
action's id, its code `{order number}-{subscription sequence}-{action sequence}`."""

from __future__ import annotations

from dataclasses import dataclass

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import OrderActionType
from zorders.domain.orders.model import Order, OrderActionRecord, OrderSubscription
from zorders.domain.subscription.model import Subscription
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

# Order action -> Zuora's Amendment type (a subscribe is not an amendment).
AMENDMENT_TYPES: dict[OrderActionType, str] = {
    OrderActionType.ADD_PRODUCT: "NewProduct",
    OrderActionType.UPDATE_PRODUCT: "UpdateProduct",
    OrderActionType.REMOVE_PRODUCT: "RemoveProduct",
    OrderActionType.RENEW_SUBSCRIPTION: "Renewal",
    OrderActionType.CANCEL_SUBSCRIPTION: "Cancellation",
    OrderActionType.TERMS_AND_CONDITIONS: "TermsAndConditions",
    OrderActionType.SUSPEND: "SuspendSubscription",
    OrderActionType.RESUME: "ResumeSubscription",
    OrderActionType.OWNER_TRANSFER: "OwnerTransfer",
    OrderActionType.CHANGE_PLAN: "Composite",
}


@dataclass(frozen=True)
class Amendment:
    order: Order
    subscription: OrderSubscription
    action: OrderActionRecord
    # The version the order made, and the one it started from.
    version: Subscription | None
    base: Subscription | None

    @property
    def type(self) -> str:
        return AMENDMENT_TYPES[self.action.type]

    @property
    def code(self) -> str:
        return f"{self.order.number}-{self.subscription.sequence}-{self.action.sequence}"


def _not_found(key: str) -> DomainError:
    return DomainError(
        ErrorCode.RESOURCE_NOT_FOUND, f"Amendment '{key}' does not exist.", "amendment_key"
    )


def _made(
    uow: UnitOfWork, ctx: CommandContext, order: Order, sub: OrderSubscription, a: OrderActionRecord
) -> Amendment:
    def version(number: int | None) -> Subscription | None:
        if number is None:
            return None
        return uow.subscriptions.version(ctx.tenant_id, sub.subscription_number, number)

    return Amendment(order, sub, a, version(sub.new_version), version(sub.base_version))


def _executed(order: Order) -> bool:
    return order.status.value in ("Completed", "Pending")


def get_amendment(uow: UnitOfWork, ctx: CommandContext, key: str) -> Amendment:
    """By id (the order action's) or code."""
    order = uow.orders.find_action(ctx.tenant_id, key)
    wanted: tuple[int, int] | None = None
    if order is None:
        number, _, rest = key.rpartition("-")
        number, _, sub_seq = number.rpartition("-")
        if not (number and sub_seq.isdigit() and rest.isdigit()):
            raise _not_found(key)
        order = uow.orders.get(ctx.tenant_id, number)
        wanted = (int(sub_seq), int(rest))
    if order is None or not _executed(order):
        raise _not_found(key)
    for sub in order.subscriptions:
        for action in sub.actions:
            hit = action.id == key if wanted is None else (sub.sequence, action.sequence) == wanted
            if hit and action.type in AMENDMENT_TYPES:
                return _made(uow, ctx, order, sub, action)
    raise _not_found(key)


def last_amendment(uow: UnitOfWork, ctx: CommandContext, subscription_id: str) -> Amendment:
    """The last amendment of the order that made this version of the subscription."""
    version = uow.subscriptions.by_id(ctx.tenant_id, subscription_id)
    if version is None:
        raise DomainError(
            ErrorCode.SUBSCRIPTION_NOT_FOUND,
            f"Subscription '{subscription_id}' does not exist.",
            "subscription_id",
        )
    order = uow.orders.get(ctx.tenant_id, version.order_number) if version.order_number else None
    for sub in order.subscriptions if order is not None else ():
        if sub.subscription_number != version.number or sub.new_version != version.version:
            continue
        amending = [a for a in sub.actions if a.type in AMENDMENT_TYPES]
        if amending and order is not None:
            return _made(uow, ctx, order, sub, amending[-1])
    raise DomainError(
        ErrorCode.RESOURCE_NOT_FOUND,
        f"Subscription '{subscription_id}' has no amendment: no order changed it "
        "into this version.",
        "subscription_id",
    )
