"""What must hold after the soak, read from the database of one tenant.

(a) Documents: each invoice's amount is the sum of its items, each credit memo's the sum
    of its items negated; the items of the document's JSON are the rows of
    `billing_items`; a Posted invoice's balance is its amount less what payments and credit
    memos applied to it, between 0 and its amount, and what payments applied to it is what
    the payments say they applied.
(b) Accounts: `balance` and `totalInvoiceBalance` are the sum of the Posted invoices'
    balances; `creditBalance` and `unappliedCreditMemoAmount` the sum of the Posted credit
    memos' balances (the credit not yet applied); `unappliedPaymentAmount` what the
    Processed payments have not applied. So what the account owes net (balance less its
    unapplied credit and payments) is what its open documents say.
(c) Versions: each subscription's versions are 1..n with no gap, its head names n as the
    latest (exactly one latest), each version's document is that number and version, and
    each was made by a stored order that lists the subscription; through the API, the hot
    subscriptions answer version n as the only latest.
(d) Commit order and net billed: every order answered a success made exactly one version
    of its subscription, no refused order made one; `net_billed` (items of documents that
    stand, credits negative) per subscription is what the test compares with the replay.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import httpx2 as httpx
from sqlalchemy import select
from sqlalchemy.engine import Connection

from tests.soak.workload import Record, loads
from zorders.domain.billing.documents import BillingDocument, DocumentKind, DocumentStatus
from zorders.domain.payments import Payment, PaymentStatus
from zorders.storage.documents import from_document, subscription_from_document
from zorders.storage.tables import (
    accounts,
    billing_documents,
    billing_items,
    order_subscriptions,
    orders,
    payments,
    subscription_versions,
    subscriptions,
)

ZERO = Decimal(0)


@dataclass
class Report:
    checked: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)

    def check(self, holds: bool, message: str) -> None:
        if not holds:
            self.violations.append(message)


def _documents(conn: Connection, tenant_id: str, report: Report) -> list[BillingDocument]:
    """The tenant's documents, each row checked against its JSON document."""
    rows = conn.execute(
        select(billing_documents).where(billing_documents.c.tenant_id == tenant_id)
    ).mappings()
    out = []
    for row in rows:
        doc = from_document(BillingDocument, row["document"])
        stored = (row["amount"], row["balance"], row["status"], row["kind"], row["account_id"])
        as_json = (doc.amount, doc.balance, doc.status.value, doc.kind.value, doc.account_id)
        report.check(stored == as_json, f"{doc.number}: row {stored}, document {as_json}")
        out.append(doc)
    return out


def _items(conn: Connection, tenant_id: str) -> dict[str, dict[str, Decimal]]:
    by_document: dict[str, dict[str, Decimal]] = defaultdict(dict)
    rows = conn.execute(
        select(billing_items.c.document_id, billing_items.c.id, billing_items.c.amount).where(
            billing_items.c.tenant_id == tenant_id
        )
    )
    for document_id, item_id, amount in rows:
        by_document[document_id][item_id] = amount
    return by_document


def _payments(conn: Connection, tenant_id: str, report: Report) -> list[Payment]:
    rows = conn.execute(select(payments).where(payments.c.tenant_id == tenant_id)).mappings()
    out = []
    for row in rows:
        payment = from_document(Payment, row["payment"])
        stored, as_json = (row["amount"], row["status"]), (payment.amount, payment.status.value)
        report.check(stored == as_json, f"{payment.number}: row {stored}, document {as_json}")
        out.append(payment)
    return out


def documents_and_accounts(conn: Connection, tenant_id: str, report: Report) -> None:
    """(a) and (b)."""
    documents = _documents(conn, tenant_id, report)
    items = _items(conn, tenant_id)
    paid: dict[str, Decimal] = defaultdict(Decimal)
    unapplied: dict[str, Decimal] = defaultdict(Decimal)
    for p in _payments(conn, tenant_id, report):
        report.checked["payments"] += 1
        report.check(
            ZERO <= p.applied_amount <= p.amount, f"{p.number}: applied {p.applied_amount}"
        )
        if p.status is PaymentStatus.PROCESSED:
            unapplied[p.account_id] += p.unapplied_amount
            for a in p.applications:
                paid[a.invoice_id] += a.amount
    invoice_balance: dict[str, Decimal] = defaultdict(Decimal)
    credit_balance: dict[str, Decimal] = defaultdict(Decimal)
    credit_used: dict[str, Decimal] = defaultdict(Decimal)
    memo_used: dict[str, Decimal] = defaultdict(Decimal)
    for doc in documents:
        table = items.get(doc.id, {})
        total = sum(table.values(), ZERO)
        invoice = doc.kind is DocumentKind.INVOICE
        report.checked["invoices" if invoice else "credit memos"] += 1
        report.check(
            table == {i.id: i.item.amount for i in doc.items},
            f"{doc.number}: billing_items rows are not the document's items",
        )
        expected = total if invoice else -total
        report.check(doc.amount == expected, f"{doc.number}: amount {doc.amount}, items {total}")
        report.check(
            doc.amount >= 0 if invoice else doc.amount > 0, f"{doc.number}: amount {doc.amount}"
        )
        if doc.status is DocumentStatus.CANCELED:
            report.check(doc.balance == 0, f"{doc.number}: Canceled with balance {doc.balance}")
            continue
        if doc.status is not DocumentStatus.POSTED:
            continue
        report.check(ZERO <= doc.balance <= doc.amount, f"{doc.number}: balance {doc.balance}")
        if invoice:
            applied = doc.payment_amount + doc.credit_memo_amount
            report.check(
                doc.balance == doc.amount - applied,
                f"{doc.number}: balance {doc.balance}, amount {doc.amount}, applied {applied}",
            )
            report.check(
                doc.payment_amount == paid.get(doc.id, ZERO),
                f"{doc.number}: paid {doc.payment_amount}, payments say {paid.get(doc.id)}",
            )
            invoice_balance[doc.account_id] += doc.balance
            credit_used[doc.account_id] += doc.credit_memo_amount
        else:
            credit_balance[doc.account_id] += doc.balance
            memo_used[doc.account_id] += doc.amount - doc.balance
    rows = conn.execute(select(accounts).where(accounts.c.tenant_id == tenant_id)).mappings()
    for a in rows:
        report.checked["accounts"] += 1
        key, owed = a["account_number"], invoice_balance[a["id"]]
        credit, cash = credit_balance[a["id"]], unapplied[a["id"]]
        report.check(
            (a["balance"], a["total_invoice_balance"], a["total_debit_memo_balance"])
            == (owed, owed, ZERO),
            f"{key}: balance {a['balance']}, total invoice balance "
            f"{a['total_invoice_balance']}, open invoices {owed}",
        )
        report.check(
            (a["credit_balance"], a["unapplied_credit_memo_amount"]) == (credit, credit),
            f"{key}: credit balance {a['credit_balance']}, open credit memos {credit}",
        )
        report.check(
            a["unapplied_payment_amount"] == cash,
            f"{key}: unapplied payments {a['unapplied_payment_amount']}, payments say {cash}",
        )
        report.check(
            credit_used[a["id"]] == memo_used[a["id"]],
            f"{key}: invoices took {credit_used[a['id']]} of credit, memos gave "
            f"{memo_used[a['id']]}",
        )
        net = a["balance"] - a["credit_balance"] - a["unapplied_payment_amount"]
        report.check(net == owed - credit - cash, f"{key}: net {net} != {owed - credit - cash}")


def commit_order(conn: Connection, tenant_id: str) -> dict[str, list[str]]:
    """Each subscription's orders in the order of the versions they made."""
    rows = conn.execute(
        select(
            subscription_versions.c.number,
            subscription_versions.c.version,
            subscription_versions.c.order_number,
        )
        .where(subscription_versions.c.tenant_id == tenant_id)
        .order_by(subscription_versions.c.number, subscription_versions.c.version)
    )
    out: dict[str, list[str]] = defaultdict(list)
    for number, _version, order_number in rows:
        out[number].append(order_number)
    return dict(out)


def versions(conn: Connection, tenant_id: str, report: Report) -> None:
    """(c)."""
    heads = {
        number: latest
        for number, latest in conn.execute(
            select(subscriptions.c.number, subscriptions.c.latest_version).where(
                subscriptions.c.tenant_id == tenant_id
            )
        )
    }
    listed: dict[str, set[str]] = defaultdict(set)
    for order_number, number in conn.execute(
        select(orders.c.number, order_subscriptions.c.subscription_number)
        .join(order_subscriptions, order_subscriptions.c.order_id == orders.c.id)
        .where(orders.c.tenant_id == tenant_id, orders.c.status == "Completed")
    ):
        listed[order_number].add(number)
    found: dict[str, list[int]] = defaultdict(list)
    rows = conn.execute(
        select(subscription_versions).where(subscription_versions.c.tenant_id == tenant_id)
    ).mappings()
    for row in rows:
        report.checked["versions"] += 1
        number, version = row["number"], row["version"]
        found[number].append(version)
        doc = subscription_from_document(row["document"])
        report.check(
            (doc.number, doc.version) == (number, version),
            f"{number} v{version}: its document is {doc.number} v{doc.version}",
        )
        report.check(
            number in listed.get(row["order_number"], ()),
            f"{number} v{version}: order {row['order_number']} is not a Completed order of it",
        )
    report.check(set(found) == set(heads), f"heads {sorted(heads)} != versions {sorted(found)}")
    for number, made in found.items():
        report.checked["subscriptions"] += 1
        n = len(made)
        report.check(sorted(made) == list(range(1, n + 1)), f"{number}: versions {sorted(made)}")
        report.check(heads.get(number) == n, f"{number}: latest {heads.get(number)} of {n}")


def latest_through_api(
    http: httpx.Client, order_of: Mapping[str, list[str]], report: Report
) -> None:
    """(c) as the API tells it, for the subscriptions given: the subscription is its last
    version, which alone says it is the latest."""
    for number, made in order_of.items():
        n = len(made)
        latest = loads(http.get(f"/v1/subscriptions/{number}").text)
        report.check(
            (latest.get("version"), latest.get("isLatestVersion")) == (n, True),
            f"{number}: the API answers v{latest.get('version')}, of {n} versions",
        )
        if n > 1:
            before = loads(http.get(f"/v1/subscriptions/{number}/versions/{n - 1}").text)
            report.check(
                before.get("isLatestVersion") is False, f"{number} v{n - 1} says it is latest"
            )


def outcomes(order_of: Mapping[str, list[str]], record: Record, report: Report) -> None:
    """(d), first half: the answers agree with what was stored."""
    stored = Counter(o for made in order_of.values() for o in made)
    report.checked["orders"] = sum(stored.values())
    for number, times in stored.items():
        report.check(times == 1, f"order {number} made {times} versions")
    for number in sorted(record.succeeded - set(stored)):
        report.check(False, f"order {number} answered a success but made no version")
    for number in sorted(set(stored) - record.succeeded - record.unknown):
        report.check(False, f"order {number} was refused (or never sent) but made a version")
    for subscription, made in order_of.items():
        for number in made:
            sent = record.sent.get(number)
            report.check(
                sent is None or sent.subscription == subscription,
                f"order {number} for {sent and sent.subscription} made a version of {subscription}",
            )


def net_billed(conn: Connection, tenant_id: str) -> dict[str, Decimal]:
    """Per subscription: what its items sum to on documents that stand (invoice items and
    credit memo items are stored signed: charges positive, credits negative)."""
    rows = conn.execute(
        select(billing_items.c.subscription_number, billing_items.c.amount)
        .join(billing_documents, billing_documents.c.id == billing_items.c.document_id)
        .where(
            billing_items.c.tenant_id == tenant_id,
            billing_documents.c.status != DocumentStatus.CANCELED.value,
        )
    )
    out: dict[str, Decimal] = defaultdict(Decimal)
    for number, amount in rows:
        out[number] += amount
    return dict(out)


def same_net_billed(
    soak: Mapping[str, Decimal], replay: Mapping[str, Decimal], numbers: Iterable[str]
) -> Report:
    """(d), second half: per subscription, the soak billed what the replay billed."""
    report = Report()
    for number in sorted(numbers):
        report.checked["subscriptions billed"] += 1
        got, want = soak.get(number, ZERO), replay.get(number, ZERO)
        report.check(got == want, f"{number}: the soak billed {got}, the replay {want}")
    return report
