"""Orders on the wire: CreateOrderResponse (spec §4) and the Order of GET (spec §7.2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic.alias_generators import to_camel

from zorders.api.error_table import ERRORS
from zorders.api.version_gates import gate
from zorders.api.views.line_items import line_item_body
from zorders.domain.accounts import Account
from zorders.domain.billing.documents import DocumentKind
from zorders.domain.billing.items import Item
from zorders.domain.line_items.model import LineItem
from zorders.domain.line_items.states import order_state
from zorders.domain.money import quantize
from zorders.domain.orders.model import (
    Order,
    OrderActionRecord,
    OrderSubscription,
    ScheduledExecution,
)
from zorders.domain.payments import Payment, PaymentStatus
from zorders.domain.subscription.metrics import latest_charge_metrics
from zorders.domain.subscription.model import Subscription
from zorders.domain.versions import ApiVersion
from zorders.services.billing import BillingOutcome
from zorders.services.orders.preview import PreviewDocument, preview_billing_documents


def _zuora_timestamp(value: datetime | None) -> str | None:
    """GET order shows timestamps as `YYYY-MM-DD HH:MM:SS` (spec §7.2), in UTC."""
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else None


def create_response(
    order: Order,
    account: Account,
    versions: tuple[Subscription, ...],
    *,
    version: ApiVersion,
    today: date,
    return_ids: bool,
    billing: BillingOutcome | None = None,
    payment: Payment | None = None,
    owners: dict[str, Account] | None = None,
    line_items: Sequence[LineItem] = (),
) -> dict[str, Any]:
    """Seed 002's answer; `return_ids` adds the ids beside the numbers (K10)."""
    body: dict[str, Any] = {
        "success": True,
        "orderNumber": order.number,
        "accountNumber": account.account_number,
        "status": order.status.value,
    }
    numbers = [s.subscription_number for s in order.subscriptions if s.subscription_number]
    by_number = {v.number: v for v in versions}
    if gate("order_subscriptions").applies(version):
        subs = []
        for number in dict.fromkeys(numbers):
            entry: dict[str, Any] = {"subscriptionNumber": number}
            found = by_number.get(number)
            if found is not None:
                entry["status"] = found.status_on(today).value
                owner = (owners or {}).get(found.account_id)
                if owner is not None:
                    entry["subscriptionOwnerId"] = owner.id
                    entry["subscriptionOwnerNumber"] = owner.account_number
                if return_ids:
                    entry["subscriptionId"] = found.id
            subs.append(entry)
        body["subscriptions"] = subs
    else:
        body["subscriptionNumbers"] = list(dict.fromkeys(numbers))
    if billing is not None and billing.documents:
        if billing.invoices:
            body["invoiceNumbers"] = [d.number for d in billing.invoices]
        if billing.credit_memos:
            body["creditMemoNumbers"] = [d.number for d in billing.credit_memos]
        if return_ids:
            body["invoiceIds"] = [d.id for d in billing.invoices]
            body["creditMemoIds"] = [d.id for d in billing.credit_memos]
    if payment is not None:  # collectPayment (spec §4): paidAmount is a string
        body["paymentNumber"] = payment.number
        if return_ids:
            body["paymentId"] = payment.id
        body["paymentStatus"] = payment.status.value
        if payment.status is PaymentStatus.PROCESSED:
            body["paidAmount"] = format(payment.amount, "f")
        else:
            body["paymentErrorCode"] = payment.gateway_response_code
            body["paymentErrorMessage"] = payment.gateway_response
    if line_items:  # CreateOrderResponseOrderLineItems
        body["orderLineItems"] = [{"id": i.id, "itemNumber": i.item_number} for i in line_items]
    if return_ids:
        body["orderId"] = order.id
        body["accountId"] = account.id
        body["subscriptionIds"] = [
            by_number[n].id for n in dict.fromkeys(numbers) if n in by_number
        ]
    return body


_UNANSWERED_RESULTS = frozenset({"term_start_date", "term_end_date"})


def _action(record: OrderActionRecord) -> dict[str, Any]:
    # An action a v2 order made keeps its v2 echo under "v2": not a v1 field (QO5).
    request = {k: v for k, v in record.request.items() if k != "v2"}
    key = next(iter(request), None)
    # The term dates a TermsAndConditions or RenewSubscription action resolved stay stored
    # but are not answered: the client's OrderAction* models have no such keys (RK2); the
    # subscription's termStartDate / termEndDate tell them.
    shown = {k: v for k, v in record.result.items() if k not in _UNANSWERED_RESULTS}
    if key is not None and shown:
        request[key] = {**(request[key] or {}), **_jsonable(shown)}
    body: dict[str, Any] = {
        "id": record.id,
        "type": record.type.value,
        "sequence": record.sequence,
        "triggerDates": [
            {"name": name, "triggerDate": value} for name, value in record.trigger_dates.items()
        ],
        "changeReason": record.change_reason,
        "customFields": record.custom_fields,
        **request,
    }
    return {k: v for k, v in body.items() if v is not None}


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """What applying an action computed, in v1's names (`rate_plan_id` -> `ratePlanId`)."""
    return {to_camel(k): (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


def _subscription(item: OrderSubscription, owners: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subscriptionNumber": item.subscription_number or None,
        "sequence": item.sequence,
        "baseVersion": item.base_version,
        "newVersion": item.new_version,
        "subscriptionOwnerAccountNumber": owners.get(item.subscription_number),
        "customFields": item.custom_fields,
        "notes": item.notes,
        "orderActions": [_action(a) for a in item.actions],
    }
    return {k: v for k, v in body.items() if v is not None}


def order_body(
    order: Order,
    account: Account,
    owners: dict[str, str],
    line_items: Sequence[LineItem] = (),
    accounts: dict[str, Account] | None = None,
) -> dict[str, Any]:
    """`accounts` holds the owners and invoice owners of `line_items`, by id."""
    has_actions = any(s.actions for s in order.subscriptions)
    state = order_state(
        order.status, has_actions=has_actions, item_states=(i.state for i in line_items)
    )
    body: dict[str, Any] = {
        "orderNumber": order.number,
        "orderDate": order.order_date,
        "category": order.category.value,
        "description": order.description,
        "status": order.status.value,
        "state": state.value,
        "cancelReason": order.cancel_reason,
        "reasonCode": order.reason_code,
        "existingAccountNumber": account.account_number,
        "currency": account.currency,
        "customFields": order.custom_fields,
        "createdBy": order.created_by,
        "createdDate": _zuora_timestamp(order.created_at),
        "updatedBy": order.created_by,
        "updatedDate": _zuora_timestamp(order.updated_at),
        "schedulingOptions": {
            "scheduledDate": order.scheduled_date,
            "scheduledDatePolicy": "SpecificDate",
        }
        if order.scheduled_date
        else None,
        "scheduledOrderActivationResponse": activation_response(order.execution, order, account)
        if order.execution is not None
        else None,
        "subscriptions": [_subscription(s, owners) for s in order.subscriptions],
        "orderLineItems": [line_item_body(i, accounts or {}) for i in line_items] or None,
    }
    return {k: v for k, v in body.items() if v is not None}


def activation_response(
    execution: ScheduledExecution, order: Order, account: Account
) -> dict[str, Any]:
    """The create answer a Scheduled order's execution gave (spec §7.2); when it failed,
    the answer of a refused create: `success: false` with its reasons (SO3)."""
    body: dict[str, Any] = {
        "success": execution.succeeded,
        "orderNumber": order.number,
        "accountNumber": account.account_number,
        "status": execution.status.value,
    }
    if execution.error_code is not None:
        spec = ERRORS[execution.error_code]
        body["reasons"] = [{"code": spec.code, "message": execution.error_message}]
        return body
    body["subscriptions"] = [
        {"subscriptionNumber": s.subscription_number, "status": s.status}
        for s in execution.subscriptions
    ]
    if execution.invoice_numbers:
        body["invoiceNumbers"] = list(execution.invoice_numbers)
    if execution.credit_memo_numbers:
        body["creditMemoNumbers"] = list(execution.credit_memo_numbers)
    if execution.payment_number is not None:
        body["paymentNumber"] = execution.payment_number
        body["paymentStatus"] = execution.payment_status
        if execution.paid_amount is not None:
            body["paidAmount"] = format(execution.paid_amount, "f")
        else:
            body["paymentErrorCode"] = execution.payment_error_code
            body["paymentErrorMessage"] = execution.payment_error_message
    return body


def charge_metrics(subscription: Subscription) -> dict[str, Any]:
    """previewResult.chargeMetrics of one subscription (spec §5): MRR and TCV per charge."""
    currency = subscription.currency
    charges = []
    for plan in subscription.rate_plans:
        for charge in plan.charges:
            values = latest_charge_metrics(charge)
            charges.append(
                {
                    "chargeNumber": charge.number,
                    "productRatePlanChargeId": charge.product_rate_plan_charge_id,
                    "productRatePlanId": plan.product_rate_plan_id,
                    "originRatePlanId": plan.original_id,
                    "isPending": not charge.segments,
                    "cmrr": {"regular": quantize(values.mrr, currency)},
                    "tcv": {"regular": quantize(values.tcv, currency)},
                }
            )
    return {"subscriptionNumber": subscription.number, "charges": charges}


def preview_documents(items: Sequence[Item], target: date) -> dict[str, Any]:
    """previewResult.invoices / creditMemos (spec §5) of the documents
    `services.orders.preview.preview_billing_documents` chooses. `invoices` is there
    (perhaps empty) unless the run's items make a credit memo."""
    documents = preview_billing_documents(items, target)
    out: dict[str, Any] = {}
    if documents.run is None or documents.run.kind is DocumentKind.INVOICE:
        out["invoices"] = [_preview_document(d, "invoiceItems") for d in documents.invoices]
    if documents.credit_memos:
        out["creditMemos"] = [
            _preview_document(d, "creditMemoItems") for d in documents.credit_memos
        ]
    return out


def _preview_document(document: PreviewDocument, key: str) -> dict[str, Any]:
    sign = document.sign
    total = document.total
    rows = [
        {
            "subscriptionNumber": i.subscription_number or None,
            "chargeNumber": i.charge_number or None,
            "orderLineItemId": i.order_line_item_id,
            "appliedToChargeNumber": i.applied_to_charge_number,
            "productName": i.product_name or None,
            "chargeName": i.charge_name,
            "productRatePlanChargeId": i.product_rate_plan_charge_id or None,
            "processingType": i.processing_type.value,
            "serviceStartDate": i.service_start,
            "serviceEndDate": i.service_end - timedelta(days=1),
            "unitPrice": i.unit_price,
            "amountWithoutTax": sign * i.amount,
            "taxAmount": Decimal(0),
            "additionalInfo": {"quantity": i.quantity, "unitOfMeasure": i.uom},
        }
        for i in document.items
    ]
    return {
        "amount": sign * total,
        "amountWithoutTax": sign * total,
        "taxAmount": Decimal(0),
        "targetDate": document.target_date,
        key: rows,
    }
