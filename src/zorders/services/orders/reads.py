"""Order and subscription reads (spec §7, §8)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from zorders.domain.accounts import Account
from zorders.domain.catalog.model import ProductRatePlanCharge
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.model import LineItem
from zorders.domain.orders.model import Order
from zorders.domain.subscription.model import Subscription
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork


@dataclass(frozen=True)
class SubscriptionFacts:
    """What a subscription read shows beside the version itself (decision RS2): when the
    version was stored, the date of the order that made it, and the catalog charges of its
    rate plans (by id)."""

    stored_at: datetime | None = None
    order_date: date | None = None
    catalog_charges: Mapping[str, ProductRatePlanCharge] = field(default_factory=dict)


def subscription_facts(
    uow: UnitOfWork, ctx: CommandContext, subscription: Subscription
) -> SubscriptionFacts:
    order = (
        uow.orders.get(ctx.tenant_id, subscription.order_number)
        if subscription.order_number
        else None
    )
    plan_ids = sorted({p.product_rate_plan_id for p in subscription.rate_plans})
    charges = uow.catalog.list_charges(ctx.tenant_id, plan_ids)
    return SubscriptionFacts(
        stored_at=uow.subscriptions.created_at(ctx.tenant_id, subscription.id),
        order_date=order.order_date if order else None,
        catalog_charges={c.id: c for c in charges},
    )


@dataclass(frozen=True)
class SubscriptionRead:
    subscription: Subscription
    latest_version: int
    owner: Account | None
    invoice_owner: Account | None
    facts: SubscriptionFacts = field(default_factory=SubscriptionFacts)


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
            "subscription_key",
        )
    latest = uow.subscriptions.latest(ctx.tenant_id, found.number)
    return SubscriptionRead(
        found,
        latest.version if latest else found.version,
        uow.accounts.get(ctx.tenant_id, found.account_id),
        uow.accounts.get(ctx.tenant_id, found.invoice_owner_account_id),
        subscription_facts(uow, ctx, found),
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
        reads.append(
            SubscriptionRead(
                subscription,
                subscription.version,
                account,
                invoice_owner,
                subscription_facts(uow, ctx, subscription),
            )
        )
    return reads


@dataclass(frozen=True)
class StoredVersion:
    subscription: Subscription
    latest_version: int
    created_at: datetime


def subscription_versions(
    uow: UnitOfWork, ctx: CommandContext, *, latest_only: bool
) -> list[StoredVersion]:
    """The tenant's subscription versions (or the latest of each), with the latest
    version number of their subscription and when each was stored."""
    rows = uow.subscriptions.versions_of_tenant(ctx.tenant_id, latest_only=latest_only)
    latest: dict[str, int] = {}
    for subscription, _ in rows:
        latest[subscription.number] = max(latest.get(subscription.number, 0), subscription.version)
    return [StoredVersion(s, latest[s.number], at) for s, at in rows]


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
            ErrorCode.INVALID_QUERY_PARAMETER, "'endDate' is before 'startDate'", "end_date"
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
            "subscription_number",
        )
    uow.subscriptions.update_version(
        ctx.tenant_id, replace(latest, custom_fields={**latest.custom_fields, **custom_fields})
    )


@dataclass(frozen=True)
class OrderLineItems:
    """The line items of some orders, by order id, and the accounts they name (owners
    and invoice owners), by id: looked up once for a whole page of orders."""

    by_order: dict[str, list[LineItem]]
    accounts: dict[str, Account]

    def of(self, order: Order) -> list[LineItem]:
        return self.by_order.get(order.id, [])


def line_items_of(uow: UnitOfWork, ctx: CommandContext, orders: list[Order]) -> OrderLineItems:
    by_order = uow.line_items.of_orders(ctx.tenant_id, [o.id for o in orders])
    ids = {
        account_id
        for items in by_order.values()
        for item in items
        for account_id in (item.owner_account_id, item.invoice_owner_account_id)
    }
    accounts = {}
    for account_id in sorted(ids):
        account = uow.accounts.get(ctx.tenant_id, account_id)
        if account is not None:
            accounts[account_id] = account
    return OrderLineItems(by_order, accounts)
