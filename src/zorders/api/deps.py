"""What routes receive: the command context, the API version, the wiring."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi import Request

from zorders.domain.versions import ApiVersion, parse_version
from zorders.services.clock import Clock
from zorders.services.context import CommandContext
from zorders.services.ports import PaymentGateway, UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class ApiSettings:
    token_ttl_seconds: int = 3600
    test_mode: bool = False
    max_body_bytes: int = 5 * 1024 * 1024


@dataclass(frozen=True)
class ApiDependencies:
    """Chosen by the composition root (zorders.bootstrap)."""

    uow_factory: UnitOfWorkFactory
    # Wall-clock time for credentials and idempotency windows.
    wall_clock: Clock
    # The tenants' business clock ("today" for orders and billing).
    business_clock: Clock
    settings: ApiSettings
    database_backend: str
    # Charges electronic payments (POST /v1/payments, collectPayment on orders).
    payment_gateway: PaymentGateway


def dependencies(request: Request) -> ApiDependencies:
    deps: ApiDependencies = request.app.state.deps
    return deps


def api_version(request: Request) -> ApiVersion:
    version = getattr(request.state, "zuora_version", None)
    return version if isinstance(version, ApiVersion) else parse_version(None)


def command_context(request: Request) -> CommandContext:
    """Captured once per request: `now` is read here and nowhere else in the request."""
    deps = dependencies(request)
    return CommandContext(
        tenant_id=request.state.tenant_id,
        now=deps.business_clock.now(),
        request_id=request.state.request_id,
        version=api_version(request),
        idempotency_key=request.headers.get("idempotency-key"),
    )


@contextmanager
def unit_of_work(request: Request) -> Iterator[UnitOfWork]:
    """One request, one transaction: committed when the block ends without an error."""
    with dependencies(request).uow_factory() as uow:
        yield uow
        uow.commit()
