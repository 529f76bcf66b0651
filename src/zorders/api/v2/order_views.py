"""Orders in the v2 dialect (spec §12.3): the order object with its line items,
subscriptions (with `actions[]` and `subscription_plans`) and `ar_transactions`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from zorders.api.v2.order_echo import action_object
from zorders.api.v2.vocabulary import (
    ACTION_TYPES,
    CATEGORIES,
    ITEM_STATE_NAMES,
    ITEM_TYPE_NAMES,
    ORDER_STATES,
    SUBSCRIPTION_STATES,
)
from zorders.domain.line_items.model import ItemCategory, LineItem
from zorders.domain.orders.model import Order, OrderActionRecord, OrderSubscription
from zorders.domain.payments import Payment
from zorders.domain.subscription.model import (
    RenewalSetting,
    Subscription,
    TermLength,
    TermType,
)
from zorders.services.billing import BillingOutcome

_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake(value: str) -> str:
    """`FlatFee` -> `flat_fee`, `OneTime` -> `one_time`."""
    return _WORD.sub("_", value).replace(" ", "_").lower()


def timestamp(value: datetime | None) -> str | None:
    """ISO-8601 with its offset (spec §12.3); stored times are UTC."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def _term(term_type: TermType, length: TermLength | None, **dates: date | None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": term_type.value.lower()}
    if length is not None:
        body["interval"] = length.period_type.value.lower()
        body["interval_count"] = length.period
    body.update({k: v for k, v in dates.items() if v is not None})
    return body


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


def _subscription_plans(version: Subscription) -> list[dict[str, Any]]:
    plans = []
    for plan in version.rate_plans:
        if plan.is_removed:
            continue
        items = []
        for charge in plan.charges:
            # A charge waiting for its trigger date has its values but no segment yet.
            segment = charge.segments[-1] if charge.segments else charge.pending_values
            items.append(
                {
                    "id": charge.id,
                    "subscription_item_number": charge.number,
                    "name": charge.name,
                    "description": charge.description or None,
                    "price_id": charge.product_rate_plan_charge_id,
                    "charge_type": snake(charge.charge_type.value),
                    "charge_model": snake(charge.charge_model.value),
                    "start_date": charge.effective_start_date,
                    "end_date": charge.effective_end_date,
                    "quantity": segment.quantity if segment else None,
                    "unit_amount"
                    if segment and segment.quantity is not None
                    else "amount": segment.price if segment else None,
                    "unit_of_measure": charge.uom,
                    "charged_through_date": charge.charged_through_date,
                    "processed_through_date": charge.processed_through_date,
                    "unique_token": charge.unique_token,
                    "custom_fields": charge.custom_fields,
                }
            )
        plans.append(
            {
                "id": plan.id,
                "subscription_plan_number": plan.subscription_rate_plan_number,
                "name": plan.name,
                "plan_id": plan.product_rate_plan_id,
                "plan_number": plan.product_rate_plan_number,
                "product_id": plan.product_id,
                "subscription_id": version.id,
                "unique_token": plan.unique_token,
                "custom_fields": plan.custom_fields,
                "subscription_items": [_clean(i) for i in items],
            }
        )
    return [_clean(p) for p in plans]


def _clean(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if v is not None}


def subscription_body(
    item: OrderSubscription, version: Subscription | None, today: date, latest: int | None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subscription_number": item.subscription_number or None,
        "actions": [_action(a) for a in item.actions],
    }
    if version is None:  # a draft or scheduled order: nothing made yet
        return _clean(body)
    terms = version.terms
    renewal = terms.renewal_terms[0] if terms.renewal_terms else None
    evergreen_renewal = terms.renewal_setting is RenewalSetting.RENEW_TO_EVERGREEN
    body.update(
        {
            "id": version.id,
            "state": SUBSCRIPTION_STATES[version.status_on(today)],
            "version": version.version,
            "latest_version": latest is None or latest == version.version,
            "account_id": version.account_id,
            "invoice_owner_account_id": version.invoice_owner_account_id,
            "currency": version.currency,
            "auto_renew": terms.auto_renew,
            "initial_term": _term(terms.term_type, terms.initial_term),
            "current_term": _term(
                terms.term_type,
                terms.current_term,
                start_date=terms.term_start_date,
                end_date=terms.term_end_date,
            ),
            "renewal_term": _term(
                TermType.EVERGREEN if evergreen_renewal else TermType.TERMED,
                None if evergreen_renewal else renewal,
            ),
            "start_date": version.subscription_start_date,
            "end_date": version.subscription_end_date,
            "contract_effective": version.contract_effective_date,
            "service_activation": version.service_activation_date,
            "customer_acceptance": version.customer_acceptance_date,
            "invoice_separately": version.invoice_separately,
            "order_number": version.order_number,
            "cancel_reason": version.cancel_reason,
            "description": version.notes,
            "custom_fields": {**version.custom_fields, **item.custom_fields},
            "subscription_plans": _subscription_plans(version),
        }
    )
    return _clean(body)


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
    return _clean(body)


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
    return _clean(body)
