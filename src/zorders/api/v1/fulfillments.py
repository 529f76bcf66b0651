"""The v1 dialect of fulfillments: request bodies into commands, fulfillments into the
create answer (`CreateFulfillmentsResponse`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zorders.api.schemas.fulfillments import (
    CreateFulfillmentIn,
    CreateFulfillmentsIn,
    FulfillmentItemIn,
    UpdateFulfillmentIn,
)
from zorders.api.v1.orders import processing_options
from zorders.domain.accounts.rules import validate_custom_fields
from zorders.domain.line_items.model import FulfillmentState, FulfillmentType
from zorders.services.line_items.fulfillment_commands import (
    CreateFulfillments,
    FulfillmentsOutcome,
    NewFulfillment,
    NewFulfillmentItem,
    UpdateFulfillment,
)


def _custom(values: Mapping[str, Any] | None, where: str) -> dict[str, Any]:
    return validate_custom_fields(values, where) if values else {}


def _item(body: FulfillmentItemIn, where: str) -> NewFulfillmentItem:
    return NewFulfillmentItem(
        item_identifier=body.item_identifier,
        description=body.description,
        custom_fields=_custom(body.custom_fields, f"{where}.customFields"),
    )


def _new(body: CreateFulfillmentIn, where: str) -> NewFulfillment:
    return NewFulfillment(
        line_item_id=body.order_line_item_id,
        quantity=body.quantity,
        fulfillment_date=body.fulfillment_date,
        fulfillment_type=FulfillmentType(body.fulfillment_type or FulfillmentType.DELIVERY),
        state=FulfillmentState(body.state or FulfillmentState.EXECUTING),
        bill_target_date=body.bill_target_date,
        carrier=body.carrier,
        description=body.description,
        external_id=body.external_id,
        fulfillment_location=body.fulfillment_location,
        fulfillment_system=body.fulfillment_system,
        tracking_number=body.tracking_number,
        custom_fields=_custom(body.custom_fields, f"{where}.customFields"),
        items=tuple(
            _item(i, f"{where}.fulfillmentItems[{n}]")
            for n, i in enumerate(body.fulfillment_items or ())
        ),
    )


def create_fulfillments(body: CreateFulfillmentsIn) -> CreateFulfillments:
    return CreateFulfillments(
        fulfillments=tuple(
            _new(f, f"fulfillments[{n}]") for n, f in enumerate(body.fulfillments or ())
        ),
        processing=processing_options(body.processing_options),
    )


def update_fulfillment(key: str, body: UpdateFulfillmentIn) -> UpdateFulfillment:
    return UpdateFulfillment(
        key=key,
        state=FulfillmentState(body.state) if body.state else None,
        quantity=body.quantity,
        fulfillment_date=body.fulfillment_date,
        bill_target_date=body.bill_target_date,
        carrier=body.carrier,
        description=body.description,
        external_id=body.external_id,
        fulfillment_location=body.fulfillment_location,
        fulfillment_system=body.fulfillment_system,
        tracking_number=body.tracking_number,
        custom_fields=_custom(body.custom_fields, "customFields") if body.custom_fields else None,
    )


def create_response(outcome: FulfillmentsOutcome) -> dict[str, Any]:
    body: dict[str, Any] = {
        "success": True,
        "fulfillments": [
            {
                "id": f.id,
                "fulfillmentNumber": f.number,
                "fulfillmentItems": [{"id": i.id} for i in f.items],
            }
            for f in outcome.fulfillments
        ],
    }
    billing = outcome.billing
    if billing.invoices:
        body["invoiceNumbers"] = [d.number for d in billing.invoices]
    if billing.credit_memos:
        body["creditMemoNumbers"] = [d.number for d in billing.credit_memos]
    return body
