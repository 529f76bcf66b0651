"""Idempotent POST/PATCH requests (spec §1.5).

The first request with a key claims it (a row committed before the request runs); its
status, headers and body are stored when it ends, failures included, and returned to
every later request with the same key for 24 hours. A request that finds the key claimed
but not finished gets 409; the same key on another method or URL gets 422. The claim is
a database row, so this holds across API processes.

A claim whose process died mid-request would block its key; after LEASE it may be taken
over (Zuora gives up on a request after 120 s, so a live request is long done by then) —
unless the request's work had committed. The request's own transactions seal its claim
(`HELD_CLAIM`, read by the unit of work's commit), so a process that died after its
business commit and before storing the answer leaves a claim that is never taken over: a
retry gets 409 (`AnswerLost`), never a second execution (decision CR2).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from zorders.services.clock import Clock
from zorders.services.ports import IdempotencyRecord, UnitOfWorkFactory

RETENTION = timedelta(hours=24)
LEASE = timedelta(seconds=300)

# (tenant id, key) of the claim the running request holds; each write transaction that
# commits while it is set seals the claim in that same transaction.
HELD_CLAIM: ContextVar[tuple[str, str] | None] = ContextVar("held_claim", default=None)


@contextmanager
def holding(tenant_id: str, key: str) -> Iterator[None]:
    """While the block runs (the request's work), commits seal the claim."""
    token = HELD_CLAIM.set((tenant_id, key))
    try:
        yield
    finally:
        HELD_CLAIM.reset(token)


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Proceed:
    """The key is ours: run the request, then `complete` (or `release`) it."""


@dataclass(frozen=True)
class Replay:
    response: StoredResponse


@dataclass(frozen=True)
class InProgress:
    """Another request with this key is still running (409)."""


@dataclass(frozen=True)
class AnswerLost:
    """The request with this key did its work, and its process died before storing the
    answer (409 until the key expires: its result is to be looked up, not re-run)."""


@dataclass(frozen=True)
class Mismatch:
    """The key was used with another method or URL (422)."""


ClaimOutcome = Proceed | Replay | InProgress | AnswerLost | Mismatch


def claim(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    *,
    tenant_id: str,
    key: str,
    method: str,
    path: str,
) -> ClaimOutcome:
    now = clock.now()
    fresh = IdempotencyRecord(
        tenant_id=tenant_id,
        key=key,
        method=method,
        path=path,
        completed=False,
        status_code=None,
        headers=[],
        body=None,
        created_at=now,
        expires_at=now + RETENTION,
        locked_until=now + LEASE,
    )
    # Two rounds at most: a row can vanish (purged) between our insert and our read.
    for _ in range(2):
        with uow_factory() as uow:
            if uow.idempotency.insert_claim(fresh):
                uow.commit()
                return Proceed()
            existing = uow.idempotency.get(tenant_id, key)
            if existing is None:
                continue
            lapsed = not existing.completed and existing.locked_until <= now
            stale = existing.expires_at <= now or (lapsed and not existing.work_committed)
            if stale:
                taken = uow.idempotency.take_over(tenant_id, key, fresh, stale_before=now)
                uow.commit()
                if taken:
                    return Proceed()
                continue
            if existing.method != method or existing.path != path:
                return Mismatch()
            if lapsed:
                return AnswerLost()
            if not existing.completed or existing.status_code is None:
                return InProgress()
            return Replay(
                StoredResponse(existing.status_code, existing.headers, existing.body or b"")
            )
    return InProgress()


def complete(
    uow_factory: UnitOfWorkFactory, *, tenant_id: str, key: str, response: StoredResponse
) -> None:
    with uow_factory() as uow:
        uow.idempotency.complete(
            tenant_id, key, response.status_code, response.headers, response.body
        )
        uow.commit()


def release(uow_factory: UnitOfWorkFactory, *, tenant_id: str, key: str) -> None:
    """Give the key back when the request never produced an answer (client went away)."""
    with uow_factory() as uow:
        uow.idempotency.release(tenant_id, key)
        uow.commit()


def purge_expired(uow_factory: UnitOfWorkFactory, clock: Clock) -> int:
    with uow_factory() as uow:
        removed = uow.idempotency.delete_expired(clock.now())
        uow.commit()
    return removed
