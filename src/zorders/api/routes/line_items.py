"""`/v1/order-line-items` (spec §8.4): read one, update one, update up to 100 at once and
bill them (seed 003)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.response_keys import complete
from zorders.api.schemas.line_items import BulkUpdateOrderLineItemsIn, UpdateOrderLineItemIn
from zorders.api.v1 import line_items as v1
from zorders.api.views.line_items import bulk_document_body, line_item_body
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.billing.documents import DocumentKind
from zorders.services.context import CommandContext
from zorders.services.line_items.bulk import bulk_update
from zorders.services.line_items.reads import accounts_of, read_line_item
from zorders.services.line_items.update import update_line_item

INVOICE = DocumentKind.INVOICE
router = APIRouter(route_class=ZuoraRoute, tags=["Order Line Items"])


@router.post("/v1/order-line-items/bulk", summary="Update order line items")
def bulk(
    body: BulkUpdateOrderLineItemsIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with v1.line_item_errors():
        command = v1.bulk_update(body)
        with unit_of_work(request) as uow:
            outcome = bulk_update(uow, ctx, command)
            accounts = accounts_of(uow, ctx, outcome.items)
    payload: dict[str, Any] = {
        "success": True,
        "orderLineItems": [line_item_body(i, accounts) for i in outcome.items],
        "invoices": [
            bulk_document_body(d, accounts) for d in outcome.documents if d.kind is INVOICE
        ],
    }
    credit_memos = [
        bulk_document_body(d, accounts) for d in outcome.documents if d.kind is not INVOICE
    ]
    if credit_memos:
        payload["creditMemos"] = credit_memos
    return ZuoraJSONResponse(payload)


@router.get("/v1/order-line-items/{item_id}", summary="Retrieve an order line item")
def get(
    item_id: str,
    request: Request,
    fulfillment: bool = False,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with v1.line_item_errors(), dependencies(request).uow_factory(read_only=True) as uow:
        view = read_line_item(uow, ctx, item_id, with_fulfillments=fulfillment)
    body = line_item_body(view.item, view.accounts, fulfillments=view.fulfillments)
    return ZuoraJSONResponse(
        complete({"success": True, "orderLineItem": body}, "GetOrderLineItemResponse")
    )


@router.put("/v1/order-line-items/{item_id}", summary="Update an order line item")
def update(
    item_id: str,
    body: UpdateOrderLineItemIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with v1.line_item_errors():
        command = v1.update(item_id, body)
        with unit_of_work(request) as uow:
            item = update_line_item(uow, ctx, command)
            accounts = accounts_of(uow, ctx, [item])
    answer = {"success": True, "orderLineItem": line_item_body(item, accounts)}
    return ZuoraJSONResponse(complete(answer, "GetOrderLineItemResponse"))
