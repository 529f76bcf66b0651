"""Payment methods of every type (issue 13): a method may exist before its account (an
orphan made by a hosted page or an async order, attached later), so `account_id` is
nullable; an account names its payment gateway (`paymentGateway`). The new types'
non-secret details live in the `method` JSON document, whose added fields default, so
old rows read as before.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment_methods") as batch:
        batch.alter_column("account_id", existing_type=sa.String(length=32), nullable=True)
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("payment_gateway", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("payment_gateway")
    op.execute("DELETE FROM payment_methods WHERE account_id IS NULL")
    with op.batch_alter_table("payment_methods") as batch:
        batch.alter_column("account_id", existing_type=sa.String(length=32), nullable=False)
