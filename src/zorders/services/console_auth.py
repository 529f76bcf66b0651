"""Signing in to the operator console (decisions CO1 to CO4).

A console session belongs to one tenant and was opened either with one of its OAuth
clients (id and secret, checked and throttled as the token endpoint checks them) or with
the admin token. The session carries a fingerprint of what opened it: rotating the
client's secret, deleting the client or changing the admin token ends every session it
opened, on the next page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import auth_throttle
from zorders.services.clock import Clock
from zorders.services.ports import TenantRecord, UnitOfWorkFactory
from zorders.services.secrets import verify_client_secret

# The key the console signs its session cookies with (CO3).
SESSION_KEY_NAME = "console-session"
# The throttle's key for admin-token sign-ins (counted like a client id: AU1).
ADMIN_THROTTLE_ID = "console-admin"
ADMIN = "admin"


@dataclass(frozen=True)
class ConsoleSignIn:
    tenant_id: str
    # The OAuth client's id, or ADMIN.
    signed_in_as: str
    fingerprint: str


def session_key(uow_factory: UnitOfWorkFactory, clock: Clock) -> str:
    """The service's session-signing key: read, or made once by the first process."""
    with uow_factory(read_only=True) as uow:
        found = uow.service_keys.get(SESSION_KEY_NAME)
    if found is not None:
        return found
    with uow_factory() as uow:
        uow.service_keys.add_if_absent(SESSION_KEY_NAME, secrets.token_hex(32), clock.now())
        uow.commit()
    with uow_factory(read_only=True) as uow:
        made = uow.service_keys.get(SESSION_KEY_NAME)
    assert made is not None
    return made


def fingerprint(secret_material: str, key: str) -> str:
    """A value that changes when what opened the session changes (never the secret)."""
    return hmac.new(key.encode(), secret_material.encode(), hashlib.sha256).hexdigest()[:32]


def _refuse(
    uow_factory: UnitOfWorkFactory, clock: Clock, throttle_id: str, source: str | None
) -> DomainError:
    with uow_factory() as uow:
        auth_throttle.record_failure(uow, throttle_id, source, clock.now())
        uow.commit()
    return DomainError(ErrorCode.INVALID_CLIENT_CREDENTIALS, "Authentication error")


def sign_in_client(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    key: str,
    *,
    client_id: str,
    client_secret: str,
    source: str | None,
) -> ConsoleSignIn:
    with uow_factory(read_only=True) as uow:
        auth_throttle.check(uow, client_id, source, clock.now())
        client = uow.oauth_clients.get(client_id)
        tenant = uow.tenants.get(client.tenant_id) if client is not None else None
    stored = client.secret_hash if client is not None and tenant is not None else None
    if not verify_client_secret(client_secret, stored) or client is None or tenant is None:
        raise _refuse(uow_factory, clock, client_id, source)
    return ConsoleSignIn(tenant.id, client.client_id, fingerprint(client.secret_hash, key))


def check_admin_token(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    admin_token: str | None,
    given: str,
    *,
    source: str | None,
) -> None:
    with uow_factory(read_only=True) as uow:
        auth_throttle.check(uow, ADMIN_THROTTLE_ID, source, clock.now())
    if admin_token is None or not hmac.compare_digest(given.encode(), admin_token.encode()):
        raise _refuse(uow_factory, clock, ADMIN_THROTTLE_ID, source)


def sign_in_admin(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    key: str,
    admin_token: str | None,
    *,
    given: str,
    tenant_name: str,
    source: str | None,
) -> ConsoleSignIn:
    check_admin_token(uow_factory, clock, admin_token, given, source=source)
    assert admin_token is not None
    with uow_factory(read_only=True) as uow:
        tenant = uow.tenants.get_by_name(tenant_name)
    if tenant is None:
        raise DomainError(ErrorCode.TENANT_NOT_FOUND, f"No tenant named '{tenant_name}'.")
    return ConsoleSignIn(tenant.id, ADMIN, fingerprint(admin_token, key))


def session_tenant(
    uow_factory: UnitOfWorkFactory, key: str, admin_token: str | None, session: ConsoleSignIn
) -> TenantRecord | None:
    """The session's tenant while what opened the session still stands; None otherwise."""
    with uow_factory(read_only=True) as uow:
        tenant = uow.tenants.get(session.tenant_id)
        if tenant is None:
            return None
        if session.signed_in_as == ADMIN:
            material = admin_token
        else:
            client = uow.oauth_clients.get(session.signed_in_as)
            ok = client is not None and client.tenant_id == tenant.id
            material = client.secret_hash if client is not None and ok else None
    if material is None:
        return None
    return tenant if hmac.compare_digest(fingerprint(material, key), session.fingerprint) else None
