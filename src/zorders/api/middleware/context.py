"""Request and process ids, Zuora-Track-Id, Zuora-Version, access logs, last-resort 500."""

from __future__ import annotations

import logging
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zorders.api.errors import Reason
from zorders.api.logs import request_id_var, tenant_id_var
from zorders.api.middleware.common import send_error, state
from zorders.api.version_gates import zuora_version_var
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.headers import validate_track_id
from zorders.domain.versions import parse_version
from zorders.services.ids import new_process_id, new_request_id

log = logging.getLogger("zorders.http")


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = new_request_id()
        st = state(scope)
        st["request_id"] = request_id
        st["process_id"] = new_process_id()
        headers = Headers(scope=scope)
        st["zuora_version"] = parse_version(headers.get("zuora-version"))
        version_token = zuora_version_var.set(st["zuora_version"])
        raw_track_id = headers.get("zuora-track-id")
        track_id: str | None = None
        started = time.perf_counter()
        status = 0
        response_started = False
        request_token = request_id_var.set(request_id)
        tenant_token = tenant_id_var.set(None)

        async def send_with_ids(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                out = MutableHeaders(scope=message)
                out["Zuora-Request-Id"] = request_id
                if track_id is not None:
                    out["Zuora-Track-Id"] = track_id
            await send(message)

        try:
            if raw_track_id is not None:
                try:
                    track_id = validate_track_id(raw_track_id)
                except DomainError as err:
                    await send_error(
                        scope, send_with_ids, [Reason(err.code, err.message, err.field)]
                    )
                    return
            await self.app(scope, receive, send_with_ids)
        except Exception:
            log.exception("unhandled error")
            if not response_started:
                await send_error(
                    scope,
                    send_with_ids,
                    [Reason(ErrorCode.INTERNAL_ERROR, internal_error_message(request_id))],
                )
        finally:
            log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "request_id": request_id,
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "tenant_id": st.get("tenant_id"),
                },
            )
            tenant_id_var.reset(tenant_token)
            request_id_var.reset(request_token)
            zuora_version_var.reset(version_token)


def internal_error_message(request_id: str) -> str:
    return f"An unexpected error occurred. Quote request id {request_id} when reporting it."


class CatchAllMiddleware:
    """Turns an unexpected exception into Zuora's 500 envelope, inside the idempotency
    layer so that the failure is stored like any other answer. Internals stay in the log."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if started:
                raise
            log.exception("unhandled error")
            request_id = state(scope).get("request_id", "")
            await send_error(
                scope, send, [Reason(ErrorCode.INTERNAL_ERROR, internal_error_message(request_id))]
            )
