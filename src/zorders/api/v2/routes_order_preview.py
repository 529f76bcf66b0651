"""`POST /v2/orders/preview` (spec §12.4; Zuora's Preview an order): the create path in a
transaction that is never committed, as `/v1/orders/preview` runs it (QP1-QP4)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.v2.order_preview import PreviewOrderIn, preview_of
from zorders.api.v2.preview_views import preview_answer, previous_versions
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.services.context import CommandContext
from zorders.services.orders.preview import preview

router = APIRouter(route_class=ZuoraRoute, tags=["v2 Orders"])


@router.post("/v2/orders/preview", summary="Preview an order", status_code=201)
def preview_order(
    body: PreviewOrderIn, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    """Zuora's Quickstart reference declares `201 Default Response` for it (QP1)."""
    command, choices = preview_of(body)
    with dependencies(request).uow_factory() as uow:  # never committed: nothing persists
        result = preview(uow, ctx, command, choices)
        answer = preview_answer(result, previous_versions(uow, ctx, result))
        uow.rollback()
    return ZuoraJSONResponse(answer, status_code=201)
