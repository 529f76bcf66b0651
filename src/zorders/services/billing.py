"""Billing an account for a target date: the engine per subscription, one document per run
(per subscription for those invoiced separately), charged-through dates and account
metrics kept in the same transaction (architecture principle 6)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from zorders.domain.accounts import Account
from zorders.domain.billing.documents import (
    CREDIT_MEMO_REASON_CODES,
    DEFAULT_CREDIT_MEMO_REASON_CODE,
    BillingDocument,
    DocumentKind,
    DocumentStatus,
)
from zorders.domain.billing.engine import bill
from zorders.domain.billing.items import Item
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.model import LineItem
from zorders.domain.numbering import NumberKind
from zorders.domain.subscription.model import Subscription
from zorders.services import line_item_billing
from zorders.services.billing_compose import compose, facts_for, post_to_account
from zorders.services.context import CommandContext
from zorders.services.numbering import next_number
from zorders.services.ports import UnitOfWork
from zorders.services.tenants import tenant_settings


@dataclass(frozen=True)
class BillingOutcome:
    documents: tuple[BillingDocument, ...] = ()

    @property
    def invoices(self) -> tuple[BillingDocument, ...]:
        return tuple(d for d in self.documents if d.kind is DocumentKind.INVOICE)

    @property
    def credit_memos(self) -> tuple[BillingDocument, ...]:
        return tuple(d for d in self.documents if d.kind is DocumentKind.CREDIT_MEMO)


def preview_items(
    uow: UnitOfWork,
    ctx: CommandContext,
    account: Account,
    subscriptions: Collection[Subscription],
    target: date,
    *,
    exclude: frozenset[ChargeType] = frozenset(),
    line_items: Collection[LineItem] = (),
) -> list[Item]:
    """What billing would add, without storing anything (BillingDocs preview); with the
    order's own `line_items`, those that billing would bill too."""
    bcd = account.bill_cycle_day or (
        min(s.contract_effective_date for s in subscriptions).day if subscriptions else 1
    )
    rule = tenant_settings(uow, ctx.tenant_id).proration
    items: list[Item] = []
    for subscription in subscriptions:
        billed = uow.billing.billed_items(ctx.tenant_id, subscription.number)
        run = bill(subscription, facts_for(subscription, bcd), target, billed, rule,
                   exclude=exclude)  # fmt: skip
        items.extend(run.items)
    items.extend(line_item_billing.preview(list(line_items), target))
    return items


def bill_account(
    uow: UnitOfWork,
    ctx: CommandContext,
    account: Account,
    target: date,
    *,
    document_date: date | None = None,
    draft: bool = False,
    exclude: frozenset[ChargeType] = frozenset(),
    subscription_numbers: Collection[str] | None = None,
    source_type: str = "Subscription",
    source_id: str | None = None,
    credit_memo_reason_code: str | None = None,
    line_items: bool | Collection[str] = False,
) -> BillingOutcome:
    """Inside the caller's unit of work, which holds the account's row lock. Billing again
    for the same target adds nothing.

    `subscription_numbers`: None bills every subscription the account is invoiced for,
    a collection only those (empty: none). `line_items`: False bills no order line item,
    True every billable one of the account (and its fulfillments), a collection of line
    item ids only those. Sales join the subscriptions' invoice; returns are credited on a
    credit memo of their own, never as negative lines of an invoice (OB1)."""
    reason = credit_memo_reason(credit_memo_reason_code)
    subscriptions = [
        s
        for s in uow.subscriptions.latest_for_invoice_owner(ctx.tenant_id, account.id)
        if subscription_numbers is None or s.number in subscription_numbers
    ]
    billed = {s.number: uow.billing.billed_items(ctx.tenant_id, s.number) for s in subscriptions}
    lines = line_item_billing.collect(uow, ctx, account, target, line_items)
    composed = compose(
        ctx,
        account,
        subscriptions,
        billed,
        tenant_settings(uow, ctx.tenant_id).proration,
        target,
        document_date=document_date,
        draft=draft,
        exclude=exclude,
        source_type=source_type,
        source_id=source_id,
        reason=reason,
        lines=lines,
    )
    for subscription in composed.charged:
        uow.subscriptions.update_version(ctx.tenant_id, subscription)
    documents = []
    for document in composed.documents:
        kind = (
            NumberKind.INVOICE if document.kind is DocumentKind.INVOICE else NumberKind.CREDIT_MEMO
        )
        numbered = replace(document, number=next_number(uow, ctx.tenant_id, kind))
        uow.billing.add_document(ctx.tenant_id, numbered)
        documents.append(numbered)
    if composed.account_changed:
        uow.accounts.update(ctx.tenant_id, composed.account)
    line_item_billing.mark_billed(uow, ctx, lines)
    return BillingOutcome(tuple(documents))


def credit_memo_reason(given: object) -> str:
    """`creditMemoReasonCode`: one of the tenant's reason codes (Zuora's pre-populated
    list), Zuora's default when absent or empty (decision B19)."""
    if given is None or given == "":
        return DEFAULT_CREDIT_MEMO_REASON_CODE
    if not isinstance(given, str) or given not in CREDIT_MEMO_REASON_CODES:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"Invalid creditMemoReasonCode {given!r}: it must be one of "
            + ", ".join(CREDIT_MEMO_REASON_CODES)
            + ".",
            "creditMemoReasonCode",
        )
    return given


def _unpost_from_account(account: Account, document: BillingDocument) -> Account:
    return post_to_account(account, replace(document, balance=-document.balance))


def get_document(
    uow: UnitOfWork, ctx: CommandContext, key: str, kind: DocumentKind
) -> BillingDocument:
    document = uow.billing.get_document(ctx.tenant_id, key, kind)
    if document is None:
        code = (
            ErrorCode.INVOICE_NOT_FOUND
            if kind is DocumentKind.INVOICE
            else ErrorCode.CREDIT_MEMO_NOT_FOUND
        )
        raise DomainError(code, f"{kind.value} '{key}' does not exist.", "key")
    return document


def post_invoice(uow: UnitOfWork, ctx: CommandContext, key: str) -> BillingDocument:
    document = get_document(uow, ctx, key, DocumentKind.INVOICE)
    if document.status is not DocumentStatus.DRAFT:
        raise DomainError(
            ErrorCode.INVALID_DOCUMENT_STATE,
            f"Invoice {document.number} is {document.status.value}: only Draft invoices can "
            "be posted.",
            "status",
        )
    posted = replace(document, status=DocumentStatus.POSTED, posted_date=ctx.today)
    uow.billing.update_document(ctx.tenant_id, posted)
    account = uow.accounts.get(ctx.tenant_id, document.account_id, for_update=True)
    assert account is not None
    uow.accounts.update(ctx.tenant_id, post_to_account(account, posted))
    return posted


def cancel_invoice(uow: UnitOfWork, ctx: CommandContext, key: str) -> BillingDocument:
    """A canceled invoice no longer counts as billed: its subscriptions' charged-through
    dates go back to what the remaining documents cover, and the order line items and
    fulfillments it billed go back to SentToBilling (OB3)."""
    document = get_document(uow, ctx, key, DocumentKind.INVOICE)
    if document.status is DocumentStatus.CANCELED:
        raise DomainError(
            ErrorCode.INVALID_DOCUMENT_STATE,
            f"Invoice {document.number} is already Canceled.",
            "status",
        )
    account = uow.accounts.get(ctx.tenant_id, document.account_id, for_update=True)
    assert account is not None
    if document.status is DocumentStatus.POSTED:
        if document.balance != document.amount:
            raise DomainError(
                ErrorCode.INVALID_DOCUMENT_STATE,
                f"Invoice {document.number} has payments or credits applied; it cannot be "
                "canceled.",
                "status",
            )
        uow.accounts.update(ctx.tenant_id, _unpost_from_account(account, document))
    canceled = replace(document, status=DocumentStatus.CANCELED, balance=Decimal(0))
    uow.billing.update_document(ctx.tenant_id, canceled)
    line_item_billing.unbill(uow, ctx, document)
    for number in sorted({i.item.subscription_number for i in document.items} - {""}):
        latest = uow.subscriptions.latest(ctx.tenant_id, number, for_update=True)
        if latest is None:
            continue
        remaining = uow.billing.billed_items(ctx.tenant_id, number)
        through: dict[str, date] = {}
        for entry in remaining:
            item = entry.item
            if item.amount > 0:
                end = item.service_end
                through[item.charge_number] = max(through.get(item.charge_number, end), end)
        plans = tuple(
            replace(
                p,
                charges=tuple(
                    replace(
                        c,
                        charged_through_date=through.get(c.number),
                        processed_through_date=through.get(c.number),
                    )
                    for c in p.charges
                ),
            )
            for p in latest.rate_plans
        )
        uow.subscriptions.update_version(ctx.tenant_id, replace(latest, rate_plans=plans))
    return canceled
