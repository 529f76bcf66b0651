"""The schema, one module per family. Every business table carries `tenant_id`;
migrations live in `storage/migrations/`. Importing this package defines every table on
`metadata`."""

from __future__ import annotations

from zorders.storage.tables.accounts import (
    accounts,
    contacts,
)
from zorders.storage.tables.base import metadata
from zorders.storage.tables.billing import (
    bill_run_account_errors,
    bill_runs,
    billing_documents,
    billing_items,
    payment_methods,
    payments,
)
from zorders.storage.tables.catalog import (
    product_rate_plan_charge_tiers,
    product_rate_plan_charges,
    product_rate_plans,
    products,
)
from zorders.storage.tables.jobs import (
    jobs,
)
from zorders.storage.tables.line_items import (
    fulfillments,
    order_line_items,
)
from zorders.storage.tables.orders import (
    order_actions,
    order_subscriptions,
    orders,
    subscription_versions,
    subscriptions,
)
from zorders.storage.tables.rate_plans import (
    subscription_rate_plan_charges,
    subscription_rate_plans,
)
from zorders.storage.tables.tenancy import (
    TENANTLESS,
    access_tokens,
    auth_failures,
    idempotency_keys,
    oauth_clients,
    sequences,
    service_keys,
    tenants,
)

__all__ = [
    "TENANTLESS",
    "access_tokens",
    "accounts",
    "auth_failures",
    "bill_run_account_errors",
    "bill_runs",
    "billing_documents",
    "billing_items",
    "contacts",
    "fulfillments",
    "idempotency_keys",
    "jobs",
    "metadata",
    "oauth_clients",
    "order_actions",
    "order_line_items",
    "order_subscriptions",
    "orders",
    "payment_methods",
    "payments",
    "product_rate_plan_charge_tiers",
    "product_rate_plan_charges",
    "product_rate_plans",
    "products",
    "sequences",
    "service_keys",
    "subscription_rate_plan_charges",
    "subscription_rate_plans",
    "subscription_versions",
    "subscriptions",
    "tenants",
]
