"""The console's pages: each a sync function of the viewer and the request, reading
through the services in one read-only unit of work, returning its template's values."""

from zorders.console.pages.accounts import account_page, accounts_page, tenant_names
from zorders.console.pages.catalog import catalog_page
from zorders.console.pages.clock import advance_clock, clock_page
from zorders.console.pages.documents import credit_memo_page, invoice_page, payment_page
from zorders.console.pages.orders import order_page
from zorders.console.pages.subscriptions import subscription_page, version_fragment

__all__ = [
    "account_page",
    "accounts_page",
    "advance_clock",
    "catalog_page",
    "clock_page",
    "credit_memo_page",
    "invoice_page",
    "order_page",
    "payment_page",
    "subscription_page",
    "tenant_names",
    "version_fragment",
]
