"""Fulfillments of order line items (spec §10.4): `POST /v1/fulfillments`,
`GET|PUT|DELETE /v1/fulfillments/{key}` (key: id or number)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.response_keys import complete
from zorders.api.schemas.fulfillments import CreateFulfillmentsIn, UpdateFulfillmentIn
from zorders.api.v1 import fulfillments as v1
from zorders.api.v1.orders import v1_errors
from zorders.api.views.line_items import fulfillment_body
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.services.context import CommandContext
from zorders.services.line_items import fulfillments

router = APIRouter(route_class=ZuoraRoute, tags=["Fulfillments"])


@router.post("/v1/fulfillments", summary="Create fulfillments")
def create(
    body: CreateFulfillmentsIn, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with v1_errors():
        command = v1.create_fulfillments(body)
        with unit_of_work(request) as uow:
            outcome = fulfillments.create_fulfillments(uow, ctx, command)
    return ZuoraJSONResponse(v1.create_response(outcome))


@router.get("/v1/fulfillments/{key}", summary="Retrieve a fulfillment")
def get(
    key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with v1_errors(), dependencies(request).uow_factory(read_only=True) as uow:
        found = fulfillments.get_fulfillment(uow, ctx, key)
    body = {"success": True, "fulfillment": fulfillment_body(found)}
    return ZuoraJSONResponse(complete(body, "GetFulfillmentResponse"))


@router.put("/v1/fulfillments/{key}", summary="Update a fulfillment")
def update(
    key: str,
    body: UpdateFulfillmentIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with v1_errors():
        command = v1.update_fulfillment(key, body)
        with unit_of_work(request) as uow:
            fulfillments.update_fulfillment(uow, ctx, command)
    return ZuoraJSONResponse({"success": True})


@router.delete("/v1/fulfillments/{key}", summary="Delete a fulfillment")
def delete(
    key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with v1_errors(), unit_of_work(request) as uow:
        fulfillments.delete_fulfillment(uow, ctx, key)
    return ZuoraJSONResponse({"success": True})
