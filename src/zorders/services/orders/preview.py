"""Previewing an order with its `previewOptions` (spec §5): the create path in the
caller's unit of work, which is never committed. The sync route and the async preview job
(spec §6) both come here; the API renders the result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from zorders.domain.billing.items import Item
from zorders.domain.calendar import add_months
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import SYNC_ORDER_LIMITS, OrderLimits
from zorders.domain.orders.actions import OrderActionType
from zorders.domain.subscription.model import Subscription
from zorders.services.billing import preview_items
from zorders.services.context import CommandContext
from zorders.services.orders.commands import PreviewOrder
from zorders.services.orders.create import preview_order
from zorders.services.ports import UnitOfWork


@dataclass(frozen=True)
class PreviewChoices:
    """`previewOptions`: what to preview, and through which date."""

    types: tuple[str, ...]
    thru_type: str | None = None
    specific_date: date | None = None
    number_of_periods: int | None = None


@dataclass(frozen=True)
class ActionMetric:
    type: OrderActionType
    sequence: int


@dataclass(frozen=True)
class SubscriptionMetric:
    subscription_number: str
    actions: tuple[ActionMetric, ...]


@dataclass(frozen=True)
class PreviewResult:
    choices: PreviewChoices
    # ChargeMetrics: the versions the order would make.
    versions: tuple[Subscription, ...] = ()
    # BillingDocs: what billing through `target` would add.
    items: tuple[Item, ...] = ()
    target: date | None = None
    # OrderMetrics.
    order_metrics: tuple[SubscriptionMetric, ...] = ()


def preview(
    uow: UnitOfWork,
    ctx: CommandContext,
    command: PreviewOrder,
    choices: PreviewChoices,
    *,
    limits: OrderLimits = SYNC_ORDER_LIMITS,
) -> PreviewResult:
    """Inside a unit of work (or savepoint) the caller rolls back: nothing persists."""
    outcome = preview_order(uow, ctx, command, limits=limits)
    types = set(choices.types)
    versions = outcome.versions if "ChargeMetrics" in types else ()
    items: tuple[Item, ...] = ()
    target = None
    if "BillingDocs" in types:
        target = _preview_through(choices, command.order.order_date, outcome.versions)
        items = tuple(
            preview_items(
                uow,
                ctx,
                outcome.account,
                outcome.versions,
                target,
                exclude=frozenset(),
                line_items=uow.line_items.of_order(ctx.tenant_id, outcome.order.id),
            )
        )
    metrics: tuple[SubscriptionMetric, ...] = ()
    if "OrderMetrics" in types:
        metrics = tuple(
            SubscriptionMetric(
                s.subscription_number,
                tuple(ActionMetric(a.type, a.sequence) for a in s.actions),
            )
            for s in outcome.order.subscriptions
        )
    return PreviewResult(choices, versions, items, target, metrics)


def _preview_through(
    choices: PreviewChoices, order_date: date, versions: tuple[Subscription, ...]
) -> date:
    """The preview's target date (spec §5): a specific date, the term end, or a number of
    months from the order date."""
    if choices.thru_type == "SpecificDate":
        if choices.specific_date is None:
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                "'specificPreviewThruDate' may not be null with previewThruType SpecificDate",
                "specificPreviewThruDate",
            )
        return choices.specific_date
    if choices.thru_type == "TermEnd":
        ends = [v.terms.term_end_date for v in versions if v.terms.term_end_date is not None]
        return max(ends) - timedelta(days=1) if ends else order_date
    if choices.thru_type == "NumberOfPeriods":
        months = choices.number_of_periods or 1
        return add_months(order_date, months) - timedelta(days=1)
    return order_date
