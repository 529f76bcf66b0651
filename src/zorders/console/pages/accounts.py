"""Accounts: the search list and the account page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from starlette.requests import Request

from zorders.console.pages.common import PAGE_SIZE, page_number, reading
from zorders.console.viewer import Viewer
from zorders.domain.billing.documents import BillingDocument, DocumentKind
from zorders.domain.subscription.metrics import reference_day, subscription_metrics
from zorders.domain.subscription.model import Subscription
from zorders.services import accounts, payments, tenants
from zorders.services.orders.reads import list_orders
from zorders.services.ports import UnitOfWorkFactory

# The most subscriptions, documents or payments the account page lists at once.
LIST_LIMIT = 500


def tenant_names(uow_factory: UnitOfWorkFactory) -> list[str]:
    return sorted(t.name for t in tenants.list_tenants(uow_factory))


def accounts_page(viewer: Viewer, request: Request) -> dict[str, Any]:
    q = request.query_params.get("q", "")
    with reading(viewer) as uow:
        found = accounts.search(uow, viewer.ctx, q)
    values: dict[str, Any] = {
        "title": "Accounts",
        "q": q,
        "accounts": found,
        "limit": accounts.SEARCH_LIMIT,
    }
    if request.headers.get("hx-request") and request.headers.get("hx-target") == "account-rows":
        values["template"] = "_account_rows.html"
    return values


@dataclass(frozen=True)
class SubscriptionRow:
    subscription: Subscription
    status: str
    mrr: Decimal
    plans: str


def subscription_row(subscription: Subscription, viewer: Viewer) -> SubscriptionRow:
    today = viewer.ctx.today
    metrics = subscription_metrics(subscription, reference_day(subscription, today))
    plans = ", ".join(p.name for p in subscription.rate_plans if not p.is_removed)
    return SubscriptionRow(
        subscription, subscription.status_on(today).value, metrics.contracted_mrr, plans
    )


def account_page(viewer: Viewer, request: Request) -> dict[str, Any]:
    number = request.path_params["number"]
    orders_page = page_number(request, "orders_page")
    subscriptions_page = page_number(request, "subscriptions_page")
    ctx = viewer.ctx
    with reading(viewer) as uow:
        account = accounts.find_account(uow, ctx.tenant_id, number)
        subscriptions = uow.subscriptions.latest_for_account(
            ctx.tenant_id,
            account.id,
            offset=(subscriptions_page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE + 1,
        )
        orders = list_orders(
            uow,
            ctx,
            offset=(orders_page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE + 1,
            account_id=account.id,
        )
        documents = uow.billing.documents_of_account(ctx.tenant_id, account.id)
        paid = payments.list_payments(uow, ctx, offset=0, limit=LIST_LIMIT, account_key=account.id)
    newest_first: list[BillingDocument] = sorted(
        documents, key=lambda d: (d.document_date, len(d.number), d.number), reverse=True
    )
    contacts = [("Bill to", account.bill_to), ("Sold to", account.sold_to)]
    if account.ship_to.id not in (account.bill_to.id, account.sold_to.id):
        contacts.append(("Ship to", account.ship_to))
    return {
        "title": f"Account {account.account_number}",
        "account": account,
        "contacts": contacts,
        "subscriptions": [subscription_row(s, viewer) for s in subscriptions[:PAGE_SIZE]],
        "subscriptions_page": subscriptions_page,
        "subscriptions_more": len(subscriptions) > PAGE_SIZE,
        "orders": orders[:PAGE_SIZE],
        "orders_page": orders_page,
        "orders_more": len(orders) > PAGE_SIZE,
        "invoices": [d for d in newest_first if d.kind is DocumentKind.INVOICE][:LIST_LIMIT],
        "credit_memos": [d for d in newest_first if d.kind is DocumentKind.CREDIT_MEMO][
            :LIST_LIMIT
        ],
        "payments": list(reversed(paid)),
    }
