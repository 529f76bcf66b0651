"""Bearer tokens: every route but the token endpoint and probes needs one (spec §1.1)."""

from __future__ import annotations

from anyio import to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from zorders.api.errors import AUTHENTICATION_ERROR_MESSAGE, Reason
from zorders.api.logs import tenant_id_var
from zorders.api.middleware.common import send_error, state
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.auth import authenticate
from zorders.services.clock import Clock
from zorders.services.ports import UnitOfWorkFactory

PUBLIC_PATHS = frozenset({"/oauth/token", "/health", "/openapi.json", "/docs", "/redoc"})
# Disposable tenants are not a tenant's: their routes check test mode or the admin token
# themselves (api/routes/tenants.py; decisions.md T6).
TENANT_ADMIN_PREFIX = "/zorders/v1/tenants"


class AuthenticationMiddleware:
    def __init__(self, app: ASGIApp, *, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self.app = app
        self.uow_factory = uow_factory
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or path in PUBLIC_PATHS
            or path == TENANT_ADMIN_PREFIX
            or path.startswith(TENANT_ADMIN_PREFIX + "/")
        ):
            await self.app(scope, receive, send)
            return
        token = _bearer_token(scope)
        if token is None:
            await _unauthorized(scope, send)
            return
        try:
            principal = await to_thread.run_sync(authenticate, self.uow_factory, self.clock, token)
        except DomainError:
            await _unauthorized(scope, send)
            return
        st = state(scope)
        st["tenant_id"] = principal.tenant_id
        st["client_id"] = principal.client_id
        st["entity_id"] = principal.entity_id
        st["org_id"] = principal.org_id
        st["business_errors"] = principal.business_errors
        st["clock_frozen_at"] = principal.clock_frozen_at
        st["time_zone"] = principal.time_zone
        tenant_id_var.set(principal.tenant_id)
        await self.app(scope, receive, send)


def _bearer_token(scope: Scope) -> str | None:
    for key, value in scope["headers"]:
        if key == b"authorization":
            scheme, _, token = bytes(value).decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


async def _unauthorized(scope: Scope, send: Send) -> None:
    await send_error(
        scope, send, [Reason(ErrorCode.AUTHENTICATION_FAILED, AUTHENTICATION_ERROR_MESSAGE)]
    )
