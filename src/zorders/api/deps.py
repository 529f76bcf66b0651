"""What routes receive: the command context, the API version, the wiring."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi import Request

from zorders.domain.versions import ApiVersion, parse_version
from zorders.services.clock import Clock, TenantClock
from zorders.services.clock_moves import DueWorkRunner
from zorders.services.context import CommandContext
from zorders.services.ports import PaymentGateway, UnitOfWork, UnitOfWorkFactory
from zorders.services.zuora_limits import Limiter


@dataclass(frozen=True)
class ApiSettings:
    token_ttl_seconds: int = 3600
    test_mode: bool = False
    # ZORDERS_ADMIN_TOKEN: the bearer token that may create and delete tenants (T6).
    admin_token: str | None = None
    max_body_bytes: int = 5 * 1024 * 1024


@dataclass(frozen=True)
class ApiDependencies:
    """Chosen by the composition root (zorders.bootstrap)."""

    uow_factory: UnitOfWorkFactory
    # Wall-clock time for credentials and idempotency windows.
    wall_clock: Clock
    # The tenants' business clocks ("now" and "today" for orders and billing; T1).
    tenant_clock: TenantClock
    settings: ApiSettings
    database_backend: str
    # Charges electronic payments (POST /v1/payments, collectPayment on orders).
    payment_gateway: PaymentGateway
    # Runs a tenant's work that falls due up to an instant (the worker's; a clock move
    # calls it before it sets the clock: T5).
    run_due: DueWorkRunner | None = None
    # The process's counts of Zuora's limits, for tenants held to them (ZL1); None: new.
    zuora_limiter: Limiter | None = None


def dependencies(request: Request) -> ApiDependencies:
    deps: ApiDependencies = request.app.state.deps
    return deps


def api_version(request: Request) -> ApiVersion:
    version = getattr(request.state, "zuora_version", None)
    return version if isinstance(version, ApiVersion) else parse_version(None)


def command_context(request: Request) -> CommandContext:
    """Captured once per request: `now` is read here and nowhere else in the request.
    The tenant's clock and time zone came with the token (no query of their own; T3)."""
    deps = dependencies(request)
    return CommandContext(
        tenant_id=request.state.tenant_id,
        now=deps.tenant_clock.at(getattr(request.state, "clock_frozen_at", None)),
        request_id=request.state.request_id,
        version=api_version(request),
        idempotency_key=request.headers.get("idempotency-key"),
        time_zone=getattr(request.state, "time_zone", None),
        settings=getattr(request.state, "tenant_settings", None),
    )


@contextmanager
def unit_of_work(request: Request) -> Iterator[UnitOfWork]:
    """One request, one transaction: committed when the block ends without an error."""
    with dependencies(request).uow_factory() as uow:
        yield uow
        uow.commit()
