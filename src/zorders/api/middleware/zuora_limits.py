"""Zuora's rate and concurrency limits on the requests of tenants held to them (their
`zuoraLimits` setting; off by default: spec §1.9, decisions.md ZL1–ZL4).

Inside authentication (the tenant is known). A tenant held to limits gets
`RateLimit-Limit` / `-Remaining` / `-Reset` and `Concurrency-Limit-Type` / `-Limit` /
`-Remaining` on every answer; past a rate window, 429 with "API Rate limit exceeded for
the <window>, retry after N seconds" and `Retry-After: N`; past its class's concurrent
requests, 429 with 50000070 and `Retry-After: 120`. The token endpoint is outside both, as
in Zuora (its failures have their own throttle, AU1)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zorders.api.errors import Reason
from zorders.api.middleware.common import send_error, state
from zorders.domain.errors import ErrorCode
from zorders.services.clock import Clock
from zorders.services.zuora_limits import Limiter, ZuoraLimits, concurrency_class

CONCURRENCY_RETRY_AFTER = 120
CONCURRENCY_MESSAGE = (
    "The total number of concurrent requests has exceeded the limit allowed by the system. "
    "Please resubmit your request later."
)


class ZuoraLimitsMiddleware:
    def __init__(self, app: ASGIApp, *, clock: Clock, limiter: Limiter | None = None) -> None:
        self.app = app
        self.clock = clock
        self.limiter = limiter or Limiter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        st = state(scope) if scope["type"] == "http" else {}
        settings = st.get("tenant_settings")
        tenant_id = st.get("tenant_id")
        limits = getattr(settings, "zuora_limits", ZuoraLimits.OFF)
        if limits is ZuoraLimits.OFF or tenant_id is None:
            await self.app(scope, receive, send)
            return
        rate = self.limiter.count(tenant_id, limits, self.clock.now())
        headers = rate.headers()
        if rate.exceeded is not None:
            headers["Retry-After"] = str(rate.reset_seconds)
            message = (
                f"API Rate limit exceeded for the {rate.exceeded.name}, "
                f"retry after {rate.reset_seconds} seconds"
            )
            await send_error(
                scope,
                _with_headers(send, headers),
                [Reason(ErrorCode.RATE_LIMIT_EXCEEDED, message)],
            )
            return
        kind = concurrency_class(scope["method"], scope["path"])
        remaining = self.limiter.enter(tenant_id, kind)
        headers["Concurrency-Limit-Type"] = kind.value
        headers["Concurrency-Limit-Limit"] = str(self.limiter.concurrency_limits[kind])
        if remaining is None:
            headers["Concurrency-Limit-Remaining"] = "0"
            headers["Retry-After"] = str(CONCURRENCY_RETRY_AFTER)
            await send_error(
                scope,
                _with_headers(send, headers),
                [Reason(ErrorCode.CONCURRENCY_LIMIT_EXCEEDED, CONCURRENCY_MESSAGE)],
            )
            return
        headers["Concurrency-Limit-Remaining"] = str(remaining)
        try:
            await self.app(scope, receive, _with_headers(send, headers))
        finally:
            self.limiter.leave(tenant_id, kind)


def _with_headers(send: Send, headers: dict[str, str]) -> Send:
    extra = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return sending
