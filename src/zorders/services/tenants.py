"""Tenants (isolated Zuora tenants/entities) and their OAuth clients."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache
from zoneinfo import available_timezones

from zorders.domain.billing.proration import ProrationRule
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import MAX_TIME_ZONE_CHARS
from zorders.services.clock import Clock, zone
from zorders.services.context import CommandContext
from zorders.services.ids import default_entity_id, new_id, new_org_id
from zorders.services.ports import (
    OAuthClientRecord,
    TenantRecord,
    UnitOfWork,
    UnitOfWorkFactory,
)
from zorders.services.secrets import generate_client_secret, hash_secret, verify_secret
from zorders.services.zuora_limits import ZuoraLimits

CLIENT_ID_LENGTH = 36
CLIENT_SECRET_MAX_LENGTH = 42
# A secret chosen by hand must be this long at least (AU4); generated ones are 40.
CLIENT_SECRET_MIN_LENGTH = 16
TENANT_NAME_MAX_LENGTH = 100
DEFAULT_TENANT_NAME = "default"


@dataclass(frozen=True)
class TenantCredentials:
    tenant_id: str
    name: str
    client_id: str
    # None when the secret is not known any more (it is only stored hashed).
    client_secret: str | None
    # Zuora's entity and org of the tenant (decisions.md E1, E2).
    entity_id: str = ""
    org_id: str = ""


@dataclass(frozen=True)
class TenantSummary:
    tenant_id: str
    name: str
    client_ids: tuple[str, ...]
    entity_id: str = ""
    org_id: str = ""


def validate_client_credentials(client_id: str, client_secret: str) -> None:
    """The official client refuses ids that are not 36 characters and secrets over 42;
    zorders refuses secrets under 16 (AU4)."""
    if len(client_id) != CLIENT_ID_LENGTH:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"client_id must be exactly {CLIENT_ID_LENGTH} characters.",
            "client_id",
        )
    if not CLIENT_SECRET_MIN_LENGTH <= len(client_secret) <= CLIENT_SECRET_MAX_LENGTH:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"client_secret must be {CLIENT_SECRET_MIN_LENGTH} to {CLIENT_SECRET_MAX_LENGTH}"
            " characters.",
            "client_secret",
        )


def validate_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > TENANT_NAME_MAX_LENGTH:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"A tenant name is 1 to {TENANT_NAME_MAX_LENGTH} characters.",
            "name",
        )
    return cleaned


def _validate_uuid(value: str, field: str) -> str:
    """Zuora's entity and org ids are UUIDs; kept in their lower-case 36-character form."""
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        raise DomainError(
            ErrorCode.INVALID_VALUE, f"{field} must be a UUID (8-4-4-4-12 hex digits).", field
        ) from None


def _refuse_taken_ids(uow: UnitOfWork, entity_id: str | None, org_id: str | None) -> None:
    """An id names one entity or one org of one tenant, never two things."""
    if entity_id is not None and entity_id == org_id:
        raise DomainError(ErrorCode.INVALID_VALUE, "entity_id and org_id must differ.", "org_id")
    chosen = [(v, f) for v, f in ((entity_id, "entity_id"), (org_id, "org_id")) if v]
    if not chosen:
        return
    for other in uow.tenants.list():  # a handful of tenants: no index needed
        for value, field in chosen:
            if value in (other.entity_id, other.org_id):
                raise DomainError(
                    ErrorCode.INVALID_VALUE,
                    f"That {field} is already an id of tenant '{other.name}'.",
                    field,
                )


def create_tenant(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    name: str,
    *,
    client_id: str | None = None,
    client_secret: str | None = None,
    entity_id: str | None = None,
    org_id: str | None = None,
    clock_frozen_at: datetime | None = None,
    time_zone: str | None = None,
) -> TenantCredentials:
    """A new tenant with one OAuth client; the secret is returned once, here.
    `clock_frozen_at` starts its clock standing at that instant (test mode; T1).

    `entity_id` / `org_id` choose the ids the Zuora-Entity-Ids / Zuora-Org-Ids headers
    must name (an integration that sends its Zuora entity id keeps working; E9)."""
    name = validate_name(name)
    chosen_entity = _validate_uuid(entity_id, "entity_id") if entity_id is not None else None
    chosen_org = _validate_uuid(org_id, "org_id") if org_id is not None else None
    client_id = client_id or str(uuid.uuid4())
    client_secret = client_secret or generate_client_secret()
    validate_client_credentials(client_id, client_secret)
    zone_name = validate_time_zone(time_zone) if time_zone is not None else None
    with uow_factory() as uow:
        credentials = add_tenant(
            uow,
            clock,
            name,
            client_id=client_id,
            client_secret=client_secret,
            entity_id=chosen_entity,
            org_id=chosen_org,
            clock_frozen_at=clock_frozen_at,
        )
        if zone_name is not None:
            uow.tenants.set_time_zone(credentials.tenant_id, zone_name)
        uow.commit()
    return credentials


def validate_time_zone(value: str) -> str:
    """An IANA time zone name (`America/New_York`, `UTC`): the tenant's business dates
    are its clock's instant in this zone (T2, T10)."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > MAX_TIME_ZONE_CHARS:
        raise DomainError(ErrorCode.INVALID_VALUE, "must be an IANA time zone name.", "timeZone")
    # The zones tzdata names: not `localtime` or `posixrules`, which follow the machine.
    if text not in _known_zones():
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"'{text}' is not an IANA time zone name (such as America/New_York or UTC).",
            "timeZone",
        )
    zone(text)
    return text


@cache
def _known_zones() -> frozenset[str]:
    return (frozenset(available_timezones()) | {"UTC"}) - {"localtime", "posixrules"}


def set_tenant_time_zone(uow_factory: UnitOfWorkFactory, name: str, time_zone: str) -> str:
    """Change a tenant's time zone (operators; T10). Its clock's instant stays: only the
    business date it reads as moves. Returns the zone stored."""
    zone_name = validate_time_zone(time_zone)
    with uow_factory() as uow:
        tenant = uow.tenants.get_by_name(name)
        if tenant is None:
            raise DomainError(ErrorCode.TENANT_NOT_FOUND, f"No tenant named '{name}'.", "name")
        uow.tenants.set_time_zone(tenant.id, zone_name)
        uow.commit()
    return zone_name


def add_tenant(
    uow: UnitOfWork,
    clock: Clock,
    name: str,
    *,
    client_id: str,
    client_secret: str,
    entity_id: str | None = None,
    org_id: str | None = None,
    clock_frozen_at: datetime | None = None,
) -> TenantCredentials:
    """The tenant and its client, in the caller's unit of work (validated arguments)."""
    chosen_entity, chosen_org = entity_id, org_id
    now = clock.now()
    if uow.tenants.get_by_name(name) is not None:
        raise DomainError(
            ErrorCode.TENANT_NAME_TAKEN, f"A tenant named '{name}' already exists.", "name"
        )
    if uow.oauth_clients.get(client_id) is not None:
        raise DomainError(
            ErrorCode.CLIENT_ID_TAKEN, "That client_id is already in use.", "client_id"
        )
    _refuse_taken_ids(uow, chosen_entity, chosen_org)
    tenant_id = new_id()
    tenant = TenantRecord(
        id=tenant_id,
        name=name,
        created_at=now,
        entity_id=chosen_entity or default_entity_id(tenant_id),
        org_id=chosen_org or new_org_id(),
        clock_frozen_at=clock_frozen_at,
    )
    uow.tenants.add(tenant)
    uow.oauth_clients.add(
        OAuthClientRecord(
            client_id=client_id,
            tenant_id=tenant.id,
            secret_hash=hash_secret(client_secret),
            created_at=now,
        )
    )
    return TenantCredentials(
        tenant.id, name, client_id, client_secret, tenant.entity_id, tenant.org_id
    )


def ensure_default_tenant(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    *,
    client_id: str | None = None,
    client_secret: str | None = None,
) -> tuple[TenantCredentials, bool]:
    """The default tenant, created on first start; (credentials, created).

    With ZORDERS_DEFAULT_CLIENT_ID/SECRET set, the default tenant is reachable with exactly
    those credentials on every start (the secret is re-hashed if it changed), so scripts
    and CI can know them in advance.
    """
    if client_id is not None and client_secret is not None:
        validate_client_credentials(client_id, client_secret)
    with uow_factory(read_only=True) as uow:
        existing = uow.tenants.get_by_name(DEFAULT_TENANT_NAME)
        clients = uow.oauth_clients.list_for_tenant(existing.id) if existing else []
    if existing is None:
        return (
            create_tenant(
                uow_factory,
                clock,
                DEFAULT_TENANT_NAME,
                client_id=client_id,
                client_secret=client_secret,
            ),
            True,
        )
    if client_id is None or client_secret is None:
        first = clients[0].client_id if clients else ""
        return (
            TenantCredentials(
                existing.id, existing.name, first, None, existing.entity_id, existing.org_id
            ),
            False,
        )
    with uow_factory() as uow:
        current = uow.oauth_clients.get(client_id)
        if current is None:
            uow.oauth_clients.add(
                OAuthClientRecord(
                    client_id=client_id,
                    tenant_id=existing.id,
                    secret_hash=hash_secret(client_secret),
                    created_at=clock.now(),
                )
            )
        elif current.tenant_id != existing.id:
            raise DomainError(
                ErrorCode.CLIENT_ID_TAKEN,
                "ZORDERS_DEFAULT_CLIENT_ID belongs to another tenant.",
                "client_id",
            )
        elif not verify_secret(client_secret, current.secret_hash):
            # A new secret: the tokens issued with the old one stop working (AU3).
            uow.oauth_clients.set_secret_hash(client_id, hash_secret(client_secret))
            uow.access_tokens.delete_of_client(client_id)
        uow.commit()
    return (
        TenantCredentials(
            existing.id,
            existing.name,
            client_id,
            client_secret,
            existing.entity_id,
            existing.org_id,
        ),
        False,
    )


def list_tenants(uow_factory: UnitOfWorkFactory) -> list[TenantSummary]:
    with uow_factory(read_only=True) as uow:
        return [
            TenantSummary(
                t.id,
                t.name,
                tuple(c.client_id for c in uow.oauth_clients.list_for_tenant(t.id)),
                t.entity_id,
                t.org_id,
            )
            for t in uow.tenants.list()
        ]


class BusinessErrors(StrEnum):
    """The HTTP status of v1 business errors (decisions.md E5): 4xx as the reference
    declares, or 200 with `success: false` as Zuora answers in its error-handling guide."""

    HTTP_4XX = "http-4xx"
    HTTP_200 = "http-200"


@dataclass(frozen=True)
class TenantSettings:
    """Zuora's tenant settings that change how orders behave (spec §3.5)."""

    require_service_activation: bool = False
    require_customer_acceptance: bool = False
    # "When prorating a month, assume 30 days in a month or use actual days?" (spec §14.3;
    # decisions.md #3: actual days by default).
    proration: ProrationRule = ProrationRule.ACTUAL_DAYS
    business_errors: BusinessErrors = BusinessErrors.HTTP_4XX
    # Zuora's rate and concurrency limits of a tenant type, or none (decisions.md ZL1).
    zuora_limits: ZuoraLimits = ZuoraLimits.OFF

    @classmethod
    def from_stored(cls, values: dict[str, object]) -> TenantSettings:
        return cls(
            require_service_activation=bool(values.get("requireServiceActivation", False)),
            require_customer_acceptance=bool(values.get("requireCustomerAcceptance", False)),
            proration=ProrationRule(str(values.get("proration", ProrationRule.ACTUAL_DAYS))),
            business_errors=BusinessErrors(
                str(values.get("businessErrors", BusinessErrors.HTTP_4XX))
            ),
            zuora_limits=ZuoraLimits(str(values.get("zuoraLimits", ZuoraLimits.OFF))),
        )

    def to_stored(self) -> dict[str, object]:
        return {
            "requireServiceActivation": self.require_service_activation,
            "requireCustomerAcceptance": self.require_customer_acceptance,
            "proration": self.proration.value,
            "businessErrors": self.business_errors.value,
            "zuoraLimits": self.zuora_limits.value,
        }


def tenant_settings(uow: UnitOfWork, tenant_id: str) -> TenantSettings:
    return TenantSettings.from_stored(uow.tenants.get_settings(tenant_id))


def settings_for(uow: UnitOfWork, ctx: CommandContext) -> TenantSettings:
    """The settings the request's token came with (PF21), else the stored ones."""
    return ctx.settings if ctx.settings is not None else tenant_settings(uow, ctx.tenant_id)


def configure_tenant(
    uow_factory: UnitOfWorkFactory,
    name: str,
    *,
    require_service_activation: bool | None = None,
    require_customer_acceptance: bool | None = None,
    proration: ProrationRule | None = None,
    business_errors: BusinessErrors | None = None,
    zuora_limits: ZuoraLimits | None = None,
) -> TenantSettings:
    with uow_factory() as uow:
        tenant = uow.tenants.get_by_name(name)
        if tenant is None:
            raise DomainError(ErrorCode.TENANT_NOT_FOUND, f"No tenant named '{name}'.", "name")
        current = tenant_settings(uow, tenant.id)
        updated = TenantSettings(
            require_service_activation=current.require_service_activation
            if require_service_activation is None
            else require_service_activation,
            require_customer_acceptance=current.require_customer_acceptance
            if require_customer_acceptance is None
            else require_customer_acceptance,
            proration=current.proration if proration is None else proration,
            business_errors=current.business_errors if business_errors is None else business_errors,
            zuora_limits=current.zuora_limits if zuora_limits is None else zuora_limits,
        )
        uow.tenants.set_settings(tenant.id, updated.to_stored())
        uow.commit()
    return updated
