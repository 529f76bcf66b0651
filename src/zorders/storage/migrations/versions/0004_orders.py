"""Subscriptions (a head row and its versions) and orders (with their index rows).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zorders.storage.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("tenant_id", sa.String(32), nullable=False),
        sa.Column("number", sa.String(100), nullable=False),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("invoice_owner_account_id", sa.String(32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_subscriptions_tenant_id_tenants"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_subscriptions"),
        sa.UniqueConstraint("tenant_id", "number", name="uq_subscriptions_tenant_id_number"),
    )
    op.create_index(
        "ix_subscriptions_tenant_id_account_id", "subscriptions", ["tenant_id", "account_id"]
    )
    op.create_table(
        "subscription_versions",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("tenant_id", sa.String(32), nullable=False),
        sa.Column("number", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("invoice_owner_account_id", sa.String(32), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("order_number", sa.String(100), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_subscription_versions_tenant_id_tenants"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_subscription_versions"),
        sa.UniqueConstraint(
            "tenant_id",
            "number",
            "version",
            name="uq_subscription_versions_tenant_id_number_version",
        ),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("tenant_id", sa.String(32), nullable=False),
        sa.Column("number", sa.String(100), nullable=False),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("order_date", sa.Date(), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("description", sa.String(500), nullable=True),
        sa.Column("reason_code", sa.String(255), nullable=True),
        sa.Column("scheduled_date", sa.Date(), nullable=True),
        sa.Column("cancel_reason", sa.String(255), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(36), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name="fk_orders_tenant_id_tenants"),
        sa.PrimaryKeyConstraint("id", name="pk_orders"),
        sa.UniqueConstraint("tenant_id", "number", name="uq_orders_tenant_id_number"),
    )
    op.create_index("ix_orders_tenant_id_account_id", "orders", ["tenant_id", "account_id"])
    op.create_index("ix_orders_tenant_id_order_date", "orders", ["tenant_id", "order_date"])
    op.create_table(
        "order_subscriptions",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("tenant_id", sa.String(32), nullable=False),
        sa.Column("order_id", sa.String(32), nullable=False),
        sa.Column("subscription_number", sa.String(100), nullable=False),
        sa.Column("owner_account_id", sa.String(32), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name="fk_order_subscriptions_order_id_orders"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_order_subscriptions_tenant_id_tenants"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_order_subscriptions"),
    )
    op.create_index("ix_order_subscriptions_order_id", "order_subscriptions", ["order_id"])
    op.create_index(
        "ix_order_subscriptions_tenant_id_subscription_number",
        "order_subscriptions",
        ["tenant_id", "subscription_number"],
    )
    op.create_index(
        "ix_order_subscriptions_tenant_id_owner_account_id",
        "order_subscriptions",
        ["tenant_id", "owner_account_id"],
    )
    op.create_table(
        "order_actions",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("tenant_id", sa.String(32), nullable=False),
        sa.Column("order_id", sa.String(32), nullable=False),
        sa.Column("subscription_number", sa.String(100), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name="fk_order_actions_order_id_orders"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_order_actions_tenant_id_tenants"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_order_actions"),
    )
    op.create_index("ix_order_actions_order_id", "order_actions", ["order_id"])


def downgrade() -> None:
    op.drop_table("order_actions")
    op.drop_table("order_subscriptions")
    op.drop_table("orders")
    op.drop_table("subscription_versions")
    op.drop_table("subscriptions")
