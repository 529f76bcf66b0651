"""ZOQL through the Actions API (issue 14): `POST /v1/action/query` and
`POST /v1/action/queryMore` (decisions ZQ1-ZQ6). A refused query answers 400
`{faultcode, faultstring}`, the Actions API's fault body."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Body, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.api.zoql import locator
from zorders.api.zoql.compile import INVALID_VALUE, MALFORMED_QUERY, ZoqlError, compile_zoql
from zorders.api.zoql.compile import wire_record as _record
from zorders.domain.limits import QUERY_LIMITS
from zorders.services.context import CommandContext
from zorders.services.query.run import run_query

router = APIRouter(route_class=ZuoraRoute, tags=["Actions"])

MAX_BATCH = QUERY_LIMITS.max_batch_size
DEFAULT_BATCH = QUERY_LIMITS.default_batch_size
MAX_QUERY_CHARS = QUERY_LIMITS.max_query_chars


def fault(error: ZoqlError) -> ZuoraJSONResponse:
    return ZuoraJSONResponse({"faultcode": error.code, "faultstring": error.message}, 400)


def query_text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ZoqlError(MALFORMED_QUERY, "queryString is required")
    if len(value) > MAX_QUERY_CHARS:
        raise ZoqlError(MALFORMED_QUERY, f"queryString is longer than {MAX_QUERY_CHARS}")
    return value


def _batch_size(body: dict[str, Any]) -> int:
    conf = body.get("conf") or {}
    size = conf.get("batchSize", DEFAULT_BATCH) if isinstance(conf, dict) else DEFAULT_BATCH
    if size is None:
        return DEFAULT_BATCH
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_BATCH:
        raise ZoqlError(INVALID_VALUE, f"batchSize must be an integer from 1 to {MAX_BATCH}")
    return size


def _answer(
    request: Request, ctx: CommandContext, text: str, batch: int, after: str | None
) -> ZuoraJSONResponse:
    compiled = compile_zoql(text, time_zone=ctx.time_zone)
    with dependencies(request).uow_factory(read_only=True) as uow:
        page = run_query(uow, ctx, compiled.query, after=after, limit=batch)
    zone = ZoneInfo(ctx.time_zone or "UTC")
    records = [_record(compiled, row, zone) for row in page.rows]
    body: dict[str, Any] = {"records": records, "size": len(records), "done": True}
    if page.next_after is not None:
        body["done"] = False
        body["queryLocator"] = locator.encode(
            locator.Locator(ctx.tenant_id, text, page.next_after, batch)
        )
    return ZuoraJSONResponse(body)


@router.post("/v1/action/query", summary="Query")
def action_query(
    request: Request,
    body: dict[str, Any] = Body(...),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    try:
        return _answer(request, ctx, query_text(body.get("queryString")), _batch_size(body), None)
    except ZoqlError as error:
        return fault(error)


@router.post("/v1/action/queryMore", summary="QueryMore")
def action_query_more(
    request: Request,
    body: dict[str, Any] = Body(...),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    try:
        found = locator.decode(body.get("queryLocator"), ctx.tenant_id)
        batch = _batch_size(body) if body.get("conf") else found.batch_size
        return _answer(request, ctx, found.query, batch, found.after)
    except ZoqlError as error:
        return fault(error)
