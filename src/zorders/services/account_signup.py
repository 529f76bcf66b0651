"""A new account with its first payment method, in one unit of work (`POST /v1/accounts`
with `paymentMethod` / `creditCard` / `hpmCreditCardPaymentMethodId`, an order's
`newAccount` with one, the v2 `POST /accounts` with `payment_method`, spec §12.2
`account_data`): the method becomes the default payment method, so `autoPay: true` may
come with it. A refused method creates no account.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from zorders.domain.accounts import Account, AccountDraft, check_auto_pay
from zorders.domain.payment_methods import CardDetails, MethodDetails, PaymentMethodType
from zorders.services import payment_methods
from zorders.services.accounts import create_account
from zorders.services.context import CommandContext
from zorders.services.ports import PaymentGateway, UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class SignupCard:
    """A card a new account is opened with: only ever passed to the gateway, never stored
    (not in a saved order's command, not in a job's payload)."""

    card: CardDetails
    card_type: str | None = None

    def details(self) -> MethodDetails:
        return MethodDetails(
            PaymentMethodType.CREDIT_CARD, card=self.card, card_type=self.card_type
        )


@dataclass(frozen=True)
class SignupMethod:
    """A payment method of any type a new account is opened with (secrets transient)."""

    method: MethodDetails

    def details(self) -> MethodDetails:
        return self.method


def open_account(
    uow: UnitOfWork,
    ctx: CommandContext,
    gateway: PaymentGateway | None,
    draft: AccountDraft,
    card: SignupCard | SignupMethod | None,
) -> Account:
    """In the caller's unit of work: the account, then its method as the default one
    (a new one, or `draft.payment_method_id`, made beforehand)."""
    if card is None and draft.payment_method_id is None:
        return create_account(uow, ctx, draft)
    # auto_pay needs the default payment method, which exists only after the method.
    account = create_account(uow, ctx, replace(draft, auto_pay=False))
    if card is not None:
        if gateway is None:
            raise ValueError("a new account's payment method needs the payment gateway")
        method = payment_methods.create_payment_method(
            uow,
            ctx,
            gateway,
            payment_methods.NewPaymentMethod(card.details(), account_key=account.id),
        )
        account = replace(account, default_payment_method_id=method.id)
    else:
        assert draft.payment_method_id is not None
        account = payment_methods.attach_method(
            uow, ctx, account, draft.payment_method_id, "hpmCreditCardPaymentMethodId"
        )
    check_auto_pay(draft.auto_pay, account.default_payment_method_id)
    account = replace(account, auto_pay=draft.auto_pay, updated_at=ctx.now)
    uow.accounts.update(ctx.tenant_id, account)
    return account


def create_with_card(
    uow_factory: UnitOfWorkFactory,
    ctx: CommandContext,
    gateway: PaymentGateway,
    draft: AccountDraft,
    card: CardDetails | None,
    card_type: str | None = None,
) -> Account:
    with uow_factory() as uow:
        account = open_account(
            uow, ctx, gateway, draft, None if card is None else SignupCard(card, card_type)
        )
        uow.commit()
    return account


def create_with_method(
    uow_factory: UnitOfWorkFactory,
    ctx: CommandContext,
    gateway: PaymentGateway,
    draft: AccountDraft,
    method: MethodDetails | None,
) -> Account:
    """`POST /v1/accounts`: the account with its payment method (or none), committed."""
    with uow_factory() as uow:
        account = open_account(
            uow, ctx, gateway, draft, None if method is None else SignupMethod(method)
        )
        uow.commit()
    return account
