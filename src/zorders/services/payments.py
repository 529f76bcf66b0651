"""Payments (spec §13.5, §11): create, read, list, apply; collect the invoices of an order
(`processingOptions.collectPayment`). Payment methods are `services.payment_methods`.

Every function works inside the caller's unit of work, so that an order's payment commits
or rolls back with the order. An electronic payment is charged through the gateway only
after every rule has been checked, and a declined charge raises PAYMENT_DECLINED, which
rolls the caller's transaction back: nothing is kept, no number consumed. Only inside an
order that allows payment failure is a declined payment kept, in status Error.

Money moves in the account metrics as it moves on the documents (architecture principle
6): a new payment adds its amount to `unappliedPaymentAmount`; applying moves it from
there to the invoices, lowering `balance` and `totalInvoiceBalance`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from zorders.domain.accounts import Account
from zorders.domain.billing.documents import BillingDocument, DocumentKind, DocumentStatus
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.numbering import NumberKind
from zorders.domain.payments import (
    PAYMENT_COMMENT_MAX_LENGTH,
    GatewayResult,
    GatewayState,
    Payment,
    PaymentMethod,
    PaymentStatus,
    PaymentType,
    apply_to_invoice,
    check_amount,
    check_number,
    metrics_on_application,
    metrics_on_payment,
)
from zorders.services.accounts import ensure_open, find_account
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.numbering import next_number
from zorders.services.ports import PaymentGateway, UnitOfWork

NO_DEFAULT_MESSAGE = "To collect payment, the customer account must have a default payment method."


@dataclass(frozen=True)
class InvoiceApplicationRequest:
    """`invoices[]` of a create or apply request: an invoice (id or number) and an amount."""

    invoice_key: str
    amount: Decimal


@dataclass(frozen=True)
class NewPayment:
    """`POST /v1/payments`."""

    type: PaymentType
    amount: Decimal
    currency: str
    account_id: str | None = None
    account_number: str | None = None
    effective_date: date | None = None
    payment_method_id: str | None = None
    payment_method_type: str | None = None
    number: str | None = None
    comment: str | None = None
    invoices: tuple[InvoiceApplicationRequest, ...] = ()


# -- payments -----------------------------------------------------------------------------


def create_payment(
    uow: UnitOfWork, ctx: CommandContext, gateway: PaymentGateway, request: NewPayment
) -> Payment:
    """An External payment is recorded; an Electronic one is charged on the payment method
    given or the account's default. `invoices` are applied at once."""
    account = _payment_account(uow, ctx, request.account_id, request.account_number)
    if request.currency != account.currency:
        raise DomainError(
            ErrorCode.PAYMENT_CURRENCY_MISMATCH,
            f"The payment's currency {request.currency} is not account "
            f"{account.account_number}'s currency {account.currency}.",
            "currency",
        )
    check_amount(request.amount, account.currency)
    if request.comment is not None and len(request.comment) > PAYMENT_COMMENT_MAX_LENGTH:
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_FIELD,
            f"'comment' must be at most {PAYMENT_COMMENT_MAX_LENGTH} characters.",
            "comment",
        )
    method: PaymentMethod | None = None
    if request.type is PaymentType.ELECTRONIC:
        if request.effective_date not in (None, ctx.today):
            raise DomainError(
                ErrorCode.INVALID_PAYMENT_FIELD,
                f"'effectiveDate' of an electronic payment must be today ({ctx.today}).",
                "effectiveDate",
            )
        method = _method_for(uow, ctx, account, request.payment_method_id)
    elif request.payment_method_id is not None:
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_FIELD,
            "An External payment takes 'paymentMethodType' (Cash, Check, ...), not "
            "'paymentMethodId': stored payment methods are electronic.",
            "paymentMethodId",
        )
    payment = Payment(
        id=new_id(),
        number=_new_number(uow, ctx, request.number),
        account_id=account.id,
        type=request.type,
        status=PaymentStatus.PROCESSED,
        amount=request.amount,
        currency=account.currency,
        effective_date=request.effective_date or ctx.today,
        payment_method_id=method.id if method else None,
        payment_method_type=method.type.value if method else request.payment_method_type,
        gateway=gateway.name if method else None,
        comment=request.comment,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    # Every rule is checked before the card is charged.
    payment, invoices = _apply_all(uow, ctx, payment, request.invoices, payment.effective_date)
    if method is not None:
        result = gateway.charge(method.token, payment.amount, payment.currency, payment.id)
        if not result.approved:
            raise declined(payment, result)
        payment = _with_result(payment, result)
    _store(uow, ctx, account, payment, invoices, newly_applied=payment.applied_amount, new=True)
    return payment


def get_payment(
    uow: UnitOfWork, ctx: CommandContext, key: str, *, for_update: bool = False
) -> Payment:
    payment = uow.payments.get(ctx.tenant_id, key, for_update=for_update)
    if payment is None:
        raise DomainError(ErrorCode.PAYMENT_NOT_FOUND, f"Cannot find entity by key: '{key}'.")
    return payment


def list_payments(
    uow: UnitOfWork,
    ctx: CommandContext,
    *,
    offset: int,
    limit: int,
    account_key: str | None = None,
    status: PaymentStatus | None = None,
    type: PaymentType | None = None,
) -> list[Payment]:
    account_id = find_account(uow, ctx.tenant_id, account_key).id if account_key else None
    return uow.payments.list(
        ctx.tenant_id,
        offset=offset,
        limit=limit,
        account_id=account_id,
        status=status.value if status else None,
        type=type.value if type else None,
    )


def apply_payment(
    uow: UnitOfWork,
    ctx: CommandContext,
    key: str,
    invoices: Sequence[InvoiceApplicationRequest],
    effective_date: date | None = None,
) -> Payment:
    """Apply (part of) a payment's unapplied amount to invoices of its account."""
    payment = get_payment(uow, ctx, key, for_update=True)
    if not invoices:
        raise DomainError(
            ErrorCode.PAYMENT_FIELD_REQUIRED, "'invoices' may not be empty", "invoices"
        )
    account = uow.accounts.get(ctx.tenant_id, payment.account_id, for_update=True)
    assert account is not None, "a payment's account is never deleted"
    before = payment.applied_amount
    payment, documents = _apply_all(uow, ctx, payment, invoices, effective_date or ctx.today)
    newly_applied = payment.applied_amount - before
    _store(uow, ctx, account, payment, documents, newly_applied=newly_applied, new=False)
    return payment


def collect_for_order(
    uow: UnitOfWork,
    ctx: CommandContext,
    gateway: PaymentGateway,
    *,
    order_number: str | None,
    invoices: Iterable[BillingDocument],
    payment_method_id: str | None = None,
    allow_failure: bool = False,
) -> Payment | None:
    """`collectPayment`: one electronic payment of the invoices' balances, charged on the
    invoice owner's default payment method (or the one given) and applied to them. A
    decline raises PAYMENT_DECLINED, unless `allow_failure` keeps it as an Error payment
    (nothing applied, no money moved). Nothing to pay makes no payment."""
    payable = []
    for invoice in invoices:
        current = uow.billing.get_document(ctx.tenant_id, invoice.id, DocumentKind.INVOICE)
        if current and current.status is DocumentStatus.POSTED and current.balance > 0:
            payable.append(current)
    if not payable:
        return None
    owners = {i.account_id for i in payable}
    if len(owners) > 1:
        raise DomainError(
            ErrorCode.PROCESSING_NOT_SUPPORTED,
            "collectPayment for invoices of several invoice owner accounts is not supported.",
            "processingOptions",
        )
    account = uow.accounts.get(ctx.tenant_id, owners.pop(), for_update=True)
    assert account is not None, "an invoice's account is never deleted"
    method = _method_for(
        uow, ctx, account, payment_method_id, field_name="electronicPaymentOptions.paymentMethodId"
    )
    total = sum((i.balance for i in payable), Decimal(0))
    unapplied = Payment(
        id=new_id(),
        number=_new_number(uow, ctx, None),
        account_id=account.id,
        type=PaymentType.ELECTRONIC,
        status=PaymentStatus.PROCESSED,
        amount=total,
        currency=account.currency,
        effective_date=ctx.today,
        payment_method_id=method.id,
        payment_method_type=method.type.value,
        gateway=gateway.name,
        source_order_number=order_number,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    payment, documents = _apply_all(
        uow,
        ctx,
        unapplied,
        [InvoiceApplicationRequest(i.id, i.balance) for i in payable],
        ctx.today,
    )
    result = gateway.charge(method.token, payment.amount, payment.currency, payment.id)
    if result.approved:
        payment = _with_result(payment, result)
        _store(uow, ctx, account, payment, documents, newly_applied=total, new=True)
        return payment
    if not allow_failure:
        raise declined(payment, result)
    failed = _with_result(replace(unapplied, status=PaymentStatus.ERROR), result)
    uow.payments.add(ctx.tenant_id, failed)
    return failed


def declined(payment: Payment, result: GatewayResult) -> DomainError:
    return DomainError(
        ErrorCode.PAYMENT_DECLINED,
        f"Payment of {payment.amount} {payment.currency} was declined by the gateway: "
        f"{result.response_code} - {result.message}.",
        "paymentMethodId",
    )


# -- helpers ------------------------------------------------------------------------------


def _payment_account(
    uow: UnitOfWork, ctx: CommandContext, account_id: str | None, account_number: str | None
) -> Account:
    if not account_id and not account_number:
        raise DomainError(
            ErrorCode.PAYMENT_FIELD_REQUIRED,
            "'accountId' or 'accountNumber' may not be null",
            "accountId",
        )
    by_id = by_number = None
    if account_id:
        by_id = uow.accounts.get(ctx.tenant_id, account_id, for_update=True)
        if by_id is None:
            raise DomainError(
                ErrorCode.ACCOUNT_NOT_FOUND_FOR_PAYMENT,
                f"Account '{account_id}' does not exist.",
                "accountId",
            )
    if account_number:
        by_number = uow.accounts.get_by_number(ctx.tenant_id, account_number, for_update=True)
        if by_number is None:
            raise DomainError(
                ErrorCode.ACCOUNT_NOT_FOUND_FOR_PAYMENT,
                f"Account '{account_number}' does not exist.",
                "accountNumber",
            )
    if by_id is not None and by_number is not None and by_id.id != by_number.id:
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_FIELD,
            "'accountId' and 'accountNumber' name different accounts.",
            "accountNumber",
        )
    account = by_id or by_number
    assert account is not None
    return ensure_open(account, "accountId" if by_id is not None else "accountNumber")


def _method_for(
    uow: UnitOfWork,
    ctx: CommandContext,
    account: Account,
    method_id: str | None,
    *,
    field_name: str = "paymentMethodId",
) -> PaymentMethod:
    """The payment method given (one of the account's) or the account's default."""
    if method_id is not None:
        method = uow.payments.get_method(ctx.tenant_id, method_id)
        if method is None or method.account_id != account.id or method.scrubbed:
            raise DomainError(
                ErrorCode.PAYMENT_METHOD_NOT_FOUND_FOR_PAYMENT,
                f"Payment method '{method_id}' is not a payment method of account "
                f"{account.account_number}.",
                field_name,
            )
        return method
    if account.default_payment_method_id is None:
        raise DomainError(ErrorCode.NO_DEFAULT_PAYMENT_METHOD, NO_DEFAULT_MESSAGE, field_name)
    method = uow.payments.get_method(ctx.tenant_id, account.default_payment_method_id)
    assert method is not None, "an account's default payment method is never deleted"
    return method


def _new_number(uow: UnitOfWork, ctx: CommandContext, given: str | None) -> str:
    if given is not None:
        number = check_number(given)
        if uow.payments.number_in_use(ctx.tenant_id, number):
            raise DomainError(
                ErrorCode.PAYMENT_NUMBER_TAKEN,
                f"A payment numbered '{number}' already exists.",
                "number",
            )
        return number
    while True:
        number = next_number(uow, ctx.tenant_id, NumberKind.PAYMENT)
        if not uow.payments.number_in_use(ctx.tenant_id, number):
            return number


def _apply_all(
    uow: UnitOfWork,
    ctx: CommandContext,
    payment: Payment,
    requests: Iterable[InvoiceApplicationRequest],
    effective_date: date,
) -> tuple[Payment, dict[str, BillingDocument]]:
    """Apply each request in turn (the same invoice may come twice); nothing is stored."""
    documents: dict[str, BillingDocument] = {}
    for request in requests:
        found = uow.billing.get_document(ctx.tenant_id, request.invoice_key, DocumentKind.INVOICE)
        if found is None:
            raise DomainError(
                ErrorCode.INVOICE_NOT_FOUND_FOR_PAYMENT,
                f"Invoice '{request.invoice_key}' does not exist.",
                "invoices.invoiceId",
            )
        invoice = documents.get(found.id, found)
        payment, invoice = apply_to_invoice(
            payment, invoice, request.amount, effective_date, ctx.now
        )
        documents[invoice.id] = invoice
    return payment, documents


def _with_result(payment: Payment, result: GatewayResult) -> Payment:
    return replace(
        payment,
        gateway_state=GatewayState.SUBMITTED,
        gateway_reference_id=result.reference_id,
        gateway_response_code=result.response_code,
        gateway_response=result.message,
    )


def _store(
    uow: UnitOfWork,
    ctx: CommandContext,
    account: Account,
    payment: Payment,
    documents: dict[str, BillingDocument],
    *,
    newly_applied: Decimal,
    new: bool,
) -> None:
    """The payment, the invoices it changed and the account's metrics, together."""
    metrics = account.metrics
    if new:
        uow.payments.add(ctx.tenant_id, payment)
        metrics = metrics_on_payment(metrics, payment)
    else:
        uow.payments.update(ctx.tenant_id, payment)
    for document in documents.values():
        uow.billing.update_document(ctx.tenant_id, document)
    metrics = metrics_on_application(metrics, newly_applied)
    uow.accounts.update(ctx.tenant_id, replace(account, metrics=metrics))
