"""What billing one account adds, computed from what was read: the engine per
subscription, one document per run (per subscription for those invoiced separately), the
charged-through dates and the account's metrics. Nothing is read or written here, so a
bill run can compose a whole batch of accounts and store it in a few statements (PF40);
`bill_account` composes one account and stores it at once."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from zorders.domain.accounts import Account
from zorders.domain.billing.documents import (
    BillingDocument,
    DocumentKind,
    DocumentStatus,
    due_date,
    kind_for,
)
from zorders.domain.billing.engine import bill
from zorders.domain.billing.items import DocumentItem, Item
from zorders.domain.billing.line_items import LineItemRun
from zorders.domain.billing.periods import BillingFacts
from zorders.domain.billing.proration import ProrationRule
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.numbering import NumberKind
from zorders.domain.subscription.model import Subscription, TermType
from zorders.services.context import CommandContext
from zorders.services.ids import new_id


@dataclass(frozen=True)
class Composition:
    """The account afterwards (`account_changed`: its bill cycle day was set or documents
    were posted to it), the subscription versions with new charged-through dates, and the
    documents, not numbered yet (`number` empty: numbers are taken when they are stored)."""

    account: Account
    account_changed: bool
    charged: tuple[Subscription, ...]
    documents: tuple[BillingDocument, ...]


def auto_set_bcd(account: Account, subscriptions: Collection[Subscription]) -> int | None:
    """AutoSet (0) takes the day of the first subscription's contract effective date, and
    keeps it (decisions.md #12): the day to set, None when there is nothing to set."""
    if account.bill_cycle_day or not subscriptions:
        return None
    first = min(subscriptions, key=lambda s: (s.contract_effective_date, s.number))
    return first.contract_effective_date.day


def number_kind(kind: DocumentKind) -> NumberKind:
    return NumberKind.INVOICE if kind is DocumentKind.INVOICE else NumberKind.CREDIT_MEMO


def facts_for(subscription: Subscription, bcd: int) -> BillingFacts:
    terms = subscription.terms
    return BillingFacts(
        account_bcd=bcd,
        subscription_start=subscription.subscription_start_date,
        term_start=terms.term_start_date,
        term_end=terms.term_end_date,
        auto_renew=terms.term_type is TermType.TERMED and terms.auto_renew,
    )


def with_charged_through(subscription: Subscription, through: dict[str, date]) -> Subscription:
    plans = tuple(
        replace(
            plan,
            charges=tuple(
                replace(
                    c,
                    charged_through_date=through[c.number],
                    processed_through_date=through[c.number],
                )
                if c.number in through
                else c
                for c in plan.charges
            ),
        )
        for plan in subscription.rate_plans
    )
    return replace(subscription, rate_plans=plans)


def post_to_account(account: Account, document: BillingDocument) -> Account:
    m = account.metrics
    if document.kind is DocumentKind.INVOICE:
        m = replace(
            m,
            balance=m.balance + document.balance,
            total_invoice_balance=m.total_invoice_balance + document.balance,
        )
    else:
        m = replace(
            m,
            credit_balance=m.credit_balance + document.balance,
            unapplied_credit_memo_amount=m.unapplied_credit_memo_amount + document.balance,
        )
    return replace(account, metrics=m)


def compose(
    ctx: CommandContext,
    account: Account,
    subscriptions: Sequence[Subscription],
    billed: Mapping[str, Sequence[DocumentItem]],
    rule: ProrationRule,
    target: date,
    *,
    document_date: date | None,
    draft: bool,
    exclude: frozenset[ChargeType],
    source_type: str,
    source_id: str | None,
    reason: str,
    lines: LineItemRun = LineItemRun(),
) -> Composition:
    """`billed`: what stands billed of each subscription (by number). Sales join the
    subscriptions' invoice; returns are credited on a credit memo of their own (OB1)."""
    day_to_set = auto_set_bcd(account, subscriptions)
    changed = day_to_set is not None
    if day_to_set is not None:
        account = replace(account, bill_cycle_day=day_to_set)
    bcd = account.bill_cycle_day or 1
    groups: dict[str, list[Item]] = {}
    charged = []
    for subscription in subscriptions:
        run = bill(
            subscription,
            facts_for(subscription, bcd),
            target,
            list(billed.get(subscription.number, ())),
            rule,
            exclude=exclude,
        )
        if not run.items:
            continue
        key = subscription.number if subscription.invoice_separately else ""
        groups.setdefault(key, []).extend(run.items)
        if run.charged_through:
            charged.append(with_charged_through(subscription, run.charged_through))
    if lines.charges:
        groups.setdefault("", []).extend(lines.charges)
    day = document_date or ctx.today
    batches = [(kind_for(tuple(items)), items) for items in groups.values()]
    if lines.credits:
        batches.append((DocumentKind.CREDIT_MEMO, list(lines.credits)))
    documents = []
    for kind, items in batches:
        document = BillingDocument(
            id=new_id(),
            number="",
            kind=kind,
            account_id=account.id,
            currency=account.currency,
            status=DocumentStatus.DRAFT if draft else DocumentStatus.POSTED,
            document_date=day,
            target_date=target,
            due_date=due_date(day, account.payment_term.value),
            items=tuple(DocumentItem(new_id(), i) for i in items),
            balance=Decimal(0),
            source_type=source_type,
            source_id=source_id,
            posted_date=None if draft else day,
            created_at=ctx.now,
            reason_code=reason if kind is DocumentKind.CREDIT_MEMO else None,
        )
        document = replace(document, balance=document.amount)
        documents.append(document)
        if not draft:
            account = post_to_account(account, document)
    return Composition(account, changed or bool(documents), tuple(charged), tuple(documents))
