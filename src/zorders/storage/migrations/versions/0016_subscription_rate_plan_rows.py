"""Object Query's rate-plans and rate-plan-charges lists (decision OQ15): a row for each
rate plan and charge of every subscription version, filled from the stored versions.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from alembic import op

from zorders.storage.types import UTCDateTime

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_COMMON = (
    ("subscription_number", sa.String(100)),
    ("version", sa.Integer()),
    ("account_id", sa.String(32)),
)


def _columns(*extra: tuple[str, Any]) -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("tenant_id", sa.String(32), sa.ForeignKey("tenants.id"), nullable=False),
        *(sa.Column(name, kind, nullable=False) for name, kind in extra),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    ]


def upgrade() -> None:
    plans = op.create_table(
        "subscription_rate_plans",
        *_columns(
            ("plan_id", sa.String(32)),
            ("subscription_version_id", sa.String(32)),
            *_COMMON,
            ("product_rate_plan_id", sa.String(32)),
            ("name", sa.String(255)),
        ),
    )
    charges = op.create_table(
        "subscription_rate_plan_charges",
        *_columns(
            ("charge_id", sa.String(32)),
            ("plan_id", sa.String(32)),
            ("subscription_version_id", sa.String(32)),
            *_COMMON,
            ("charge_number", sa.String(100)),
            ("product_rate_plan_charge_id", sa.String(32)),
            ("name", sa.String(255)),
            ("charge_type", sa.String(20)),
            ("charge_model", sa.String(40)),
        ),
    )
    op.create_index(
        "ix_subscription_rate_plans_subscription_version_id",
        "subscription_rate_plans",
        ["subscription_version_id"],
    )
    op.create_index(
        "ix_subscription_rate_plans_tenant_created",
        "subscription_rate_plans",
        ["tenant_id", "created_at", "id"],
    )
    op.create_index("ix_subscription_rate_plans_plan_id", "subscription_rate_plans", ["plan_id"])
    op.create_index(
        "ix_subscription_rate_plan_charges_charge_id",
        "subscription_rate_plan_charges",
        ["charge_id"],
    )
    op.create_index(
        "ix_subscription_rate_plan_charges_tenant_created",
        "subscription_rate_plan_charges",
        ["tenant_id", "created_at", "id"],
    )
    versions = sa.table(
        "subscription_versions",
        sa.column("id", sa.String),
        sa.column("tenant_id", sa.String),
        sa.column("number", sa.String),
        sa.column("version", sa.Integer),
        sa.column("account_id", sa.String),
        sa.column("document", sa.JSON),
        sa.column("created_at", UTCDateTime()),
    )
    bind = op.get_bind()
    for row in bind.execute(sa.select(versions)).mappings():
        common = {
            "tenant_id": row["tenant_id"],
            "subscription_version_id": row["id"],
            "subscription_number": row["number"],
            "version": row["version"],
            "account_id": row["account_id"],
            "created_at": row["created_at"],
        }
        for plan in row["document"].get("rate_plans", []):
            bind.execute(
                plans.insert().values(
                    id=uuid.uuid4().hex,
                    plan_id=plan["id"],
                    product_rate_plan_id=plan["product_rate_plan_id"],
                    name=plan["name"],
                    **common,
                )
            )
            for charge in plan.get("charges", []):
                bind.execute(
                    charges.insert().values(
                        id=uuid.uuid4().hex,
                        charge_id=charge["id"],
                        plan_id=plan["id"],
                        charge_number=charge["number"],
                        product_rate_plan_charge_id=charge["product_rate_plan_charge_id"],
                        name=charge["name"],
                        charge_type=charge["charge_type"],
                        charge_model=charge["charge_model"],
                        **common,
                    )
                )


def downgrade() -> None:
    op.drop_table("subscription_rate_plan_charges")
    op.drop_table("subscription_rate_plans")
