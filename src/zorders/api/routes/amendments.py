"""Zuora's legacy amendment reads (decision LG7): each amendment is an order action that
changed an existing subscription, read off the stored orders."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.v1.orders import v1_errors
from zorders.api.views.amendments import amendment_body
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.services.context import CommandContext
from zorders.services.orders import amendments

router = APIRouter(route_class=ZuoraRoute, tags=["Amendments"])


@router.get(
    "/v1/amendments/subscriptions/{subscription_id}",
    summary="Retrieve the last amendment of a subscription",
)
def by_subscription(
    subscription_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with v1_errors(), dependencies(request).uow_factory(read_only=True) as uow:
        found = amendments.last_amendment(uow, ctx, subscription_id)
        body = amendment_body(found)
    return ZuoraJSONResponse(body)


@router.get("/v1/amendments/{amendment_key}", summary="Retrieve an amendment")
def get(
    amendment_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with v1_errors(), dependencies(request).uow_factory(read_only=True) as uow:
        found = amendments.get_amendment(uow, ctx, amendment_key)
        body = amendment_body(found)
    return ZuoraJSONResponse(body)
