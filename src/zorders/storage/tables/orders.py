"""Subscriptions, their versions, orders and their index rows (issue 4)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from zorders.storage.tables.base import metadata
from zorders.storage.types import UTCDateTime

# Subscriptions and orders (issue 4). A subscription version and an order are immutable
# values stored whole as a JSON `document` (zorders.storage.documents); the other columns
# are what queries filter and lock on. `subscriptions` is the head of each subscription:
# `latest(..., for_update=True)` locks its row, so two orders never build on one version.

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("number", String(100), nullable=False),
    Column("latest_version", Integer, nullable=False),
    # The owner and invoice owner of the latest version.
    Column("account_id", String(32), nullable=False),
    Column("invoice_owner_account_id", String(32), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number"),
    Index("ix_subscriptions_tenant_id_account_id", "tenant_id", "account_id"),
    # Billing finds an account's subscriptions by invoice owner.
    Index("ix_subscriptions_invoice_owner", "tenant_id", "invoice_owner_account_id"),
)

subscription_versions = Table(
    "subscription_versions",
    metadata,
    # The version's `Subscription.id`.
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("number", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("invoice_owner_account_id", String(32), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("order_number", String(100), nullable=True),
    Column("document", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number", "version"),
    # Object Query's default order (newest first, ties by id): migration 0015.
    Index("ix_subscription_versions_tenant_created", "tenant_id", "created_at", "id"),
)

orders = Table(
    "orders",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("number", String(100), nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("status", String(20), nullable=False),
    Column("order_date", Date, nullable=False),
    Column("category", String(20), nullable=False),
    Column("description", String(500), nullable=True),
    Column("reason_code", String(255), nullable=True),
    Column("scheduled_date", Date, nullable=True),
    Column("cancel_reason", String(255), nullable=True),
    Column("document", JSON, nullable=False),
    Column("created_by", String(36), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number"),
    Index("ix_orders_tenant_id_account_id", "tenant_id", "account_id"),
    Index("ix_orders_tenant_id_order_date", "tenant_id", "order_date"),
)

# Index rows of an order, rewritten with it: which subscriptions it touches (and their
# owner) and which actions it holds.

order_subscriptions = Table(
    "order_subscriptions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("order_id", String(32), ForeignKey("orders.id"), nullable=False, index=True),
    Column("subscription_number", String(100), nullable=False),
    Column("owner_account_id", String(32), nullable=True),
    Column("sequence", Integer, nullable=False),
    Index(
        "ix_order_subscriptions_tenant_id_subscription_number",
        "tenant_id",
        "subscription_number",
    ),
    Index("ix_order_subscriptions_tenant_id_owner_account_id", "tenant_id", "owner_account_id"),
)

order_actions = Table(
    "order_actions",
    metadata,
    # The action's `OrderActionRecord.id`.
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("order_id", String(32), ForeignKey("orders.id"), nullable=False, index=True),
    Column("subscription_number", String(100), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("type", String(40), nullable=False),
)
