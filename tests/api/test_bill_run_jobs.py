"""Bill runs on the worker (issue 11): the run and its job are recorded together, nothing
runs in the request, the worker executes it, and a worker that dies mid-run leaves it to
the next once the lease lapses: nothing lost, nothing billed twice. Both backends."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_bill_run_crud import read_bill_run
from tests.api.test_bill_runs import _customer, _documents
from tests.conftest import DEMO_CATALOG, Session, app_for, login
from zorders.bootstrap import Container
from zorders.cli.catalog_file import read_catalog_file
from zorders.services import bill_runs, tenants
from zorders.services.catalog_file import load_catalog
from zorders.services.clock import FixedClock
from zorders.services.context import CommandContext
from zorders.services.jobs import JobPolicy, Worker
from zorders.services.ports import JobRecord, JobState


@pytest.fixture
def idle_client(container: Container) -> Iterator[TestClient]:
    """A client whose app runs no worker: jobs wait for the test's own."""
    with TestClient(app_for(container), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def idle_shop(idle_client: TestClient, container: Container) -> Session:
    creds = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"t-{uuid.uuid4().hex[:12]}"
    )
    with container.uow_factory() as uow:
        ctx = CommandContext(creds.tenant_id, container.wall_clock.now(), "test")
        load_catalog(uow, ctx, read_catalog_file(DEMO_CATALOG))
        uow.commit()
    return login(idle_client, creds)


def _bill_run_jobs(container: Container, tenant_id: str) -> list[JobRecord]:
    with container.uow_factory(read_only=True) as uow:
        return [j for j in uow.jobs.of_tenant(tenant_id) if j.kind == bill_runs.BILL_RUN_JOB]


def test_a_bill_run_is_executed_by_the_worker_not_the_request(
    idle_client: TestClient, idle_shop: Session, container: Container
) -> None:
    client, shop = idle_client, idle_shop
    accounts = [_customer(client, shop, f"C{i}") for i in range(2)]
    created = client.post("/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-01-01"})
    assert created.status_code == 200, created.text
    run: dict[str, Any] = created.json()
    assert run["status"] == "Pending"
    assert read_bill_run(client, shop.headers, run["id"])["status"] == ("Pending")
    [job] = _bill_run_jobs(container, shop.tenant_id)
    assert (job.payload, job.state, job.run_at) == (
        {"bill_run_id": run["id"]},
        JobState.PENDING,
        None,
    )
    ran = Worker(container.uow_factory, container.wall_clock).run_until_idle()
    assert [(o.job_id, o.state) for o in ran if o.tenant_id == shop.tenant_id] == [
        (job.id, JobState.DONE)
    ]
    done = read_bill_run(client, shop.headers, run["id"])
    assert (done["status"], done["NumberOfAccounts"], done["NumberOfInvoices"]) == (
        "Completed",
        2,
        2,
    )
    # CLOUDDESK-BASIC: 29.00 + 3 users x 12.00 + 99.00 once = 164.00, one draft each.
    for account in accounts:
        assert [(d["amount"], d["status"]) for d in _documents(client, shop, account)] == [
            (164, "Draft")
        ]
    assert _bill_run_jobs(container, shop.tenant_id)[0].result == {
        "status": "Completed",
        "accounts": 2,
        # The clock answer's counters (T9): one run, its two invoices, no payments.
        "counts": {"bill_runs": 1, "invoices": 2},
    }


def test_a_refused_bill_run_leaves_no_job(
    idle_client: TestClient, idle_shop: Session, container: Container
) -> None:
    refused = idle_client.post(
        "/v1/bill-runs", headers=idle_shop.headers, json={"targetDate": "9999-12-31"}
    )
    assert refused.status_code == 400
    assert _bill_run_jobs(container, idle_shop.tenant_id) == []


def test_a_worker_dying_mid_run_leaves_it_to_the_next_after_the_lease(
    idle_client: TestClient,
    idle_shop: Session,
    container: Container,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client, shop = idle_client, idle_shop
    accounts = [_customer(client, shop, f"C{i}") for i in range(3)]
    run = client.post(
        "/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-01-01", "autoPost": True}
    ).json()
    monkeypatch.setattr(bill_runs, "BATCH", 1)  # one batch job per account (PF43)
    real = bill_runs.bill_batch
    calls = {"n": 0}

    def dying(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("killed")  # the process dies billing the second account
        return real(*args, **kwargs)

    wall = FixedClock(container.wall_clock.now())
    policy = JobPolicy(lease_seconds=60)
    worker = Worker(container.uow_factory, wall, policy=policy, batch_size=1)
    monkeypatch.setattr(bill_runs, "bill_batch", dying)
    with pytest.raises(SystemExit):
        while True:
            worker.run_once()  # other tests' leftovers first, if any; then ours dies
    monkeypatch.setattr(bill_runs, "bill_batch", real)
    halfway = read_bill_run(client, shop.headers, run["id"])
    assert (halfway["status"], halfway["NumberOfAccounts"]) == ("Processing", 1)
    [job] = _bill_run_jobs(container, shop.tenant_id)
    assert (job.state, job.attempts) == (JobState.RUNNING, 1)
    # The run's other batches are jobs of their own: the next worker bills them at once
    # (the one that died rolled back: it is billed once, by the worker); the run's own
    # job is leased, nobody takes it yet.
    ran = [o for o in worker.run_until_idle() if o.tenant_id == shop.tenant_id]
    assert [(o.kind, o.state) for o in ran] == [(bill_runs.BILL_RUN_BATCH_JOB, JobState.DONE)] * 2
    done = read_bill_run(client, shop.headers, run["id"])
    assert (done["status"], done["NumberOfAccounts"], done["NumberOfInvoices"]) == (
        "Posted",
        3,
        3,
    )
    wall.set(wall.now() + timedelta(seconds=61))
    ran = [o for o in worker.run_until_idle() if o.tenant_id == shop.tenant_id]
    assert [(o.kind, o.state, o.attempts) for o in ran] == [
        (bill_runs.BILL_RUN_JOB, JobState.DONE, 2)
    ]
    assert read_bill_run(client, shop.headers, run["id"]) == done
    for account in accounts:
        assert [(d["amount"], d["status"]) for d in _documents(client, shop, account)] == [
            (164, "Posted")
        ]


def test_a_worker_without_a_gateway_does_not_leave_autopay_unpaid(
    idle_client: TestClient, idle_shop: Session, container: Container
) -> None:
    """SB7: the default registry has no payment gateway; an autoPay account's billing fails
    in the run (recorded, rolled back) instead of leaving its posted invoice unpaid, and the
    composition root's registry bills and collects it."""
    from tests.api.test_payments import add_card

    client, shop = idle_client, idle_shop
    account = _customer(client, shop, "Auto")
    assert add_card(client, shop, account).status_code == 200
    assert (
        client.put(
            f"/v1/accounts/{account}", headers=shop.headers, json={"autoPay": True}
        ).status_code
        == 200
    )

    def run() -> dict[str, Any]:
        body = {"targetDate": "2025-01-01", "autoPost": True}
        created = client.post("/v1/bill-runs", headers=shop.headers, json=body).json()
        return created

    first = run()
    Worker(container.uow_factory, container.wall_clock).run_until_idle()
    failed = read_bill_run(client, shop.headers, first["id"])
    assert (failed["status"], failed["NumberOfInvoices"]) == ("Posted", 0)
    assert failed["ErrorMessage"].startswith("1 account(s) failed: ")
    assert "payment gateway" in failed["ErrorMessage"]
    assert _documents(client, shop, account) == []
    second = run()
    Worker(
        container.uow_factory, container.wall_clock, registry=container.job_registry()
    ).run_until_idle()
    paid = read_bill_run(client, shop.headers, second["id"])
    assert (paid["NumberOfInvoices"], "ErrorMessage" in paid) == (1, False)
    assert [
        (d["amount"], d["status"], d["balance"]) for d in _documents(client, shop, account)
    ] == [(164, "Posted", 0)]
