"""Bill run account errors: accounts whose billing failed in a bill run (issue 8).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import zorders.storage.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bill_run_account_errors",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("bill_run_id", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("account_number", sa.String(length=100), nullable=True),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("message", sa.String(length=2000), nullable=False),
        sa.Column("created_at", zorders.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_bill_run_account_errors_tenant_id_tenants")
        ),
        sa.ForeignKeyConstraint(
            ["bill_run_id"],
            ["bill_runs.id"],
            name=op.f("fk_bill_run_account_errors_bill_run_id_bill_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bill_run_account_errors")),
    )
    op.create_index(
        "ix_bill_run_account_errors_run", "bill_run_account_errors", ["tenant_id", "bill_run_id"]
    )


def downgrade() -> None:
    op.drop_table("bill_run_account_errors")
