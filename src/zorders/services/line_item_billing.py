"""Billing an account's order line items and fulfillments, inside `bill_account`'s unit
of work (issue 10; decisions OB1–OB6).

The billable rows are read locked (`FOR UPDATE`), after the caller locked the invoice
owner's account row, and move SentToBilling → Complete in the same transaction as the
document that bills them: two runs never bill one line item twice, and what stands billed
is never billed again (domain/billing/line_items.py). Canceling an invoice or a credit
memo that billed them puts them back in SentToBilling, to be billed again (OB3).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date

from zorders.domain.accounts import Account
from zorders.domain.billing.documents import BillingDocument
from zorders.domain.billing.items import Item
from zorders.domain.billing.line_items import LineItemRun, bill_line_items
from zorders.domain.line_items.model import FulfillmentState, ItemState, LineItem
from zorders.domain.line_items.states import BILLED_FROM, BILLED_TO
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork


def collect(
    uow: UnitOfWork,
    ctx: CommandContext,
    account: Account,
    target: date,
    selection: bool | Collection[str],
) -> LineItemRun:
    """What billing the account's line items for `target` adds: every billable one
    (`selection` True), none (False), or those of the given ids (and their fulfillments)."""
    if selection is False:
        return LineItemRun()
    ids = None if selection is True else list(selection)
    if ids is not None and not ids:
        return LineItemRun()
    items = uow.line_items.billable(ctx.tenant_id, account.id, target, item_ids=ids)
    fulfillments = uow.line_items.billable_fulfillments(
        ctx.tenant_id, account.id, target, line_item_ids=ids
    )
    if not items and not fulfillments:
        return LineItemRun()
    by_id = {i.id: i for i in items}
    missing = {f.line_item_id for f in fulfillments} - by_id.keys()
    by_id.update({i.id: i for i in uow.line_items.get_many(ctx.tenant_id, missing)})
    pairs = [(f, by_id[f.line_item_id]) for f in fulfillments if f.line_item_id in by_id]
    sales = {i.original_line_item_id for i in items if i.original_line_item_id}
    billed = uow.billing.billed_line_item_items(ctx.tenant_id, by_id.keys() | sales)
    return bill_line_items(items, pairs, billed)


def mark_billed(uow: UnitOfWork, ctx: CommandContext, run: LineItemRun) -> None:
    """The billed line items and fulfillments move SentToBilling → Complete."""
    for item in uow.line_items.get_many(ctx.tenant_id, run.line_item_ids):
        if item.state is BILLED_FROM:
            uow.line_items.update(ctx.tenant_id, replace(item, state=BILLED_TO, updated_at=ctx.now))
    for fulfillment_id in run.fulfillment_ids:
        fulfillment = uow.line_items.get_fulfillment(ctx.tenant_id, fulfillment_id)
        if fulfillment is not None and fulfillment.state is FulfillmentState.SENT_TO_BILLING:
            uow.line_items.update_fulfillment(
                ctx.tenant_id,
                replace(fulfillment, state=FulfillmentState.COMPLETE, updated_at=ctx.now),
            )


def unbill(uow: UnitOfWork, ctx: CommandContext, document: BillingDocument) -> None:
    """A canceled document no longer bills its line items and fulfillments: those it
    billed go back from Complete to SentToBilling (OB3)."""
    items = [e.item for e in document.items if e.item.order_line_item_id is not None]
    if not items:
        return
    whole = sorted(
        {i.order_line_item_id for i in items if i.order_line_item_id and not i.fulfillment_id}
    )
    for line in uow.line_items.get_many(ctx.tenant_id, whole, for_update=True):
        if line.state is BILLED_TO:
            uow.line_items.update(
                ctx.tenant_id, replace(line, state=BILLED_FROM, updated_at=ctx.now)
            )
    for fulfillment_id in sorted({i.fulfillment_id for i in items if i.fulfillment_id}):
        fulfillment = uow.line_items.get_fulfillment(ctx.tenant_id, fulfillment_id, for_update=True)
        if fulfillment is not None and fulfillment.state is FulfillmentState.COMPLETE:
            uow.line_items.update_fulfillment(
                ctx.tenant_id,
                replace(fulfillment, state=FulfillmentState.SENT_TO_BILLING, updated_at=ctx.now),
            )


def preview(items: Sequence[LineItem], target: date) -> list[Item]:
    """What billing an order's own line items for `target` would add (BillingDocs
    preview): nothing of them is billed yet, so no stored item is consulted."""
    due = [
        i
        for i in items
        if i.state is ItemState.SENT_TO_BILLING
        and i.bill_target_date is not None
        and i.bill_target_date <= target
    ]
    return list(bill_line_items(due, (), ()).items)
