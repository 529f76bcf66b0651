"""Product catalog: products, product rate plans, charges and their price tiers.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import zorders.storage.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "products",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sku", sa.String(length=50), nullable=False),
        sa.Column("product_number", sa.String(length=100), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("effective_start_date", sa.Date(), nullable=False),
        sa.Column("effective_end_date", sa.Date(), nullable=False),
        sa.Column("allow_feature_changes", sa.Boolean(), nullable=False),
        sa.Column("custom_fields", sa.JSON(), nullable=False),
        sa.Column("created_at", zorders.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", zorders.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_products_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("tenant_id", "sku", name=op.f("uq_products_tenant_id_sku")),
    )
    op.create_index(
        "ix_products_tenant_id_position", "products", ["tenant_id", "position"], unique=False
    )
    op.create_table(
        "product_rate_plans",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("effective_start_date", sa.Date(), nullable=True),
        sa.Column("effective_end_date", sa.Date(), nullable=True),
        sa.Column("active_currencies", sa.JSON(), nullable=False),
        sa.Column("product_rate_plan_number", sa.String(length=100), nullable=True),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("custom_fields", sa.JSON(), nullable=False),
        sa.Column("created_at", zorders.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", zorders.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_product_rate_plans_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_product_rate_plans_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_rate_plans")),
    )
    op.create_index(
        op.f("ix_product_rate_plans_product_id"), "product_rate_plans", ["product_id"], unique=False
    )
    op.create_table(
        "product_rate_plan_charges",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("product_rate_plan_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("charge_type", sa.String(length=20), nullable=False),
        sa.Column("charge_model", sa.String(length=40), nullable=False),
        sa.Column("bill_cycle_type", sa.String(length=40), nullable=False),
        sa.Column("billing_period", sa.String(length=40), nullable=False),
        sa.Column("trigger_event", sa.String(length=40), nullable=False),
        sa.Column("billing_timing", sa.String(length=20), nullable=False),
        sa.Column("billing_period_alignment", sa.String(length=40), nullable=False),
        sa.Column("bill_cycle_day", sa.Integer(), nullable=True),
        sa.Column("weekly_bill_cycle_day", sa.String(length=10), nullable=True),
        sa.Column("specific_billing_period", sa.Integer(), nullable=True),
        sa.Column("list_price_base", sa.String(length=40), nullable=False),
        sa.Column("specific_list_price_base", sa.Integer(), nullable=True),
        sa.Column("end_date_condition", sa.String(length=40), nullable=False),
        sa.Column("up_to_periods", sa.Integer(), nullable=True),
        sa.Column("up_to_periods_type", sa.String(length=40), nullable=False),
        sa.Column("default_quantity", zorders.storage.types.DecimalType(), nullable=True),
        sa.Column("min_quantity", zorders.storage.types.DecimalType(), nullable=True),
        sa.Column("max_quantity", zorders.storage.types.DecimalType(), nullable=True),
        sa.Column("included_units", zorders.storage.types.DecimalType(), nullable=True),
        sa.Column("uom", sa.String(length=25), nullable=True),
        sa.Column("apply_discount_to", sa.String(length=40), nullable=True),
        sa.Column("discount_level", sa.String(length=20), nullable=True),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("product_rate_plan_charge_number", sa.String(length=100), nullable=True),
        sa.Column("taxable", sa.Boolean(), nullable=False),
        sa.Column("tax_code", sa.String(length=64), nullable=True),
        sa.Column("custom_fields", sa.JSON(), nullable=False),
        sa.Column("created_at", zorders.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", zorders.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_rate_plan_id"],
            ["product_rate_plans.id"],
            name=op.f("fk_product_rate_plan_charges_product_rate_plan_id_product_rate_plans"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_product_rate_plan_charges_tenant_id_tenants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_rate_plan_charges")),
    )
    op.create_index(
        op.f("ix_product_rate_plan_charges_product_rate_plan_id"),
        "product_rate_plan_charges",
        ["product_rate_plan_id"],
        unique=False,
    )
    op.create_table(
        "product_rate_plan_charge_tiers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("product_rate_plan_charge_id", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("starting_unit", zorders.storage.types.DecimalType(), nullable=True),
        sa.Column("ending_unit", zorders.storage.types.DecimalType(), nullable=True),
        sa.Column("price", zorders.storage.types.DecimalType(), nullable=False),
        sa.Column("price_format", sa.String(length=20), nullable=False),
        sa.Column("is_overage_price", sa.Boolean(), nullable=False),
        sa.Column("discount_percentage", zorders.storage.types.DecimalType(), nullable=True),
        sa.ForeignKeyConstraint(
            ["product_rate_plan_charge_id"],
            ["product_rate_plan_charges.id"],
            name=op.f(
                "fk_product_rate_plan_charge_tiers_product_rate_plan_charge_id_product_rate_plan_charges"
            ),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_product_rate_plan_charge_tiers_tenant_id_tenants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_rate_plan_charge_tiers")),
        sa.UniqueConstraint(
            "product_rate_plan_charge_id",
            "currency",
            "tier",
            name=op.f(
                "uq_product_rate_plan_charge_tiers_product_rate_plan_charge_id_currency_tier"
            ),
        ),
    )
    op.create_index(
        op.f("ix_product_rate_plan_charge_tiers_product_rate_plan_charge_id"),
        "product_rate_plan_charge_tiers",
        ["product_rate_plan_charge_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("product_rate_plan_charge_tiers")
    op.drop_table("product_rate_plan_charges")
    op.drop_table("product_rate_plans")
    op.drop_table("products")
