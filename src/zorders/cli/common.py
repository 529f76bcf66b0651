"""What every command shares: the wiring, error exits, tenant names, instants."""

from __future__ import annotations

from datetime import datetime

import typer

from zorders.api.logs import configure_logging
from zorders.api.routes.clock import parse_instant as _parse_instant
from zorders.bootstrap import Container, build
from zorders.domain.errors import DomainError
from zorders.settings import Settings, SettingsError


def container() -> Container:
    try:
        settings = Settings.from_env()
    except SettingsError as err:
        typer.echo(f"configuration error: {err}", err=True)
        raise typer.Exit(2) from err
    configure_logging(settings.log_level)
    return build(settings)


def fail(err: DomainError) -> typer.Exit:
    typer.echo(f"error: {err.message}", err=True)
    return typer.Exit(1)


def find_tenant(c: Container, name: str) -> str:
    """The id of the tenant named `name`, or exit 1."""
    with c.uow_factory(read_only=True) as uow:
        tenant = uow.tenants.get_by_name(name)
    if tenant is None:
        typer.echo(f"error: no tenant named '{name}' (see `zorders tenant list`)", err=True)
        raise typer.Exit(1)
    return tenant.id


def parse_instant(value: str, field: str, time_zone: str | None = None) -> datetime:
    try:
        return _parse_instant(value, field, time_zone)
    except DomainError as err:
        typer.echo(f"error: --{field} {err.message}", err=True)
        raise typer.Exit(1) from err
