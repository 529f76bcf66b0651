"""Tenants, OAuth clients and access tokens."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from zorders.services.ids import default_entity_id, new_id, new_org_id
from zorders.services.ports import AccessTokenRecord, OAuthClientRecord, TenantRecord
from zorders.storage.tables import (
    TENANTLESS,
    access_tokens,
    auth_failures,
    metadata,
    oauth_clients,
    tenants,
)


def _tenant(row: Mapping[Any, Any]) -> TenantRecord:
    return TenantRecord(
        id=row["id"],
        name=row["name"],
        created_at=row["created_at"],
        entity_id=row["entity_id"],
        org_id=row["org_id"],
        clock_frozen_at=row["clock_frozen_at"],
        time_zone=row["time_zone"],
        settings=dict(row["settings"] or {}),
    )


def _token(row: RowMapping) -> AccessTokenRecord:
    return AccessTokenRecord(
        token_hash=row["token_hash"],
        jti=row["jti"],
        tenant_id=row["tenant_id"],
        client_id=row["client_id"],
        issued_at=row["issued_at"],
        expires_at=row["expires_at"],
    )


def _client(row: RowMapping) -> OAuthClientRecord:
    return OAuthClientRecord(
        client_id=row["client_id"],
        tenant_id=row["tenant_id"],
        secret_hash=row["secret_hash"],
        created_at=row["created_at"],
    )


class SqlTenantRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, tenant: TenantRecord) -> None:
        self._c.execute(
            insert(tenants).values(
                id=tenant.id,
                name=tenant.name,
                created_at=tenant.created_at,
                settings={},
                entity_id=tenant.entity_id or default_entity_id(tenant.id),
                org_id=tenant.org_id or new_org_id(),
                clock_frozen_at=tenant.clock_frozen_at,
                time_zone=tenant.time_zone,
            )
        )

    def get_settings(self, tenant_id: str) -> dict[str, Any]:
        value = self._c.execute(
            select(tenants.c.settings).where(tenants.c.id == tenant_id)
        ).scalar_one_or_none()
        return dict(value or {})

    def set_settings(self, tenant_id: str, settings: dict[str, Any]) -> None:
        self._c.execute(update(tenants).where(tenants.c.id == tenant_id).values(settings=settings))

    def get(self, tenant_id: str, *, for_update: bool = False) -> TenantRecord | None:
        query = select(tenants).where(tenants.c.id == tenant_id)
        if for_update:
            query = query.with_for_update()
        row = self._c.execute(query).mappings().first()
        return _tenant(row) if row else None

    def set_clock(self, tenant_id: str, frozen_at: datetime | None) -> None:
        self._c.execute(
            update(tenants).where(tenants.c.id == tenant_id).values(clock_frozen_at=frozen_at)
        )

    def set_time_zone(self, tenant_id: str, time_zone: str | None) -> None:
        self._c.execute(
            update(tenants).where(tenants.c.id == tenant_id).values(time_zone=time_zone)
        )

    def delete_everything(self, tenant_id: str) -> int:
        """Every row of the tenant in every table, children first (T7): each table of the
        metadata but `tenants` (and the `TENANTLESS` ones) carries `tenant_id`, so a table
        added later is covered."""
        removed = 0
        for table in reversed(metadata.sorted_tables):
            if table is tenants or table.name in TENANTLESS:
                continue
            if "tenant_id" not in table.c:
                raise RuntimeError(f"table {table.name} has no tenant_id column")
            result = self._c.execute(delete(table).where(table.c.tenant_id == tenant_id))
            removed += result.rowcount
        result = self._c.execute(delete(tenants).where(tenants.c.id == tenant_id))
        return removed + result.rowcount

    def get_by_name(self, name: str) -> TenantRecord | None:
        row = self._c.execute(select(tenants).where(tenants.c.name == name)).mappings().first()
        return _tenant(row) if row else None

    def list(self) -> list[TenantRecord]:
        rows = self._c.execute(select(tenants).order_by(tenants.c.created_at, tenants.c.name))
        return [_tenant(r) for r in rows.mappings()]


class SqlOAuthClientRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, client: OAuthClientRecord) -> None:
        self._c.execute(
            insert(oauth_clients).values(
                client_id=client.client_id,
                tenant_id=client.tenant_id,
                secret_hash=client.secret_hash,
                created_at=client.created_at,
            )
        )

    def get(self, client_id: str) -> OAuthClientRecord | None:
        row = (
            self._c.execute(select(oauth_clients).where(oauth_clients.c.client_id == client_id))
            .mappings()
            .first()
        )
        return _client(row) if row else None

    def set_secret_hash(self, client_id: str, secret_hash: str) -> None:
        self._c.execute(
            update(oauth_clients)
            .where(oauth_clients.c.client_id == client_id)
            .values(secret_hash=secret_hash)
        )

    def list_for_tenant(self, tenant_id: str) -> list[OAuthClientRecord]:
        rows = self._c.execute(
            select(oauth_clients)
            .where(oauth_clients.c.tenant_id == tenant_id)
            .order_by(oauth_clients.c.created_at, oauth_clients.c.client_id)
        )
        return [_client(r) for r in rows.mappings()]


_TOKEN_WITH_TENANT = (
    select(
        access_tokens,
        tenants.c.id.label("tenant_row_id"),
        *(c for c in tenants.c if c.name not in ("id",)),
    )
    .select_from(access_tokens.outerjoin(tenants, tenants.c.id == access_tokens.c.tenant_id))
    .where(access_tokens.c.token_hash == bindparam("token_hash"))
)


class SqlAccessTokenRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, token: AccessTokenRecord) -> None:
        self._c.execute(
            insert(access_tokens).values(
                token_hash=token.token_hash,
                jti=token.jti,
                tenant_id=token.tenant_id,
                client_id=token.client_id,
                issued_at=token.issued_at,
                expires_at=token.expires_at,
            )
        )

    def get(self, token_hash: str) -> AccessTokenRecord | None:
        row = (
            self._c.execute(select(access_tokens).where(access_tokens.c.token_hash == token_hash))
            .mappings()
            .first()
        )
        return _token(row) if row is not None else None

    def get_with_tenant(
        self, token_hash: str
    ) -> tuple[AccessTokenRecord, TenantRecord | None] | None:
        # One statement for every authenticated request (decision PF21).
        row = self._c.execute(_TOKEN_WITH_TENANT, {"token_hash": token_hash}).first()
        if row is None:
            return None
        token = _token(row._mapping)
        if row.tenant_row_id is None:
            return token, None
        tenant = _tenant({**row._mapping, "id": row.tenant_row_id})
        return token, tenant

    def delete_expired(self, now: datetime) -> int:
        result = self._c.execute(delete(access_tokens).where(access_tokens.c.expires_at <= now))
        return result.rowcount

    def delete_of_client(self, client_id: str) -> int:
        """Revoke every token issued to the client (a rotated secret, AU3)."""
        result = self._c.execute(
            delete(access_tokens).where(access_tokens.c.client_id == client_id)
        )
        return result.rowcount

    def delete_of_tenant(self, tenant_id: str) -> int:
        """Revoke every token of the tenant (`zorders tenant revoke-tokens`, AU3)."""
        result = self._c.execute(
            delete(access_tokens).where(access_tokens.c.tenant_id == tenant_id)
        )
        return result.rowcount


class SqlAuthFailureRepository:
    """Failed token requests by key, for the token endpoint's throttle (AU1)."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def recent(self, keys: Sequence[str], since: datetime) -> dict[str, tuple[int, datetime]]:
        """For each key with failures after `since`: how many, and the oldest of them."""
        rows = self._c.execute(
            select(
                auth_failures.c.key,
                func.count(),
                func.min(auth_failures.c.failed_at),
            )
            .where(auth_failures.c.key.in_(list(keys)), auth_failures.c.failed_at > since)
            .group_by(auth_failures.c.key)
        )
        return {str(r[0]): (int(r[1]), r[2]) for r in rows}

    def add(self, keys: Sequence[str], at: datetime) -> None:
        self._c.execute(
            insert(auth_failures), [{"id": new_id(), "key": k, "failed_at": at} for k in keys]
        )

    def delete_before(self, at: datetime) -> None:
        self._c.execute(delete(auth_failures).where(auth_failures.c.failed_at <= at))
