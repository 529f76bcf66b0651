"""A subscribe item in preview mode (`PreviewOptions.EnablePreviewMode: true`, decision SU9):
the order preview of the same order (`POST /v1/orders/preview`'s path, in a transaction
that is never committed), answered as Zuora's preview SubscribeResult: `InvoiceData` and
the subscription's MRR and TCV, no ids or numbers (nothing was made)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from zorders.api.v1 import orders as v1
from zorders.domain.accounts import AccountDraft
from zorders.domain.billing.items import Item
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.money import quantize
from zorders.domain.subscription.metrics import reference_day, subscription_metrics
from zorders.services.context import CommandContext
from zorders.services.orders.commands import PreviewOrder
from zorders.services.orders.preview import PreviewChoices, preview
from zorders.services.ports import UnitOfWork


def preview_choices(options: dict[str, Any]) -> PreviewChoices:
    """`NumberOfPeriods` (default 1) or `PreviewThroughTermEnd`, read as the order
    preview's `previewThruType` NumberOfPeriods / TermEnd."""
    periods = options.get("NumberOfPeriods")
    if periods is not None and (not isinstance(periods, int) or isinstance(periods, bool)
                                or periods < 1):  # fmt: skip
        field = "PreviewOptions.NumberOfPeriods"
        raise DomainError(ErrorCode.INVALID_VALUE, f"'{field}' must be a positive integer", field)
    if options.get("PreviewThroughTermEnd") is True:
        return PreviewChoices(types=("BillingDocs", "ChargeMetrics"), thru_type="TermEnd")
    return PreviewChoices(
        types=("BillingDocs", "ChargeMetrics"),
        thru_type="NumberOfPeriods",
        number_of_periods=periods or 1,
    )


def _invoice_item(item: Item) -> dict[str, Any]:
    return {
        "ChargeAmount": item.amount,
        "ChargeDate": item.service_start,
        "ChargeName": item.charge_name,
        "ChargeNumber": item.charge_number or None,
        "ProcessingType": item.processing_type.value,
        "ProductName": item.product_name or None,
        "Quantity": item.quantity,
        "ServiceStartDate": item.service_start,
        "ServiceEndDate": item.service_end - timedelta(days=1),
        "SubscriptionNumber": item.subscription_number or None,
        "TaxAmount": Decimal(0),
        "UnitPrice": item.unit_price,
        "UOM": item.uom,
    }


def preview_result(
    uow: UnitOfWork,
    ctx: CommandContext,
    order: dict[str, Any],
    draft: AccountDraft | None,
    choices: PreviewChoices,
) -> dict[str, Any]:
    """Inside a unit of work the caller never commits."""
    body = {k: v for k, v in order.items() if k != "processingOptions"}
    result = preview(uow, ctx, PreviewOrder(v1.create_order(body, draft)), choices)
    (version,) = result.versions
    metrics = subscription_metrics(version, reference_day(version, ctx.today))
    items = list(result.items)
    total = sum((i.amount for i in items), Decimal(0))
    target: date | None = result.target
    invoices = (
        [
            {
                "Invoice": {"Amount": total, "AmountWithoutTax": total,
                            "TaxAmount": Decimal(0), "TargetDate": target},
                "InvoiceItem": [_invoice_item(i) for i in items],
            }
        ]
        if items
        else []
    )  # fmt: skip
    return {
        "Success": True,
        "InvoiceData": invoices,
        "TotalMrr": quantize(metrics.contracted_mrr, version.currency),
        "TotalTcv": quantize(metrics.total_contracted_value, version.currency),
    }
