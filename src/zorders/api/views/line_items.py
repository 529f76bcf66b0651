"""Order line items on the wire (v1 `GetOrderLineItem`, spec §8.3) and fulfillments
(`GetFulfillment`)."""

from __future__ import annotations

from typing import Any

from zorders.api.views.billing import credit_memo_body, invoice_body
from zorders.domain.accounts import Account
from zorders.domain.billing.documents import BillingDocument, DocumentKind
from zorders.domain.line_items.model import Fulfillment, LineItem


def line_item_body(
    item: LineItem,
    accounts: dict[str, Account],
    *,
    fulfillments: list[Fulfillment] | None = None,
) -> dict[str, Any]:
    """`accounts` holds (at least) the item's owner and invoice owner, by id.
    `fulfillments` is given with `?fulfillment=true`."""
    owner = accounts.get(item.owner_account_id)
    invoice_owner = accounts.get(item.invoice_owner_account_id)
    price = item.price
    amounts = item.amounts
    body: dict[str, Any] = {
        "id": item.id,
        "itemNumber": item.item_number,
        "itemName": item.item_name,
        "itemType": item.item_type.value,
        "itemCategory": item.item_category.value,
        "itemState": item.state.value,
        "billingRule": item.billing_rule.value,
        "requiresFulfillment": item.requires_fulfillment,
        "productRatePlanChargeId": item.product_rate_plan_charge_id,
        "productCode": item.product_code,
        "quantity": price.quantity,
        "UOM": item.uom,
        "listPricePerUnit": price.list_price_per_unit,
        "inlineDiscountType": price.discount_type.value,
        "inlineDiscountPerUnit": price.discount_per_unit,
        "amountPerUnit": amounts.amount_per_unit,
        "listPrice": amounts.list_price,
        "discount": amounts.discount,
        "amount": amounts.amount,
        "amountWithoutTax": amounts.amount_without_tax,
        "currency": item.currency,
        "billTargetDate": item.bill_target_date,
        "transactionStartDate": item.transaction_start_date,
        "transactionEndDate": item.transaction_end_date,
        "relatedSubscriptionNumber": item.related_subscription_number,
        "ownerAccountId": item.owner_account_id,
        "ownerAccountNumber": owner.account_number if owner else None,
        "ownerAccountName": owner.name if owner else None,
        "invoiceOwnerAccountId": item.invoice_owner_account_id,
        "invoiceOwnerAccountNumber": invoice_owner.account_number if invoice_owner else None,
        "invoiceOwnerAccountName": invoice_owner.name if invoice_owner else None,
        "billTo": item.bill_to,
        "soldTo": item.sold_to,
        "shipTo": item.ship_to,
        "billToSnapshotId": None,
        "soldToSnapshotId": None,
        "shipToSnapshotId": None,
        "taxCode": item.tax_code,
        "taxMode": item.tax_mode.value if item.tax_mode else None,
        "purchaseOrderNumber": item.purchase_order_number,
        "description": item.description,
        "paymentTerm": item.payment_term,
        "invoiceTemplateId": item.invoice_template_id,
        "sequenceSetId": item.sequence_set_id,
        "invoiceGroupNumber": item.invoice_group_number,
        "communicationProfileId": item.communication_profile_id,
        "originalOrderId": item.original_order_id,
        "originalOrderNumber": item.original_order_number,
        "originalOrderDate": item.original_order_date,
        "originalOrderLineItemId": item.original_line_item_id,
        "originalOrderLineItemNumber": item.original_item_number,
        "quantityAvailableForReturn": item.quantity_available_for_return,
        "quantityFulfilled": item.quantity_fulfilled,
        "quantityPendingFulfillment": item.quantity_pending_fulfillment,
        "amendedByOrderOn": item.amended_by_order_on,
        "customFields": item.custom_fields,
        **item.extra,
    }
    if fulfillments is not None:
        body["fulfillments"] = [fulfillment_body(f) for f in fulfillments]
    return body


def fulfillment_body(fulfillment: Fulfillment) -> dict[str, Any]:
    return {
        "id": fulfillment.id,
        "fulfillmentNumber": fulfillment.number,
        "orderLineItemId": fulfillment.line_item_id,
        "fulfillmentType": fulfillment.fulfillment_type.value,
        "state": fulfillment.state.value,
        "quantity": fulfillment.quantity,
        "fulfillmentDate": fulfillment.fulfillment_date,
        "billTargetDate": fulfillment.bill_target_date,
        "carrier": fulfillment.carrier,
        "description": fulfillment.description,
        "externalId": fulfillment.external_id,
        "fulfillmentLocation": fulfillment.fulfillment_location,
        "fulfillmentSystem": fulfillment.fulfillment_system,
        "trackingNumber": fulfillment.tracking_number,
        "customFields": fulfillment.custom_fields,
        "fulfillmentItems": [
            {
                "id": item.id,
                "itemIdentifier": item.item_identifier,
                "description": item.description,
                "fulfillmentId": fulfillment.id,
                "fulfillmentNumber": fulfillment.number,
                "fulfillmentExternalId": fulfillment.external_id,
                "customFields": item.custom_fields,
            }
            for item in fulfillment.items
        ],
    }


def bulk_document_body(document: BillingDocument, accounts: dict[str, Account]) -> dict[str, Any]:
    """An entry of the bulk update's `invoices` (or `creditMemos`, decision OU10): the body
    of GET /v1/invoices/{key} (or /v1/credit-memos/{key}) and the line items it bills."""
    account = accounts[document.account_id]
    render = invoice_body if document.kind is DocumentKind.INVOICE else credit_memo_body
    body = {k: v for k, v in render(document, account).items() if k != "success"}
    body["orderLineItemIds"] = sorted(
        {i.item.order_line_item_id for i in document.items if i.item.order_line_item_id}
    )
    return body
