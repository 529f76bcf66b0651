"""`POST /v1/order-line-items/bulk` (seed 003): up to 100 line items edited in one
transaction, all or nothing, then, with `runBilling`, the call's items that are due billed
per invoice owner (spec §8.4, §11; decisions OU7-OU10)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zorders.domain.billing.documents import BillingDocument
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import MAX_LINE_ITEMS_PER_ORDER, check_target_date
from zorders.domain.line_items.model import LineItem
from zorders.services.accounts import find_account
from zorders.services.billing import bill_account
from zorders.services.context import CommandContext
from zorders.services.line_items.update import apply, not_found
from zorders.services.line_items.update_commands import BulkUpdateLineItems
from zorders.services.orders.commands import ProcessingOptions
from zorders.services.ports import UnitOfWork

# Zuora's limit for one call, as for one order (spec §8.1, §15).
MAX_BULK_ITEMS = MAX_LINE_ITEMS_PER_ORDER


@dataclass(frozen=True)
class BulkOutcome:
    items: tuple[LineItem, ...]  # in the request's order
    documents: tuple[BillingDocument, ...] = ()


def _where(index: int, error: DomainError) -> DomainError:
    """The error of the index-th item, named `order_line_items[index].field`."""
    prefix = f"order_line_items[{index}]"
    if error.field:
        field = f"{prefix}.{error.field}"
        quoted = f"'{error.field}'"
        message = (
            error.message.replace(quoted, f"'{field}'", 1)
            if quoted in error.message
            else f"'{field}': {error.message}"
        )
    else:
        field, message = prefix, f"'{prefix}': {error.message}"
    return DomainError(error.code, message, field)


def check_items(command: BulkUpdateLineItems) -> None:
    items = command.items
    if not items:
        raise DomainError(
            ErrorCode.LINE_ITEM_FIELD_REQUIRED,
            "'order_line_items' may not be empty",
            "order_line_items",
        )
    if len(items) > MAX_BULK_ITEMS:
        raise DomainError(
            ErrorCode.BULK_LINE_ITEM_LIMIT_EXCEEDED,
            f"At most {MAX_BULK_ITEMS} order line items can be updated in one call; "
            f"this one has {len(items)}.",
            "order_line_items",
        )
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.item_id in seen:
            raise DomainError(
                ErrorCode.DUPLICATE_LINE_ITEM_ID,
                f"'order_line_items[{index}].id': the order line item {item.item_id} is "
                f"already updated by order_line_items[{seen[item.item_id]}].",
                f"order_line_items[{index}].id",
            )
        seen[item.item_id] = index


def check_processing(processing: ProcessingOptions) -> None:
    """Only billing means something here: there is no order to pay, refund or credit
    (OU8)."""
    refused = [
        name
        for name, wanted in (
            ("collect_payment", processing.collect_payment),
            ("apply_credit", processing.apply_credit),
            ("refund", processing.refund),
            ("electronic_payment_options", processing.payment.payment_method_id is not None),
            ("allow_payment_failure", processing.payment.allow_failure),
            ("billing_options.charge_type_to_exclude", processing.billing.charge_types_to_exclude),
        )
        if wanted
    ]
    if refused:
        field = f"processing_options.{refused[0]}"
        raise DomainError(
            ErrorCode.PROCESSING_NOT_SUPPORTED,
            f"'{field}' is not supported by the bulk update of order line items; "
            "it takes runBilling and billingOptions (targetDate, documentDate, "
            "generateDraftInvoice, creditMemoReasonCode).",
            field,
        )


def bulk_update(uow: UnitOfWork, ctx: CommandContext, command: BulkUpdateLineItems) -> BulkOutcome:
    check_items(command)
    check_processing(command.processing)
    ids = [i.item_id for i in command.items]
    if command.processing.run_billing:
        _lock_invoice_owners(uow, ctx, ids)
    locked = {i.id: i for i in uow.line_items.get_many(ctx.tenant_id, ids, for_update=True)}
    for index, item_id in enumerate(ids):
        if item_id not in locked:
            raise not_found(item_id, f"order_line_items[{index}].id")
    current = dict(locked)
    for index, update in enumerate(command.items):
        try:
            apply(uow, ctx, current[update.item_id], update.changes, current)
        except DomainError as error:
            raise _where(index, error) from None
    items = tuple(current[i] for i in ids)
    if not command.processing.run_billing:
        return BulkOutcome(items)
    documents = bill_items(uow, ctx, items, command.processing)
    # Billing moved what it billed on to Complete.
    billed = {i.id: i for i in uow.line_items.get_many(ctx.tenant_id, ids)}
    return BulkOutcome(tuple(billed[i] for i in ids), documents)


def _lock_invoice_owners(uow: UnitOfWork, ctx: CommandContext, ids: Sequence[str]) -> None:
    """Billing locks an account's row before its line items (as bill runs and runBilling
    do): taken first here too, so that a bulk update and a bill run never wait on each
    other in opposite orders (OU9). An item's invoice owner is its order's account and
    never changes, so reading the items unlocked to find them is safe."""
    owners = {i.invoice_owner_account_id for i in uow.line_items.get_many(ctx.tenant_id, ids)}
    for owner_id in sorted(owners):
        find_account(uow, ctx.tenant_id, owner_id, for_update=True)


def bill_items(
    uow: UnitOfWork,
    ctx: CommandContext,
    items: Sequence[LineItem],
    processing: ProcessingOptions,
) -> tuple[BillingDocument, ...]:
    """The call's items in SentToBilling whose bill target date is on or before the target
    date (and the fulfillments of its fulfillment items that are due), per invoice owner,
    under the owner's row lock; billing moves them on to Complete."""
    if not processing.run_billing:
        return ()
    options = processing.billing
    target = check_target_date(
        options.target_date or ctx.today,
        ctx.today,
        "processing_options.billing_options.target_date",
    )
    by_owner: dict[str, list[LineItem]] = {}
    for item in items:
        by_owner.setdefault(item.invoice_owner_account_id, []).append(item)
    documents: list[BillingDocument] = []
    for owner_id in sorted(by_owner):
        owned = by_owner[owner_id]
        orders = {i.order_number for i in owned}
        outcome = bill_account(
            uow,
            ctx,
            find_account(uow, ctx.tenant_id, owner_id, for_update=True),
            target,
            subscription_numbers=(),
            line_items=[i.id for i in owned],
            document_date=options.document_date,
            draft=options.generate_draft_invoice,
            source_type="Order",
            source_id=orders.pop() if len(orders) == 1 else None,
            credit_memo_reason_code=options.credit_memo_reason_code,
        )
        documents.extend(outcome.documents)
    return tuple(documents)
