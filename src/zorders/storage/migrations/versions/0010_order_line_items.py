"""Order line items and fulfillments; billing items name the line item they bill (issue 10).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import zorders.storage.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_line_items",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("order_number", sa.String(length=100), nullable=False),
        sa.Column("item_number", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("invoice_owner_account_id", sa.String(length=32), nullable=False),
        sa.Column("owner_account_id", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("item_category", sa.String(length=10), nullable=False),
        sa.Column("bill_target_date", sa.Date(), nullable=True),
        sa.Column("original_line_item_id", sa.String(length=32), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", zorders.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_order_line_items_tenant_id_tenants")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_line_items_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_line_items")),
        sa.UniqueConstraint(
            "tenant_id",
            "order_id",
            "item_number",
            name=op.f("uq_order_line_items_tenant_id_order_id_item_number"),
        ),
    )
    op.create_index("ix_order_line_items_order", "order_line_items", ["tenant_id", "order_id"])
    op.create_index(
        "ix_order_line_items_billing",
        "order_line_items",
        ["tenant_id", "invoice_owner_account_id", "state"],
    )
    op.create_index(
        "ix_order_line_items_original", "order_line_items", ["tenant_id", "original_line_item_id"]
    )
    op.create_table(
        "fulfillments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("order_line_item_id", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("bill_target_date", sa.Date(), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", zorders.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_fulfillments_tenant_id_tenants")
        ),
        sa.ForeignKeyConstraint(
            ["order_line_item_id"],
            ["order_line_items.id"],
            name=op.f("fk_fulfillments_order_line_item_id_order_line_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fulfillments")),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_fulfillments_tenant_id_number")),
    )
    op.create_index(
        "ix_fulfillments_line_item", "fulfillments", ["tenant_id", "order_line_item_id"]
    )
    with op.batch_alter_table("billing_items") as batch:
        batch.add_column(sa.Column("order_line_item_id", sa.String(length=32), nullable=True))
        batch.create_index("ix_billing_items_line_item", ["tenant_id", "order_line_item_id"])


def downgrade() -> None:
    with op.batch_alter_table("billing_items") as batch:
        batch.drop_index("ix_billing_items_line_item")
        batch.drop_column("order_line_item_id")
    op.drop_table("fulfillments")
    op.drop_table("order_line_items")
