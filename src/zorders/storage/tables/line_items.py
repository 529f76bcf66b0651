"""Order line items and fulfillments (issue 10)."""

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

# Order line items and their fulfillments (issue 10): stored whole as JSON documents
# (domain/line_items/model.py), with the columns lookups and locks need.

order_line_items = Table(
    "order_line_items",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("order_id", String(32), ForeignKey("orders.id"), nullable=False),
    Column("order_number", String(100), nullable=False),
    Column("item_number", String(100), nullable=False),
    # Its place in the order's orderLineItems[] (reads list them in that order).
    Column("position", Integer, nullable=False),
    # The order's account (the one invoiced) and the item's owner.
    Column("invoice_owner_account_id", String(32), nullable=False),
    Column("owner_account_id", String(32), nullable=False),
    Column("state", String(20), nullable=False),
    Column("item_category", String(10), nullable=False),
    Column("bill_target_date", Date, nullable=True),
    # Returns: the sale they take back.
    Column("original_line_item_id", String(32), nullable=True),
    Column("document", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "order_id", "item_number"),
    Index("ix_order_line_items_order", "tenant_id", "order_id"),
    Index("ix_order_line_items_billing", "tenant_id", "invoice_owner_account_id", "state"),
    Index("ix_order_line_items_original", "tenant_id", "original_line_item_id"),
)

fulfillments = Table(
    "fulfillments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("number", String(100), nullable=False),
    Column("order_line_item_id", String(32), ForeignKey("order_line_items.id"), nullable=False),
    Column("state", String(20), nullable=False),
    Column("bill_target_date", Date, nullable=True),
    Column("document", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number"),
    Index("ix_fulfillments_line_item", "tenant_id", "order_line_item_id"),
)
