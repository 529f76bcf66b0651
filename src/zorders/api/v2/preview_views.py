"""The v2 preview answer (Zuora's `OrderPreviewResponse`): `billing_documents` (what
billing through the preview date would make: v1's `invoices` / `creditMemos` in v2 words)
and `subscriptions` (the order's delta metrics per subscription and action) (QP3)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from zorders.api.v2.order_preview import BILLING_DOCUMENTS, DELTA_METRICS
from zorders.api.v2.vocabulary import ACTION_TYPES
from zorders.domain.billing.documents import DocumentKind
from zorders.domain.billing.items import Item
from zorders.domain.money import quantize
from zorders.domain.subscription.metrics import latest_charge_metrics
from zorders.domain.subscription.model import Charge, Subscription
from zorders.services.context import CommandContext
from zorders.services.orders.preview import (
    PreviewDocument,
    PreviewResult,
    preview_billing_documents,
)
from zorders.services.ports import UnitOfWork

__all__ = ["preview_answer", "previous_versions", "wanted"]


def wanted(result: PreviewResult) -> set[str]:
    types = set(result.choices.types)
    pairs = ((BILLING_DOCUMENTS, "BillingDocs"), (DELTA_METRICS, "OrderMetrics"))
    return {metric for metric, kind in pairs if kind in types}


def preview_answer(
    result: PreviewResult, previous: Mapping[str, Subscription | None]
) -> dict[str, Any]:
    """`previous`: the version before the one the order makes, by subscription number
    (None for a new subscription)."""
    metrics = wanted(result)
    body: dict[str, Any] = {}
    if DELTA_METRICS in metrics:
        body["subscriptions"] = _subscriptions(result, previous)
    if BILLING_DOCUMENTS in metrics:
        body["billing_documents"] = _documents(result)
    return body


def previous_versions(
    uow: UnitOfWork, ctx: CommandContext, result: PreviewResult
) -> dict[str, Subscription | None]:
    """The stored version each previewed one follows (None for a new subscription): what
    the delta metrics subtract. Read in the preview's transaction or later, the same."""
    return {
        v.number: uow.subscriptions.version(ctx.tenant_id, v.number, v.version - 1)
        if v.version > 1
        else None
        for v in result.versions
    }


# -- billing documents ---------------------------------------------------------------------

_DOCUMENT_TYPES = {DocumentKind.INVOICE: "invoice", DocumentKind.CREDIT_MEMO: "credit_memo"}


def _documents(result: PreviewResult) -> list[dict[str, Any]]:
    """v1's `invoices` then `creditMemos`, in v2 words."""
    if result.target is None:
        return []
    documents = preview_billing_documents(result.items, result.target)
    return [_document(d) for d in (*documents.invoices, *documents.credit_memos)]


def _document(document: PreviewDocument) -> dict[str, Any]:
    total = document.sign * document.total
    return {
        "type": _DOCUMENT_TYPES[document.kind],
        "target_date": document.target_date,
        "subtotal": total,
        "tax": Decimal(0),
        "total": total,
        "billing_document_items": [_item(i, document.sign) for i in document.items],
    }


def _item(item: Item, sign: int) -> dict[str, Any]:
    subtotal = sign * item.amount
    tax = Decimal(0)
    return {
        "subscription_number": item.subscription_number or None,
        "subscription_item_number": item.charge_number or None,
        "subscription_item_name": item.charge_name,
        "line_item_id": item.order_line_item_id,
        "product_name": item.product_name or None,
        "price_id": item.product_rate_plan_charge_id or None,
        "processing_type": item.processing_type.value.lower(),
        "service_start_date": item.service_start,
        "service_end_date": item.service_end - timedelta(days=1),
        "quantity": item.quantity,
        "unit_of_measure": item.uom,
        "unit_amount": item.unit_price,
        "subtotal": subtotal,
        "tax": tax,
        "total": subtotal + tax,
    }


# -- delta metrics -------------------------------------------------------------------------


def _subscriptions(
    result: PreviewResult, previous: Mapping[str, Subscription | None]
) -> list[dict[str, Any]]:
    """One entry per subscription the order touches; the changes of its charges (MRR and
    TCV, the version the order makes less the one before) under its last action: the
    order's actions on one subscription make one version together."""
    made = {v.number: v for v in result.versions}
    out = []
    for sub in result.order_metrics:
        actions = [
            {"action": ACTION_TYPES[a.type], "sequence": a.sequence, "subscription_items": []}
            for a in sub.actions
        ]
        version = made.get(sub.subscription_number)
        if actions and version is not None:
            before = previous.get(sub.subscription_number)
            actions[-1]["subscription_items"] = _deltas(version, before)
        out.append({"subscription_number": sub.subscription_number, "actions": actions})
    return out


def _charges(version: Subscription | None) -> dict[str, tuple[str, Charge]]:
    if version is None:
        return {}
    return {c.number: (p.product_rate_plan_id, c) for p in version.rate_plans for c in p.charges}


def _values(charge: Charge | None) -> tuple[Decimal, Decimal]:
    if charge is None:
        return Decimal(0), Decimal(0)
    values = latest_charge_metrics(charge)
    return values.mrr, values.tcv


def _span(charge: Charge) -> tuple[date | None, date | None]:
    if not charge.segments:
        return None, None
    return charge.segments[0].start, charge.segments[-1].end


def _deltas(version: Subscription, before: Subscription | None) -> list[dict[str, Any]]:
    now, then = _charges(version), _charges(before)
    currency = version.currency
    rows = []
    for number in [*now, *(n for n in then if n not in now)]:
        charge = (now.get(number) or then[number])[1]
        new_mrr, new_tcv = _values(now[number][1] if number in now else None)
        old_mrr, old_tcv = _values(then[number][1] if number in then else None)
        mrr, tcv = new_mrr - old_mrr, new_tcv - old_tcv
        if not mrr and not tcv:
            continue
        start, end = _span(charge)
        rows.append(
            {
                "subscription_item_number": number,
                "price_id": charge.product_rate_plan_charge_id,
                "start_date": start,
                "end_date": end,
                "mrr": _amount(mrr, currency),
                "tcv": _amount(tcv, currency),
            }
        )
    return rows


def _amount(value: Decimal, currency: str) -> dict[str, Any]:
    amount = quantize(value, currency)
    return {"gross_amount": amount, "net_amount": amount, "currency": currency}
