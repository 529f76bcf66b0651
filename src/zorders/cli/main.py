"""`zorders serve | worker | migrate | tenant create | list | rotate-secret | ...`."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from zorders.cli import credentials as credential_commands
from zorders.cli.catalog import catalog_app
from zorders.cli.clock import clock_app
from zorders.cli.common import container as _container
from zorders.cli.common import fail as _fail
from zorders.cli.common import find_tenant, parse_instant
from zorders.cli.serve import serve
from zorders.domain.billing.proration import ProrationRule
from zorders.domain.errors import DomainError
from zorders.services import bill_runs, disposable_tenants, tenants
from zorders.services.ids import new_request_id
from zorders.services.tenants import BusinessErrors
from zorders.services.zuora_limits import ZuoraLimits

app = typer.Typer(
    help="zorders: a self-hosted, Zuora-compatible Orders and billing service.",
    no_args_is_help=True,
    add_completion=False,
)
tenant_app = typer.Typer(help="Tenants and their OAuth credentials.", no_args_is_help=True)
app.add_typer(tenant_app, name="tenant")
tenant_app.command("rotate-secret")(credential_commands.rotate_secret)
tenant_app.command("revoke-tokens")(credential_commands.revoke_tokens)
bill_run_app = typer.Typer(help="Bill runs.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(bill_run_app, name="bill-run")


app.add_typer(clock_app, name="clock")


app.command()(serve)


@app.command()
def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Run what is due now, until none is left, and exit.")
    ] = False,
) -> None:
    """Execute due work (bill runs, ...) until SIGTERM or SIGINT; any number of workers
    can run against one PostgreSQL database."""
    container = _container()
    container.migrate()
    runner = container.worker()
    if once:
        outcomes = runner.run_until_idle()
        failed = [o for o in outcomes if o.error is not None]
        for o in outcomes:
            typer.echo(
                f"{o.job_id}\t{o.kind}\t{o.state.value}" + (f"\t{o.error}" if o.error else "")
            )
        typer.echo(f"{len(outcomes)} job(s) run" + (f", {len(failed)} failed" if failed else ""))
        if failed:
            raise typer.Exit(1)
        return
    typer.echo(f"zorders worker on {container.engine.dialect.name}: polling for due work")
    sys.stdout.flush()
    runner.run_forever(handle_signals=True)
    typer.echo("zorders worker stopped")


@app.command()
def migrate() -> None:
    """Apply the database migrations."""
    container = _container()
    container.migrate()
    typer.echo(f"database migrated ({container.engine.dialect.name})")


@tenant_app.command("create")
def tenant_create(
    name: Annotated[str, typer.Argument(help="A unique tenant name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    entity_id: Annotated[
        str | None,
        typer.Option(help="The entity id (a UUID) Zuora-Entity-Ids names; default: generated."),
    ] = None,
    org_id: Annotated[
        str | None,
        typer.Option(help="The org id (a UUID) Zuora-Org-Ids names; default: generated."),
    ] = None,
    now: Annotated[
        str | None,
        typer.Option(
            help="Start the tenant's clock standing at this ISO-8601 instant (test mode;"
            " past included); default: it follows the wall clock."
        ),
    ] = None,
    time_zone: Annotated[
        str | None,
        typer.Option(help="Its IANA time zone (business dates); default: UTC."),
    ] = None,
) -> None:
    """Create a tenant and print its OAuth client id and secret (shown only once)."""
    container = _container()
    container.migrate()
    try:
        credentials = tenants.create_tenant(
            container.uow_factory,
            container.wall_clock,
            name,
            entity_id=entity_id,
            org_id=org_id,
            clock_frozen_at=parse_instant(now, "now") if now is not None else None,
            time_zone=time_zone,
        )
    except DomainError as err:
        raise _fail(err) from err
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "tenantId": credentials.tenant_id,
                    "name": credentials.name,
                    "entityId": credentials.entity_id,
                    "orgId": credentials.org_id,
                    "clientId": credentials.client_id,
                    "clientSecret": credentials.client_secret,
                }
            )
        )
    else:
        typer.echo(
            f"tenant {credentials.name} ({credentials.tenant_id})\n"
            f"  entity_id:     {credentials.entity_id}\n"
            f"  org_id:        {credentials.org_id}\n"
            f"  client_id:     {credentials.client_id}\n"
            f"  client_secret: {credentials.client_secret}"
        )


@tenant_app.command("delete")
def tenant_delete(name: Annotated[str, typer.Argument(help="The tenant's name.")]) -> None:
    """Delete a tenant and every row it owns, in one transaction."""
    container = _container()
    container.migrate()
    tenant_id = find_tenant(container, name)
    try:
        removed = disposable_tenants.delete_tenant(container.uow_factory, tenant_id)
    except DomainError as err:
        raise _fail(err) from err
    typer.echo(f"tenant {name} ({tenant_id}) deleted: {removed} rows")


@tenant_app.command("configure")
def tenant_configure(
    name: Annotated[str, typer.Argument(help="The tenant's name.")],
    require_service_activation: Annotated[
        bool | None,
        typer.Option(
            "--require-service-activation/--no-require-service-activation",
            help="Orders without a ServiceActivation date stay Pending.",
        ),
    ] = None,
    require_customer_acceptance: Annotated[
        bool | None,
        typer.Option(
            "--require-customer-acceptance/--no-require-customer-acceptance",
            help="Orders without a CustomerAcceptance date stay Pending.",
        ),
    ] = None,
    proration: Annotated[
        str | None,
        typer.Option(help="Partial months: 'actual' days of the month (default) or 'thirty'."),
    ] = None,
    business_errors: Annotated[
        str | None,
        typer.Option(
            help="HTTP status of v1 business errors: 'http-4xx' (default) or 'http-200'"
            " (success: false in the body either way)."
        ),
    ] = None,
    zuora_limits: Annotated[
        str | None,
        typer.Option(
            help="Hold it to Zuora's rate and concurrency limits of a tenant type:"
            " 'production', 'developer-sandbox', 'api-sandbox', or 'off' (default)."
        ),
    ] = None,
    time_zone: Annotated[
        str | None,
        typer.Option(help="Its IANA time zone: the clock's instant stays, its dates move."),
    ] = None,
) -> None:
    """Change a tenant's order and billing settings, and print them."""
    container = _container()
    container.migrate()
    try:
        stored_zone = (
            tenants.set_tenant_time_zone(container.uow_factory, name, time_zone)
            if time_zone is not None
            else None
        )
        settings = tenants.configure_tenant(
            container.uow_factory,
            name,
            require_service_activation=require_service_activation,
            require_customer_acceptance=require_customer_acceptance,
            proration=_proration(proration),
            business_errors=_business_errors(business_errors),
            zuora_limits=_zuora_limits(zuora_limits),
        )
    except DomainError as err:
        raise _fail(err) from err
    shown = settings.to_stored()
    if stored_zone is not None:
        shown["timeZone"] = stored_zone
    typer.echo(json.dumps(shown))


def _proration(value: str | None) -> ProrationRule | None:
    if value is None:
        return None
    rules = {"actual": ProrationRule.ACTUAL_DAYS, "thirty": ProrationRule.THIRTY_DAYS}
    if value not in rules:
        typer.echo("error: --proration is 'actual' or 'thirty'", err=True)
        raise typer.Exit(2)
    return rules[value]


def _business_errors(value: str | None) -> BusinessErrors | None:
    if value is None:
        return None
    try:
        return BusinessErrors(value)
    except ValueError:
        typer.echo("error: --business-errors is 'http-4xx' or 'http-200'", err=True)
        raise typer.Exit(2) from None


def _zuora_limits(value: str | None) -> ZuoraLimits | None:
    if value is None:
        return None
    try:
        return ZuoraLimits(value)
    except ValueError:
        choices = ", ".join(f"'{v.value}'" for v in ZuoraLimits)
        typer.echo(f"error: --zuora-limits is one of {choices}", err=True)
        raise typer.Exit(2) from None


@tenant_app.command("list")
def tenant_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List tenants and their OAuth client ids."""
    container = _container()
    container.migrate()
    summaries = tenants.list_tenants(container.uow_factory)
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "tenantId": s.tenant_id,
                        "name": s.name,
                        "entityId": s.entity_id,
                        "orgId": s.org_id,
                        "clientIds": list(s.client_ids),
                    }
                    for s in summaries
                ]
            )
        )
        return
    for s in summaries:
        typer.echo(f"{s.name}\t{s.tenant_id}\t{s.entity_id}\t{','.join(s.client_ids)}")


@bill_run_app.command("resume")
def bill_run_resume() -> None:
    """Finish every Pending or Processing bill run, of every tenant (run it after a crash or
    a restart of the API process that was running them; billing twice is impossible). Each
    run is tried on its own; the exit code is 1 when any run ended in Error, had accounts
    whose billing failed, or could not be resumed."""
    container = _container()
    container.migrate()
    outcomes = bill_runs.resume_unfinished(
        container.uow_factory,
        container.tenant_clock,
        new_request_id(),
        container.payment_gateway(),
    )
    for outcome in outcomes:
        run = outcome.run
        if run is None:
            typer.echo(f"{outcome.run_id}\tnot resumed\t{outcome.failure}")
            continue
        line = (
            f"{run.number}\t{run.status.value}\taccounts={run.accounts_processed}"
            f"\tinvoices={run.invoices}\tcreditMemos={run.credit_memos}"
            f"\taccountErrors={run.account_errors}"
        )
        typer.echo(line + (f"\terror={run.error_message}" if run.error_message else ""))
        for error in outcome.account_errors:
            typer.echo(f"  {error.account_number or error.account_id}: {error.message}")
    failed = sum(1 for o in outcomes if not o.ok)
    typer.echo(
        f"{len(outcomes)} bill run(s) resumed" + (f", {failed} with errors" if failed else "")
    )
    if failed:
        raise typer.Exit(1)
