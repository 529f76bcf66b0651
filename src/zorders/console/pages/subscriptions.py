"""The subscription page: every version on a timeline, and one version's details."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from zorders.console import timeline
from zorders.console.pages.common import not_found, reading
from zorders.console.viewer import Viewer
from zorders.domain.orders.model import Order
from zorders.domain.subscription.metrics import reference_day, subscription_metrics
from zorders.domain.subscription.model import Subscription
from zorders.services.ports import UnitOfWork


def _versions(uow: UnitOfWork, viewer: Viewer, number: str) -> list[tuple[Subscription, Any]]:
    versions = uow.subscriptions.versions(viewer.ctx.tenant_id, number)
    if not versions:
        raise not_found("subscription")
    return versions


def _chosen(request: Request, versions: list[tuple[Subscription, Any]]) -> Subscription:
    raw = request.path_params.get("version")
    if raw is None:
        raw = request.query_params.get("version")
    if raw is None:
        return versions[-1][0]
    wanted = int(raw) if str(raw).isdigit() else -1
    for subscription, _ in versions:
        if subscription.version == wanted:
            return subscription
    raise not_found("version")


def details(subscription: Subscription, viewer: Viewer, latest: int) -> dict[str, Any]:
    today = viewer.ctx.today
    measured_on = reference_day(subscription, today)
    metrics = subscription_metrics(subscription, measured_on)
    return {
        "sub": subscription,
        "latest": latest,
        "status": subscription.status_on(today).value,
        "mrr": metrics.contracted_mrr,
        "tcv": metrics.total_contracted_value,
        "charge_mrr": {n: m.mrr for n, m in metrics.charges.items()},
        "measured_on": measured_on,
    }


def subscription_page(viewer: Viewer, request: Request) -> dict[str, Any]:
    number = request.path_params["number"]
    ctx = viewer.ctx
    with reading(viewer) as uow:
        versions = _versions(uow, viewer, number)
        chosen = _chosen(request, versions)
        orders: dict[str, Order] = {}
        for subscription, _ in versions:
            key = subscription.order_number
            if key and key not in orders:
                order = uow.orders.get(ctx.tenant_id, key)
                if order is not None:
                    orders[key] = order
        latest = versions[-1][0]
        owner = uow.accounts.get(ctx.tenant_id, latest.account_id)
        invoice_owner = (
            owner
            if latest.invoice_owner_account_id == latest.account_id
            else uow.accounts.get(ctx.tenant_id, latest.invoice_owner_account_id)
        )
    return {
        "title": f"Subscription {number}",
        "number": number,
        "owner": owner,
        "invoice_owner": invoice_owner,
        "timeline": timeline.build(versions, orders, ctx.today),
        "detail": details(chosen, viewer, latest.version),
        "today": ctx.today,
    }


def version_fragment(viewer: Viewer, request: Request) -> dict[str, Any]:
    """htmx's swap of the details panel; opened as a page, the whole subscription page
    with that version chosen."""
    if not request.headers.get("hx-request"):
        return {**subscription_page(viewer, request), "template": "subscription.html"}
    number = request.path_params["number"]
    with reading(viewer) as uow:
        versions = _versions(uow, viewer, number)
    chosen = _chosen(request, versions)
    return {"detail": details(chosen, viewer, versions[-1][0].version), "number": number}
