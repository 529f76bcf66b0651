"""A billing preview of one account (Zuora's "Generate a billing preview"): what a bill run
for the target date would bill, computed by that very bill run inside the caller's unit of
work, which the caller never commits (architecture principle 3: preview runs the same code
and commits nothing; decision SU3).

Assumed renewals are the real renewal orders the term-end jobs would place, applied in the
same uncommitted transaction, so a renewed term bills exactly as it will once renewed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from zorders.domain.accounts import Account
from zorders.domain.billing.documents import DocumentKind, DocumentStatus
from zorders.domain.billing.items import DocumentItem
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import MAX_ASSUMED_RENEWALS
from zorders.domain.subscription.model import Subscription, TermType
from zorders.services import billing
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext
from zorders.services.orders.create import create_order
from zorders.services.orders.renewals import SYSTEM_USER, renewal_order, term_end_skip_reason
from zorders.services.ports import UnitOfWork


class AssumeRenewal(StrEnum):
    NONE = "None"
    AUTORENEW = "Autorenew"
    ALL = "All"


@dataclass(frozen=True)
class PreviewBilling:
    account_key: str
    target_date: date
    assume_renewal: AssumeRenewal = AssumeRenewal.NONE
    exclude: frozenset[ChargeType] = frozenset()
    including_evergreen: bool = True
    including_draft_items: bool = False


@dataclass(frozen=True)
class SubscriptionRef:
    id: str
    number: str


@dataclass(frozen=True)
class BillingPreview:
    account: Account
    # Items as a bill run would put them on documents (ids name nothing stored).
    invoice_items: tuple[DocumentItem, ...]
    credit_memo_items: tuple[DocumentItem, ...]
    # Subscription number -> the version billed; charge number -> that charge's id.
    subscriptions: dict[str, SubscriptionRef]
    charge_ids: dict[str, str]


def _renews(subscription: Subscription, assume: AssumeRenewal) -> bool:
    if assume is AssumeRenewal.NONE or subscription.terms.term_type is not TermType.TERMED:
        return False
    return assume is AssumeRenewal.ALL or subscription.terms.auto_renew


def _renew_through(
    uow: UnitOfWork, ctx: CommandContext, subscription: Subscription, target: date
) -> None:
    """Renew `subscription` term after term while its term ends on or before `target`,
    through the renewal order the term-end job places."""
    current = subscription
    for renewals in range(MAX_ASSUMED_RENEWALS + 1):
        end = current.terms.term_end_date
        if end is None or end > target or term_end_skip_reason(current, end) is not None:
            return
        if renewals == MAX_ASSUMED_RENEWALS:
            break
        outcome = create_order(uow, ctx, renewal_order(current, end), created_by=SYSTEM_USER)
        (current,) = outcome.versions
        if current.terms.term_type is not TermType.TERMED:
            return
    raise DomainError(
        ErrorCode.INVALID_VALUE,
        f"Subscription {subscription.number} would renew more than {MAX_ASSUMED_RENEWALS} "
        "times before the targetDate: choose an earlier targetDate.",
        "targetDate",
    )


def preview_billing(
    uow: UnitOfWork, ctx: CommandContext, command: PreviewBilling
) -> BillingPreview:
    """Inside a unit of work the caller rolls back: it renews, bills and numbers documents
    exactly as a bill run would, and none of it is kept."""
    account = find_account(uow, ctx.tenant_id, command.account_key, for_update=True)
    target = command.target_date
    # The stored versions name the items (an assumed renewal's version is not kept).
    stored = uow.subscriptions.latest_for_invoice_owner(ctx.tenant_id, account.id)
    for subscription in stored:
        if _renews(subscription, command.assume_renewal):
            _renew_through(uow, ctx, subscription, target)
    subscriptions = uow.subscriptions.latest_for_invoice_owner(ctx.tenant_id, account.id)
    chosen = [
        s
        for s in subscriptions
        if command.including_evergreen or s.terms.term_type is not TermType.EVERGREEN
    ]
    drafts = (
        [
            d
            for d in uow.billing.documents_of_account(ctx.tenant_id, account.id)
            if d.status is DocumentStatus.DRAFT
        ]
        if command.including_draft_items
        else []
    )
    outcome = billing.bill_account(
        uow,
        ctx,
        account,
        target,
        draft=True,
        exclude=command.exclude,
        subscription_numbers={s.number for s in chosen},
    )
    documents = [*drafts, *outcome.documents]
    invoice_items = tuple(i for d in documents if d.kind is DocumentKind.INVOICE for i in d.items)
    credit_items = tuple(
        i for d in documents if d.kind is DocumentKind.CREDIT_MEMO for i in d.items
    )
    return BillingPreview(
        account=account,
        invoice_items=invoice_items,
        credit_memo_items=credit_items,
        subscriptions={s.number: SubscriptionRef(s.id, s.number) for s in stored},
        charge_ids={c.number: c.id for s in stored for p in s.rate_plans for c in p.charges},
    )
