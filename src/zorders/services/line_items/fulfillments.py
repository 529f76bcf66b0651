"""Fulfillments of order line items (spec §10.4): create (and bill), read, update, delete.

Each use case runs in the caller's unit of work. Whenever a line item's fulfillments
change, its row is read `for_update` first (in id order when there are several), so two
concurrent calls on one item serialize and never deliver more than its quantity; the
fulfillment row is locked after its item (decision OF7).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace
from typing import Any

from zorders.domain.billing.documents import BillingDocument
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_target_date
from zorders.domain.line_items import fulfillment_rules as rules
from zorders.domain.line_items.model import (
    Fulfillment,
    FulfillmentItem,
    FulfillmentState,
    LineItem,
)
from zorders.domain.numbering import NumberKind
from zorders.services.accounts import find_account
from zorders.services.billing import BillingOutcome, bill_account
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.line_items.fulfillment_commands import (
    CreateFulfillments,
    FulfillmentsOutcome,
    NewFulfillment,
    UpdateFulfillment,
)
from zorders.services.numbering import next_number
from zorders.services.orders.commands import ProcessingOptions
from zorders.services.ports import UnitOfWork

__all__ = [
    "create_fulfillments",
    "delete_fulfillment",
    "get_fulfillment",
    "update_fulfillment",
]


def get_fulfillment(
    uow: UnitOfWork, ctx: CommandContext, key: str, *, for_update: bool = False
) -> Fulfillment:
    """By id or number."""
    found = uow.line_items.get_fulfillment(ctx.tenant_id, key, for_update=for_update)
    if found is None:
        raise DomainError(ErrorCode.FULFILLMENT_NOT_FOUND, f"Fulfillment '{key}' not found.")
    return found


def _locked_items(
    uow: UnitOfWork, ctx: CommandContext, command: CreateFulfillments
) -> dict[str, LineItem]:
    wanted = {n.line_item_id for n in command.fulfillments}
    items = {i.id: i for i in uow.line_items.get_many(ctx.tenant_id, wanted, for_update=True)}
    for index, new in enumerate(command.fulfillments):
        if new.line_item_id not in items:
            path = f"fulfillments[{index}].order_line_item_id"
            raise DomainError(
                ErrorCode.LINE_ITEM_NOT_FOUND_FOR_FULFILLMENT,
                f"'{path}': no order line item '{new.line_item_id}'.",
                path,
            )
    return items


def _new(uow: UnitOfWork, ctx: CommandContext, new: NewFulfillment) -> Fulfillment:
    return Fulfillment(
        id=new_id(),
        number=next_number(uow, ctx.tenant_id, NumberKind.FULFILLMENT),
        line_item_id=new.line_item_id,
        fulfillment_type=new.fulfillment_type,
        state=new.state,
        quantity=new.quantity,
        fulfillment_date=new.fulfillment_date,
        bill_target_date=new.bill_target_date,
        carrier=new.carrier,
        description=new.description,
        external_id=new.external_id,
        fulfillment_location=new.fulfillment_location,
        fulfillment_system=new.fulfillment_system,
        tracking_number=new.tracking_number,
        custom_fields=dict(new.custom_fields),
        items=tuple(
            FulfillmentItem(
                id=new_id(),
                item_identifier=i.item_identifier,
                description=i.description,
                custom_fields=dict(i.custom_fields),
            )
            for i in new.items
        ),
        created_at=ctx.now,
        updated_at=ctx.now,
    )


def _check_processing(processing: ProcessingOptions) -> None:
    """`runBilling` (and its billing options) is what a fulfillment call acts on; payment,
    credit application and refunds are refused out loud rather than ignored (OF8)."""
    for option, wanted in (
        ("collectPayment", processing.collect_payment),
        ("applyCredit", processing.apply_credit),
        ("refund", processing.refund),
    ):
        if wanted:
            raise DomainError(
                ErrorCode.PROCESSING_NOT_SUPPORTED,
                f"processingOptions.{option} is not supported on fulfillments.",
                "processing_options",
            )
    if processing.billing.charge_types_to_exclude:
        raise DomainError(
            ErrorCode.PROCESSING_NOT_SUPPORTED,
            "processingOptions.billingOptions.chargeTypeToExclude does not apply to "
            "fulfillments, which bill no charges.",
            "processing_options",
        )


def create_fulfillments(
    uow: UnitOfWork, ctx: CommandContext, command: CreateFulfillments
) -> FulfillmentsOutcome:
    """All or nothing: the first refusal raises and the caller's transaction rolls back."""
    if not command.fulfillments:
        raise DomainError(
            ErrorCode.MISSING_FIELD, "'fulfillments' may not be empty", "fulfillments"
        )
    if len(command.fulfillments) > rules.MAX_PER_CALL:
        raise DomainError(
            ErrorCode.FULFILLMENT_LIMIT_EXCEEDED,
            f"At most {rules.MAX_PER_CALL} fulfillments can be created in one call; "
            f"this one has {len(command.fulfillments)}.",
            "fulfillments",
        )
    _check_processing(command.processing)
    for index, new in enumerate(command.fulfillments):
        where = f"fulfillments[{index}]"
        rules.check_quantity(new.quantity, f"{where}.quantity")
        rules.check_new_state(new.state, f"{where}.state")
    items = _locked_items(uow, ctx, command)
    standing = {i: uow.line_items.fulfillments_of(ctx.tenant_id, i) for i in sorted(items)}
    existing = {i: len(f) for i, f in standing.items()}
    created: list[Fulfillment] = []
    for index, new in enumerate(command.fulfillments):
        where = f"fulfillments[{index}]"
        item = items[new.line_item_id]
        rules.check_line_item(item, new.fulfillment_type, f"{where}.order_line_item_id")
        rules.check_room(item, existing[item.id], 1, where)
        fulfillment = _new(uow, ctx, new)
        standing[item.id].append(fulfillment)
        existing[item.id] += 1
        rules.check_counts(item, rules.counts(standing[item.id]), f"{where}.quantity")
        created.append(fulfillment)
    for fulfillment in created:
        uow.line_items.add_fulfillment(ctx.tenant_id, fulfillment)
    _follow(uow, ctx, items.values(), standing)
    billing = _run_billing(uow, ctx, created, items, command.processing)
    return FulfillmentsOutcome(tuple(_reread(uow, ctx, created, billing)), billing)


def _run_billing(
    uow: UnitOfWork,
    ctx: CommandContext,
    created: list[Fulfillment],
    items: dict[str, LineItem],
    processing: ProcessingOptions,
) -> BillingOutcome:
    """`runBilling`: bill the line items of the created fulfillments that went to billing,
    each invoice owner under its account lock, in the call's transaction (OF10). Billing
    takes every billable fulfillment of those items (bill target date on or before the
    target date, default today), so one left unbilled by an earlier call is billed too."""
    if not processing.run_billing:
        return BillingOutcome()
    options = processing.billing
    target = check_target_date(
        options.target_date or ctx.today,
        ctx.today,
        "processing_options.billing_options.target_date",
    )
    sent = sorted({f.line_item_id for f in created if f.state is FulfillmentState.SENT_TO_BILLING})
    by_owner: dict[str, list[str]] = {}
    for item_id in sent:
        by_owner.setdefault(items[item_id].invoice_owner_account_id, []).append(item_id)
    documents: list[BillingDocument] = []
    for owner_id in sorted(by_owner):
        owner = find_account(uow, ctx.tenant_id, owner_id, for_update=True)
        orders = {items[i].order_number for i in by_owner[owner_id]}
        outcome = bill_account(
            uow,
            ctx,
            owner,
            target,
            document_date=options.document_date,
            draft=options.generate_draft_invoice,
            subscription_numbers=(),
            source_type="Order",
            source_id=orders.pop() if len(orders) == 1 else None,
            credit_memo_reason_code=options.credit_memo_reason_code,
            line_items=by_owner[owner_id],
        )
        documents.extend(outcome.documents)
    return BillingOutcome(tuple(documents))


def _reread(
    uow: UnitOfWork, ctx: CommandContext, created: list[Fulfillment], billing: BillingOutcome
) -> list[Fulfillment]:
    """The created fulfillments as billing left them (Complete when billed)."""
    if not billing.documents:
        return created
    return [get_fulfillment(uow, ctx, f.id) for f in created]


def _follow(
    uow: UnitOfWork,
    ctx: CommandContext,
    items: Iterable[LineItem],
    fulfillments: dict[str, list[Fulfillment]],
) -> None:
    """Each item's fulfilled quantity after its fulfillments changed."""
    for item in items:
        after = rules.fulfilled(item, rules.counts(fulfillments[item.id]), ctx.now)
        if after is not item:
            uow.line_items.update(ctx.tenant_id, after)


def _locked(uow: UnitOfWork, ctx: CommandContext, key: str) -> tuple[LineItem, Fulfillment]:
    """The fulfillment's line item, then the fulfillment, both locked (item first)."""
    line_item_id = get_fulfillment(uow, ctx, key).line_item_id
    item = uow.line_items.get(ctx.tenant_id, line_item_id, for_update=True)
    assert item is not None, "a fulfillment's line item is never deleted"
    return item, get_fulfillment(uow, ctx, key, for_update=True)


_CHANGES = tuple(f.name for f in fields(UpdateFulfillment) if f.name != "key")


def _changes(current: Fulfillment, command: UpdateFulfillment) -> dict[str, Any]:
    """The fields whose value the command changes, with their new values."""
    changed: dict[str, Any] = {}
    for name in _CHANGES:
        value = getattr(command, name)
        if value is None:
            continue
        if name == "custom_fields":
            value = current.custom_fields | value
        if value != getattr(current, name):
            changed[name] = value
    return changed


def update_fulfillment(
    uow: UnitOfWork, ctx: CommandContext, command: UpdateFulfillment
) -> Fulfillment:
    """Nothing changes unless every change is allowed."""
    item, current = _locked(uow, ctx, command.key)
    changed = _changes(current, command)
    if "state" in changed:
        rules.check_move(current.state, changed["state"], "state")
    rules.check_edit(current, changed)
    if "quantity" in changed:
        rules.check_quantity(changed["quantity"], "quantity")
        if changed["quantity"] > current.quantity and rules.standing(current):
            rules.check_line_item(item, current.fulfillment_type, "quantity")
    if not changed:
        return current
    updated = replace(current, **changed, updated_at=ctx.now)
    others = [
        f for f in uow.line_items.fulfillments_of(ctx.tenant_id, item.id) if f.id != current.id
    ]
    after = [*others, updated]
    rules.check_counts(item, rules.counts(after), "quantity" if "quantity" in changed else "state")
    uow.line_items.update_fulfillment(ctx.tenant_id, updated)
    _follow(uow, ctx, [item], {item.id: after})
    return updated


def delete_fulfillment(uow: UnitOfWork, ctx: CommandContext, key: str) -> None:
    item, current = _locked(uow, ctx, key)
    rules.check_delete(current)
    after = [
        f for f in uow.line_items.fulfillments_of(ctx.tenant_id, item.id) if f.id != current.id
    ]
    rules.check_counts(item, rules.counts(after), None)
    uow.line_items.delete_fulfillment(ctx.tenant_id, current.id)
    _follow(uow, ctx, [item], {item.id: after})
