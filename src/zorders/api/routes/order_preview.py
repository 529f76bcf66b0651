"""POST /v1/orders/preview (spec §5): the create path in a transaction that is never
committed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.schemas.orders import PreviewOrderIn
from zorders.api.v1 import orders as v1
from zorders.api.v1.accounts import new_account_draft
from zorders.api.views.orders import charge_metrics, preview_documents
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.calendar import add_months
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.subscription.model import Subscription
from zorders.services.billing import preview_items
from zorders.services.context import CommandContext
from zorders.services.orders.commands import PreviewOrder
from zorders.services.orders.create import preview_order

router = APIRouter(route_class=ZuoraRoute, tags=["Orders"])


@router.post("/v1/orders/preview", summary="Preview an order")
def preview(
    body: PreviewOrderIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    """The create path in a transaction that is always rolled back: nothing persists and
    no number is consumed."""
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
    types = set(body.preview_options.preview_types)
    with v1.v1_errors(), dependencies(request).uow_factory() as uow:  # never committed
        outcome = preview_order(uow, ctx, PreviewOrder(v1.create_order(raw, draft)))
        result: dict[str, Any] = {}
        if "ChargeMetrics" in types:
            result["chargeMetrics"] = [charge_metrics(v) for v in outcome.versions]
        if "BillingDocs" in types:
            target = _preview_through(body, outcome.versions)
            items = preview_items(
                uow,
                ctx,
                outcome.account,
                outcome.versions,
                target,
                exclude=frozenset(),
                line_items=uow.line_items.of_order(ctx.tenant_id, outcome.order.id),
            )
            result.update(preview_documents(items, target))
        if "OrderMetrics" in types:
            result["orderMetrics"] = [
                {"subscriptionNumber": s.subscription_number, "orderActions": [
                    {"type": a.type.value, "sequence": a.sequence} for a in s.actions]}
                for s in outcome.order.subscriptions
            ]  # fmt: skip
        uow.rollback()
    return ZuoraJSONResponse({"success": True, "previewResult": result})


def _preview_through(body: PreviewOrderIn, versions: tuple[Subscription, ...]) -> date:
    """The preview's target date (spec §5): a specific date, the term end, or a number of
    months from the order date."""
    options = body.preview_options
    if options.preview_thru_type == "SpecificDate":
        if options.specific_preview_thru_date is None:
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                "'specificPreviewThruDate' may not be null with previewThruType SpecificDate",
                "specificPreviewThruDate",
            )
        return options.specific_preview_thru_date
    if options.preview_thru_type == "TermEnd":
        ends = [v.terms.term_end_date for v in versions if v.terms.term_end_date is not None]
        return max(ends) - timedelta(days=1) if ends else body.order_date
    if options.preview_thru_type == "NumberOfPeriods":
        months = options.preview_number_of_periods or 1
        return add_months(body.order_date, months) - timedelta(days=1)
    return body.order_date
