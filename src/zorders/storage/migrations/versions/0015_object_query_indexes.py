"""Object Query lists (issue 14): the default order of a list is newest first, ties by id;
these indexes let the first page of accounts and subscription versions be read in that
order without sorting the tenant's whole table.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_accounts_tenant_created", "accounts", ["tenant_id", "created_at", "id"])
    op.create_index(
        "ix_subscription_versions_tenant_created",
        "subscription_versions",
        ["tenant_id", "created_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_subscription_versions_tenant_created", table_name="subscription_versions")
    op.drop_index("ix_accounts_tenant_created", table_name="accounts")
