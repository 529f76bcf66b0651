"""Request bodies sent with `Content-Encoding: gzip` are decompressed before routing."""

from __future__ import annotations

import zlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zorders.api.errors import Reason
from zorders.api.middleware.body_limit import too_large
from zorders.api.middleware.common import send_error
from zorders.domain.errors import ErrorCode

# A compressed body may not inflate past the body size limit (ZORDERS_MAX_BODY_BYTES): the
# same limit as a plain body, and a guard against decompression bombs.
DEFAULT_MAX_INFLATED_BYTES = 5 * 1024 * 1024


class GzipRequestMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_INFLATED_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        encoding = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"content-encoding"), None
        )
        if encoding is None or encoding.strip().lower() != "gzip":
            await self.app(scope, receive, send)
            return
        compressed = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            compressed += message.get("body", b"")
            if not message.get("more_body", False):
                break
        try:
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            body = inflater.decompress(bytes(compressed), self.max_bytes + 1)
            if len(body) > self.max_bytes:
                await send_error(scope, send, [too_large(self.max_bytes)])
                return
            if inflater.unconsumed_tail or not inflater.eof:
                raise zlib.error("incomplete")
        except zlib.error:
            await send_error(
                scope,
                send,
                [Reason(ErrorCode.MALFORMED_REQUEST, "The gzip request body could not be read.")],
            )
            return
        headers = [
            (k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")
        ]
        headers.append((b"content-length", str(len(body)).encode()))
        scope = dict(scope, headers=headers)
        sent = False

        async def inflated_receive() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, inflated_receive, send)
