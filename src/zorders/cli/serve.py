"""`zorders serve`: migrate, make sure the default tenant exists, and serve the API in one
process or, with `--workers N`, in N uvicorn processes sharing one port."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from fastapi import FastAPI

from zorders import __version__
from zorders.bootstrap import Container
from zorders.cli.catalog import load_catalog_file
from zorders.cli.common import container as _container
from zorders.cli.common import fail as _fail
from zorders.domain.errors import DomainError
from zorders.services import tenants
from zorders.services.jobs import EmbeddedWorker
from zorders.services.tenants import TenantCredentials

# The import string of the app each API process builds for itself (`--workers N`).
APP_FACTORY = "zorders.cli.serve:api_process_app"


def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port to listen on.")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="API processes sharing the port (PostgreSQL; on SQLite writes take turns).",
        ),
    ] = 1,
    pool_size: Annotated[
        int | None,
        typer.Option(
            min=1, help="PostgreSQL connections kept open per process (ZORDERS_POOL_SIZE)."
        ),
    ] = None,
    demo_catalog: Annotated[
        Path | None,
        typer.Option(help="Catalog file loaded into the default tenant when it is created."),
    ] = None,
    no_worker: Annotated[
        bool,
        typer.Option(
            "--no-worker",
            help="Run no worker in this process (due work is left to `zorders worker`).",
        ),
    ] = False,
) -> None:
    """Migrate the database, make sure the default tenant exists, and serve the API (with a
    worker for due work in the same process, unless --no-worker)."""
    import uvicorn

    if pool_size is not None:
        # Read by this process's settings and inherited by the API processes (PF2).
        os.environ["ZORDERS_POOL_SIZE"] = str(pool_size)
    container = _container()
    settings = container.settings
    container.migrate()
    try:
        credentials, created = tenants.ensure_default_tenant(
            container.uow_factory,
            container.wall_clock,
            client_id=settings.default_client_id,
            client_secret=settings.default_client_secret,
        )
    except DomainError as err:
        raise _fail(err) from err
    if created and demo_catalog is not None:
        report = load_catalog_file(container, credentials.tenant_id, demo_catalog)
        typer.echo(f"Loaded {demo_catalog.name} into the default tenant: {report}")
    bind_host = host or settings.host
    bind_port = settings.port if port is None else port
    # A secret is printed only when this start generated it (AU5): one the environment
    # gave is the operator's, and logs are not the place for it.
    from_env = settings.default_client_secret is not None
    _print_banner(
        credentials, created, from_env, f"http://{bind_host}:{bind_port}", container, workers
    )
    options: dict[str, Any] = {
        "host": bind_host,
        "port": bind_port,
        "log_config": None,
        "access_log": False,
        "server_header": False,
    }
    if workers == 1:
        uvicorn.run(
            container.app(lifespan=None if no_worker else _with_worker(container)), **options
        )
        return
    # Several API processes: each builds its own app (and engine) after the fork; the
    # job worker runs once, on a thread of this supervising process (PF1).
    container.engine.dispose()
    embedded = None if no_worker else EmbeddedWorker(container.worker())
    if embedded is not None:
        embedded.start()
    try:
        uvicorn.run(APP_FACTORY, factory=True, workers=workers, **options)
    finally:
        if embedded is not None:
            embedded.stop()
            typer.echo("zorders worker stopped")
            sys.stdout.flush()


def api_process_app() -> FastAPI:
    """The app of one API process of `serve --workers N`: settings from the environment, no
    migration (the parent did it) and no embedded worker (the parent runs it)."""
    return _container().app()


def _with_worker(container: Container) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """The embedded worker: started with the app, stopped (after the job in hand) when the
    server shuts down (decisions.md W8)."""

    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        embedded = EmbeddedWorker(container.worker())
        embedded.start()
        try:
            yield
        finally:
            await asyncio.to_thread(embedded.stop)
            typer.echo("zorders worker stopped")
            sys.stdout.flush()

    return lifespan


def _print_banner(
    credentials: TenantCredentials,
    created: bool,
    from_env: bool,
    base_url: str,
    container: Container,
    workers: int,
) -> None:
    shown = credentials.client_secret if created and not from_env else None
    if from_env:
        secret = "(the value of ZORDERS_DEFAULT_CLIENT_SECRET)"
    else:
        secret = shown or (
            "(shown when the tenant was created; `zorders tenant rotate-secret default` makes"
            " a new one, or set ZORDERS_DEFAULT_CLIENT_ID and ZORDERS_DEFAULT_CLIENT_SECRET)"
        )
    processes = f", {workers} API processes" if workers > 1 else ""
    lines = [
        f"zorders {__version__} on {base_url} (database: {container.engine.dialect.name}"
        f"{processes})",
        f"{'Created the' if created else 'The'} default tenant {credentials.tenant_id}:",
        f"  client_id:     {credentials.client_id}",
        f"  client_secret: {secret}",
    ]
    if shown or from_env:
        given = shown or '"$ZORDERS_DEFAULT_CLIENT_SECRET"'
        lines += [
            "Get a token:",
            f"  curl -s -X POST {base_url}/oauth/token -d grant_type=client_credentials"
            f" -d client_id={credentials.client_id} -d client_secret={given}",
        ]
    typer.echo("\n".join(lines))
    sys.stdout.flush()
