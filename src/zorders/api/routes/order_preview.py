"""POST /v1/orders/preview (spec §5): the create path in a transaction that is never
committed; the body's translation and the answer are shared with the async preview (§6)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.schemas.orders import PreviewOrderIn
from zorders.api.v1 import orders as v1
from zorders.api.v1.accounts import new_account_draft
from zorders.api.views.orders import charge_metrics, preview_documents
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.services.context import CommandContext
from zorders.services.orders.commands import PreviewOrder
from zorders.services.orders.preview import PreviewChoices, PreviewResult, preview

router = APIRouter(route_class=ZuoraRoute, tags=["Orders"])


@router.post("/v1/orders/preview", summary="Preview an order")
def preview_route(
    body: PreviewOrderIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    """The create path in a transaction that is always rolled back: nothing persists and
    no number is consumed."""
    with v1.v1_errors():
        command = preview_command(body)
    with v1.v1_errors(), dependencies(request).uow_factory() as uow:  # never committed
        result = preview(uow, ctx, command, choices(body))
        uow.rollback()
    return ZuoraJSONResponse({"success": True, "previewResult": preview_body(result)})


def preview_command(body: PreviewOrderIn) -> PreviewOrder:
    """The create command of a preview body (`previewAccountInfo` makes a stand-in
    account when the order names none)."""
    raw = body.to_body()
    raw.pop("previewOptions", None)
    raw.pop("previewAccountInfo", None)
    raw.pop("status", None)
    draft = new_account_draft(body.new_account)
    if draft is None and body.preview_account_info is not None:
        info = body.preview_account_info
        preview_account = {
            "name": "Preview account",
            "currency": info.get("currency"),
            "billCycleDay": info.get("billCycleDay", 0),
            "billToContact": info.get("billToContact")
            or {"firstName": "Preview", "lastName": "Account"},
        }
        draft = new_account_draft(
            {k: v for k, v in preview_account.items() if v is not None}, "previewAccountInfo"
        )
    return PreviewOrder(v1.create_order(raw, draft))


def choices(body: PreviewOrderIn) -> PreviewChoices:
    options = body.preview_options
    return PreviewChoices(
        types=tuple(options.preview_types),
        thru_type=options.preview_thru_type,
        specific_date=options.specific_preview_thru_date,
        number_of_periods=options.preview_number_of_periods,
    )


def preview_body(result: PreviewResult) -> dict[str, Any]:
    """`previewResult` (spec §5), also the async preview job's result (spec §6)."""
    types = set(result.choices.types)
    body: dict[str, Any] = {}
    if "ChargeMetrics" in types:
        body["chargeMetrics"] = [charge_metrics(v) for v in result.versions]
    if "BillingDocs" in types and result.target is not None:
        body.update(preview_documents(list(result.items), result.target))
    if "OrderMetrics" in types:
        body["orderMetrics"] = [
            {"subscriptionNumber": s.subscription_number, "orderActions": [
                {"type": a.type.value, "sequence": a.sequence} for a in s.actions]}
            for s in result.order_metrics
        ]  # fmt: skip
    return body
