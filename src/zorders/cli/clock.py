"""`zorders clock show | set | advance --tenant NAME` (issue 11; decisions.md T8): the
tenant's clock; moving it needs ZORDERS_TEST_MODE, as the API's clock routes do, and runs
the work that falls due on the way, as they do."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from zorders.api.routes.clock import move_body, reading_body
from zorders.api.wire import to_wire
from zorders.bootstrap import Container
from zorders.cli.common import container, fail, find_tenant, parse_instant
from zorders.domain.errors import DomainError
from zorders.services import clock_moves
from zorders.services.clock_moves import Advance, ClockMove

clock_app = typer.Typer(help="Tenant clocks (moving one needs test mode).", no_args_is_help=True)

TenantOption = Annotated[str, typer.Option(help="The tenant's name.")]


def _echo(body: dict[str, object]) -> None:
    typer.echo(json.dumps(to_wire(body), default=str))


def _test_mode(c: Container) -> None:
    if not c.settings.test_mode:
        typer.echo("error: moving a clock needs ZORDERS_TEST_MODE=1", err=True)
        raise typer.Exit(1)


def _moved(move: ClockMove) -> None:
    _echo(move_body(move))


@clock_app.command("show")
def show(tenant: TenantOption) -> None:
    """Print the tenant's now, today and time zone (JSON)."""
    c = container()
    c.migrate()
    tenant_id = find_tenant(c, tenant)
    _echo(reading_body(clock_moves.read_clock(c.uow_factory, c.tenant_clock, tenant_id)))


@clock_app.command("set")
def set_clock(
    now: Annotated[str, typer.Argument(help="An ISO-8601 instant with its offset.")],
    tenant: TenantOption,
) -> None:
    """Set the tenant's clock forward to NOW, running what falls due on the way."""
    c = container()
    _test_mode(c)
    c.migrate()
    tenant_id = find_tenant(c, tenant)
    target = parse_instant(now, "now")
    try:
        move = clock_moves.set_clock(
            c.uow_factory, c.tenant_clock, tenant_id, target, run_due=c.run_due
        )
    except DomainError as err:
        raise fail(err) from err
    _moved(move)


@clock_app.command("advance")
def advance(
    tenant: TenantOption,
    days: Annotated[int | None, typer.Option(help="Calendar days.")] = None,
    months: Annotated[
        int | None, typer.Option(help="Calendar months (end of month clamps).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="An ISO-8601 instant or date.")] = None,
) -> None:
    """Advance the tenant's clock by days or months, or until an instant (exactly one)."""
    c = container()
    _test_mode(c)
    c.migrate()
    tenant_id = find_tenant(c, tenant)
    try:
        zone = c.tenant_clock.record(tenant_id).time_zone or "UTC"
        step = Advance(
            days=days,
            months=months,
            until=parse_instant(until, "until", zone) if until is not None else None,
        )
        move = clock_moves.advance_clock(
            c.uow_factory, c.tenant_clock, tenant_id, step, run_due=c.run_due
        )
    except DomainError as err:
        raise fail(err) from err
    _moved(move)
