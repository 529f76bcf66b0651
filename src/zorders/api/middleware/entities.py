"""`Zuora-Entity-Ids` and `Zuora-Org-Ids`: every tenant is one entity with one org.

Zuora's header reference (seeds 001-004): the entity header picks which of the token's
entities a call acts in, the org header is "a sub-set of the user's accessible orgs. If
you specify an org that the user does not have access to, the operation fails." A token
here is valid for exactly one entity and one org: naming them is accepted, leaving the
headers out is too, anything else is refused with 403 before the route runs
(decisions.md E1-E4). Runs once per request, after authentication.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from zorders.api.errors import Reason
from zorders.api.middleware.common import send_error, state
from zorders.domain.errors import ErrorCode

ENTITY_HEADER = b"zuora-entity-ids"
ORG_HEADER = b"zuora-org-ids"

ENTITY_MESSAGE = (
    "The OAuth token is not valid for the entity named in Zuora-Entity-Ids: it is valid"
    " for its tenant's entity only. Send that entity id, or leave the header out."
)
ORG_MESSAGE = (
    "Zuora-Org-Ids names an org the user does not have access to: the tenant has one org."
    " Send that org id, or leave the header out."
)


def named_ids(scope: Scope, header: bytes) -> list[str]:
    """The ids a header lists, comma-separated (every occurrence); none when absent."""
    ids: list[str] = []
    for key, value in scope["headers"]:
        if key == header:
            ids += [part.strip() for part in bytes(value).decode("latin-1").split(",")]
    return [i for i in ids if i]


def _allowed(named: list[str], own: str) -> bool:
    # UUIDs compare case-insensitively.
    return all(i.lower() == own.lower() for i in named)


class EntityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        st = state(scope) if scope["type"] == "http" else {}
        if st.get("tenant_id") is None:  # not HTTP, or a public path: no token, no entity
            await self.app(scope, receive, send)
            return
        if not _allowed(named_ids(scope, ENTITY_HEADER), st.get("entity_id", "")):
            reason = Reason(ErrorCode.ENTITY_NOT_ACCESSIBLE, ENTITY_MESSAGE, "Zuora-Entity-Ids")
            await send_error(scope, send, [reason])
            return
        if not _allowed(named_ids(scope, ORG_HEADER), st.get("org_id", "")):
            reason = Reason(ErrorCode.ORG_NOT_ACCESSIBLE, ORG_MESSAGE, "Zuora-Org-Ids")
            await send_error(scope, send, [reason])
            return
        await self.app(scope, receive, send)
