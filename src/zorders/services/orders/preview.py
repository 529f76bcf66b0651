"""Previewing an order with its `previewOptions` (spec §5): the create path in the
caller's unit of work, which is never committed. The sync route and the async preview job
(spec §6) both come here; the API renders the result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from zorders.domain.billing.documents import DocumentKind, kind_for
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


@dataclass(frozen=True)
class PreviewDocument:
    """A billing document a preview shows: its kind, its items as billed (credits
    negative) and their sum, `total` (negative for a credit memo)."""

    kind: DocumentKind
    items: tuple[Item, ...]
    total: Decimal
    target_date: date

    @property
    def sign(self) -> int:
        """What the amounts are multiplied by to show them: 1 on an invoice, -1 on a credit
        memo (whose amount and items are shown positive, as on a stored credit memo)."""
        return 1 if self.kind is DocumentKind.INVOICE else -1


@dataclass(frozen=True)
class PreviewDocuments:
    """The documents billing a preview's items would make (OB1). `run`: the items other
    than returns, on one document (an invoice when they sum to zero or more, else a credit
    memo), None when there are none; `returns`: the credits of order line item returns, on
    a credit memo of their own, None when there are none."""

    run: PreviewDocument | None = None
    returns: PreviewDocument | None = None

    @property
    def invoices(self) -> tuple[PreviewDocument, ...]:
        run = self.run
        return (run,) if run is not None and run.kind is DocumentKind.INVOICE else ()

    @property
    def credit_memos(self) -> tuple[PreviewDocument, ...]:
        """The run's credit memo (if it is one), then the returns' memo."""
        run = self.run
        memos = (run,) if run is not None and run.kind is DocumentKind.CREDIT_MEMO else ()
        return memos + ((self.returns,) if self.returns is not None else ())


def is_return_credit(item: Item) -> bool:
    """A credit of an order line item's return: it goes on a credit memo of its own (OB1)."""
    return item.order_line_item_id is not None and item.amount < 0


def preview_billing_documents(items: Sequence[Item], target: date) -> PreviewDocuments:
    """The documents of a preview's billing items (`PreviewResult.items`) through `target`:
    the returns of order line items on a credit memo, the rest on one document whose kind
    their sum decides (`domain.billing.documents.kind_for`). The order of `items` is kept."""
    returns = tuple(i for i in items if is_return_credit(i))
    rest = tuple(i for i in items if not is_return_credit(i))
    run = None
    if rest:
        run = PreviewDocument(kind_for(rest), rest, _sum(rest), target)
    memo = None
    if returns:
        memo = PreviewDocument(DocumentKind.CREDIT_MEMO, returns, _sum(returns), target)
    return PreviewDocuments(run, memo)


def _sum(items: tuple[Item, ...]) -> Decimal:
    return sum((i.amount for i in items), Decimal(0))


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
