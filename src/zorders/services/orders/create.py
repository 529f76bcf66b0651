"""Creating orders (spec §3, §4): one unit of work, all or nothing.

`place` is the one path of create, update, activate and a scheduled execution (K6): a
Draft or Scheduled order is validated like an executed one and saved with its command
(K4), a Scheduled one with the job that executes it on its date (SO1); any other
executes, then runs its processing options (billing, credit, payment) in the same
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from zorders.domain.accounts import Account
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import SYNC_ORDER_LIMITS, OrderLimits
from zorders.domain.line_items.model import LineItem
from zorders.domain.numbering import NumberKind
from zorders.domain.orders.model import (
    Order,
    OrderActionRecord,
    OrderStatus,
    OrderSubscription,
)
from zorders.domain.payments import Payment
from zorders.domain.subscription.model import Subscription
from zorders.services.account_signup import SignupCard, SignupMethod, open_account
from zorders.services.accounts import ensure_open, find_account
from zorders.services.billing import BillingOutcome
from zorders.services.context import CommandContext
from zorders.services.credits import apply_credit_to_invoices
from zorders.services.ids import new_id
from zorders.services.line_items.sell import sell
from zorders.services.numbering import next_number
from zorders.services.orders.commands import (
    CreateOrder,
    CreateSubscriptionCommand,
    PreviewOrder,
)
from zorders.services.orders.execute import (
    CONTRACT_EFFECTIVE,
    CUSTOMER_ACCEPTANCE,
    SERVICE_ACTIVATION,
    execute,
)
from zorders.services.orders.processing import check_command, collect_payment, run_billing
from zorders.services.orders.schedule import schedule_execution
from zorders.services.orders.validate import assign_ids, validate_saved
from zorders.services.ports import PaymentGateway, UnitOfWork


@dataclass(frozen=True)
class OrderOutcome:
    order: Order
    account: Account
    # The versions the order made, in the order of its subscriptions[] items.
    versions: tuple[Subscription, ...] = ()
    # Documents `processingOptions.runBilling` made.
    billing: BillingOutcome = field(default_factory=BillingOutcome)
    # The payment `processingOptions.collectPayment` made (Processed, or Error when
    # `allowPaymentFailure` kept a declined one); None when there was nothing to collect.
    payment: Payment | None = None
    # The owner accounts of `versions`, by id (seed 002's `subscriptionOwnerId/Number`).
    owners: dict[str, Account] = field(default_factory=dict)
    # The order's line items, in request order.
    line_items: tuple[LineItem, ...] = ()


def _owners(
    uow: UnitOfWork, ctx: CommandContext, account: Account, versions: tuple[Subscription, ...]
) -> dict[str, Account]:
    owners = {account.id: account}
    for version in versions:
        if version.account_id not in owners:
            found = uow.accounts.get(ctx.tenant_id, version.account_id)
            if found is not None:
                owners[found.id] = found
    return owners


def _order_number(uow: UnitOfWork, ctx: CommandContext, given: str | None) -> str:
    if given:
        if uow.orders.number_in_use(ctx.tenant_id, given):
            raise DomainError(
                ErrorCode.ORDER_NUMBER_TAKEN,
                f"An order numbered '{given}' already exists.",
                "order_number",
            )
        return given
    number = next_number(uow, ctx.tenant_id, NumberKind.ORDER)
    while uow.orders.number_in_use(ctx.tenant_id, number):
        number = next_number(uow, ctx.tenant_id, NumberKind.ORDER)
    return number


def _order_account(
    uow: UnitOfWork,
    ctx: CommandContext,
    command: CreateOrder,
    card: SignupCard | SignupMethod | None,
    gateway: PaymentGateway | None,
) -> Account:
    if command.new_account is not None:
        return open_account(uow, ctx, gateway, command.new_account, card)
    key = command.existing_account or ""
    try:
        account = find_account(uow, ctx.tenant_id, key)
    except DomainError:
        raise DomainError(
            ErrorCode.ACCOUNT_NOT_FOUND_FOR_ORDER,
            f"Account '{key}' does not exist.",
            "existing_account_number",
        ) from None
    return ensure_open(account, "existing_account_number")


def create_order(
    uow: UnitOfWork,
    ctx: CommandContext,
    command: CreateOrder,
    *,
    created_by: str | None = None,
    gateway: PaymentGateway | None = None,
    limits: OrderLimits = SYNC_ORDER_LIMITS,
    card: SignupCard | SignupMethod | None = None,
) -> OrderOutcome:
    """Inside the caller's unit of work; the caller commits (or, for a preview, does not).
    `gateway` takes the payment `processingOptions.collectPayment` asks for, and tokenizes
    `card`, the first card of the order's new account (kept out of the command, which a
    Draft stores); `limits` are the endpoint's (an async order may be larger, spec §15)."""
    check_command(command, limits)
    command = _new_action_ids(command)
    if card is not None and command.new_account is None:
        raise DomainError(
            ErrorCode.ACCOUNT_OPTION_NOT_SUPPORTED,
            "A card comes only with the order's new account.",
            "new_account",
        )
    account = _order_account(uow, ctx, command, card, gateway)
    number = _order_number(uow, ctx, command.order_number)
    order = Order(
        id=new_id(),
        number=number,
        account_id=account.id,
        status=OrderStatus.COMPLETED,
        order_date=command.order_date,
        category=command.category,
        description=command.description,
        reason_code=command.reason_code,
        custom_fields=dict(command.custom_fields),
        scheduled_date=command.scheduled_date,
        created_by=created_by,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    return place(uow, ctx, order, account, command, gateway=gateway, new=True)


def _new_action_ids(command: CreateOrder) -> CreateOrder:
    """A new order's actions are new: an action id in its body names none of them (only
    an update names its order's actions by id, K11), so none is kept (K14)."""
    if all(a.id is None for item in command.subscriptions for a in item.actions):
        return command
    return replace(
        command,
        subscriptions=tuple(
            replace(item, actions=tuple(replace(a, id=None) for a in item.actions))
            for item in command.subscriptions
        ),
    )


def preview_order(
    uow: UnitOfWork,
    ctx: CommandContext,
    command: PreviewOrder,
    *,
    limits: OrderLimits = SYNC_ORDER_LIMITS,
) -> OrderOutcome:
    """The create path; the caller never commits, so nothing persists."""
    return create_order(uow, ctx, replace(command.order, status=None), limits=limits)


def place(
    uow: UnitOfWork,
    ctx: CommandContext,
    order: Order,
    account: Account,
    command: CreateOrder,
    *,
    gateway: PaymentGateway | None,
    new: bool,
) -> OrderOutcome:
    """Save (Draft, Scheduled) or execute `command` as `order`, stored new or replacing."""
    save = uow.orders.add if new else uow.orders.update
    if command.saved_only:
        if command.status is OrderStatus.SCHEDULED:
            _check_future(ctx, command)
        validate_saved(uow, ctx, account, command)
        stored = replace(
            assign_ids(command),
            existing_account=account.id,
            new_account=None,
            order_number=order.number,
        )
        assert command.status is not None
        saved = replace(
            order,
            status=command.status,
            subscriptions=_unexecuted(stored),
            command=stored,
            request={},
        )
        save(ctx.tenant_id, saved)
        if saved.status is OrderStatus.SCHEDULED:
            # Its execution is due work, recorded with it (SO1).
            schedule_execution(uow, ctx, saved)
        return OrderOutcome(saved, account)
    done, versions = execute(uow, ctx, order, account, command)
    done = replace(done, command=None, request={})
    save(ctx.tenant_id, done, owners={v.number: v.account_id for v in versions})
    # Stored before the processing options run, so that runBilling bills them.
    items = sell(uow, ctx, done, account, command.line_items, unique_tokens(command, done))
    processing = command.processing
    documents = run_billing(uow, ctx, done, account, processing)
    if processing.apply_credit:
        # Before collecting: credit already on the account lowers what is charged (B20).
        apply_credit_to_invoices(uow, ctx, documents.invoices)
    payment = collect_payment(uow, ctx, done, processing, documents, gateway)
    owners = _owners(uow, ctx, account, versions)
    return OrderOutcome(done, account, versions, documents, payment, owners, items)


def _check_future(ctx: CommandContext, command: CreateOrder) -> None:
    """Zuora: "The scheduled date must be a future date" (Create scheduled orders using
    the REST API): after the tenant's today (SO9)."""
    day = command.scheduled_date
    if day is not None and day <= ctx.today:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"The scheduled date {day} must be a future date (today is {ctx.today}).",
            "scheduling_options.scheduled_date",
        )


def unique_tokens(command: CreateOrder, done: Order) -> dict[str, str]:
    """The `uniqueToken` of each CreateSubscription action -> the subscription it made."""
    tokens: dict[str, str] = {}
    for item, record in zip(command.subscriptions, done.subscriptions, strict=True):
        for action in item.actions:
            payload = action.payload
            if isinstance(payload, CreateSubscriptionCommand) and payload.unique_token:
                tokens[payload.unique_token] = record.subscription_number
    return tokens


def _unexecuted(command: CreateOrder) -> tuple[OrderSubscription, ...]:
    """A Draft or Scheduled order's subscriptions: actions recorded, nothing applied."""
    items = []
    for index, item in enumerate(command.subscriptions):
        actions = []
        for seq, a in enumerate(item.actions):
            assert a.id is not None
            dates = {
                CONTRACT_EFFECTIVE: a.trigger_dates.contract_effective,
                SERVICE_ACTIVATION: a.trigger_dates.service_activation,
                CUSTOMER_ACCEPTANCE: a.trigger_dates.customer_acceptance,
            }
            actions.append(
                OrderActionRecord(
                    id=a.id,
                    sequence=seq,
                    type=a.type,
                    trigger_dates={k: v for k, v in dates.items() if v is not None},
                    change_reason=a.change_reason,
                    custom_fields=dict(a.custom_fields),
                    request=dict(a.echo),
                )
            )
        items.append(
            OrderSubscription(
                subscription_number=item.subscription_number or "",
                sequence=index,
                actions=tuple(actions),
                custom_fields=dict(item.custom_fields),
                notes=item.notes,
            )
        )
    return tuple(items)
