"""A tenant's OAuth credentials after it is made (decision AU3): a new secret, which
revokes every token issued before it, and revoking tokens alone."""

from __future__ import annotations

from dataclasses import dataclass

from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.ports import UnitOfWorkFactory
from zorders.services.secrets import generate_client_secret, hash_secret


@dataclass(frozen=True)
class RotatedSecret:
    tenant_id: str
    client_id: str
    # Shown once, here: only its hash is stored.
    client_secret: str
    tokens_revoked: int


def rotate_secret(
    uow_factory: UnitOfWorkFactory, tenant_name: str, client_id: str | None = None
) -> RotatedSecret:
    """A new generated secret for the tenant's client (`client_id`, needed only when the
    tenant has several); the tokens issued to that client before it stop working."""
    with uow_factory() as uow:
        tenant = uow.tenants.get_by_name(tenant_name)
        if tenant is None:
            raise DomainError(
                ErrorCode.TENANT_NOT_FOUND, f"No tenant named '{tenant_name}'.", "name"
            )
        clients = [c.client_id for c in uow.oauth_clients.list_for_tenant(tenant.id)]
        if client_id is None and len(clients) == 1:
            client_id = clients[0]
        if client_id is None or client_id not in clients:
            raise DomainError(
                ErrorCode.INVALID_VALUE,
                f"Name one of the tenant's clients: {', '.join(clients) or 'none'}.",
                "client_id",
            )
        secret = generate_client_secret()
        uow.oauth_clients.set_secret_hash(client_id, hash_secret(secret))
        revoked = uow.access_tokens.delete_of_client(client_id)
        uow.commit()
    return RotatedSecret(tenant.id, client_id, secret, revoked)


def revoke_tokens(uow_factory: UnitOfWorkFactory, tenant_name: str) -> int:
    """Revoke every token of the tenant (its secrets stay); how many there were."""
    with uow_factory() as uow:
        tenant = uow.tenants.get_by_name(tenant_name)
        if tenant is None:
            raise DomainError(
                ErrorCode.TENANT_NOT_FOUND, f"No tenant named '{tenant_name}'.", "name"
            )
        revoked = uow.access_tokens.delete_of_tenant(tenant.id)
        uow.commit()
    return revoked
