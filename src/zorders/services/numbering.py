"""Next object number for a tenant (`A00000001`, `O-00000001`, ...)."""

from __future__ import annotations

from zorders.domain.numbering import NumberKind, format_number
from zorders.services.ports import UnitOfWork


def next_number(uow: UnitOfWork, tenant_id: str, kind: NumberKind) -> str:
    """Taken inside the caller's transaction: a rolled-back command consumes no number."""
    return format_number(kind, uow.sequences.next_value(tenant_id, kind))
