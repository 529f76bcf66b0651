"""`GET|PATCH /v2/order_line_items/{id}` (spec §2.2, §12.4): the v2 view of the line items
`/v1/order-line-items` reads and updates, over the same services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, StrictStr

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.v2.order_commands import custom
from zorders.api.v2.order_resource import LINE_ITEM_FIELDS
from zorders.api.v2.order_views import line_item_body
from zorders.api.v2.query import Query, Resource, query_of, select
from zorders.api.v2.vocabulary import ITEM_STATES, ITEM_TYPES
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.services.context import CommandContext
from zorders.services.line_items.reads import read_line_item
from zorders.services.line_items.update import update_line_item
from zorders.services.line_items.update_commands import LineItemChanges, UpdateLineItem

router = APIRouter(prefix="/v2/order_line_items", tags=["v2 Orders"], route_class=ZuoraRoute)

LINE_ITEMS = Resource(name="order_line_items", fields=LINE_ITEM_FIELDS)
_one = query_of(LINE_ITEMS, listing=False)


class LineItemPatch(BaseModel):
    """The mutable fields zorders acts upon (QO11); others are `unknown_parameter`."""

    model_config = ConfigDict(extra="forbid")

    name: StrictStr | None = None
    type: Literal["product", "fee", "services"] | None = None
    state: Literal["pending", "booked", "sent_to_billing", "complete", "canceled"] | None = None
    description: StrictStr | None = None
    quantity: Decimal | None = None
    list_unit_price: Decimal | None = None
    target_date: date | None = None
    start_date: date | None = None
    end_date: date | None = None
    product_code: StrictStr | None = None
    unit_of_measure: StrictStr | None = None
    tax_code: StrictStr | None = None
    purchase_order_number: StrictStr | None = None
    related_subscription_number: StrictStr | None = None
    custom_fields: dict[str, Any] | None = None

    def changes(self) -> LineItemChanges:
        sent = self.model_fields_set
        names = {
            "name": "item_name",
            "description": "description",
            "quantity": "quantity",
            "list_unit_price": "list_price_per_unit",
            "target_date": "bill_target_date",
            "start_date": "transaction_start_date",
            "end_date": "transaction_end_date",
            "product_code": "product_code",
            "unit_of_measure": "uom",
            "tax_code": "tax_code",
            "purchase_order_number": "purchase_order_number",
            "related_subscription_number": "related_subscription_number",
            "custom_fields": "custom_fields",
        }
        values: dict[str, Any] = {names[k]: getattr(self, k) for k in sent if k in names}
        if values.get("custom_fields"):
            values["custom_fields"] = custom(values["custom_fields"], "custom_fields")
        if "type" in sent and self.type is not None:
            values["item_type"] = ITEM_TYPES[self.type]
        if "state" in sent and self.state is not None:
            values["item_state"] = ITEM_STATES[self.state]
        return LineItemChanges(**values)


@router.get("/{item_id}", summary="Retrieve an order line item")
def get(
    item_id: str,
    request: Request,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        view = read_line_item(uow, ctx, item_id)
    return ZuoraJSONResponse(select(line_item_body(view.item), query, LINE_ITEMS))


@router.patch("/{item_id}", summary="Update an order line item")
def patch(
    item_id: str,
    body: LineItemPatch,
    request: Request,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        item = update_line_item(uow, ctx, UpdateLineItem(item_id, body.changes()))
    return ZuoraJSONResponse(select(line_item_body(item), query, LINE_ITEMS))
