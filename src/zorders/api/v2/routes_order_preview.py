"""`POST /v2/orders/preview` (spec §12.4; Zuora's Preview an order): the create path in a
transaction that is never committed, as `/v1/orders/preview` runs it (QP1-QP4); with
`async: true`, the v1 async preview's job (QP6)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.v2 import async_requests
from zorders.api.v2.order_preview import PreviewOrderIn, preview_of
from zorders.api.v2.preview_views import preview_answer, previous_versions
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.services.context import CommandContext
from zorders.services.orders import async_orders
from zorders.services.orders.preview import preview

router = APIRouter(route_class=ZuoraRoute, tags=["v2 Orders"])


@router.post("/v2/orders/preview", summary="Preview an order", status_code=201)
def preview_order(
    body: PreviewOrderIn, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    """Zuora's Quickstart reference declares `201 Default Response` for it (QP1)."""
    command, choices = preview_of(body)
    if async_requests.wants_async(request):
        with unit_of_work(request) as uow:
            job_id = async_orders.submit_preview(uow, ctx, command, choices)
        return async_requests.accepted(job_id)
    with dependencies(request).uow_factory() as uow:  # never committed: nothing persists
        result = preview(uow, ctx, command, choices)
        answer = preview_answer(result, previous_versions(uow, ctx, result))
        uow.rollback()
    return ZuoraJSONResponse(answer, status_code=201)
