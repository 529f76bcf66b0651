"""`POST /v1/order-line-items/bulk` (seed 003): up to 100 line items edited in one
transaction, all or nothing, then, with `runBilling`, the call's items that are due billed
per invoice owner (spec §8.4, §11; decisions OU6-OU9)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zorders.domain.billing.documents import BillingDocument
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import MAX_LINE_ITEMS_PER_ORDER
from zorders.domain.line_items.model import LineItem
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
    return BulkOutcome(items, bill_items(uow, ctx, items, command.processing))


def bill_items(
    uow: UnitOfWork,
    ctx: CommandContext,
    items: Sequence[LineItem],
    processing: ProcessingOptions,
) -> tuple[BillingDocument, ...]:
    if not processing.run_billing:
        return ()
    raise DomainError(
        ErrorCode.PROCESSING_NOT_SUPPORTED,
        "'processing_options.run_billing' is not supported by the bulk update yet.",
        "processing_options.run_billing",
    )
