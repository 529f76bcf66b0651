"""POST /oauth/token (spec §1.2)."""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from zorders.api.deps import dependencies
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.auth import issue_token

router = APIRouter()

_FIELDS = ("client_id", "client_secret", "grant_type")


@router.post("/oauth/token", tags=["OAuth"], summary="Create an OAuth token")
async def create_token(request: Request) -> JSONResponse:
    """Form-encoded `client_id`, `client_secret`, `grant_type=client_credentials`."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            "The token request must be application/x-www-form-urlencoded.",
            "Content-Type",
        )
    raw = await request.body()
    try:
        form = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError as err:
        raise DomainError(ErrorCode.MALFORMED_REQUEST, "The form body is not UTF-8.") from err
    for name in _FIELDS:
        if not form.get(name):
            raise DomainError(ErrorCode.MISSING_FIELD, f"'{name}' may not be null", name)
    deps = dependencies(request)
    token = await run_in_threadpool(
        lambda: issue_token(
            deps.uow_factory,
            deps.wall_clock,
            client_id=form["client_id"],
            client_secret=form["client_secret"],
            grant_type=form["grant_type"],
            ttl_seconds=deps.settings.token_ttl_seconds,
            source=request.client.host if request.client is not None else None,
        )
    )
    return JSONResponse(
        {
            "access_token": token.access_token,
            "token_type": token.token_type,
            "expires_in": token.expires_in,
            "scope": token.scope,
            "jti": token.jti,
        },
        headers={"Cache-Control": "no-store"},
    )
