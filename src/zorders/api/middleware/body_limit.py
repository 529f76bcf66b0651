"""Request limits before anything else reads the request: the body size (HTTP 413,
category 70, in the family's envelope) and control characters in the path or query
string (400; a NUL would reach SQL through a key). The decompressed size of gzip bodies
is held to the same limit by `GzipRequestMiddleware`."""

from __future__ import annotations

from urllib.parse import unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zorders.api.errors import Reason
from zorders.api.middleware.common import send_error
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_text


def too_large(max_bytes: int) -> Reason:
    return Reason(
        ErrorCode.REQUEST_TOO_LARGE,
        f"The request body exceeds the limit of {max_bytes} bytes.",
    )


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            check_text(scope["path"], "path", max_length=8192)
            query = unquote(scope.get("query_string", b"").decode("latin-1"))
            check_text(query, "query", max_length=8192)
        except DomainError as error:
            reason = Reason(ErrorCode.INVALID_QUERY_PARAMETER, error.message, error.field)
            await send_error(scope, send, [reason])
            return
        declared = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await send_error(scope, send, [too_large(self.max_bytes)])
            return
        # Without a (truthful) Content-Length, count the chunks as they come.
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await send_error(scope, send, [too_large(self.max_bytes)])
                return
            if not message.get("more_body", False):
                break
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
