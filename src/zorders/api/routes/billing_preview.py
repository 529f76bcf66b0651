"""`POST /v1/operations/billing-preview` (Zuora's "Generate a billing preview"): the items a
bill run for `targetDate` would put on the account's invoices and credit memos, nothing
kept (decisions SU2-SU4). Answered in the client's CreateBillingPreviewResponse keys."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import StrictBool

from zorders.api.deps import command_context, dependencies
from zorders.api.schemas.orders import Wire
from zorders.api.views.billing import applied_to_item_id
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.billing.items import DocumentItem
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import MAX_PREVIEW_YEARS_AHEAD, check_target_date
from zorders.services.billing_preview import (
    AssumeRenewal,
    BillingPreview,
    PreviewBilling,
    preview_billing,
)
from zorders.services.context import CommandContext
from zorders.services.document_skus import skus_of_items

router = APIRouter(route_class=ZuoraRoute, tags=["Operations"])


class BillingPreviewIn(Wire):
    account_id: str | None = None
    account_number: str | None = None
    target_date: date | None = None
    assume_renewal: str | None = None
    charge_type_to_exclude: str | None = None
    including_evergreen_subscription: StrictBool | None = None
    including_draft_items: StrictBool | None = None


def _excluded(value: str | None) -> frozenset[ChargeType]:
    """`chargeTypeToExclude`: a comma-separated string ("OneTime,Usage"), as Zuora takes it."""
    if not value:
        return frozenset()
    names = [part.strip() for part in value.split(",") if part.strip()]
    allowed = {t.value: t for t in ChargeType}
    wrong = [n for n in names if n not in allowed]
    if wrong:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"Invalid chargeTypeToExclude {wrong[0]!r}: use OneTime, Recurring, Usage or a "
            "comma-separated combination.",
            "chargeTypeToExclude",
        )
    return frozenset(allowed[n] for n in names)


def _assume(value: str | None) -> AssumeRenewal:
    if value is None or value == "":
        return AssumeRenewal.NONE
    try:
        return AssumeRenewal(value)
    except ValueError:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"Invalid assumeRenewal {value!r}: use None, Autorenew or All.",
            "assumeRenewal",
        ) from None


def command(body: BillingPreviewIn, today: date) -> PreviewBilling:
    key = body.account_id or body.account_number
    if not key:
        raise DomainError(
            ErrorCode.MISSING_FIELD,
            "You must specify either accountId or accountNumber.",
            "accountId",
        )
    if body.target_date is None:
        raise DomainError(ErrorCode.MISSING_FIELD, "'targetDate' may not be null", "targetDate")
    return PreviewBilling(
        account_key=key,
        target_date=check_target_date(
            body.target_date, today, "targetDate", MAX_PREVIEW_YEARS_AHEAD
        ),
        assume_renewal=_assume(body.assume_renewal),
        exclude=_excluded(body.charge_type_to_exclude),
        including_evergreen=body.including_evergreen_subscription is not False,
        including_draft_items=bool(body.including_draft_items),
    )


def _number(value: Any) -> str | None:
    return None if value is None else str(value)


def _invoice_item(
    entry: DocumentItem, items: tuple[DocumentItem, ...], preview: BillingPreview
) -> dict[str, Any]:
    """CreateBillingPreviewInvoiceItem: its amounts and quantity are strings in the client."""
    item = entry.item
    sub = preview.subscriptions.get(item.subscription_number)
    return {
        "id": entry.id,
        "appliedToItemId": applied_to_item_id(entry, items),
        "chargeAmount": str(item.amount),
        "chargeDate": item.service_start,
        "chargeDescription": None,
        "chargeId": preview.charge_ids.get(item.charge_number),
        "chargeName": item.charge_name,
        "chargeNumber": item.charge_number or None,
        "chargeType": item.charge_type.value,
        "numberOfDeliveries": None,
        "processingType": item.processing_type.value,
        "productName": item.product_name or None,
        "quantity": _number(item.quantity),
        "serviceEndDate": item.service_end - timedelta(days=1),
        "serviceStartDate": item.service_start,
        "subscriptionId": sub.id if sub else None,
        "subscriptionName": item.subscription_number or None,
        "subscriptionNumber": item.subscription_number or None,
        "taxAmount": "0",
        "unitOfMeasure": item.uom,
    }


def _credit_item(
    entry: DocumentItem,
    items: tuple[DocumentItem, ...],
    preview: BillingPreview,
    skus: Mapping[str, str],
) -> dict[str, Any]:
    """CreateBillingPreviewCreditMemoItem: amounts positive, as on a credit memo (RS8)."""
    item = entry.item
    sub = preview.subscriptions.get(item.subscription_number)
    return {
        "id": entry.id,
        "amount": -item.amount,
        "amountWithoutTax": -item.amount,
        "appliedToItemId": applied_to_item_id(entry, items),
        "chargeDate": item.service_start,
        "chargeNumber": item.charge_number or None,
        "chargeType": item.charge_type.value,
        "comment": item.rate_plan_name or None,
        "numberOfDeliveries": None,
        "processingType": item.processing_type.value,
        "quantity": _number(item.quantity),
        "ratePlanChargeId": preview.charge_ids.get(item.charge_number),
        "serviceEndDate": item.service_end - timedelta(days=1),
        "serviceStartDate": item.service_start,
        "sku": skus.get(item.product_rate_plan_charge_id),
        "skuName": item.charge_name,
        "subscriptionId": sub.id if sub else None,
        "subscriptionNumber": item.subscription_number or None,
        "unitOfMeasure": item.uom,
    }


def response_body(preview: BillingPreview, skus: Mapping[str, str]) -> dict[str, Any]:
    invoice = preview.invoice_items
    credit = preview.credit_memo_items
    return {
        "success": True,
        "accountId": preview.account.id,
        "invoiceItems": [_invoice_item(i, invoice, preview) for i in invoice],
        "creditMemoItems": [_credit_item(i, credit, preview, skus) for i in credit],
    }


@router.post("/v1/operations/billing-preview", summary="Generate a billing preview")
def billing_preview(
    body: BillingPreviewIn, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    preview_command = command(body, ctx.today)
    # Never committed: the bill run (and any assumed renewal) rolls back when the block ends.
    with dependencies(request).uow_factory() as uow:
        preview = preview_billing(uow, ctx, preview_command)
        skus = skus_of_items(uow, ctx, [*preview.invoice_items, *preview.credit_memo_items])
    return ZuoraJSONResponse(response_body(preview, skus))
