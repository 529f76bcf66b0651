"""Another ASGI application served beside the API under a path prefix (the console at
`/console`), outside every API middleware: no bearer tokens, no Zuora headers or error
envelopes, no idempotency keys apply to it."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class OutsideMount:
    def __init__(self, app: ASGIApp, *, prefix: str, mounted: ASGIApp) -> None:
        self.app = app
        self.prefix = prefix
        self.mounted = mounted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] in ("http", "websocket") else ""
        if path == self.prefix or path.startswith(self.prefix + "/"):
            # Starlette routes on the path below root_path (as its own Mount does).
            scope = {**scope, "root_path": scope.get("root_path", "") + self.prefix}
            await self.mounted(scope, receive, send)
            return
        await self.app(scope, receive, send)
