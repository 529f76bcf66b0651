"""Crash tests (issue 16): `zorders serve` killed with SIGKILL while it works, started again
on the same database, and what must then hold of everything a tenant has stored.

`Books` reads a tenant's rows straight from the database and checks that nothing is
half-written: every order has its subscription versions, every version its rate plans,
every invoice its items (adding up to its amount), every payment its applications to
invoices of its account, every payment method an account; no charge period is billed twice
and no number was lost (a transaction that died gives its numbers back).
"""

from __future__ import annotations

import re
import signal
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx2 as httpx
from sqlalchemy import select

from tests.api.test_orders import NEW
from tests.support.server import RunningServer, zorders_server
from tests.support.test_mode import new_tenant as made_tenant
from zorders.bootstrap import Container
from zorders.domain.payments import Payment
from zorders.services.ports import JobRecord
from zorders.storage.tables import (
    accounts,
    billing_documents,
    billing_items,
    order_subscriptions,
    orders,
    payment_methods,
    subscription_rate_plan_charges,
    subscription_rate_plans,
    subscription_versions,
    subscriptions,
)

# Test mode (tenants with their own clock); a worker that polls often; and a short lease,
# so that the job a killed server held is taken again two seconds after the restart.
CRASH_SETTINGS = {
    "ZORDERS_TEST_MODE": "true",
    "ZORDERS_WORKER_POLL_MS": "20",
    "ZORDERS_WORKER_LEASE_SECONDS": "2",
}
CENTS = Decimal("0.01")


@contextmanager
def serving(database_url: str, *serve_args: str, **settings: str) -> Iterator[RunningServer]:
    """`zorders serve` (its embedded worker included, unless `--no-worker`) with
    CRASH_SETTINGS."""
    with zorders_server(database_url, *serve_args, **(CRASH_SETTINGS | settings)) as server:
        yield server


def kill(server: RunningServer) -> None:
    """SIGKILL: no shutdown, no last commit; the API and its worker die together."""
    server.process.kill()
    server.process.wait(10)
    assert server.process.returncode == -signal.SIGKILL


@dataclass(frozen=True)
class Tenant:
    tenant_id: str
    headers: dict[str, str]


def new_tenant(base_url: str, *, now: str, catalog: str) -> Tenant:
    """A test-mode tenant whose clock stands at `now`, with `catalog` loaded, and a token
    (stored in the database: it outlives the server that issued it)."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        made = made_tenant(http, name=f"crash-{uuid.uuid4().hex[:12]}", now=now, catalog=catalog)
    return Tenant(made["tenantId"], made["headers"] | NEW)


def call(base_url: str, tenant: Tenant, method: str, path: str, body: Any = None) -> Any:
    """One request that must succeed; its JSON answer."""
    with httpx.Client(base_url=base_url, timeout=60) as http:
        response = http.request(method, path, headers=tenant.headers, json=body)
    assert response.status_code in (200, 202), response.text
    return response.json()


class Stream:
    """`with Stream(server, tenant, path, bodies, threads=n) as stream:` POSTs each body of
    `bodies` to `path`, from `threads` threads, while the block runs (it kills the server
    when it wants). `answers` holds `(status code, JSON)` by key for those answered; a
    request cut off by the kill, or sent after it, has none. Leaving the block kills the
    server if it is still alive, and waits for the threads."""

    def __init__(
        self,
        server: RunningServer,
        tenant: Tenant,
        path: str,
        bodies: dict[str, dict[str, Any]],
        *,
        threads: int,
        keyed: bool = False,
    ) -> None:
        self.server, self.tenant, self.path, self.bodies = server, tenant, path, bodies
        self.keyed = keyed  # each body sent with its key as Idempotency-Key
        self.answers: dict[str, tuple[int, Any]] = {}
        self._keys = iter(list(bodies))
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._send, daemon=True) for _ in range(threads)]

    def __enter__(self) -> Stream:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self.server.process.poll() is None:
            kill(self.server)
        for thread in self._threads:
            thread.join(60)

    def _send(self) -> None:
        with httpx.Client(base_url=self.server.base_url, timeout=60) as http:
            while True:
                with self._lock:
                    key = next(self._keys, None)
                if key is None:
                    return
                headers = self.tenant.headers | ({"Idempotency-Key": key} if self.keyed else {})
                try:
                    response = http.post(self.path, headers=headers, json=self.bodies[key])
                except httpx.TransportError:
                    continue  # cut off by the kill, or sent to a dead server
                with self._lock:
                    self.answers[key] = (response.status_code, response.json())


# -- what is stored ------------------------------------------------------------------------


@dataclass(frozen=True)
class Invoice:
    id: str
    number: str
    account_id: str
    status: str
    amount: Decimal
    balance: Decimal


@dataclass
class Books:
    """A tenant's stored business, checked whole by `read_books`."""

    account_names: dict[str, str] = field(default_factory=dict)  # account id -> name
    orders: dict[str, str] = field(default_factory=dict)  # order number -> account id
    latest_versions: dict[str, int] = field(default_factory=dict)  # subscription number
    subscription_accounts: dict[str, str] = field(default_factory=dict)  # number -> account
    invoices: dict[str, Invoice] = field(default_factory=dict)  # by id
    payments: list[Payment] = field(default_factory=list)

    def account_id(self, name: str) -> str | None:
        found = [a for a, n in self.account_names.items() if n == name]
        assert len(found) <= 1, f"{len(found)} accounts named {name}"
        return found[0] if found else None

    def of_account(self, account_id: str) -> tuple[Any, ...]:
        """(orders, subscriptions with their latest version, invoices as (amount, balance,
        status), payments as (status, amount, applied)) of one account."""
        return (
            sorted(n for n, a in self.orders.items() if a == account_id),
            sorted(
                (n, self.latest_versions[n])
                for n, a in self.subscription_accounts.items()
                if a == account_id
            ),
            [
                (i.amount, i.balance, i.status)
                for i in self.invoices.values()
                if i.account_id == account_id
            ],
            [
                (p.status.value, p.amount, p.applied_amount)
                for p in self.payments
                if p.account_id == account_id
            ],
        )


def read_books(container: Container, tenant_id: str) -> Books:
    """Everything the tenant has stored, after asserting that none of it is half-written."""
    books = Books()
    with container.engine.connect() as c:

        def rows(table: Any, *columns: Any) -> list[Any]:
            return list(c.execute(select(*columns).where(table.c.tenant_id == tenant_id)))

        books.account_names = dict(rows(accounts, accounts.c.id, accounts.c.name))
        books.orders = dict(rows(orders, orders.c.number, orders.c.account_id))
        heads = rows(
            subscriptions,
            subscriptions.c.number,
            subscriptions.c.latest_version,
            subscriptions.c.account_id,
        )
        books.latest_versions = {n: v for n, v, _ in heads}
        books.subscription_accounts = {n: a for n, _, a in heads}
        versions = rows(
            subscription_versions,
            subscription_versions.c.id,
            subscription_versions.c.number,
            subscription_versions.c.version,
            subscription_versions.c.order_number,
        )
        touched = rows(
            order_subscriptions,
            order_subscriptions.c.order_id,
            order_subscriptions.c.subscription_number,
        )
        order_ids = dict(rows(orders, orders.c.id, orders.c.number))
        plans = Counter(
            r[0]
            for r in rows(
                subscription_rate_plans, subscription_rate_plans.c.subscription_version_id
            )
        )
        charges = Counter(
            r[0]
            for r in rows(
                subscription_rate_plan_charges,
                subscription_rate_plan_charges.c.subscription_version_id,
            )
        )
        documents = rows(
            billing_documents,
            billing_documents.c.id,
            billing_documents.c.number,
            billing_documents.c.account_id,
            billing_documents.c.kind,
            billing_documents.c.status,
            billing_documents.c.amount,
            billing_documents.c.balance,
        )
        items = rows(
            billing_items,
            billing_items.c.document_id,
            billing_items.c.subscription_number,
            billing_items.c.charge_number,
            billing_items.c.service_start,
            billing_items.c.amount,
        )
        methods = rows(payment_methods, payment_methods.c.id, payment_methods.c.account_id)
    with container.uow_factory(read_only=True) as uow:
        books.payments = uow.payments.list(tenant_id, offset=0, limit=100_000)
    _check_subscriptions(books, versions, plans, charges)
    _check_orders(books, versions, touched, order_ids)
    _check_invoices(books, documents, items)
    _check_payments(books)
    orphans = [m for m, account in methods if account not in books.account_names]
    assert orphans == [], f"payment methods of no account: {orphans}"
    for kind, numbers in (
        ("account", _account_numbers(container, tenant_id)),
        ("order", list(books.orders)),
        ("subscription", list(books.latest_versions)),
        ("invoice", [i.number for i in books.invoices.values()]),
        ("payment", [p.number for p in books.payments]),
    ):
        assert_no_gap(kind, numbers)
    return books


def _account_numbers(container: Container, tenant_id: str) -> list[str]:
    with container.engine.connect() as c:
        query = select(accounts.c.account_number).where(accounts.c.tenant_id == tenant_id)
        return list(c.execute(query).scalars())


def _check_subscriptions(
    books: Books, versions: list[Any], plans: Counter[str], charges: Counter[str]
) -> None:
    stored = Counter(number for _, number, _, _ in versions)
    for number, latest in books.latest_versions.items():
        numbers = sorted(v for _, n, v, _ in versions if n == number)
        assert numbers == list(range(1, latest + 1)), (number, numbers)
    assert set(stored) == set(books.latest_versions), "versions of no subscription"
    for version_id, number, version, order_number in versions:
        assert plans[version_id] >= 1 and charges[version_id] >= 1, (number, version)
        assert order_number in books.orders, (number, version, order_number)


def _check_orders(
    books: Books, versions: list[Any], touched: list[Any], order_ids: dict[str, str]
) -> None:
    made_by = {(n, o) for _, n, _, o in versions}
    for order_id, number in touched:
        order_number = order_ids[order_id]
        assert (number, order_number) in made_by, f"order {order_number} without its {number}"
    assert {order_ids[o] for o, _ in touched} == set(books.orders), "orders of no subscription"


def _check_invoices(books: Books, documents: list[Any], items: list[Any]) -> None:
    by_document: dict[str, list[Any]] = {}
    for item in items:
        by_document.setdefault(item[0], []).append(item)
    for doc_id, number, account_id, kind, status, amount, balance in documents:
        assert kind == "Invoice", (number, kind)
        its = by_document.pop(doc_id, [])
        assert its, f"invoice {number} without its items"
        assert sum((i[4] for i in its), Decimal(0)) == amount, number
        assert account_id in books.account_names, number
        books.invoices[doc_id] = Invoice(doc_id, number, account_id, status, amount, balance)
    assert by_document == {}, "items of no invoice"
    periods = Counter((s, c, start) for _, s, c, start, _ in items)
    assert [p for p, n in periods.items() if n > 1] == [], "a charge period billed twice"


def _check_payments(books: Books) -> None:
    applied: dict[str, Decimal] = {}
    for p in books.payments:
        assert p.account_id in books.account_names, p.number
        assert p.applications, f"payment {p.number} without its application"
        for a in p.applications:
            invoice = books.invoices[a.invoice_id]
            assert (invoice.number, invoice.account_id) == (a.invoice_number, p.account_id)
            applied[a.invoice_id] = applied.get(a.invoice_id, Decimal(0)) + a.amount
    for invoice in books.invoices.values():
        paid = applied.get(invoice.id, Decimal(0))
        assert invoice.balance == invoice.amount - paid, (invoice.number, invoice.balance, paid)


def assert_no_gap(kind: str, numbers: list[str]) -> None:
    """Numbers end in 1, 2, ... n: none taken twice, none lost to a transaction that died."""
    counters = sorted(int(re.sub(r"\D", "", n)) for n in numbers)
    assert counters == list(range(1, len(counters) + 1)), (kind, counters)


def jobs_of(container: Container, tenant_id: str, kind: str) -> list[JobRecord]:
    with container.uow_factory(read_only=True) as uow:
        return [j for j in uow.jobs.of_tenant(tenant_id) if j.kind == kind]
