"""Creating orders (spec §3, §4): one unit of work, all or nothing.

The actions of each `subscriptions[]` item run in request order on a working copy of the
subscription; each subscription the order changes gets exactly one new version
(decisions.md #8). Draft and Scheduled orders are stored with their body and run later
(`activate`, the scheduler).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from zorders.domain.accounts import Account, AccountDraft
from zorders.domain.billing.documents import BillingDocument
from zorders.domain.billing.engine import check_period_amounts
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_target_date, derived_date_error, is_date_overflow
from zorders.domain.numbering import NumberKind
from zorders.domain.orders.actions import OrderActionType
from zorders.domain.orders.apply.common import ActionEnv, TenantRules, resolve_dates
from zorders.domain.orders.engine import apply_action, begin_version, finish_version
from zorders.domain.orders.model import (
    Order,
    OrderActionRecord,
    OrderCategory,
    OrderStatus,
    OrderSubscription,
)
from zorders.domain.payments import Payment
from zorders.domain.subscription.model import Subscription
from zorders.services.accounts import create_account, find_account
from zorders.services.billing import BillingOutcome, bill_account
from zorders.services.context import CommandContext
from zorders.services.credits import apply_credit_to_invoices
from zorders.services.ids import new_id
from zorders.services.numbering import next_number
from zorders.services.orders.request import Body, RequestReader, day
from zorders.services.payments import collect_for_order
from zorders.services.ports import PaymentGateway, UnitOfWork
from zorders.services.tenants import tenant_settings

# Actions that may wait for ServiceActivation / CustomerAcceptance dates (spec §3.5).
PENDING_CAPABLE = frozenset(
    {
        OrderActionType.CREATE_SUBSCRIPTION,
        OrderActionType.ADD_PRODUCT,
        OrderActionType.UPDATE_PRODUCT,
        OrderActionType.REMOVE_PRODUCT,
        OrderActionType.RENEW_SUBSCRIPTION,
        OrderActionType.TERMS_AND_CONDITIONS,
        OrderActionType.CHANGE_PLAN,
    }
)

# Synchronous limits (spec §3.1).
MAX_SUBSCRIPTIONS = 50
MAX_ACTIONS = 50
MAX_ORDERS_PER_SUBSCRIPTION = 1000


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


class _Ids:
    """Ids, and charge numbers from the tenant's sequence inside the order's transaction."""

    def __init__(self, uow: UnitOfWork, tenant_id: str) -> None:
        self._uow = uow
        self._tenant_id = tenant_id

    def new_id(self) -> str:
        return new_id()

    def charge_number(self) -> str:
        return next_number(self._uow, self._tenant_id, NumberKind.CHARGE)


def _limits(body: Body) -> None:
    items = body.get("subscriptions") or []
    if len(items) > MAX_SUBSCRIPTIONS:
        raise DomainError(
            ErrorCode.ORDER_LIMIT_EXCEEDED,
            f"An order holds at most {MAX_SUBSCRIPTIONS} subscriptions; this one has {len(items)}.",
            "subscriptions",
        )
    actions = sum(len(i.get("orderActions") or []) for i in items)
    if actions > MAX_ACTIONS:
        raise DomainError(
            ErrorCode.ORDER_LIMIT_EXCEEDED,
            f"An order holds at most {MAX_ACTIONS} order actions; this one has {actions}.",
            "orderActions",
        )


def check_request(body: Body, new_account: AccountDraft | None) -> None:
    """The rules of spec §17 that need no database."""
    has_existing = bool(body.get("existingAccountNumber"))
    if has_existing == (new_account is not None):
        raise DomainError(
            ErrorCode.ORDER_ACCOUNT_CONFLICT,
            "Give either existingAccountNumber or newAccount"
            + (", not both." if has_existing else "."),
            "existingAccountNumber",
        )
    number = body.get("orderNumber")
    if number is not None and "/" in number:
        raise DomainError(
            ErrorCode.INVALID_VALUE, "'orderNumber' must not contain '/'", "orderNumber"
        )
    status = body.get("status")
    if status == OrderStatus.SCHEDULED and not (body.get("schedulingOptions") or {}).get(
        "scheduledDate"
    ):
        raise DomainError(
            ErrorCode.MISSING_FIELD,
            "'schedulingOptions.scheduledDate' may not be null for a Scheduled order",
            "schedulingOptions",
        )
    processing = body.get("processingOptions") or {}
    if status in (OrderStatus.DRAFT, OrderStatus.SCHEDULED) and processing:
        raise DomainError(
            ErrorCode.INVALID_ORDER_STATE,
            f"processingOptions are not supported for {status} orders.",
            "processingOptions",
        )
    # collectPayment and applyCredit both work on the invoices the run posts.
    for option in ("collectPayment", "applyCredit"):
        if not processing.get(option):
            continue
        if not processing.get("runBilling"):
            raise DomainError(
                ErrorCode.PROCESSING_NOT_SUPPORTED,
                f"{option} needs runBilling.",
                "processingOptions",
            )
        if (processing.get("billingOptions") or {}).get("generateDraftInvoice"):
            raise DomainError(
                ErrorCode.PROCESSING_NOT_SUPPORTED,
                f"{option} works on posted invoices: it cannot be combined with "
                "billingOptions.generateDraftInvoice.",
                "processingOptions",
            )
    if processing.get("collectPayment"):
        _check_payment_options(processing)
    # Not built yet (decision B18): refused out loud rather than ignored, so that an
    # integrator never believes a refund was made.
    if processing.get("refund"):
        raise DomainError(
            ErrorCode.PROCESSING_NOT_SUPPORTED,
            "processingOptions.refund is not supported yet.",
            "processingOptions",
        )
    if body.get("orderLineItems"):
        raise DomainError(
            ErrorCode.PROCESSING_NOT_SUPPORTED,
            "Order line items are not supported yet.",
            "orderLineItems",
        )
    _limits(body)
    for index, item in enumerate(body.get("subscriptions") or []):
        if not item.get("orderActions"):
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                f"'subscriptions[{index}].orderActions' may not be empty",
                "orderActions",
            )


def _order_number(uow: UnitOfWork, ctx: CommandContext, given: str | None) -> str:
    if given:
        if uow.orders.number_in_use(ctx.tenant_id, given):
            raise DomainError(
                ErrorCode.ORDER_NUMBER_TAKEN,
                f"An order numbered '{given}' already exists.",
                "orderNumber",
            )
        return given
    number = next_number(uow, ctx.tenant_id, NumberKind.ORDER)
    while uow.orders.number_in_use(ctx.tenant_id, number):
        number = next_number(uow, ctx.tenant_id, NumberKind.ORDER)
    return number


def _order_account(
    uow: UnitOfWork, ctx: CommandContext, body: Body, new_account: AccountDraft | None
) -> Account:
    if new_account is not None:
        return create_account(uow, ctx, new_account)
    number = body["existingAccountNumber"]
    try:
        return find_account(uow, ctx.tenant_id, number)
    except DomainError:
        raise DomainError(
            ErrorCode.ACCOUNT_NOT_FOUND_FOR_ORDER,
            f"Account '{number}' does not exist.",
            "existingAccountNumber",
        ) from None


def create_order(
    uow: UnitOfWork,
    ctx: CommandContext,
    body: Body,
    new_account: AccountDraft | None,
    *,
    created_by: str | None = None,
    gateway: PaymentGateway | None = None,
) -> OrderOutcome:
    """Inside the caller's unit of work; the caller commits (or, for a preview, does not).
    `gateway` takes the payment `processingOptions.collectPayment` asks for."""
    check_request(body, new_account)
    account = _order_account(uow, ctx, body, new_account)
    number = _order_number(uow, ctx, body.get("orderNumber"))
    order = Order(
        id=new_id(),
        number=number,
        account_id=account.id,
        status=OrderStatus.COMPLETED,
        order_date=_order_date(body),
        category=OrderCategory(body.get("category") or OrderCategory.NEW_SALES),
        description=body.get("description"),
        reason_code=body.get("reasonCode"),
        custom_fields=dict(body.get("customFields") or {}),
        scheduled_date=day((body.get("schedulingOptions") or {}).get("scheduledDate")),
        request=_stored_request(body),
        created_by=created_by,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    requested = body.get("status")
    if requested in (OrderStatus.DRAFT, OrderStatus.SCHEDULED):
        order = replace(
            order,
            status=OrderStatus(requested),
            subscriptions=_unexecuted(body),
        )
        uow.orders.add(ctx.tenant_id, order)
        return OrderOutcome(order, account)
    order, versions = execute(uow, ctx, order, account, body)
    uow.orders.add(ctx.tenant_id, order)
    documents = run_billing(uow, ctx, order, account, body)
    if (body.get("processingOptions") or {}).get("applyCredit"):
        # Before collecting: credit already on the account lowers what is charged (B20).
        apply_credit_to_invoices(uow, ctx, documents.invoices)
    payment = collect_payment(uow, ctx, order, body, documents, gateway)
    return OrderOutcome(order, account, versions, documents, payment)


def _check_payment_options(processing: Body) -> None:
    if not isinstance(processing.get("allowPaymentFailure", False), bool):
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            "'processingOptions.allowPaymentFailure' must be a boolean",
            "processingOptions.allowPaymentFailure",
        )
    options = processing.get("electronicPaymentOptions") or {}
    method_id = options.get("paymentMethodId") if isinstance(options, dict) else None
    if not isinstance(options, dict) or not isinstance(method_id, str | None):
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            "'processingOptions.electronicPaymentOptions.paymentMethodId' must be a string",
            "processingOptions.electronicPaymentOptions",
        )


def collect_payment(
    uow: UnitOfWork,
    ctx: CommandContext,
    order: Order,
    body: Body,
    billing: BillingOutcome,
    gateway: PaymentGateway | None,
) -> Payment | None:
    """`processingOptions.collectPayment` (spec §11): pay the invoices the run made, through
    the gateway, in the order's transaction. A decline fails the whole order unless
    `allowPaymentFailure` is true."""
    processing = body.get("processingOptions") or {}
    if not processing.get("collectPayment"):
        return None
    if gateway is None:
        raise DomainError(
            ErrorCode.PROCESSING_NOT_SUPPORTED,
            "collectPayment is not available here: previews take no payments.",
            "processingOptions",
        )
    options = processing.get("electronicPaymentOptions") or {}
    return collect_for_order(
        uow,
        ctx,
        gateway,
        order_number=order.number,
        invoices=billing.invoices,
        payment_method_id=options.get("paymentMethodId"),
        allow_failure=bool(processing.get("allowPaymentFailure")),
    )


def run_billing(
    uow: UnitOfWork, ctx: CommandContext, order: Order, account: Account, body: Body
) -> BillingOutcome:
    """`processingOptions.runBilling`: bill the order's subscriptions in the same
    transaction (spec §11); the target date defaults to the order date."""
    processing = body.get("processingOptions") or {}
    if not processing.get("runBilling"):
        return BillingOutcome()
    options = processing.get("billingOptions") or {}
    invoice_owners = {
        v.invoice_owner_account_id
        for s in order.subscriptions
        if (v := uow.subscriptions.latest(ctx.tenant_id, s.subscription_number)) is not None
    } or {account.id}
    target = check_target_date(
        day(options.get("targetDate")) or order.order_date,
        ctx.today,
        "processingOptions.billingOptions.targetDate",
    )
    documents: list[BillingDocument] = []
    for owner_id in sorted(invoice_owners):
        owner = find_account(uow, ctx.tenant_id, owner_id, for_update=True)
        outcome = bill_account(
            uow,
            ctx,
            owner,
            target,
            document_date=day(options.get("documentDate")),
            draft=bool(options.get("generateDraftInvoice")),
            exclude=frozenset(ChargeType(c) for c in options.get("chargeTypeToExclude") or []),
            subscription_numbers=order.subscription_numbers(),
            source_type="Order",
            source_id=order.number,
            credit_memo_reason_code=options.get("creditMemoReasonCode"),
        )
        documents.extend(outcome.documents)
    return BillingOutcome(tuple(documents))


def _order_date(body: Body) -> date:
    value = day(body.get("orderDate"))
    if value is None:
        raise DomainError(ErrorCode.MISSING_FIELD, "'orderDate' may not be null", "orderDate")
    return value


def _stored_request(body: Body) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "newAccount"}


def _unexecuted(body: Body) -> tuple[OrderSubscription, ...]:
    """A Draft or Scheduled order's subscriptions: actions recorded, nothing applied."""
    items = []
    for index, item in enumerate(body.get("subscriptions") or []):
        actions = tuple(
            OrderActionRecord(
                id=new_id(),
                sequence=seq,
                type=OrderActionType(a["type"]),
                trigger_dates={
                    t["name"]: d
                    for t in a.get("triggerDates") or []
                    if (d := day(t.get("triggerDate"))) is not None
                },
                change_reason=a.get("changeReason"),
                custom_fields=dict(a.get("customFields") or {}),
                request=_action_request(a),
            )
            for seq, a in enumerate(item.get("orderActions") or [])
        )
        items.append(
            OrderSubscription(
                subscription_number=item.get("subscriptionNumber") or "",
                sequence=index,
                actions=actions,
                custom_fields=dict(item.get("customFields") or {}),
                notes=item.get("notes"),
            )
        )
    return tuple(items)


def _action_request(action: Body) -> dict[str, Any]:
    kind = OrderActionType(action["type"])
    payload = action.get(kind.field_name)
    return {kind.field_name: payload} if payload is not None else {}


def execute(
    uow: UnitOfWork,
    ctx: CommandContext,
    order: Order,
    account: Account,
    body: Body,
) -> tuple[Order, tuple[Subscription, ...]]:
    """Apply every action and store one version per changed subscription."""
    reader = RequestReader(uow, ctx, order.order_date)
    settings = tenant_settings(uow, ctx.tenant_id)
    env = ActionEnv(
        today=ctx.today,
        ids=_Ids(uow, ctx.tenant_id),
        order_number=order.number,
        rules=TenantRules(
            require_service_activation=settings.require_service_activation,
            require_customer_acceptance=settings.require_customer_acceptance,
        ),
    )
    working: dict[str, tuple[Subscription | None, int | None]] = {}
    records: list[OrderSubscription] = []
    keys: list[str] = []
    pending = False
    for index, item in enumerate(body.get("subscriptions") or []):
        number = item.get("subscriptionNumber")
        key = number or f"#new-{index}"
        if key not in working:
            working[key] = _open(uow, ctx, number, order.number)
        current, base_version = working[key]
        actions: list[OrderActionRecord] = []
        for seq, action_body in enumerate(item["orderActions"]):
            action = reader.action(
                action_body,
                seq,
                order_account_id=account.id,
                currency=account.currency,
                subscription=current,
            )
            try:
                applied = apply_action(current, action, env)
            except (OverflowError, ValueError) as error:
                if not is_date_overflow(error):
                    raise
                raise derived_date_error(f"subscriptions[{index}].orderActions[{seq}]") from None
            current = applied.subscription
            check_period_amounts(current, f"subscriptions[{index}].orderActions[{seq}]")
            dates = resolve_dates(action.trigger_dates, env.rules)
            waiting = applied.pending or (
                action.type in PENDING_CAPABLE
                and (dates.service_activation is None or dates.customer_acceptance is None)
            )
            pending = pending or waiting
            actions.append(
                OrderActionRecord(
                    id=new_id(),
                    sequence=seq,
                    type=action.type,
                    trigger_dates={
                        name: value
                        for name, value in (
                            ("ContractEffective", dates.contract_effective),
                            ("ServiceActivation", dates.service_activation),
                            ("CustomerAcceptance", dates.customer_acceptance),
                        )
                        if value is not None
                    },
                    change_reason=action.change_reason,
                    custom_fields=action.custom_fields,
                    request=_action_request(action_body),
                    result=dict(applied.details),
                    pending=waiting,
                )
            )
        assert current is not None
        current = _with_item_fields(current, item)
        if not current.number:
            current = replace(current, number=_subscription_number(uow, ctx, working, current))
        working[key] = (current, base_version)
        keys.append(key)
        records.append(
            OrderSubscription(
                subscription_number=current.number,
                sequence=index,
                actions=tuple(actions),
                base_version=base_version,
                custom_fields=dict(item.get("customFields") or {}),
                notes=item.get("notes"),
            )
        )
    versions: dict[str, Subscription] = {}
    for key in dict.fromkeys(keys):
        subscription, _ = working[key]
        assert subscription is not None
        final = finish_version(subscription)
        _check_new_number(uow, ctx, final)
        uow.subscriptions.add_version(ctx.tenant_id, final, ctx.now)
        versions[key] = final
        pending = pending or final.pending is not None
    records = [
        replace(r, new_version=versions[k].version) for r, k in zip(records, keys, strict=True)
    ]
    status = OrderStatus.PENDING if pending else OrderStatus.COMPLETED
    done = replace(order, status=status, subscriptions=tuple(records), updated_at=ctx.now)
    return done, tuple(versions[k] for k in dict.fromkeys(keys))


def _open(
    uow: UnitOfWork, ctx: CommandContext, number: str | None, order_number: str
) -> tuple[Subscription | None, int | None]:
    if not number:
        return None, None
    latest = uow.subscriptions.latest(ctx.tenant_id, number, for_update=True)
    if latest is None:
        raise DomainError(
            ErrorCode.SUBSCRIPTION_NOT_FOUND_FOR_ORDER,
            f"Subscription '{number}' does not exist.",
            "subscriptionNumber",
        )
    if uow.orders.count_for_subscription(ctx.tenant_id, number) >= MAX_ORDERS_PER_SUBSCRIPTION:
        raise DomainError(
            ErrorCode.ORDER_LIMIT_EXCEEDED,
            f"Subscription {number} has reached {MAX_ORDERS_PER_SUBSCRIPTION} orders.",
            "subscriptionNumber",
        )
    return begin_version(latest, _Ids(uow, ctx.tenant_id), order_number), latest.version


def _with_item_fields(subscription: Subscription, item: Mapping[str, Any]) -> Subscription:
    custom = {**subscription.custom_fields, **(item.get("customFields") or {})}
    for name in item.get("clearingCustomFields") or []:
        custom.pop(name, None)
    notes = item.get("notes", subscription.notes)
    return replace(subscription, custom_fields=custom, notes=notes)


def _subscription_number(
    uow: UnitOfWork,
    ctx: CommandContext,
    working: Mapping[str, tuple[Subscription | None, int | None]],
    subscription: Subscription,
) -> str:
    taken = {s.number for s, _ in working.values() if s is not None}
    number = next_number(uow, ctx.tenant_id, NumberKind.SUBSCRIPTION)
    while number in taken or uow.subscriptions.number_in_use(ctx.tenant_id, number):
        number = next_number(uow, ctx.tenant_id, NumberKind.SUBSCRIPTION)
    return number


def _check_new_number(uow: UnitOfWork, ctx: CommandContext, subscription: Subscription) -> None:
    if subscription.version == 1 and uow.subscriptions.number_in_use(
        ctx.tenant_id, subscription.number
    ):
        raise DomainError(
            ErrorCode.SUBSCRIPTION_NUMBER_TAKEN,
            f"A subscription numbered '{subscription.number}' already exists.",
            "subscriptionNumber",
        )
