"""Billing documents (invoices, credit memos), their items, and bill runs.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import zorders.storage.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_subscriptions_invoice_owner",
        "subscriptions",
        ["tenant_id", "invoice_owner_account_id"],
    )
    op.create_table(
        "billing_documents",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", zorders.storage.types.DecimalType(), nullable=False),
        sa.Column("balance", zorders.storage.types.DecimalType(), nullable=False),
        sa.Column("source_id", sa.String(length=100), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", zorders.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_billing_documents_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_documents")),
        sa.UniqueConstraint("tenant_id", "kind", "number", name="uq_billing_documents_number"),
    )
    op.create_index(
        "ix_billing_documents_account", "billing_documents", ["tenant_id", "account_id"]
    )
    op.create_index("ix_billing_documents_source", "billing_documents", ["tenant_id", "source_id"])
    op.create_table(
        "bill_runs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", zorders.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_bill_runs_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bill_runs")),
        sa.UniqueConstraint("tenant_id", "number", name="uq_bill_runs_number"),
    )
    op.create_table(
        "billing_items",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("document_id", sa.String(length=32), nullable=False),
        sa.Column("subscription_number", sa.String(length=100), nullable=False),
        sa.Column("charge_number", sa.String(length=50), nullable=False),
        sa.Column("service_start", sa.Date(), nullable=False),
        sa.Column("amount", zorders.storage.types.DecimalType(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["billing_documents.id"],
            name=op.f("fk_billing_items_document_id_billing_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_billing_items_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_items")),
    )
    op.create_index(
        "ix_billing_items_subscription", "billing_items", ["tenant_id", "subscription_number"]
    )
    op.create_index("ix_billing_items_document", "billing_items", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_subscriptions_invoice_owner", table_name="subscriptions")
    op.drop_table("billing_items")
    op.drop_table("bill_runs")
    op.drop_table("billing_documents")
