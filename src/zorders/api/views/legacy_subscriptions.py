"""Answers of the legacy subscription calls (the client's Create/Update/Cancel/Renew/
Suspend/Resume SubscriptionResponse), read off the order they made (decision LG5)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from zorders.api.version_gates import gate
from zorders.domain.billing.documents import BillingDocument
from zorders.domain.money import quantize
from zorders.domain.payments import PaymentStatus
from zorders.domain.subscription.metrics import reference_day, subscription_metrics
from zorders.domain.subscription.model import Subscription
from zorders.domain.versions import ApiVersion
from zorders.services.orders.create import OrderOutcome


def made_version(outcome: OrderOutcome) -> Subscription:
    (version,) = outcome.versions
    return version


def documents(outcome: OrderOutcome) -> dict[str, Any]:
    """`invoiceId`, `creditMemoId`, `paymentId`, `paidAmount` of the order's billing."""
    body: dict[str, Any] = {}
    if outcome.billing.invoices:
        body["invoiceId"] = outcome.billing.invoices[0].id
    if outcome.billing.credit_memos:
        body["creditMemoId"] = outcome.billing.credit_memos[0].id
    payment = outcome.payment
    if payment is not None and payment.status is PaymentStatus.PROCESSED:
        body["paymentId"] = payment.id
        body["paidAmount"] = payment.amount
    return body


def order_keys(outcome: OrderOutcome, version: ApiVersion, today: date) -> dict[str, Any]:
    """The order's own keys, as the client's responses since Orders carry them."""
    sub = made_version(outcome)
    body: dict[str, Any] = {
        "orderNumber": outcome.order.number,
        "accountNumber": outcome.account.account_number,
        "status": outcome.order.status.value,
    }
    if gate("order_subscriptions").applies(version):
        body["subscriptions"] = [
            {"subscriptionNumber": sub.number, "status": sub.status_on(today).value}
        ]
    else:
        body["subscriptionNumbers"] = [sub.number]
    return body


def deltas(before: Subscription | None, after: Subscription, on: date) -> dict[str, Decimal]:
    """`totalDeltaMrr`, `totalDeltaTcv`: the made version's contracted MRR on `on` and its
    TCV less the previous version's (LG5)."""
    new = subscription_metrics(after, on)
    old = subscription_metrics(before, on) if before is not None else None
    currency = after.currency
    return {
        "totalDeltaMrr": quantize(
            new.contracted_mrr - (old.contracted_mrr if old else Decimal(0)), currency
        ),
        "totalDeltaTcv": quantize(
            new.total_contracted_value - (old.total_contracted_value if old else Decimal(0)),
            currency,
        ),
    }


def create_answer(outcome: OrderOutcome, version: ApiVersion, today: date) -> dict[str, Any]:
    sub = made_version(outcome)
    metrics = subscription_metrics(sub, reference_day(sub, today))
    return {
        "success": True,
        "subscriptionId": sub.id,
        "subscriptionNumber": sub.number,
        "contractedMrr": quantize(metrics.contracted_mrr, sub.currency),
        "totalContractedValue": quantize(metrics.total_contracted_value, sub.currency),
        **documents(outcome),
        "orderNumber": outcome.order.number,
    }


def change_answer(
    outcome: OrderOutcome,
    before: Subscription,
    on: date,
    version: ApiVersion,
    today: date,
    *,
    with_mrr: bool = True,
) -> dict[str, Any]:
    sub = made_version(outcome)
    changed = deltas(before, sub, on)
    if not with_mrr:
        del changed["totalDeltaMrr"]
    return {
        "success": True,
        "subscriptionId": sub.id,
        **changed,
        **documents(outcome),
        **order_keys(outcome, version, today),
    }


def preview_items(document: BillingDocument | None, version: ApiVersion) -> list[dict[str, Any]]:
    if document is None:
        return []
    taxes: dict[str, Any] = (
        {"taxationItems": []} if gate("legacy_preview_taxation_items").applies(version) else {}
    )
    return [
        {
            "serviceStartDate": i.item.service_start,
            "serviceEndDate": i.item.service_end - timedelta(days=1),
            "chargeAmount": i.item.amount,
            "chargeDescription": "",
            "chargeName": i.item.charge_name,
            "productName": i.item.product_name,
            "productRatePlanChargeId": i.item.product_rate_plan_charge_id,
            "quantity": i.item.quantity,
            "unitOfMeasure": i.item.uom or "",
            "taxAmount": Decimal(0),
            **taxes,
        }
        for i in document.items
    ]


def preview_answer(
    outcome: OrderOutcome, target: date, version: ApiVersion, extra: dict[str, Any]
) -> dict[str, Any]:
    """What the change would bill (the preview's invoice; nothing stored, LG6)."""
    invoice = outcome.billing.invoices[0] if outcome.billing.invoices else None
    amount = invoice.amount if invoice is not None else Decimal(0)
    items = preview_items(invoice, version)
    target_key = (
        "targetDate" if gate("legacy_target_date").applies(version) else "invoiceTargetDate"
    )
    body: dict[str, Any] = {
        "success": True,
        "amount": amount,
        "amountWithoutTax": amount,
        "taxAmount": Decimal(0),
        target_key: target,
        "invoiceItems": items,
        "invoice": {
            "amount": amount,
            "amountWithoutTax": amount,
            "taxAmount": Decimal(0),
            "targetDate": target.isoformat(),
            "invoiceItems": items,
        },
        **extra,
    }
    return body
