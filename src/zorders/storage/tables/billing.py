"""Billing documents and their items, bill runs, payment methods and payments (issue 5)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    UniqueConstraint,
)

from zorders.storage.tables.base import metadata
from zorders.storage.types import DecimalType, UTCDateTime

# Billing documents (issue 5).

billing_documents = Table(
    "billing_documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("number", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("document_date", Date, nullable=False),
    Column("target_date", Date, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount", DecimalType(), nullable=False),
    Column("balance", DecimalType(), nullable=False),
    Column("source_id", String(100), nullable=True),
    Column("document", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "kind", "number", name="uq_billing_documents_number"),
    Index("ix_billing_documents_account", "tenant_id", "account_id"),
    Index("ix_billing_documents_source", "tenant_id", "source_id"),
)

bill_runs = Table(
    "bill_runs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("number", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("document", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number", name="uq_bill_runs_number"),
)

# Accounts whose billing failed in a bill run (issue 8): one row each, so a run with many
# failures keeps a small document.
bill_run_account_errors = Table(
    "bill_run_account_errors",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("bill_run_id", String(32), ForeignKey("bill_runs.id"), nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("account_number", String(100), nullable=True),
    Column("code", String(50), nullable=False),
    Column("message", String(2000), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_bill_run_account_errors_run", "tenant_id", "bill_run_id"),
)

billing_items = Table(
    "billing_items",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("document_id", String(32), ForeignKey("billing_documents.id"), nullable=False),
    Column("subscription_number", String(100), nullable=False),
    Column("charge_number", String(50), nullable=False),
    Column("service_start", Date, nullable=False),
    Column("amount", DecimalType(), nullable=False),
    # Items that bill an order line item (migration 0010): its id; NULL for charges.
    Column("order_line_item_id", String(32), nullable=True),
    Index("ix_billing_items_subscription", "tenant_id", "subscription_number"),
    Index("ix_billing_items_document", "document_id"),
    Index("ix_billing_items_line_item", "tenant_id", "order_line_item_id"),
)


# Payments (issue 5).

payment_methods = Table(
    "payment_methods",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    # Null for an orphan method (a hosted page's), attached to an account later.
    Column("account_id", String(32), nullable=True),
    Column("type", String(30), nullable=False),
    # The PaymentMethod value: masks, last four digits, non-secret details and the
    # gateway's token only (never a full card or account number).
    Column("method", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_payment_methods_account", "tenant_id", "account_id"),
)

payments = Table(
    "payments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("number", String(100), nullable=False),
    Column("type", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("amount", DecimalType(), nullable=False),
    Column("effective_date", Date, nullable=False),
    # The Payment value, its applications to invoices included.
    Column("payment", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number", name="uq_payments_number"),
    Index("ix_payments_account", "tenant_id", "account_id"),
)
