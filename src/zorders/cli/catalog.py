"""`zorders catalog load`: a whole catalog from a YAML file, in one transaction; also how
`serve --demo-catalog` loads its catalog. `zorders catalog import`: a Zuora catalog export
(`GET /v1/catalog/products` JSON) with its ids."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zorders.bootstrap import Container
from zorders.cli.catalog_file import read_catalog_file
from zorders.cli.common import container as _container
from zorders.cli.common import fail as _fail
from zorders.cli.common import find_tenant
from zorders.domain.errors import DomainError
from zorders.services.catalog_file import LoadReport, load_catalog
from zorders.services.catalog_import import import_catalog, read_pages
from zorders.services.ids import new_request_id
from zorders.services.tenants import DEFAULT_TENANT_NAME

catalog_app = typer.Typer(help="The product catalog.", no_args_is_help=True)


def load_catalog_file(container: Container, tenant_id: str, path: Path) -> LoadReport:
    try:
        document = read_catalog_file(path)
    except OSError as err:
        typer.echo(f"error: cannot read {path}: {err.strerror}", err=True)
        raise typer.Exit(1) from err
    except Exception as err:  # yaml.YAMLError and its kin: a syntax error in the file
        typer.echo(f"error: {path} is not valid YAML: {err}", err=True)
        raise typer.Exit(1) from err
    ctx = container.tenant_clock.context(tenant_id, new_request_id())
    try:
        with container.uow_factory() as uow:
            report = load_catalog(uow, ctx, document)
            uow.commit()
    except DomainError as err:
        raise _fail(err) from err
    return report


@catalog_app.command("load")
def catalog_load(
    file: Annotated[Path, typer.Argument(help="A catalog file (YAML); see docs/catalog-file.md.")],
    tenant: Annotated[str, typer.Option(help="Name of the tenant to load into.")] = (
        DEFAULT_TENANT_NAME
    ),
) -> None:
    """Create or update a whole catalog from a file, in one transaction."""
    container = _container()
    container.migrate()
    report = load_catalog_file(container, find_tenant(container, tenant), file)
    typer.echo(f"{file.name} loaded into {tenant}: {report}")


@catalog_app.command("import")
def catalog_import(
    file: Annotated[
        Path,
        typer.Argument(
            help="Zuora's GET /v1/catalog/products answer (JSON): one page, pages one after "
            "another, or a list of pages."
        ),
    ],
    tenant: Annotated[str, typer.Option(help="Name of the tenant to import into.")] = (
        DEFAULT_TENANT_NAME
    ),
) -> None:
    """Recreate a Zuora catalog with its ids (an id the tenant has is updated), in one
    transaction."""
    container = _container()
    container.migrate()
    tenant_id = find_tenant(container, tenant)
    try:
        pages = read_pages(file.read_text(encoding="utf-8"))
    except OSError as err:
        typer.echo(f"error: cannot read {file}: {err.strerror}", err=True)
        raise typer.Exit(1) from err
    except (ValueError, UnicodeDecodeError) as err:
        typer.echo(f"error: {file}: {err}", err=True)
        raise typer.Exit(1) from err
    ctx = container.tenant_clock.context(tenant_id, new_request_id())
    try:
        with container.uow_factory() as uow:
            report = import_catalog(uow, ctx, pages)
            uow.commit()
    except DomainError as err:
        raise _fail(err) from err
    typer.echo(f"{file.name} imported into {tenant}: {report}")
    if report.ignored:
        typer.echo(f"not stored by zorders: {', '.join(sorted(report.ignored))}")
