"""Orders in the v2 dialect (spec §12.3): the order object with its line items,
subscriptions (the object of `subscription_views.py`, with the `actions[]` the order took)
and `ar_transactions`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from zorders.api.v2.order_echo import action_object
from zorders.api.v2.subscription_views import clean, snake, timestamp, version_body
from zorders.api.v2.vocabulary import (
    ACTION_TYPES,
    CATEGORIES,
    ITEM_STATE_NAMES,
    ITEM_TYPE_NAMES,
    ORDER_STATES,
)
from zorders.domain.line_items.model import ItemCategory, LineItem
from zorders.domain.orders.model import Order, OrderActionRecord, OrderSubscription
from zorders.domain.payments import Payment
from zorders.domain.subscription.model import Subscription
from zorders.services.billing import BillingOutcome


def _action(record: OrderActionRecord) -> dict[str, Any]:
    start_on = {snake(name): value for name, value in sorted(record.trigger_dates.items())}
    body: dict[str, Any] = {
        "action_id": record.id,
        "type": ACTION_TYPES[record.type],
        "sequence": record.sequence,
        "start_on": start_on,
    }
    # The action as a v2 request wrote it, or a v1 order's in v2 words (QO5, QL7).
    body.update(action_object(record))
    if record.custom_fields:
        body["custom_fields"] = record.custom_fields
    return body


def subscription_body(
    item: OrderSubscription, version: Subscription | None, today: date, latest: int | None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subscription_number": item.subscription_number or None,
        "actions": [_action(a) for a in item.actions],
    }
    if version is None:  # a draft or scheduled order: nothing made yet
        return clean(body)
    body.update(version_body(version, today, latest, custom_fields=item.custom_fields))
    return clean(body)


def line_item_body(item: LineItem) -> dict[str, Any]:
    price, amounts = item.price, item.amounts
    body: dict[str, Any] = {
        "id": item.id,
        "item_number": item.item_number,
        "name": item.item_name,
        "type": ITEM_TYPE_NAMES[item.item_type],
        "category": "return" if item.item_category is ItemCategory.RETURN else "sale",
        "state": ITEM_STATE_NAMES[item.state],
        "quantity": price.quantity,
        "list_unit_price": price.list_price_per_unit,
        "list_price": amounts.list_price,
        "unit_amount": amounts.amount_per_unit,
        "discount_total": amounts.discount,
        "subtotal": amounts.amount_without_tax,
        "total": amounts.amount,
        "price_id": item.product_rate_plan_charge_id,
        "product_code": item.product_code,
        "unit_of_measure": item.uom,
        "target_date": item.bill_target_date,
        "start_date": item.transaction_start_date,
        "end_date": item.transaction_end_date,
        "billing_rule": snake(item.billing_rule.value),
        "related_subscription_number": item.related_subscription_number,
        "requires_fulfillment": item.requires_fulfillment,
        "quantity_available_for_return": item.quantity_available_for_return,
        "quantity_fulfilled": item.quantity_fulfilled,
        "original_order_id": item.original_order_id,
        "original_order_number": item.original_order_number,
        "original_order_line_item_id": item.original_line_item_id,
        "original_order_line_item_number": item.original_item_number,
        "order_id": item.order_id,
        "description": item.description,
        "purchase_order_number": item.purchase_order_number,
        "custom_fields": item.custom_fields,
        "created_time": timestamp(item.created_at),
        "updated_time": timestamp(item.updated_at),
    }
    return clean(body)


def ar_transactions(billing: BillingOutcome | None, payment: Payment | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "invoice_numbers": [d.number for d in billing.invoices] if billing else [],
        "credit_memo_numbers": [d.number for d in billing.credit_memos] if billing else [],
        "payments": [],
    }
    if payment is not None:
        body["payments"] = [
            {
                "payment_number": payment.number,
                "amount": payment.amount,
                "state": snake(payment.status.value),
            }
        ]
    return body


def order_body(
    order: Order,
    *,
    versions: Mapping[str, Subscription],
    latest: Mapping[str, int],
    line_items: Sequence[LineItem],
    today: date,
    billing: BillingOutcome | None = None,
    payment: Payment | None = None,
) -> dict[str, Any]:
    """`versions` holds the subscription version the order made, by number."""
    body: dict[str, Any] = {
        "id": order.id,
        "order_number": order.number,
        "order_date": order.order_date,
        "category": CATEGORIES[order.category],
        "state": ORDER_STATES[order.status],
        "description": order.description,
        "account_id": order.account_id,
        "custom_fields": order.custom_fields,
        "created_by_id": order.created_by,
        "created_time": timestamp(order.created_at),
        "updated_by_id": order.created_by,
        "updated_time": timestamp(order.updated_at),
        "cancel_reason": order.cancel_reason,
        "line_items": {"data": [line_item_body(i) for i in line_items], "next_page": None},
        "subscriptions": [
            subscription_body(
                s,
                versions.get(s.subscription_number),
                today,
                latest.get(s.subscription_number),
            )
            for s in order.subscriptions
        ],
    }
    if billing is not None or payment is not None:
        body["ar_transactions"] = ar_transactions(billing, payment)
    return clean(body)


def order_fields(order: Order, today: date) -> dict[str, Any]:
    """The order's own fields as `order_body` answers them (what list filters and sorts
    read), without reading its subscription versions or line items."""
    return order_body(order, versions={}, latest={}, line_items=(), today=today)
