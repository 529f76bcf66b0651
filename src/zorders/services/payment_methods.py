"""Payment methods of every type (spec §13.5): create (for an account or as an orphan, made
before its account), read, update, attach, delete, scrub; an account's default.

Every function works inside the caller's unit of work. A method's secrets go to the
gateway only; the stored method keeps masks and the gateway's token (domain rules in
`zorders.domain.payment_method_rules`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from zorders.domain.accounts import Account, AccountDraft
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.payment_method_rules import check_method, new_method, scrubbed
from zorders.domain.payment_methods import (
    AccountHolder,
    CardDetails,
    Mandate,
    MethodDetails,
    PaymentMethod,
    PaymentMethodType,
    check_expiry,
)
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.ports import PaymentGateway, UnitOfWork


@dataclass(frozen=True)
class NewCardMethod:
    """`POST /v1/payment-methods` for a credit card."""

    account_key: str
    card: CardDetails
    card_type: str | None = None
    make_default: bool = False


@dataclass(frozen=True)
class NewPaymentMethod:
    """`POST /v1/payment-methods` of any type; no `account_key` makes an orphan method."""

    details: MethodDetails
    account_key: str | None = None
    make_default: bool = False


@dataclass(frozen=True)
class MethodChanges:
    """`PUT /v1/payment-methods/{id}`: only what is given changes."""

    account_key: str | None = None
    make_default: bool | None = None
    expiration_month: int | None = None
    expiration_year: int | None = None
    holder: AccountHolder | None = None
    mandate: Mandate | None = None
    email: str | None = None


def card_details(request: NewCardMethod) -> NewPaymentMethod:
    return NewPaymentMethod(
        MethodDetails(
            PaymentMethodType.CREDIT_CARD, card=request.card, card_type=request.card_type
        ),
        account_key=request.account_key,
        make_default=request.make_default,
    )


def create_payment_method(
    uow: UnitOfWork,
    ctx: CommandContext,
    gateway: PaymentGateway,
    request: NewPaymentMethod | NewCardMethod,
) -> PaymentMethod:
    """A payment method checked, tokenized by the gateway and kept as masks. `makeDefault`
    makes it the account's default payment method (which `autoPay: true` needs)."""
    if isinstance(request, NewCardMethod):
        request = card_details(request)
    account = (
        _account_by_key(uow, ctx, request.account_key, "accountKey")
        if request.account_key is not None
        else None
    )
    if request.make_default and account is None:
        raise DomainError(
            ErrorCode.PAYMENT_METHOD_FIELD_REQUIRED,
            "'accountKey' may not be null with 'makeDefault': an orphan payment method has "
            "no account.",
            "accountKey",
        )
    details = request.details
    card_type = check_method(details, ctx.today)
    token = (
        gateway.tokenize(details.card)
        if details.card is not None
        else gateway.tokenize_method(details)
    )
    method = new_method(
        details,
        method_id=new_id(),
        account_id=account.id if account else None,
        card_type=card_type,
        token=token,
        gateway=(account.payment_gateway if account else None) or gateway.name,
        now=ctx.now,
    )
    uow.payments.add_method(ctx.tenant_id, method)
    if request.make_default and account is not None:
        uow.accounts.update(
            ctx.tenant_id,
            replace(account, default_payment_method_id=method.id, updated_at=ctx.now),
        )
    return method


def with_signup_method(
    uow: UnitOfWork,
    ctx: CommandContext,
    gateway: PaymentGateway,
    draft: AccountDraft | None,
    details: MethodDetails | None,
) -> AccountDraft | None:
    """An order's new account with a payment method: the method is made first, as an
    orphan in the caller's transaction, and the draft names it (`payment_method_id`), so
    that no secret is part of the order's command (a Draft or an async job stores it)."""
    if draft is None or details is None:
        return draft
    method = create_payment_method(uow, ctx, gateway, NewPaymentMethod(details))
    return replace(draft, payment_method_id=method.id, payment_method_made=True)


def drop_signup_method(uow: UnitOfWork, ctx: CommandContext, draft: AccountDraft | None) -> None:
    """An order that failed before opening its new account: the method made for it (still
    an orphan) is deleted, so no orphan is left behind (RK8). One given by id stays."""
    if draft is None or not draft.payment_method_made or draft.payment_method_id is None:
        return
    method = uow.payments.get_method(ctx.tenant_id, draft.payment_method_id)
    if method is not None and method.account_id is None:
        uow.payments.delete_method(ctx.tenant_id, method.id)


def get_method(uow: UnitOfWork, ctx: CommandContext, method_id: str) -> PaymentMethod:
    method = uow.payments.get_method(ctx.tenant_id, method_id)
    if method is None:
        raise DomainError(
            ErrorCode.PAYMENT_METHOD_NOT_FOUND, f"Payment method '{method_id}' does not exist."
        )
    return method


def method_account(uow: UnitOfWork, ctx: CommandContext, method: PaymentMethod) -> Account | None:
    return uow.accounts.get(ctx.tenant_id, method.account_id) if method.account_id else None


def attach_method(
    uow: UnitOfWork, ctx: CommandContext, account: Account, method_id: str, field_name: str
) -> Account:
    """`hpmCreditCardPaymentMethodId`: a method made beforehand becomes the account's own
    and its default. It must be an orphan or already the account's."""
    method = uow.payments.get_method(ctx.tenant_id, method_id)
    if method is None or method.scrubbed:
        raise DomainError(
            ErrorCode.PAYMENT_METHOD_NOT_FOUND_FOR_PAYMENT,
            f"Payment method '{method_id}' does not exist.",
            field_name,
        )
    if method.account_id not in (None, account.id):
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_METHOD_FIELD,
            f"Payment method '{method_id}' belongs to another account.",
            field_name,
        )
    if method.account_id is None:
        uow.payments.update_method(
            ctx.tenant_id, replace(method, account_id=account.id, updated_at=ctx.now)
        )
    attached = replace(account, default_payment_method_id=method.id, updated_at=ctx.now)
    uow.accounts.update(ctx.tenant_id, attached)
    return attached


def update_payment_method(
    uow: UnitOfWork, ctx: CommandContext, method_id: str, changes: MethodChanges
) -> PaymentMethod:
    method = _live(get_method(uow, ctx, method_id))
    if changes.account_key is not None:
        account = _account_by_key(uow, ctx, changes.account_key, "accountKey")
        if method.account_id not in (None, account.id):
            raise DomainError(
                ErrorCode.INVALID_PAYMENT_METHOD_FIELD,
                "A payment method of an account cannot move to another account.",
                "accountKey",
            )
        method = replace(method, account_id=account.id)
    month = changes.expiration_month or method.expiration_month
    year = changes.expiration_year or method.expiration_year
    if changes.expiration_month or changes.expiration_year:
        if not method.is_card or month is None or year is None:
            raise DomainError(
                ErrorCode.INVALID_PAYMENT_METHOD_FIELD,
                "'expirationMonth' and 'expirationYear' are a card's.",
                "expirationMonth",
            )
        check_expiry(month, year, ctx.today)
    holder = changes.holder
    if holder is not None and method.holder is not None:
        merged = {k: v for k, v in vars(holder).items() if v is not None}
        holder = replace(method.holder, **merged)
    method = replace(
        method,
        expiration_month=month,
        expiration_year=year,
        holder=holder or method.holder,
        holder_name=(holder.name if holder and holder.name else None) or method.holder_name,
        mandate=changes.mandate or method.mandate,
        email=changes.email or method.email,
        updated_at=ctx.now,
    )
    uow.payments.update_method(ctx.tenant_id, method)
    if changes.make_default:
        owner = method_account(uow, ctx, method)
        if owner is None:
            raise DomainError(
                ErrorCode.INVALID_PAYMENT_METHOD_FIELD,
                "'makeDefault' needs the method's account ('accountKey').",
                "makeDefault",
            )
        uow.accounts.update(
            ctx.tenant_id, replace(owner, default_payment_method_id=method.id, updated_at=ctx.now)
        )
    return method


def delete_payment_method(uow: UnitOfWork, ctx: CommandContext, method_id: str) -> None:
    """Deleted for good; an account's default payment method is not deleted (make another
    one the default first). Payments made with it keep its id."""
    method = get_method(uow, ctx, method_id)
    _not_default(uow, ctx, method, "deleted")
    uow.payments.delete_method(ctx.tenant_id, method.id)


def scrub_payment_method(uow: UnitOfWork, ctx: CommandContext, method_id: str) -> PaymentMethod:
    """Personal data written over, the method soft-deleted (status Closed, not listed,
    never charged)."""
    method = _live(get_method(uow, ctx, method_id))
    _not_default(uow, ctx, method, "scrubbed")
    method = scrubbed(method, ctx.now)
    uow.payments.update_method(ctx.tenant_id, method)
    return method


def account_payment_methods(
    uow: UnitOfWork, ctx: CommandContext, account_key: str
) -> tuple[Account, list[PaymentMethod]]:
    account = find_account(uow, ctx.tenant_id, account_key)
    methods = uow.payments.methods_of_account(ctx.tenant_id, account.id)
    return account, [m for m in methods if not m.scrubbed]


def default_payment_method(
    uow: UnitOfWork, ctx: CommandContext, account_key: str
) -> tuple[Account, PaymentMethod]:
    account = find_account(uow, ctx.tenant_id, account_key)
    method = (
        uow.payments.get_method(ctx.tenant_id, account.default_payment_method_id)
        if account.default_payment_method_id
        else None
    )
    if method is None:
        raise DomainError(
            ErrorCode.PAYMENT_METHOD_NOT_FOUND,
            f"Account {account.account_number} has no default payment method.",
        )
    return account, method


# -- helpers ------------------------------------------------------------------------------


def _live(method: PaymentMethod) -> PaymentMethod:
    if method.scrubbed:
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_METHOD_FIELD,
            f"Payment method '{method.id}' was scrubbed: it can no longer change or be used.",
            "paymentMethodId",
        )
    return method


def _not_default(uow: UnitOfWork, ctx: CommandContext, method: PaymentMethod, what: str) -> None:
    account = method_account(uow, ctx, method)
    if account is not None and account.default_payment_method_id == method.id:
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_METHOD_FIELD,
            f"Payment method '{method.id}' is the default payment method of account "
            f"{account.account_number} and cannot be {what}.",
            "paymentMethodId",
        )


def _account_by_key(uow: UnitOfWork, ctx: CommandContext, key: str, field_name: str) -> Account:
    account = uow.accounts.get(ctx.tenant_id, key, for_update=True)
    if account is None:
        account = uow.accounts.get_by_number(ctx.tenant_id, key, for_update=True)
    if account is None:
        raise DomainError(
            ErrorCode.ACCOUNT_NOT_FOUND_FOR_PAYMENT, f"Account '{key}' does not exist.", field_name
        )
    return account
