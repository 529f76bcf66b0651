"""Object Query invoice items (the official client's `ExpandedInvoiceItem`): the fields
zorders knows of an item as billed on its invoice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from zorders.api.object_query.objects import view
from zorders.api.selection.query import Kind
from zorders.domain.billing.documents import BillingDocument
from zorders.domain.billing.items import DocumentItem

ITEM_FIELDS = (
    "id", "invoiceId", "accountId", "subscriptionNumber", "chargeNumber", "chargeName",
    "chargeAmount", "chargeDate", "serviceStartDate", "serviceEndDate", "quantity",
    "unitPrice", "uOM", "processingType", "productRatePlanChargeId", "orderLineItemId",
    "fulfillmentId", "description", "createdDate",
)  # fmt: skip
ITEM_COLUMNS = {
    "id": "id",
    "invoiceId": "document_id",
    "subscriptionNumber": "subscription_number",
    "chargeNumber": "charge_number",
    "chargeAmount": "amount",
    "serviceStartDate": "service_start",
    "orderLineItemId": "order_line_item_id",
}
ITEM_KINDS = {
    **{f: Kind.STRING for f in ITEM_COLUMNS},
    "chargeAmount": Kind.NUMBER,
    "serviceStartDate": Kind.DATE,
}


def item_view(d: BillingDocument, entry: DocumentItem) -> dict[str, Any]:
    i = entry.item
    return view(
        id=entry.id,
        invoiceId=d.id,
        accountId=d.account_id,
        # An order line item's item has no subscription or charge: null, never "".
        subscriptionNumber=i.subscription_number or None,
        chargeNumber=i.charge_number or None,
        chargeName=i.charge_name,
        chargeAmount=i.amount,
        chargeDate=i.service_start,
        serviceStartDate=i.service_start,
        serviceEndDate=i.service_end - timedelta(days=1),  # inclusive, as the v1 reads
        quantity=i.quantity,
        unitPrice=i.unit_price,
        uOM=i.uom,
        processingType=i.processing_type,
        productRatePlanChargeId=i.product_rate_plan_charge_id or None,
        orderLineItemId=i.order_line_item_id,
        fulfillmentId=i.fulfillment_id,
        description=i.rate_plan_name or None,
        createdDate=d.created_at,
    )


def items_view(d: BillingDocument) -> list[dict[str, Any]]:
    return [item_view(d, entry) for entry in d.items]
