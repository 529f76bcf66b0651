"""OAuth 2.0 client-credentials tokens (spec §1.2).

Tokens are stored (hashed) in the database, so any API process can check a token that
another issued. Expiry is wall-clock time: a tenant's movable test clock does not expire
its credentials.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import auth_throttle
from zorders.services.clock import Clock
from zorders.services.ports import (
    AccessTokenRecord,
    TenantRecord,
    UnitOfWorkFactory,
)
from zorders.services.secrets import hash_token, verify_client_secret
from zorders.services.tenants import BusinessErrors, TenantSettings

GRANT_TYPE = "client_credentials"


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    token_type: str
    expires_in: int
    scope: str
    jti: str
    tenant_id: str


@dataclass(frozen=True)
class Principal:
    tenant_id: str
    client_id: str
    jti: str
    # The one entity and the one org the token acts in (decisions.md E1, E2).
    entity_id: str = ""
    org_id: str = ""
    # The tenant's `--business-errors` setting, read with the token (decisions.md E5).
    business_errors: BusinessErrors = BusinessErrors.HTTP_4XX
    # The tenant's clock and time zone, read with the token (decisions.md T3).
    clock_frozen_at: datetime | None = None
    time_zone: str | None = None
    # All of the tenant's settings, read with the token too (decision PF21).
    settings: TenantSettings = field(default_factory=TenantSettings)


def _scope(tenant: TenantRecord) -> str:
    """Zuora's shape: `entity.<entity id>` (the UUID the Zuora-Entity-Ids header names),
    then `tenant.<tenant id>` (decisions.md F9, E1)."""
    return f"entity.{tenant.entity_id} tenant.{tenant.id} platform.read platform.write"


def issue_token(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    *,
    client_id: str,
    client_secret: str,
    grant_type: str,
    ttl_seconds: int,
    source: str | None = None,
) -> IssuedToken:
    """A token for the client; `source` (the caller's address) and the client id are
    throttled after repeated failures (AU1), and an unknown client id costs the same
    work as a wrong secret (AU2)."""
    if grant_type != GRANT_TYPE:
        raise DomainError(
            ErrorCode.UNSUPPORTED_GRANT_TYPE,
            f"grant_type must be '{GRANT_TYPE}'.",
            "grant_type",
        )
    now = clock.now()
    with uow_factory(read_only=True) as uow:
        auth_throttle.check(uow, client_id, source, now)
        client = uow.oauth_clients.get(client_id)
        tenant = uow.tenants.get(client.tenant_id) if client is not None else None
    stored = client.secret_hash if client is not None and tenant is not None else None
    if not verify_client_secret(client_secret, stored) or client is None or tenant is None:
        with uow_factory() as uow:
            auth_throttle.record_failure(uow, client_id, source, now)
            uow.commit()
        raise DomainError(ErrorCode.INVALID_CLIENT_CREDENTIALS, "Authentication error")
    token = secrets.token_hex(16)  # 32 hex characters, like Zuora's tokens
    jti = uuid.uuid4().hex
    with uow_factory() as uow:
        uow.access_tokens.delete_expired(now)
        uow.access_tokens.add(
            AccessTokenRecord(
                token_hash=hash_token(token),
                jti=jti,
                tenant_id=client.tenant_id,
                client_id=client.client_id,
                issued_at=now,
                expires_at=now + timedelta(seconds=ttl_seconds),
            )
        )
        uow.commit()
    return IssuedToken(
        access_token=token,
        token_type="bearer",
        expires_in=ttl_seconds,
        scope=_scope(tenant),
        jti=jti,
        tenant_id=client.tenant_id,
    )


def authenticate(uow_factory: UnitOfWorkFactory, clock: Clock, token: str) -> Principal:
    """The tenant a bearer token acts for, with its entity, org and error-status setting
    (one read-only transaction); AUTHENTICATION_FAILED if unknown or expired."""
    with uow_factory(read_only=True) as uow:
        found = uow.access_tokens.get_with_tenant(hash_token(token))
    if found is None or found[0].expires_at <= clock.now():
        raise DomainError(ErrorCode.AUTHENTICATION_FAILED, "Authentication error")
    record, tenant = found
    return _principal(tenant, record.client_id, record.jti)


def authenticate_client(
    uow_factory: UnitOfWorkFactory, client_id: str, client_secret: str
) -> Principal:
    """Zuora's legacy authentication (decision SU1): the `apiAccessKeyId` /
    `apiSecretAccessKey` pair (or HTTP Basic with it) on each request, checked against the
    tenant's OAuth client as the token endpoint checks it (the secret stays hashed); the
    same AUTHENTICATION_FAILED as a bad token when it does not match."""
    with uow_factory(read_only=True) as uow:
        client = uow.oauth_clients.get(client_id)
        stored = client.secret_hash if client is not None else None
        if not verify_client_secret(client_secret, stored) or client is None:
            raise DomainError(ErrorCode.AUTHENTICATION_FAILED, "Authentication error")
        # No token: the request's credentials are its own (an empty jti).
        return _principal(uow.tenants.get(client.tenant_id), client.client_id, "")


def _principal(tenant: TenantRecord | None, client_id: str, jti: str) -> Principal:
    if tenant is None:
        raise DomainError(ErrorCode.AUTHENTICATION_FAILED, "Authentication error")
    settings = TenantSettings.from_stored(tenant.settings)
    return Principal(
        tenant.id,
        client_id,
        jti,
        entity_id=tenant.entity_id,
        org_id=tenant.org_id,
        business_errors=settings.business_errors,
        clock_frozen_at=tenant.clock_frozen_at,
        time_zone=tenant.time_zone,
        settings=settings,
    )
