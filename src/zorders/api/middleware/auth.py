"""Bearer tokens: every route but the token endpoint and probes needs one (spec §1.1).
Older clients send Zuora's legacy credentials instead: the `apiAccessKeyId` /
`apiSecretAccessKey` headers or HTTP Basic, the tenant's OAuth client id and secret
(decision SU1)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from functools import partial

from anyio import to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from zorders.api.errors import AUTHENTICATION_ERROR_MESSAGE, Reason
from zorders.api.logs import tenant_id_var
from zorders.api.middleware.common import send_error, state
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.auth import Principal, authenticate, authenticate_client
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
        check = self._check(scope)
        if check is None:
            await _unauthorized(scope, send)
            return
        try:
            principal = await to_thread.run_sync(check)
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
        st["tenant_settings"] = principal.settings
        tenant_id_var.set(principal.tenant_id)
        await self.app(scope, receive, send)

    def _check(self, scope: Scope) -> Callable[[], Principal] | None:
        """How the request authenticates: a bearer token, HTTP Basic or the legacy header
        pair; None when it names no credentials at all (or malformed ones)."""
        headers = {bytes(k): bytes(v).decode("latin-1") for k, v in scope["headers"]}
        authorization = headers.get(b"authorization")
        if authorization is not None:
            scheme, _, value = authorization.partition(" ")
            value = value.strip()
            if not value:
                return None
            if scheme.lower() == "bearer":
                return partial(authenticate, self.uow_factory, self.clock, value)
            if scheme.lower() == "basic":
                pair = _basic_pair(value)
                if pair is None:
                    return None
                return partial(authenticate_client, self.uow_factory, *pair)
            return None
        key_id = headers.get(b"apiaccesskeyid")
        secret = headers.get(b"apisecretaccesskey")
        if key_id and secret:
            return partial(authenticate_client, self.uow_factory, key_id, secret)
        return None


def _basic_pair(value: str) -> tuple[str, str] | None:
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, colon, secret = decoded.partition(":")
    if not colon or not client_id or not secret:
        return None
    return client_id, secret


async def _unauthorized(scope: Scope, send: Send) -> None:
    await send_error(
        scope, send, [Reason(ErrorCode.AUTHENTICATION_FAILED, AUTHENTICATION_ERROR_MESSAGE)]
    )
