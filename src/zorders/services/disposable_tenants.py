"""Disposable tenants (issue 11; decisions.md T6, T7): made in one transaction with their
clock, settings and catalog, and removed with every row they own."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.catalog_import import load_any_catalog
from zorders.services.clock import TenantClock
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWorkFactory
from zorders.services.secrets import generate_client_secret
from zorders.services.tenants import (
    TenantCredentials,
    TenantSettings,
    add_tenant,
    validate_name,
    validate_time_zone,
)


@dataclass(frozen=True)
class NewTenant:
    name: str
    # Where its clock starts (standing there); None follows the wall clock.
    now: datetime | None = None
    # A parsed catalog document, loaded into the tenant: the catalog file format, or a
    # Zuora `GET /v1/catalog/products` export with its ids (decisions.md CI5).
    catalog: Any = None
    settings: TenantSettings | None = None
    # An IANA time zone name: its business dates (T10); None is UTC.
    time_zone: str | None = None


@dataclass(frozen=True)
class CreatedTenant:
    credentials: TenantCredentials
    now: datetime
    time_zone: str


def create_disposable_tenant(
    uow_factory: UnitOfWorkFactory, clock: TenantClock, new: NewTenant, request_id: str
) -> CreatedTenant:
    """Tenant, client, clock, settings and catalog in one transaction: a catalog that does
    not load leaves no tenant behind."""
    name = validate_name(new.name)
    time_zone = validate_time_zone(new.time_zone) if new.time_zone is not None else None
    if new.now is not None and new.now.tzinfo is None:
        raise DomainError(ErrorCode.INVALID_VALUE, "needs a UTC offset (or Z).", "now")
    start = new.now.astimezone(UTC) if new.now is not None else None
    with uow_factory() as uow:
        credentials = add_tenant(
            uow,
            clock.wall,
            name,
            client_id=str(uuid.uuid4()),
            client_secret=generate_client_secret(),
            clock_frozen_at=start,
        )
        now = clock.at(start)
        if time_zone is not None:
            uow.tenants.set_time_zone(credentials.tenant_id, time_zone)
        if new.settings is not None:
            uow.tenants.set_settings(credentials.tenant_id, new.settings.to_stored())
        if new.catalog is not None:
            ctx = CommandContext(credentials.tenant_id, now, request_id, time_zone=time_zone)
            load_any_catalog(uow, ctx, new.catalog)
        uow.commit()
    return CreatedTenant(credentials, now, time_zone or "UTC")


def delete_tenant(uow_factory: UnitOfWorkFactory, tenant_id: str) -> int:
    """Remove the tenant and all its rows, in every table, in one transaction; the number
    of rows removed. TENANT_NOT_FOUND for an unknown id."""
    with uow_factory() as uow:
        if uow.tenants.get(tenant_id, for_update=True) is None:
            raise DomainError(
                ErrorCode.TENANT_NOT_FOUND, f"No tenant with id '{tenant_id}'.", "tenant_id"
            )
        removed = uow.tenants.delete_everything(tenant_id)
        uow.commit()
    return removed
