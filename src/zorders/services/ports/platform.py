"""Ports of the platform: tenants, OAuth clients and tokens, number sequences,
idempotency keys."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from zorders.domain.numbering import NumberKind


@dataclass(frozen=True)
class TenantRecord:
    id: str
    name: str
    created_at: datetime
    # Zuora's entity and org ids (UUID form); empty means derived when stored (tenants.py).
    entity_id: str = ""
    org_id: str = ""
    # The tenant's clock (T1): None follows the wall clock; set, it stands at that instant.
    clock_frozen_at: datetime | None = None
    # IANA time zone name of its business dates; None = UTC (T2).
    time_zone: str | None = None
    # Its stored settings (services.tenants.TenantSettings.from_stored reads them).
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OAuthClientRecord:
    client_id: str
    tenant_id: str
    secret_hash: str
    created_at: datetime


@dataclass(frozen=True)
class AccessTokenRecord:
    token_hash: str
    jti: str
    tenant_id: str
    client_id: str
    issued_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class IdempotencyRecord:
    tenant_id: str
    key: str
    method: str
    path: str
    completed: bool
    status_code: int | None
    headers: list[tuple[str, str]]
    body: bytes | None
    created_at: datetime
    expires_at: datetime
    locked_until: datetime
    # The request's own transaction committed (decision CR2): never taken over.
    work_committed: bool = False


class TenantRepository(Protocol):
    def add(self, tenant: TenantRecord) -> None: ...
    def get_settings(self, tenant_id: str) -> dict[str, Any]: ...
    def set_settings(self, tenant_id: str, settings: dict[str, Any]) -> None: ...
    def get(self, tenant_id: str, *, for_update: bool = False) -> TenantRecord | None: ...
    def get_by_name(self, name: str) -> TenantRecord | None: ...
    def list(self) -> list[TenantRecord]: ...
    def set_clock(self, tenant_id: str, frozen_at: datetime | None) -> None: ...
    def set_time_zone(self, tenant_id: str, time_zone: str | None) -> None: ...
    def delete_everything(self, tenant_id: str) -> int: ...


class OAuthClientRepository(Protocol):
    def add(self, client: OAuthClientRecord) -> None: ...
    def get(self, client_id: str) -> OAuthClientRecord | None: ...
    def set_secret_hash(self, client_id: str, secret_hash: str) -> None: ...
    def list_for_tenant(self, tenant_id: str) -> list[OAuthClientRecord]: ...


class AccessTokenRepository(Protocol):
    def add(self, token: AccessTokenRecord) -> None: ...
    def get(self, token_hash: str) -> AccessTokenRecord | None: ...
    def get_with_tenant(
        self, token_hash: str
    ) -> tuple[AccessTokenRecord, TenantRecord | None] | None:
        """The token and its tenant in one read (None when the tenant is gone)."""
        ...

    def delete_expired(self, now: datetime) -> int: ...
    def delete_of_client(self, client_id: str) -> int: ...
    def delete_of_tenant(self, tenant_id: str) -> int: ...


class AuthFailureRepository(Protocol):
    def recent(self, keys: Sequence[str], since: datetime) -> dict[str, tuple[int, datetime]]:
        """For each key with failures after `since`: how many, and the oldest of them."""
        ...

    def add(self, keys: Sequence[str], at: datetime) -> None: ...
    def delete_before(self, at: datetime) -> None: ...


class ServiceKeyRepository(Protocol):
    def get(self, name: str) -> str | None: ...
    def add_if_absent(self, name: str, value: str, at: datetime) -> None:
        """Store `value` under `name` unless a key of that name exists (a race keeps the
        first)."""
        ...


class SequenceRepository(Protocol):
    def next_value(self, tenant_id: str, kind: NumberKind) -> int:
        """The next value of the tenant's sequence; taken under a row lock, so concurrent
        transactions never receive the same value. Rolled back with the transaction."""
        ...

    def reserve_many(self, tenant_id: str, kind: NumberKind, count: int) -> int:
        """`count` consecutive values in one statement, under the same lock; the first."""
        ...


class IdempotencyRepository(Protocol):
    def insert_claim(self, record: IdempotencyRecord) -> bool:
        """Insert a new in-progress claim; False when the key is already present."""
        ...

    def get(self, tenant_id: str, key: str) -> IdempotencyRecord | None: ...

    def take_over(
        self, tenant_id: str, key: str, record: IdempotencyRecord, *, stale_before: datetime
    ) -> bool:
        """Replace a row that is expired, or whose in-progress lease lapsed before
        `stale_before` with no work committed; False if another request got there first."""
        ...

    def seal(self, tenant_id: str, key: str) -> None:
        """Mark, in the request's own transaction, that its work committed."""
        ...

    def complete(
        self,
        tenant_id: str,
        key: str,
        status_code: int,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> None: ...

    def release(self, tenant_id: str, key: str) -> None:
        """Delete an in-progress claim whose work never committed."""
        ...

    def delete_expired(self, now: datetime) -> int: ...
