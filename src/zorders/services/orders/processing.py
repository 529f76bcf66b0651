"""The rules of an order command that need no database (spec §17), and its processing
options (spec §11): billing, then payment, in the order's transaction."""

from __future__ import annotations

from zorders.domain.accounts import Account
from zorders.domain.billing.documents import BillingDocument
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import SYNC_ORDER_LIMITS, OrderLimits, check_target_date
from zorders.domain.orders.model import Order, OrderStatus
from zorders.domain.payments import Payment
from zorders.services.accounts import find_account
from zorders.services.billing import BillingOutcome, bill_account
from zorders.services.context import CommandContext
from zorders.services.line_items.checks import check_line_items
from zorders.services.orders.commands import (
    CreateOrder,
    CreateSubscriptionCommand,
    ProcessingOptions,
)
from zorders.services.payments import collect_for_order
from zorders.services.ports import PaymentGateway, UnitOfWork


def _limits(command: CreateOrder, limits: OrderLimits) -> None:
    items = command.subscriptions
    if len(items) > limits.subscriptions:
        raise DomainError(
            ErrorCode.ORDER_LIMIT_EXCEEDED,
            f"An order holds at most {limits.subscriptions} subscriptions; "
            f"this one has {len(items)}.",
            "subscriptions",
        )
    actions = sum(len(i.actions) for i in items)
    if actions > limits.order_actions:
        raise DomainError(
            ErrorCode.ORDER_LIMIT_EXCEEDED,
            f"An order holds at most {limits.order_actions} order actions; this one has {actions}.",
            "order_actions",
        )


def check_command(command: CreateOrder, limits: OrderLimits = SYNC_ORDER_LIMITS) -> None:
    has_existing = bool(command.existing_account)
    if has_existing == (command.new_account is not None):
        raise DomainError(
            ErrorCode.ORDER_ACCOUNT_CONFLICT,
            "Give either existingAccountNumber or newAccount"
            + (", not both." if has_existing else "."),
            "existing_account_number",
        )
    if command.order_number is not None and "/" in command.order_number:
        raise DomainError(
            ErrorCode.INVALID_VALUE, "'orderNumber' must not contain '/'", "order_number"
        )
    status = command.status
    if status is OrderStatus.SCHEDULED and command.scheduled_date is None:
        raise DomainError(
            ErrorCode.MISSING_FIELD,
            "'schedulingOptions.scheduledDate' may not be null for a Scheduled order",
            "scheduling_options",
        )
    if command.scheduled_date is not None and command.scheduled_date < command.order_date:
        # K8: a Scheduled order runs on its date; one before the order date would run an
        # order before it was dated.
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"The scheduled date {command.scheduled_date} is before the order date "
            f"{command.order_date}.",
            "scheduling_options.scheduled_date",
        )
    processing = command.processing
    # A Scheduled order keeps its processing options for its execution (SO4); a Draft
    # takes none (spec §3.2).
    if status is OrderStatus.DRAFT and processing.given:
        raise DomainError(
            ErrorCode.INVALID_ORDER_STATE,
            f"processingOptions are not supported for {status} orders.",
            "processing_options",
        )
    # collectPayment and applyCredit both work on the invoices the run posts.
    for option, wanted in (
        ("collectPayment", processing.collect_payment),
        ("applyCredit", processing.apply_credit),
    ):
        if not wanted:
            continue
        if not processing.run_billing:
            raise DomainError(
                ErrorCode.PROCESSING_NOT_SUPPORTED,
                f"{option} needs runBilling.",
                "processing_options",
            )
        if processing.billing.generate_draft_invoice:
            raise DomainError(
                ErrorCode.PROCESSING_NOT_SUPPORTED,
                f"{option} works on posted invoices: it cannot be combined with "
                "billingOptions.generateDraftInvoice.",
                "processing_options",
            )
    # Not built yet (decision B18): refused out loud rather than ignored, so that an
    # integrator never believes a refund was made.
    if processing.refund:
        raise DomainError(
            ErrorCode.PROCESSING_NOT_SUPPORTED,
            "processingOptions.refund is not supported yet.",
            "processing_options",
        )
    check_line_items(
        command.line_items,
        saved_only=command.saved_only,
        status=status.value if status is not None else "",
    )
    _limits(command, limits)
    tokens: set[str] = set()
    for index, item in enumerate(command.subscriptions):
        if not item.actions:
            path = f"subscriptions[{index}].order_actions"
            raise DomainError(ErrorCode.MISSING_FIELD, f"'{path}' may not be empty", path)
        for seq, action in enumerate(item.actions):
            payload = action.payload
            if not isinstance(payload, CreateSubscriptionCommand) or not payload.unique_token:
                continue
            token = payload.unique_token
            if token in tokens:
                # OS13: it names one new subscription for the order's line items.
                where = f"subscriptions[{index}].order_actions[{seq}].create_subscription"
                raise DomainError(
                    ErrorCode.INVALID_VALUE,
                    f"uniqueToken '{token}' is given to two CreateSubscription actions.",
                    f"{where}.unique_token",
                )
            tokens.add(token)


def collect_payment(
    uow: UnitOfWork,
    ctx: CommandContext,
    order: Order,
    processing: ProcessingOptions,
    billing: BillingOutcome,
    gateway: PaymentGateway | None,
) -> Payment | None:
    """`collectPayment` (spec §11): pay the invoices the run made, through the gateway, in
    the order's transaction. A decline fails the whole order unless `allowPaymentFailure`."""
    if not processing.collect_payment:
        return None
    if gateway is None:
        raise DomainError(
            ErrorCode.PROCESSING_NOT_SUPPORTED,
            "collectPayment is not available here: previews take no payments.",
            "processing_options",
        )
    return collect_for_order(
        uow,
        ctx,
        gateway,
        order_number=order.number,
        invoices=billing.invoices,
        payment_method_id=processing.payment.payment_method_id,
        allow_failure=processing.payment.allow_failure,
    )


def run_billing(
    uow: UnitOfWork,
    ctx: CommandContext,
    order: Order,
    account: Account,
    processing: ProcessingOptions,
) -> BillingOutcome:
    """`runBilling`: bill the order's subscriptions and its own line items in the same
    transaction (spec §11); the target date defaults to the order date. Every invoice
    owner of either is billed, each under its account's row lock."""
    if not processing.run_billing:
        return BillingOutcome()
    options = processing.billing
    line_items = uow.line_items.of_order(ctx.tenant_id, order.id)
    invoice_owners = {
        v.invoice_owner_account_id
        for s in order.subscriptions
        if (v := uow.subscriptions.latest(ctx.tenant_id, s.subscription_number)) is not None
    } | {i.invoice_owner_account_id for i in line_items} or {account.id}
    target = check_target_date(
        options.target_date or order.order_date,
        ctx.today,
        "processing_options.billing_options.target_date",
    )
    documents: list[BillingDocument] = []
    for owner_id in sorted(invoice_owners):
        owner = find_account(uow, ctx.tenant_id, owner_id, for_update=True)
        outcome = bill_account(
            uow,
            ctx,
            owner,
            target,
            document_date=options.document_date,
            draft=options.generate_draft_invoice,
            exclude=frozenset(options.charge_types_to_exclude),
            subscription_numbers=order.subscription_numbers(),
            source_type="Order",
            source_id=order.number,
            credit_memo_reason_code=options.credit_memo_reason_code,
            line_items=[i.id for i in line_items],
        )
        documents.extend(outcome.documents)
    return BillingOutcome(tuple(documents))
