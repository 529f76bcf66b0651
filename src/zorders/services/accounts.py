"""Customer accounts (spec §13.1): create, read by id or number, update, summary.

`create_account` and `find_account` work inside the caller's unit of work, so that an
order can create its `newAccount` (or find its `existingAccountNumber`) in the order's
own transaction; `create`, `get`, `update` and `summary` are the API's use cases, each
one unit of work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Final

from zorders.domain.accounts import (
    Account,
    AccountDraft,
    AccountStatus,
    AccountSummary,
    AccountUpdate,
    apply_update,
    assign_contact,
    new_account,
    validate_account_number,
)
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_text
from zorders.domain.money import quantize
from zorders.domain.numbering import NumberKind
from zorders.domain.subscription.metrics import account_contracted_mrr
from zorders.services import account_summary
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.numbering import next_number
from zorders.services.ports import UnitOfWork, UnitOfWorkFactory

# Contact roles of an account, and the request field that names a role's contact by id.
CONTACT_ID_FIELDS: Final = {
    "bill_to": "billToContactId",
    "sold_to": "soldToContactId",
    "ship_to": "shipToContactId",
}
_CONTACT_FIELDS: Final = {
    "bill_to": "billToContact",
    "sold_to": "soldToContact",
    "ship_to": "shipToContact",
}


def _free_number(uow: UnitOfWork, tenant_id: str) -> str:
    """The next generated number that no explicitly numbered account already holds."""
    while True:
        number = next_number(uow, tenant_id, NumberKind.ACCOUNT)
        if not uow.accounts.number_taken(tenant_id, number):
            return number


def create_account(uow: UnitOfWork, ctx: CommandContext, draft: AccountDraft) -> Account:
    """A new Active account, added to `uow`; the caller commits (or rolls back, which
    also gives back a generated number)."""
    if draft.account_number is not None:
        number = validate_account_number(draft.account_number)
        if uow.accounts.number_taken(ctx.tenant_id, number):
            raise DomainError(
                ErrorCode.ACCOUNT_NUMBER_TAKEN,
                f"An account with number '{number}' already exists.",
                "accountNumber",
            )
    else:
        number = _free_number(uow, ctx.tenant_id)
    account = new_account(
        draft, account_id=new_id(), account_number=number, new_contact_id=new_id, now=ctx.now
    )
    uow.accounts.add(ctx.tenant_id, account)
    return account


def find_account(uow: UnitOfWork, tenant_id: str, key: str, *, for_update: bool = False) -> Account:
    """By id or by number: Zuora takes either as the account key."""
    account = uow.accounts.get_by_key(tenant_id, key, for_update=for_update)
    if account is None:
        raise DomainError(ErrorCode.ACCOUNT_NOT_FOUND, f"Cannot find entity by key: '{key}'.")
    return account


def ensure_open(account: Account, field_name: str | None = None) -> Account:
    """A Canceled account (a deleted one keeps its row, RS3) takes no new orders and no
    payments."""
    if account.status is AccountStatus.CANCELED:
        raise DomainError(
            ErrorCode.ACCOUNT_CANCELED,
            f"Account '{account.account_number}' is canceled.",
            field_name,
        )
    return account


def create(uow_factory: UnitOfWorkFactory, ctx: CommandContext, draft: AccountDraft) -> Account:
    with uow_factory() as uow:
        account = create_account(uow, ctx, draft)
        uow.commit()
    return account


# Every subscription an account owns counts in its contracted MRR.
_ALL_OWNED: Final = 1_000_000


def get(uow_factory: UnitOfWorkFactory, ctx: CommandContext, key: str) -> Account:
    """The account, with its contracted MRR as of the tenant's business date (A14)."""
    with uow_factory(read_only=True) as uow:
        account = find_account(uow, ctx.tenant_id, key)
        owned = uow.subscriptions.latest_for_account(
            ctx.tenant_id, account.id, offset=0, limit=_ALL_OWNED
        )
    mrr = quantize(account_contracted_mrr(owned, ctx.today), account.currency)
    return replace(account, metrics=replace(account.metrics, contracted_mrr=mrr))


def list_accounts(uow_factory: UnitOfWorkFactory, ctx: CommandContext) -> list[Account]:
    with uow_factory(read_only=True) as uow:
        return uow.accounts.list_all(ctx.tenant_id)


# The most accounts one search answers (the console's list).
SEARCH_LIMIT = 100


def search(uow: UnitOfWork, ctx: CommandContext, text: str) -> list[Account]:
    """By number (prefix), name (part) or the number of a subscription the account owns;
    every account, by number, when `text` is blank."""
    wanted = check_text(text, "q", max_length=255).strip()
    return uow.accounts.search(ctx.tenant_id, wanted, limit=SEARCH_LIMIT)


def update(
    uow_factory: UnitOfWorkFactory,
    ctx: CommandContext,
    key: str,
    change: AccountUpdate,
    *,
    contact_ids: Mapping[str, str] | None = None,
) -> Account:
    """PUT semantics: what `change` sent changes, the rest stays. `contact_ids` (role ->
    contact id) makes another contact of the same account play a role."""
    with uow_factory() as uow:
        account = find_account(uow, ctx.tenant_id, key, for_update=True)
        for role, contact_id in (contact_ids or {}).items():
            wire = CONTACT_ID_FIELDS[role]
            if getattr(change, role) is not None:
                raise DomainError(
                    ErrorCode.INVALID_ACCOUNT_FIELD,
                    f"Give '{_CONTACT_FIELDS[role]}' or '{wire}', not both.",
                    wire,
                )
            contact = uow.accounts.get_contact(ctx.tenant_id, contact_id)
            if contact is None or contact.account_id != account.id:
                raise DomainError(
                    ErrorCode.CONTACT_NOT_FOUND,
                    f"'{wire}': account {account.account_number} has no contact '{contact_id}'.",
                    wire,
                )
            account = assign_contact(account, role, contact)
        updated = apply_update(account, change, now=ctx.now)
        uow.accounts.update(ctx.tenant_id, updated)
        uow.commit()
    return updated


def summary(uow_factory: UnitOfWorkFactory, ctx: CommandContext, key: str) -> AccountSummary:
    with uow_factory(read_only=True) as uow:
        account = find_account(uow, ctx.tenant_id, key)
        repo = uow.accounts
        return AccountSummary(
            account=account,
            subscriptions=tuple(repo.subscription_summaries(ctx.tenant_id, account.id)),
            invoices=tuple(account_summary.invoice_summaries(uow, ctx.tenant_id, account.id)),
            payments=tuple(account_summary.payment_summaries(uow, ctx.tenant_id, account.id)),
            usage=tuple(repo.usage_summaries(ctx.tenant_id, account.id)),
        )
