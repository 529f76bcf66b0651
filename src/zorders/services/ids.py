"""Object ids: 32 lowercase hex characters, as Zuora's (spec §1.1)."""

from __future__ import annotations

import uuid


def new_id() -> str:
    return uuid.uuid4().hex


def new_request_id() -> str:
    """Zuora-Request-Id values are 36-character UUID strings."""
    return str(uuid.uuid4())


def new_process_id() -> str:
    """processId in error bodies: 16 upper-case hex characters, as in Zuora's examples."""
    return uuid.uuid4().hex[:16].upper()


def default_entity_id(tenant_id: str) -> str:
    """A tenant's Zuora entity id: its id in the 36-character UUID form Zuora's entity ids
    take (decisions.md E1)."""
    return str(uuid.UUID(hex=tenant_id))


def new_org_id() -> str:
    return str(uuid.uuid4())
