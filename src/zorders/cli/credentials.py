"""`zorders tenant rotate-secret | revoke-tokens` (decision AU3)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from zorders.cli.common import container as _container
from zorders.cli.common import fail as _fail
from zorders.domain.errors import DomainError
from zorders.services import credentials


def rotate_secret(
    name: Annotated[str, typer.Argument(help="The tenant's name.")],
    client_id: Annotated[
        str | None,
        typer.Option("--client-id", help="Which of its clients (when it has several)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Give the tenant's client a new generated secret, printed once; every token issued
    to it before stops working."""
    container = _container()
    container.migrate()
    try:
        rotated = credentials.rotate_secret(container.uow_factory, name, client_id)
    except DomainError as err:
        raise _fail(err) from err
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "tenantId": rotated.tenant_id,
                    "clientId": rotated.client_id,
                    "clientSecret": rotated.client_secret,
                    "tokensRevoked": rotated.tokens_revoked,
                }
            )
        )
        return
    typer.echo(
        f"tenant {name} ({rotated.tenant_id}): new secret, {rotated.tokens_revoked}"
        f" token(s) revoked\n"
        f"  client_id:     {rotated.client_id}\n"
        f"  client_secret: {rotated.client_secret}"
    )


def revoke_tokens(name: Annotated[str, typer.Argument(help="The tenant's name.")]) -> None:
    """Revoke every access token of the tenant (its secrets stay as they are)."""
    container = _container()
    container.migrate()
    try:
        revoked = credentials.revoke_tokens(container.uow_factory, name)
    except DomainError as err:
        raise _fail(err) from err
    typer.echo(f"tenant {name}: {revoked} token(s) revoked")
