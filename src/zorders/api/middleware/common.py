"""Helpers shared by the middleware."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from starlette.types import Scope, Send

from zorders.api.errors import Reason, error_body, error_headers, error_status


def state(scope: Scope) -> dict[str, Any]:
    return scope.setdefault("state", {})  # type: ignore[no-any-return]


async def send_json(
    send: Send, status: int, body: Any, headers: dict[str, str] | None = None
) -> None:
    payload = json.dumps(body, separators=(",", ":")).encode()
    raw_headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(payload)).encode()),
    ]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload})


async def send_error(scope: Scope, send: Send, reasons: Sequence[Reason]) -> None:
    st = state(scope)
    status = error_status(reasons, scope["path"])
    body = error_body(
        scope["path"],
        reasons,
        request_id=st.get("request_id", ""),
        process_id=st.get("process_id", ""),
    )
    await send_json(send, status, body, error_headers(status))
