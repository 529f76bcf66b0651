"""Tenants, OAuth clients, access tokens, number sequences, idempotency keys."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    false,
)

from zorders.storage.tables.base import metadata
from zorders.storage.types import UTCDateTime

tenants = Table(
    "tenants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
    # Tenant settings (zorders.services.tenants.TenantSettings), added by migration 0005.
    Column("settings", JSON, nullable=True),
    # Zuora's entity and org of the tenant (Zuora-Entity-Ids / Zuora-Org-Ids, token scope),
    # UUIDs in their 36-character form; added by migration 0009 (decisions.md E1, E2).
    Column("entity_id", String(36), nullable=False, unique=True),
    Column("org_id", String(36), nullable=False, unique=True),
    # The tenant's clock (issue 11, migration 0011): NULL follows the wall clock; set (test
    # mode) it stands at that instant until set or advanced again. `time_zone` (IANA name,
    # NULL = UTC) makes the tenant's business date.
    Column("clock_frozen_at", UTCDateTime(), nullable=True),
    Column("time_zone", String(64), nullable=True),
)

oauth_clients = Table(
    "oauth_clients",
    metadata,
    Column("client_id", String(36), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False, index=True),
    Column("secret_hash", String(200), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

access_tokens = Table(
    "access_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("jti", String(32), nullable=False),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("client_id", String(36), ForeignKey("oauth_clients.client_id"), nullable=False),
    Column("issued_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False, index=True),
)

# Failed token requests (decision AU1): one row each, by the key it counts against
# (`client:<client id>` or `address:<source address>`), kept for the throttle's window.
auth_failures = Table(
    "auth_failures",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("key", String(300), nullable=False),
    Column("failed_at", UTCDateTime(), nullable=False),
    Index("ix_auth_failures_key_failed_at", "key", "failed_at"),
    Index("ix_auth_failures_failed_at", "failed_at"),
)

# The tables no tenant owns: every other table but `tenants` carries `tenant_id` (T7). A
# failed token request may name no tenant's client.
TENANTLESS = frozenset({"auth_failures", "service_keys"})

# The service's own secrets (decision CO3): the console's session-signing key, made once by
# whichever process needs it first, so that every API process signs alike.
service_keys = Table(
    "service_keys",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(128), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

sequences = Table(
    "sequences",
    metadata,
    Column("tenant_id", String(32), ForeignKey("tenants.id"), primary_key=True),
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("tenant_id", String(32), ForeignKey("tenants.id"), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("method", String(10), nullable=False),
    Column("path", String(2048), nullable=False),
    Column("completed", Boolean, nullable=False),
    # The request's own transaction committed (its work is done, whatever became of its
    # answer): the claim is never taken over (decision CR2).
    Column("work_committed", Boolean, nullable=False, server_default=false()),
    Column("status_code", Integer, nullable=True),
    Column("headers", JSON, nullable=True),
    Column("body", LargeBinary, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Column("locked_until", UTCDateTime(), nullable=False),
    Index("ix_idempotency_keys_expires_at", "expires_at"),
)
