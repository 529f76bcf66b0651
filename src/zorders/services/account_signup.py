"""A new account with its first credit card, in one unit of work (the v2 `POST /accounts`
with `payment_method`, and an order's new account with one, spec §12.2 `account_data`):
the card becomes the default payment method, so `auto_pay: true` may come with it. A
refused card creates no account.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from zorders.domain.accounts import Account, AccountDraft
from zorders.domain.payments import CardDetails
from zorders.services import payments
from zorders.services.accounts import create_account
from zorders.services.context import CommandContext
from zorders.services.ports import PaymentGateway, UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class SignupCard:
    """A card a new account is opened with: only ever passed to the gateway, never stored
    (not in a saved order's command, not in a job's payload)."""

    card: CardDetails
    card_type: str | None = None


def open_account(
    uow: UnitOfWork,
    ctx: CommandContext,
    gateway: PaymentGateway,
    draft: AccountDraft,
    card: SignupCard | None,
) -> Account:
    """In the caller's unit of work: the account, then its card as the default method."""
    if card is None:
        return create_account(uow, ctx, draft)
    # auto_pay needs the default payment method, which exists only after the card.
    account = create_account(uow, ctx, replace(draft, auto_pay=False))
    method = payments.create_payment_method(
        uow,
        ctx,
        gateway,
        payments.NewCardMethod(
            account_key=account.id, card=card.card, card_type=card.card_type, make_default=True
        ),
    )
    account = replace(
        account,
        default_payment_method_id=method.id,
        auto_pay=draft.auto_pay,
        updated_at=ctx.now,
    )
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
