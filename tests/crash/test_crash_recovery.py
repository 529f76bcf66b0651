"""Crash recovery (issue 16): `zorders serve` as a real process, killed with SIGKILL in the
middle of orders that bill and collect, of a bill run, of async orders and of a clock
advance, then started again on the same database. Nothing is half-written (tests/support/
crash.py `read_books`), nothing is billed twice or lost, and the work finishes.

Demo catalog, bill cycle day 1, orders on 2025-01-01 billed to 2025-01-01: January in full
is platform 29 + seats 3 x 12 + onboarding 99 = USD 164.00, one invoice per account.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx2 as httpx

from tests.api.test_order_payment_methods import CARD
from tests.api.test_orders import create_subscription, new_account
from tests.cli.test_worker_processes import _wait
from tests.conftest import DEMO_CATALOG
from tests.support.crash import (
    Books,
    Stream,
    Tenant,
    call,
    jobs_of,
    kill,
    new_tenant,
    read_books,
    serving,
)
from tests.support.server import RunningServer
from zorders.bootstrap import Container
from zorders.services import bill_runs
from zorders.services.context import CommandContext
from zorders.services.orders.async_orders import ASYNC_CREATE_JOB
from zorders.services.orders.due_dates import TERM_END_JOB
from zorders.services.ports import JobState

DEMO = DEMO_CATALOG.read_text()
START = "2025-01-01T00:00:00Z"
JANUARY = Decimal("164.00")
# One account signed up, billed and paid: its order, its subscription at version 1, its
# invoice paid in full and the payment that paid it.
PAID = (JANUARY, Decimal(0), "Posted")
COLLECTED = ("Processed", JANUARY, JANUARY)


def signup(name: str, *, bill: bool = True) -> dict[str, Any]:
    """A new autoPay account with a card and the Basic plan; billed and paid at once
    unless `bill` is false."""
    body: dict[str, Any] = {
        "orderDate": "2025-01-01",
        "newAccount": new_account(name=name, autoPay=True, paymentMethod=CARD),
        "subscriptions": [{"orderActions": [create_subscription()]}],
    }
    if bill:
        body["processingOptions"] = {
            "runBilling": True,
            "collectPayment": True,
            "billingOptions": {"targetDate": "2025-01-01"},
        }
    return body


def assert_paid_once(books: Books, name: str) -> None:
    """The account exists, with one order, one subscription, one paid invoice, one payment."""
    account_id = books.account_id(name)
    assert account_id is not None, f"no account {name}"
    orders, subs, invoices, payments = books.of_account(account_id)
    assert (len(orders), [v for _, v in subs]) == (1, [1]), (name, orders, subs)
    assert (invoices, payments) == ([PAID], [COLLECTED]), name


def assert_whole_or_absent(books: Books, names: set[str]) -> int:
    """Each of `names` is wholly there or wholly absent; how many are there."""
    present = [n for n in names if books.account_id(n) is not None]
    for name in present:
        assert_paid_once(books, name)
    return len(present)


def test_orders_that_bill_and_collect_are_whole_or_absent_after_each_kill(
    container: Container, database_url: str
) -> None:
    """Three times, 4 threads sign accounts up with runBilling and collectPayment, each
    under its own Idempotency-Key, and the server is killed after a few answers, others in
    flight. Every answered order is whole (account, order, subscription version, invoice
    with its items, payment applied to it); every unanswered one whole or absent; the
    restarted server numbers on without a gap. Then every key is sent again: an answered
    one replays its answer, an unanswered one answers 409 (its claim survived the kill) or
    runs now; none runs twice (CR2)."""
    tenant: Tenant | None = None
    answered: dict[str, Any] = {}
    unanswered: set[str] = set()
    for round_, kill_after in enumerate((3, 6, 9)):
        with serving(database_url) as server:
            tenant = tenant or new_tenant(server.base_url, now=START, catalog=DEMO)
            names = [f"R{round_}-{i}" for i in range(kill_after + 8)]
            bodies = {name: signup(name) for name in names}
            with Stream(server, tenant, "/v1/orders", bodies, threads=4, keyed=True) as stream:
                _wait(lambda n=kill_after: len(stream.answers) >= n, every=0.002)
                kill(server)
        answered |= stream.answers
        unanswered |= set(names) - set(stream.answers)
    assert tenant is not None
    with serving(database_url) as server:
        after = call(server.base_url, tenant, "POST", "/v1/orders", signup("After"))
        books = read_books(container, tenant.tenant_id)
        for name, (status, body) in answered.items():
            assert status == 200, body
            assert (body["paymentStatus"], body["paidAmount"]) == ("Processed", "164.00")
            assert_paid_once(books, name)
        survived = assert_whole_or_absent(books, unanswered)
        assert set(books.account_names.values()) <= set(answered) | unanswered | {"After"}
        assert len(books.account_names) == len(answered) + survived + 1
        assert_paid_once(books, "After")
        # The order after the restarts took the next numbers: none lost, none taken twice.
        assert after["orderNumber"] == f"O-{len(books.orders):08d}"
        assert after["invoiceNumbers"] == [f"INV{len(books.invoices):08d}"]
        retries = {name: retry(server, tenant, name, signup(name)) for name in sorted(answered)} | {
            name: retry(server, tenant, name, signup(name)) for name in sorted(unanswered)
        }
    for name, (status, body) in answered.items():
        assert retries[name] == (status, body), name
    again = read_books(container, tenant.tenant_id)
    ran_now = {n for n in unanswered if retries[n][0] == 200}
    assert {retries[n][0] for n in unanswered} <= {200, 409}
    assert not ran_now & {n for n in unanswered if books.account_id(n) is not None}
    assert len(again.account_names) == len(books.account_names) + len(ran_now)
    for name in ran_now:
        assert_paid_once(again, name)


def retry(server: RunningServer, tenant: Tenant, key: str, body: Any) -> tuple[int, Any]:
    """The order sent again under its Idempotency-Key."""
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        response = http.post(
            "/v1/orders", headers=tenant.headers | {"Idempotency-Key": key}, json=body
        )
    return response.status_code, response.json()


def _progress(container: Container, tenant: Tenant, run_id: str) -> tuple[str, int]:
    ctx = CommandContext(tenant.tenant_id, datetime.now(UTC), "crash-test")
    with container.uow_factory(read_only=True) as uow:
        run = bill_runs.get_bill_run(uow, ctx, run_id)
    return run.status.value, run.accounts_processed


BILL_RUN_ACCOUNTS = 24
BATCH = 3


def test_a_bill_run_killed_twice_bills_and_collects_each_account_once(
    container: Container, database_url: str
) -> None:
    """A bill run over 24 autoPay accounts in batches of 3, autoPost: the server is killed
    once a batch is billed, restarted, killed again a batch later, restarted. The run ends
    Posted with 24 invoices, each account billed once for January and paid once, and its
    job and every batch job done."""
    settings = {"ZORDERS_BILL_RUN_BATCH_SIZE": str(BATCH)}
    names = [f"B{i}" for i in range(BILL_RUN_ACCOUNTS)]
    with serving(database_url, **settings) as server:
        tenant = new_tenant(server.base_url, now=START, catalog=DEMO)
        for name in names:
            call(server.base_url, tenant, "POST", "/v1/orders", signup(name, bill=False))
        run = call(
            server.base_url,
            tenant,
            "POST",
            "/v1/bill-runs",
            {"targetDate": "2025-01-01", "autoPost": True},
        )
        _wait(lambda: _progress(container, tenant, run["id"])[1] >= 1, every=0.002)
        kill(server)
    status, first = _progress(container, tenant, run["id"])
    assert status == "Processing" and 1 <= first < BILL_RUN_ACCOUNTS, (status, first)
    with serving(database_url, **settings) as server:
        _wait(lambda: _progress(container, tenant, run["id"])[1] > first, every=0.002)
        kill(server)
    status, second = _progress(container, tenant, run["id"])
    assert status == "Processing" and first < second < BILL_RUN_ACCOUNTS, (status, second)

    def finished() -> bool:
        jobs = jobs_of(container, tenant.tenant_id, bill_runs.BILL_RUN_JOB)
        return _progress(container, tenant, run["id"])[0] == "Posted" and [
            j.state for j in jobs
        ] == [JobState.DONE]

    with serving(database_url, **settings) as server:
        _wait(finished)
        done = call(server.base_url, tenant, "GET", f"/v1/bill-runs/{run['id']}")
    assert done["status"] == "Posted"
    ctx = CommandContext(tenant.tenant_id, datetime.now(UTC), "crash-test")
    with container.uow_factory(read_only=True) as uow:
        found = bill_runs.get_bill_run(uow, ctx, run["id"])
    assert (found.accounts_processed, found.invoices, found.payments) == (BILL_RUN_ACCOUNTS,) * 3
    assert found.account_errors == 0
    batches = jobs_of(container, tenant.tenant_id, bill_runs.BILL_RUN_BATCH_JOB)
    assert [j.state for j in batches] == [JobState.DONE] * (BILL_RUN_ACCOUNTS // BATCH)
    books = read_books(container, tenant.tenant_id)
    assert sorted(books.account_names.values()) == sorted(names)
    for name in names:
        assert_paid_once(books, name)


ASYNC_ORDERS = 20


def test_async_orders_killed_while_pending_and_running_each_complete_once(
    container: Container, database_url: str
) -> None:
    """3 threads submit 20 async orders that bill and collect to a server without a worker,
    killed after 12 answers (others cut off); a server with its worker is then killed once
    3 jobs are done, the rest pending or running. After a last restart every job ends
    Completed (GET /v1/async-jobs), each with its own order, whole; a submission cut off by
    the kill left its order whole or nothing (not even its payment method)."""
    names = [f"J{i}" for i in range(ASYNC_ORDERS)]
    bodies = {name: signup(name) for name in names}
    with serving(database_url, "--no-worker") as server:
        tenant = new_tenant(server.base_url, now=START, catalog=DEMO)

        def done() -> list[JobState]:
            return [j.state for j in jobs_of(container, tenant.tenant_id, ASYNC_CREATE_JOB)]

        with Stream(server, tenant, "/v1/async/orders", bodies, threads=3) as stream:
            _wait(lambda: len(stream.answers) >= 12, every=0.002)
            kill(server)
    submitted = done()
    assert len(submitted) >= 12 and set(submitted) == {JobState.PENDING}, submitted
    with serving(database_url) as server:
        _wait(lambda: done().count(JobState.DONE) >= 3, every=0.002)
        kill(server)
    at_kill = done()
    # Each job bills and collects in one transaction: 9 and more left when 3 are done
    # would need the worker to run 9 in the time a poll of the database takes.
    assert at_kill.count(JobState.DONE) < len(at_kill), "no job was left to do"

    def all_final() -> bool:
        return all(s in (JobState.DONE, JobState.FAILED) for s in done())

    with serving(database_url) as server:
        _wait(all_final)
        polled = {
            name: call(server.base_url, tenant, "GET", f"/v1/async-jobs/{body['jobId']}")
            for name, (status, body) in stream.answers.items()
            if status == 202
        }
    assert len(polled) == len(stream.answers)
    books = read_books(container, tenant.tenant_id)
    results = [j.result or {} for j in jobs_of(container, tenant.tenant_id, ASYNC_CREATE_JOB)]
    assert {r.get("status") for r in results} == {"Completed"}
    # One order per job, and no order (nor account) that no job made.
    assert sorted(r["order_number"] for r in results) == sorted(books.orders)
    assert len(books.account_names) == len(results)
    for name, answer in polled.items():
        assert (answer["status"], answer["result"]["paymentStatus"]) == ("Completed", "Processed")
        assert_paid_once(books, name)
    cut_off = set(names) - set(polled)
    assert assert_whole_or_absent(books, cut_off) == len(results) - len(polled)


RENEWING = 20
TARGET = "2026-01-02T00:00:00Z"


def test_a_clock_advance_killed_mid_renewals_renews_each_subscription_once_when_repeated(
    container: Container, database_url: str
) -> None:
    """20 subscriptions whose 12-month terms end on 2026-01-01; an advance to 2026-01-02
    renews them one job each, and the server is killed after 3. The clock has not moved
    (it moves when all is done); each renewal made is whole. The same advance again runs
    what is left, the job the dead server held included: every subscription renewed once."""
    with serving(database_url) as server:
        tenant = new_tenant(server.base_url, now=START, catalog=DEMO)
        for i in range(RENEWING):
            order = {
                "orderDate": "2025-01-01",
                "newAccount": new_account(name=f"C{i}"),
                "subscriptions": [{"orderActions": [create_subscription()]}],
            }
            call(server.base_url, tenant, "POST", "/v1/orders", order)

        def renewed() -> int:
            jobs = jobs_of(container, tenant.tenant_id, TERM_END_JOB)
            return sum(j.state is JobState.DONE for j in jobs)

        advance = {"move": {"until": TARGET}}
        with Stream(server, tenant, "/zorders/v1/clock/advance", advance, threads=1) as stream:
            _wait(lambda: renewed() >= 3, every=0.002)
            kill(server)
    assert stream.answers == {}
    before = renewed()
    assert 3 <= before < RENEWING, before
    half = read_books(container, tenant.tenant_id)
    assert sorted(half.latest_versions.values()) == [1] * (RENEWING - before) + [2] * before
    assert len(half.orders) == RENEWING + before  # each renewal is an order
    with serving(database_url) as server:
        assert call(server.base_url, tenant, "GET", "/zorders/v1/clock")["now"] == START
        moved = call(server.base_url, tenant, "POST", "/zorders/v1/clock/advance", advance["move"])
        clock = call(server.base_url, tenant, "GET", "/zorders/v1/clock")
    assert (moved["now"], clock["now"], moved["previousNow"]) == (TARGET, TARGET, START)
    assert moved["summary"] == {"term_end": {"done": RENEWING - before}}
    assert moved["totals"] == {"subscriptionsRenewed": RENEWING - before}
    books = read_books(container, tenant.tenant_id)
    assert set(books.latest_versions.values()) == {2}
    assert len(books.orders) == 2 * RENEWING
    jobs = jobs_of(container, tenant.tenant_id, TERM_END_JOB)
    ran = [j for j in jobs if j.state is JobState.DONE]
    assert sorted(j.result["subscription_number"] for j in ran if j.result) == sorted(
        books.latest_versions
    )
    # The next term end of each, 2027-01-01, waits.
    waiting = [j for j in jobs if j.state is not JobState.DONE]
    assert [(j.state, j.payload["date"]) for j in waiting] == [
        (JobState.PENDING, "2027-01-01")
    ] * RENEWING
    assert [r["kind"] for r in moved["ran"]] == [TERM_END_JOB] * (RENEWING - before)
