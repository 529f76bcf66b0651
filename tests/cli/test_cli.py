"""The `zorders` command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.support.server import zorders_env, zorders_server


def zorders(*args: str, database_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zorders", *args],
        env=zorders_env(ZORDERS_DATABASE_URL=database_url, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def sqlite_file(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_tenant_create_and_list(sqlite_file: str) -> None:
    created = zorders("tenant", "create", "acme", "--json", database_url=sqlite_file)
    assert created.returncode == 0, created.stderr
    creds = json.loads(created.stdout)
    assert len(creds["clientId"]) == 36
    assert 1 <= len(creds["clientSecret"]) <= 42
    assert len(creds["tenantId"]) == 32
    assert creds["name"] == "acme"
    # Zuora's entity and org ids are UUIDs; the entity id is the tenant id in that form.
    assert creds["entityId"] == str(uuid.UUID(hex=creds["tenantId"]))
    assert str(uuid.UUID(creds["orgId"])) == creds["orgId"] != creds["entityId"]

    listed = zorders("tenant", "list", "--json", database_url=sqlite_file)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [
        {
            "tenantId": creds["tenantId"],
            "name": "acme",
            "entityId": creds["entityId"],
            "orgId": creds["orgId"],
            "clientIds": [creds["clientId"]],
        }
    ]

    again = zorders("tenant", "create", "acme", database_url=sqlite_file)
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_tenant_create_with_chosen_entity_and_org_ids(sqlite_file: str) -> None:
    entity, org = str(uuid.uuid4()), str(uuid.uuid4())
    created = zorders(
        "tenant", "create", "acme", "--json", "--entity-id", entity.upper(), "--org-id", org,
        database_url=sqlite_file,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    creds = json.loads(created.stdout)
    assert (creds["entityId"], creds["orgId"]) == (entity, org)  # stored lower-case
    taken = zorders("tenant", "create", "beta", "--org-id", entity, database_url=sqlite_file)
    assert taken.returncode == 1
    assert "already an id of tenant 'acme'" in taken.stderr
    bad = zorders("tenant", "create", "gamma", "--entity-id", "e-1", database_url=sqlite_file)
    assert bad.returncode == 1
    assert "entity_id must be a UUID" in bad.stderr


def test_migrate(sqlite_file: str) -> None:
    result = zorders("migrate", database_url=sqlite_file)
    assert result.returncode == 0, result.stderr
    assert "migrated" in result.stdout


def test_configuration_errors_are_reported(sqlite_file: str) -> None:
    result = zorders("migrate", database_url=sqlite_file, ZORDERS_PORT="eighty")
    assert result.returncode == 2
    assert "ZORDERS_PORT" in result.stderr


def test_serve_creates_the_default_tenant_once_and_prints_its_credentials(
    sqlite_file: str,
) -> None:
    with zorders_server(sqlite_file) as first:
        pass
    banner = first.stdout
    assert "Created the default tenant" in banner
    client_id = banner.split("client_id:")[1].split()[0]
    secret = banner.split("client_secret:")[1].split()[0]
    assert len(client_id) == 36
    assert 1 <= len(secret) <= 42
    assert f"-d client_id={client_id} -d client_secret={secret}" in banner

    with zorders_server(sqlite_file) as second:
        pass
    # A restart finds the tenant; the secret was only shown at creation.
    assert "Created" not in second.stdout
    assert client_id in second.stdout
    assert secret not in second.stdout
    listed = json.loads(zorders("tenant", "list", "--json", database_url=sqlite_file).stdout)
    assert [(t["name"], t["clientIds"]) for t in listed] == [("default", [client_id])]


def test_serve_banner_and_fixed_default_credentials(sqlite_file: str) -> None:
    client_id = str(uuid.uuid4())
    env = {
        "ZORDERS_DEFAULT_CLIENT_ID": client_id,
        "ZORDERS_DEFAULT_CLIENT_SECRET": "fixed-secret-0123456789",
    }
    for _ in range(2):  # a restart keeps the same tenant and credentials
        with zorders_server(sqlite_file, **env) as server:
            data = urllib.parse.urlencode(
                {
                    "client_id": client_id,
                    "client_secret": "fixed-secret-0123456789",
                    "grant_type": "client_credentials",
                }
            ).encode()
            with urllib.request.urlopen(f"{server.base_url}/oauth/token", data=data) as r:
                assert json.loads(r.read())["token_type"] == "bearer"
    listed = json.loads(zorders("tenant", "list", "--json", database_url=sqlite_file).stdout)
    assert len(listed) == 1
    assert listed[0]["clientIds"] == [client_id]


def test_bad_default_client_id_stops_serve(sqlite_file: str) -> None:
    result = zorders(
        "serve",
        "--port",
        "0",
        database_url=sqlite_file,
        ZORDERS_DEFAULT_CLIENT_ID="too-short",
        ZORDERS_DEFAULT_CLIENT_SECRET="s",
    )
    assert result.returncode == 1
    assert "client_id must be exactly 36 characters" in result.stderr


DEMO = str(Path(__file__).parents[2] / "examples" / "catalog.yaml")


def test_catalog_load_into_a_named_tenant(sqlite_file: str, tmp_path: Path) -> None:
    assert zorders("tenant", "create", "acme", database_url=sqlite_file).returncode == 0
    loaded = zorders("catalog", "load", DEMO, "--tenant", "acme", database_url=sqlite_file)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == (
        "catalog.yaml loaded into acme: products: 3 created, 0 updated; "
        "rate plans: 6 created, 0 updated; charges: 13 created, 0 updated"
    )
    again = zorders("catalog", "load", DEMO, "--tenant", "acme", database_url=sqlite_file)
    assert "products: 0 created, 3 updated" in again.stdout

    broken = tmp_path / "broken.yaml"
    broken.write_text("products:\n  - {sku: X, name: X, colour: red}\n")
    refused = zorders("catalog", "load", str(broken), "--tenant", "acme", database_url=sqlite_file)
    assert refused.returncode == 1
    assert "products[0].colour: unknown key" in refused.stderr

    not_yaml = tmp_path / "bad.yaml"
    not_yaml.write_text("products: [\n")
    refused = zorders(
        "catalog", "load", str(not_yaml), "--tenant", "acme", database_url=sqlite_file
    )
    assert refused.returncode == 1
    assert "not valid YAML" in refused.stderr

    nobody = zorders("catalog", "load", DEMO, "--tenant", "nobody", database_url=sqlite_file)
    assert nobody.returncode == 1
    assert "no tenant named 'nobody'" in nobody.stderr


def test_serve_loads_the_demo_catalog_on_first_start_only(sqlite_file: str) -> None:
    client_id = str(uuid.uuid4())
    env = {
        "ZORDERS_DEFAULT_CLIENT_ID": client_id,
        "ZORDERS_DEFAULT_CLIENT_SECRET": "s3cret-0123456789abc",
    }
    for start in range(2):
        with zorders_server(sqlite_file, *["--demo-catalog", DEMO], **env) as server:
            data = urllib.parse.urlencode(
                {
                    "client_id": client_id,
                    "client_secret": "s3cret-0123456789abc",
                    "grant_type": "client_credentials",
                }
            ).encode()
            with urllib.request.urlopen(f"{server.base_url}/oauth/token", data=data) as r:
                token = json.loads(r.read())["access_token"]
            request = urllib.request.Request(
                f"{server.base_url}/v1/catalog/products",
                headers={"Authorization": f"Bearer {token}"},
            )
            with urllib.request.urlopen(request) as r:
                skus = [p["sku"] for p in json.loads(r.read())["products"]]
        assert skus == ["CLOUDDESK", "CLOUDDESK-ADDONS", "CLOUDDESK-DISCOUNTS"]
        loaded = "Loaded catalog.yaml into the default tenant" in server.stdout
        assert loaded is (start == 0)


def test_tenant_configure(sqlite_file: str) -> None:
    assert zorders("tenant", "create", "acme", database_url=sqlite_file).returncode == 0
    on = zorders(
        "tenant", "configure", "acme", "--require-service-activation", database_url=sqlite_file
    )
    assert on.returncode == 0, on.stderr
    assert json.loads(on.stdout) == {
        "requireServiceActivation": True,
        "requireCustomerAcceptance": False,
        "proration": "Use actual number of days",
        "businessErrors": "http-4xx",
        "zuoraLimits": "off",
    }
    both = zorders(
        "tenant", "configure", "acme", "--require-customer-acceptance", database_url=sqlite_file
    )
    assert json.loads(both.stdout) == {
        "requireServiceActivation": True,
        "requireCustomerAcceptance": True,
        "proration": "Use actual number of days",
        "businessErrors": "http-4xx",
        "zuoraLimits": "off",
    }
    thirty = zorders(
        "tenant", "configure", "acme", "--proration", "thirty", database_url=sqlite_file
    )
    assert json.loads(thirty.stdout)["proration"] == "Assume 30 days"
    strict = zorders(
        "tenant", "configure", "acme", "--zuora-limits", "api-sandbox", database_url=sqlite_file
    )
    assert json.loads(strict.stdout)["zuoraLimits"] == "api-sandbox"
    wrong = zorders(
        "tenant", "configure", "acme", "--zuora-limits", "huge", database_url=sqlite_file
    )
    assert wrong.returncode == 2 and "--zuora-limits is one of" in wrong.stderr
    bad = zorders("tenant", "configure", "acme", "--proration", "lunar", database_url=sqlite_file)
    assert bad.returncode == 2
    http_200 = zorders(
        "tenant", "configure", "acme", "--business-errors", "http-200", database_url=sqlite_file
    )
    assert json.loads(http_200.stdout)["businessErrors"] == "http-200"
    # The other settings stay as they were.
    assert json.loads(http_200.stdout)["proration"] == "Assume 30 days"
    back = zorders(
        "tenant", "configure", "acme", "--business-errors", "http-4xx", database_url=sqlite_file
    )
    assert json.loads(back.stdout)["businessErrors"] == "http-4xx"
    odd = zorders(
        "tenant", "configure", "acme", "--business-errors", "http-500", database_url=sqlite_file
    )
    assert odd.returncode == 2
    assert "--business-errors" in odd.stderr
    missing = zorders("tenant", "configure", "nobody", database_url=sqlite_file)
    assert missing.returncode == 1
    assert "No tenant named 'nobody'" in missing.stderr


def test_bill_run_resume_finishes_unfinished_runs(sqlite_file: str) -> None:
    """A run left Pending (its API process died before running it) is finished by
    `zorders bill-run resume`, once."""
    from datetime import date

    from benchmarks.bill_runs import ORDER

    from zorders.api.v1 import orders as v1_orders
    from zorders.bootstrap import build
    from zorders.cli.catalog_file import read_catalog_file
    from zorders.domain.accounts import AccountDraft, ContactInfo
    from zorders.domain.billing.bill_run import BillRunScope
    from zorders.services import bill_runs, tenants
    from zorders.services.catalog_file import load_catalog
    from zorders.services.orders.create import create_order
    from zorders.settings import Settings

    container = build(Settings(database_url=sqlite_file))
    container.migrate()
    tenant = tenants.create_tenant(container.uow_factory, container.wall_clock, "acme")
    ctx = container.tenant_clock.context(tenant.tenant_id, "test")
    with container.uow_factory() as uow:
        load_catalog(uow, ctx, read_catalog_file(Path(DEMO)))
        for name in ("Ada", "Grace"):
            draft = AccountDraft(
                name=name, currency="USD", bill_to=ContactInfo(name, "X"), bill_cycle_day=1
            )
            create_order(uow, ctx, v1_orders.create_order(ORDER, draft))
        run = bill_runs.create_bill_run(
            uow, ctx, target_date=date(2025, 1, 1), invoice_date=None, auto_post=True,
            scope=BillRunScope(),
        )  # fmt: skip
        uow.commit()

    resumed = zorders("bill-run", "resume", database_url=sqlite_file)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.splitlines() == [
        f"{run.number}\tPosted\taccounts=2\tinvoices=2\tcreditMemos=0\taccountErrors=0",
        "1 bill run(s) resumed",
    ]
    with container.uow_factory(read_only=True) as uow:
        done = bill_runs.get_bill_run(uow, ctx, run.id)
        documents = uow.billing.documents_of_source(tenant.tenant_id, run.id)
    assert (done.status.value, done.invoices) == ("Posted", 2)
    assert sorted(str(d.amount) for d in documents) == ["164.00", "164.00"]
    again = zorders("bill-run", "resume", database_url=sqlite_file)
    assert again.stdout.splitlines() == ["0 bill run(s) resumed"]
    container.close()


def test_bill_run_resume_tries_every_run_and_reports_each(sqlite_file: str) -> None:
    """One run that cannot be read, one whose account fails, one healthy run of another
    tenant: resume finishes the healthy one, reports all three, and exits 1 (issue 8)."""
    from datetime import date, timedelta

    from benchmarks.bill_runs import ORDER
    from sqlalchemy import update

    from zorders.api.v1 import orders as v1_orders
    from zorders.bootstrap import build
    from zorders.cli.catalog_file import read_catalog_file
    from zorders.domain.accounts import AccountDraft, ContactInfo
    from zorders.domain.billing.bill_run import BillRunScope
    from zorders.services import bill_runs, tenants
    from zorders.services.catalog_file import load_catalog
    from zorders.services.context import CommandContext
    from zorders.services.orders.create import create_order
    from zorders.settings import Settings
    from zorders.storage import tables

    container = build(Settings(database_url=sqlite_file))
    container.migrate()
    now = container.wall_clock.now()

    def customers(name: str, *people: str, at: timedelta) -> tuple[CommandContext, list[str]]:
        tenant = tenants.create_tenant(container.uow_factory, container.wall_clock, name)
        ctx = CommandContext(tenant.tenant_id, now - at, "test")
        ids = []
        with container.uow_factory() as uow:
            load_catalog(uow, ctx, read_catalog_file(Path(DEMO)))
            for person in people:
                draft = AccountDraft(
                    name=person, currency="USD", bill_to=ContactInfo(person, "X"), bill_cycle_day=1
                )
                ids.append(create_order(uow, ctx, v1_orders.create_order(ORDER, draft)).account.id)
            uow.commit()
        return ctx, ids

    def new_run(tenant: CommandContext, minutes_ago: int, *accounts: str) -> str:
        ctx = CommandContext(tenant.tenant_id, now - timedelta(minutes=minutes_ago), "test")
        with container.uow_factory() as uow:
            run = bill_runs.create_bill_run(
                uow, ctx, target_date=date(2025, 1, 1), invoice_date=None, auto_post=True,
                scope=BillRunScope(account_ids=accounts),
            )  # fmt: skip
            uow.commit()
        return run.number

    acme, (ada, grace) = customers("acme", "Ada", "Grace", at=timedelta(hours=2))
    unreadable = new_run(acme, 30)
    failing = new_run(acme, 20, ada, grace)
    other, (alan,) = customers("other", "Alan", at=timedelta(hours=1))
    healthy = new_run(other, 10)
    with container.engine.begin() as conn:
        # Data no edge would accept, written past it: a run and a subscription that cannot
        # be read back.
        conn.execute(
            update(tables.bill_runs)
            .where(
                tables.bill_runs.c.tenant_id == acme.tenant_id,
                tables.bill_runs.c.number == unreadable,
            )
            .values(document={"number": unreadable})
        )
        conn.execute(
            update(tables.subscription_versions)
            .where(tables.subscription_versions.c.invoice_owner_account_id == ada)
            .values(document={"number": "broken"})
        )

    resumed = zorders("bill-run", "resume", database_url=sqlite_file)
    assert resumed.returncode == 1, resumed.stderr
    lines = resumed.stdout.splitlines()
    assert len(lines) == 5, resumed.stdout
    assert lines[0].split("\t")[1:] == ["not resumed", lines[0].split("\t")[2]]
    assert lines[0].split("\t")[2].startswith("TypeError")
    assert lines[1] == f"{failing}\tPosted\taccounts=2\tinvoices=1\tcreditMemos=0\taccountErrors=1"
    assert lines[2].startswith("  A0000000") and "Unexpected error (TypeError)" in lines[2]
    assert lines[3] == f"{healthy}\tPosted\taccounts=1\tinvoices=1\tcreditMemos=0\taccountErrors=0"
    assert lines[4] == "3 bill run(s) resumed, 2 with errors"
    with container.uow_factory(read_only=True) as uow:
        done = bill_runs.get_bill_run(uow, other, healthy)
        billed = uow.billing.documents_of_source(other.tenant_id, done.id)
        failed = bill_runs.get_bill_run(uow, acme, failing)
        errors = bill_runs.account_errors(uow, acme, failed)
        grace_docs = uow.billing.documents_of_source(acme.tenant_id, failed.id)
    assert [(str(d.amount), d.account_id) for d in billed] == [("164.00", alan)]
    assert [(e.account_id, e.code) for e in errors] == [(ada, "INTERNAL_ERROR")]
    assert [(str(d.amount), d.account_id) for d in grace_docs] == [("164.00", grace)]
    # The finished runs are not tried again; the unreadable one still is.
    again = zorders("bill-run", "resume", database_url=sqlite_file)
    assert again.returncode == 1
    assert again.stdout.splitlines()[1:] == ["1 bill run(s) resumed, 1 with errors"]
    container.close()
