"""Object ids: 32 lowercase hex characters, as Zuora's (spec §1.1)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from zorders.domain.errors import DomainError, ErrorCode

_GIVEN_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


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


def given_id(value: Any, field: str = "Id") -> str:
    """An id the caller chose (a catalog imported with its Zuora ids, decisions.md CI2), or
    a new one: 1 to 32 letters, digits, `-` or `_`."""
    if value is None:
        return new_id()
    text = str(value)
    if not _GIVEN_ID.fullmatch(text):
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"'{field}' must be 1 to 32 letters, digits, '-' or '_', got '{text[:40]}'",
            field,
        )
    return text
