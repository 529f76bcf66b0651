"""Invoices, credit memos and billing document lists on the wire (spec §13.5), shaped as
the official client reads them (InvoiceResponse, InvoiceItem, CreditMemoResponse, ...).

Service end dates are inclusive on the wire (the day before the engine's exclusive end).
Credit memos show positive amounts, their items in the CreditMemoItem keys. Items that
bill an order line item name it (`orderLineItemId`, and `fulfillmentId` when a fulfillment
was billed) and show null for the subscription and charge they do not have."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from zorders.domain.accounts import Account
from zorders.domain.billing.discounts import applied_to_item
from zorders.domain.billing.documents import BillingDocument, DocumentKind
from zorders.domain.billing.items import DocumentItem
from zorders.domain.catalog.enums import ChargeType


def _stamp(document: BillingDocument) -> str | None:
    return document.created_at.strftime("%Y-%m-%d %H:%M:%S") if document.created_at else None


def _includes(document: BillingDocument, kind: ChargeType) -> bool:
    return any(i.item.charge_type is kind for i in document.items)


def invoice_body(document: BillingDocument, account: Account) -> dict[str, Any]:
    return {
        "success": True,
        "id": document.id,
        "invoiceNumber": document.number,
        "accountId": document.account_id,
        "accountNumber": account.account_number,
        "invoiceDate": document.document_date,
        "targetDate": document.target_date,
        "dueDate": document.due_date,
        "postedDate": document.posted_date,
        "currency": document.currency,
        "amount": document.amount,
        "amountWithoutTax": document.amount,
        "taxAmount": Decimal(0),
        "balance": document.balance,
        "paymentAmount": document.payment_amount,
        "creditMemoAmount": document.credit_memo_amount,
        "refundAmount": Decimal(0),
        "status": document.status.value,
        "paymentTerm": account.payment_term.value,
        # Known values (decision RS2): the account's contacts and auto-pay, the bill run
        # that made it, and zero for what zorders never has (adjustments, tax exemptions).
        "autoPay": account.auto_pay,
        "billToContactId": account.bill_to.id,
        "soldToContactId": account.sold_to.id,
        "shipToContactId": account.ship_to.id,
        "billRunId": document.source_id if document.source_type == "BillRun" else None,
        "adjustmentAmount": Decimal(0),
        "taxExemptAmount": Decimal(0),
        "includesOneTime": _includes(document, ChargeType.ONE_TIME),
        "includesRecurring": _includes(document, ChargeType.RECURRING),
        "includesUsage": _includes(document, ChargeType.USAGE),
        "sourceType": document.source_type,
        "sourceId": document.source_id,
        "createdDate": _stamp(document),
        "updatedDate": _stamp(document),
    }


def applied_to_item_id(entry: DocumentItem, items: tuple[DocumentItem, ...]) -> str | None:
    """Zuora's `appliedToItemId`: the id of the item of the same document a discount item
    applies to (`domain.billing.discounts.applied_to_item`)."""
    target = applied_to_item(entry, items)
    return None if target is None else target.id


def _item(
    entry: DocumentItem,
    items: tuple[DocumentItem, ...],
    skus: Mapping[str, str],
    subscription_ids: Mapping[str, str],
) -> dict[str, Any]:
    """InvoiceItem."""
    item = entry.item
    applied = applied_to_item_id(entry, items)
    return {
        "id": entry.id,
        "subscriptionId": subscription_ids.get(item.subscription_number),
        # An order line item's item has no subscription or charge: null, never "".
        "subscriptionName": item.subscription_number or None,
        "chargeId": item.charge_number or None,
        "orderLineItemId": item.order_line_item_id,
        "fulfillmentId": item.fulfillment_id,
        "chargeName": item.charge_name,
        "chargeType": item.charge_type.value,
        "chargeDate": item.service_start,
        "serviceStartDate": item.service_start,
        "serviceEndDate": item.service_end - timedelta(days=1),
        "quantity": item.quantity,
        "unitPrice": item.unit_price,
        "unitOfMeasure": item.uom,
        "processingType": item.processing_type.value,
        "appliedToItemId": applied,
        "productName": item.product_name or None,
        "productRatePlanChargeId": item.product_rate_plan_charge_id or None,
        "sku": skus.get(item.product_rate_plan_charge_id),
        "description": item.rate_plan_name or None,
        "chargeAmount": str(item.amount),
        "balance": str(item.amount),
        "taxAmount": "0",
    }


def invoice_items_body(
    document: BillingDocument,
    skus: Mapping[str, str] | None = None,
    subscription_ids: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """`skus`: catalog charge id -> product SKU; `subscription_ids`: subscription number ->
    the billed version's id (`services.document_skus`)."""
    return {
        "success": True,
        "invoiceItems": [
            _item(i, document.items, skus or {}, subscription_ids or {}) for i in document.items
        ],
    }


def credit_memo_body(document: BillingDocument, account: Account) -> dict[str, Any]:
    return {
        "success": True,
        "id": document.id,
        "number": document.number,
        "accountId": document.account_id,
        "accountNumber": account.account_number,
        "creditMemoDate": document.document_date,
        "targetDate": document.target_date,
        "currency": document.currency,
        "amount": document.amount,
        "appliedAmount": document.applied_amount,
        "unappliedAmount": document.balance,
        "refundAmount": Decimal(0),
        "taxAmount": Decimal(0),
        "status": document.status.value,
        "sourceType": document.source_type,
        "sourceId": document.source_id,
        "reasonCode": document.reason_code,
        "createdDate": _stamp(document),
        "updatedDate": _stamp(document),
    }


def _credit_item(
    entry: DocumentItem, items: tuple[DocumentItem, ...], skus: Mapping[str, str]
) -> dict[str, Any]:
    """CreditMemoItem (decision RS8): its own keys, not an invoice item's; amounts positive.
    The credited charge's name is the item's `skuName` (Zuora: "the name of the SKU")
    and its rate plan's name the `description` (`comment` below 257.0)."""
    item = entry.item
    return {
        "id": entry.id,
        "amount": -item.amount,
        "amountWithoutTax": -item.amount,
        "unappliedAmount": -item.amount,
        "appliedAmount": Decimal(0),
        "refundAmount": Decimal(0),
        "appliedToItemId": applied_to_item_id(entry, items),
        "orderLineItemId": item.order_line_item_id,
        "fulfillmentId": item.fulfillment_id,
        "sku": skus.get(item.product_rate_plan_charge_id),
        "skuName": item.charge_name,
        "serviceStartDate": item.service_start,
        "serviceEndDate": item.service_end - timedelta(days=1),
        "quantity": item.quantity,
        "unitPrice": item.unit_price,
        "unitOfMeasure": item.uom,
        "processingType": item.processing_type.value,
        "description": item.rate_plan_name or None,
    }


def credit_memo_items_body(
    document: BillingDocument, skus: Mapping[str, str] | None = None
) -> dict[str, Any]:
    items = [_credit_item(i, document.items, skus or {}) for i in document.items]
    return {"success": True, "items": items}


def document_summary(document: BillingDocument) -> dict[str, Any]:
    return {
        "id": document.id,
        "documentNumber": document.number,
        "documentType": "Invoice" if document.kind is DocumentKind.INVOICE else "CreditMemo",
        "documentDate": document.document_date,
        "accountId": document.account_id,
        "amount": document.amount,
        "balance": document.balance,
        "currency": document.currency,
        "status": document.status.value,
    }
