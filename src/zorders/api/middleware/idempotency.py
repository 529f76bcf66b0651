"""Idempotency-Key on POST and PATCH (spec §1.5; rules in zorders.services.idempotency)."""

from __future__ import annotations

import logging
from functools import partial

import anyio
from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zorders.api.errors import Reason
from zorders.api.middleware.common import send_error, state
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.headers import validate_idempotency_key
from zorders.services import idempotency
from zorders.services.clock import Clock
from zorders.services.ports import UnitOfWorkFactory

log = logging.getLogger("zorders.idempotency")

IDEMPOTENT_METHODS = frozenset({"POST", "PATCH"})
# Per-request headers are not part of the stored answer: a replay carries its own.
_NOT_STORED = frozenset(
    {"content-length", "content-encoding", "zuora-request-id", "zuora-track-id", "date", "server"}
)


# The claims that refuse the request: their code and message.
_REFUSALS: dict[type[idempotency.ClaimOutcome], tuple[ErrorCode, str]] = {
    idempotency.InProgress: (
        ErrorCode.IDEMPOTENCY_KEY_IN_USE,
        "A request with this Idempotency-Key is still being processed;"
        " retry later with the same key.",
    ),
    idempotency.AnswerLost: (
        ErrorCode.IDEMPOTENCY_KEY_IN_USE,
        "The request with this Idempotency-Key was carried out, but the server stopped"
        " before its answer was stored; look its result up instead of retrying with this"
        " key.",
    ),
    idempotency.Mismatch: (
        ErrorCode.IDEMPOTENCY_KEY_MISMATCH,
        "This Idempotency-Key was used with another HTTP method or URL.",
    ),
}


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, *, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self.app = app
        self.uow_factory = uow_factory
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in IDEMPOTENT_METHODS:
            await self.app(scope, receive, send)
            return
        raw_key = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"idempotency-key"), None
        )
        tenant_id = state(scope).get("tenant_id")
        if raw_key is None or tenant_id is None:
            await self.app(scope, receive, send)
            return
        try:
            key = validate_idempotency_key(raw_key)
        except DomainError as err:
            await send_error(scope, send, [Reason(err.code, err.message, err.field)])
            return
        path = scope["path"]
        if scope.get("query_string"):
            path += "?" + scope["query_string"].decode("latin-1")
        outcome = await to_thread.run_sync(
            partial(
                idempotency.claim,
                self.uow_factory,
                self.clock,
                tenant_id=tenant_id,
                key=key,
                method=scope["method"],
                path=path,
            )
        )
        if isinstance(outcome, idempotency.Replay):
            await _replay(send, outcome.response)
            return
        refusal = _REFUSALS.get(type(outcome))
        if refusal is not None:
            await send_error(scope, send, [Reason(*refusal, "Idempotency-Key")])
            return
        await self._run_and_store(scope, receive, send, tenant_id, key)

    async def _run_and_store(
        self, scope: Scope, receive: Receive, send: Send, tenant_id: str, key: str
    ) -> None:
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        try:
            with idempotency.holding(tenant_id, key):
                await self.app(scope, receive, capture)
        except BaseException:
            # No answer was produced (the client went away, or the server is stopping):
            # give the key back so that a retry can run, unless the work committed.
            with anyio.CancelScope(shield=True):
                await to_thread.run_sync(
                    partial(idempotency.release, self.uow_factory, tenant_id=tenant_id, key=key)
                )
            raise
        start = next(m for m in messages if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, v in start.get("headers", [])
            if k.decode("latin-1").lower() not in _NOT_STORED
        ]
        await to_thread.run_sync(
            partial(
                idempotency.complete,
                self.uow_factory,
                tenant_id=tenant_id,
                key=key,
                response=idempotency.StoredResponse(start["status"], headers, body),
            )
        )
        for message in messages:
            await send(message)


async def _replay(send: Send, stored: idempotency.StoredResponse) -> None:
    headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in stored.headers]
    headers.append((b"content-length", str(len(stored.body)).encode()))
    await send({"type": "http.response.start", "status": stored.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body})
