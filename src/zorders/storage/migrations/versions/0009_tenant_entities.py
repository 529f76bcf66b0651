"""Tenant entity and org ids (Zuora-Entity-Ids, Zuora-Org-Ids, token scope; issue 9).

Existing tenants get theirs here: the entity id is the tenant id in UUID form, as for new
tenants (decisions.md E1); the org id a new random UUID (E2).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _entity_id(tenant_id: str) -> str:
    try:
        return str(uuid.UUID(hex=tenant_id))
    except ValueError:
        return str(uuid.uuid4())


def upgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("entity_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("org_id", sa.String(length=36), nullable=True))
    bind = op.get_bind()
    tenants = sa.table(
        "tenants", sa.column("id", sa.String), sa.column("entity_id"), sa.column("org_id")
    )
    for (tenant_id,) in bind.execute(sa.select(tenants.c.id)).all():
        bind.execute(
            tenants.update()
            .where(tenants.c.id == tenant_id)
            .values(entity_id=_entity_id(tenant_id), org_id=str(uuid.uuid4()))
        )
    with op.batch_alter_table("tenants") as batch:
        batch.alter_column("entity_id", existing_type=sa.String(length=36), nullable=False)
        batch.alter_column("org_id", existing_type=sa.String(length=36), nullable=False)
        batch.create_unique_constraint("uq_tenants_entity_id", ["entity_id"])
        batch.create_unique_constraint("uq_tenants_org_id", ["org_id"])


def downgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.drop_constraint("uq_tenants_org_id", type_="unique")
        batch.drop_constraint("uq_tenants_entity_id", type_="unique")
        batch.drop_column("org_id")
        batch.drop_column("entity_id")
