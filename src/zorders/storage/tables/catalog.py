"""The product catalog (issue 3)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)

from zorders.storage.tables.base import metadata
from zorders.storage.types import DecimalType, UTCDateTime

# Product catalog (issue 3). Enum columns hold the REST spelling (`FlatFee`, `IN_ADVANCE`).
# Keys are (tenant_id, id): a catalog imported with its Zuora ids can live in several
# tenants at once (issue 13, decisions.md CI1; migration 0013).

products = Table(
    "products",
    metadata,
    Column("id", String(32), nullable=False),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    # Creation order (objects made in one transaction share created_at).
    Column("position", BigInteger, nullable=False),
    Column("name", String(100), nullable=False),
    Column("sku", String(50), nullable=False),
    Column("product_number", String(100), nullable=True),
    Column("category", String(40), nullable=True),
    Column("description", String(500), nullable=False),
    Column("effective_start_date", Date, nullable=False),
    Column("effective_end_date", Date, nullable=False),
    Column("allow_feature_changes", Boolean, nullable=False),
    Column("custom_fields", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "sku"),
    Index("ix_products_tenant_id_position", "tenant_id", "position"),
)

product_rate_plans = Table(
    "product_rate_plans",
    metadata,
    Column("id", String(32), nullable=False),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    # Creation order (objects made in one transaction share created_at).
    Column("position", BigInteger, nullable=False),
    Column("product_id", String(32), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("description", String(500), nullable=False),
    Column("effective_start_date", Date, nullable=True),
    Column("effective_end_date", Date, nullable=True),
    Column("active_currencies", JSON, nullable=False),
    Column("product_rate_plan_number", String(100), nullable=True),
    Column("grade", Integer, nullable=True),
    Column("custom_fields", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    ForeignKeyConstraint(
        ["tenant_id", "product_id"],
        ["products.tenant_id", "products.id"],
        name="fk_product_rate_plans_product",
    ),
)

product_rate_plan_charges = Table(
    "product_rate_plan_charges",
    metadata,
    Column("id", String(32), nullable=False),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    # Creation order (objects made in one transaction share created_at).
    Column("position", BigInteger, nullable=False),
    Column("product_rate_plan_id", String(32), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("charge_type", String(20), nullable=False),
    Column("charge_model", String(40), nullable=False),
    Column("bill_cycle_type", String(40), nullable=False),
    Column("billing_period", String(40), nullable=False),
    Column("trigger_event", String(40), nullable=False),
    Column("billing_timing", String(20), nullable=False),
    Column("billing_period_alignment", String(40), nullable=False),
    Column("bill_cycle_day", Integer, nullable=True),
    Column("weekly_bill_cycle_day", String(10), nullable=True),
    Column("specific_billing_period", Integer, nullable=True),
    Column("list_price_base", String(40), nullable=False),
    Column("specific_list_price_base", Integer, nullable=True),
    Column("end_date_condition", String(40), nullable=False),
    Column("up_to_periods", Integer, nullable=True),
    Column("up_to_periods_type", String(40), nullable=False),
    Column("default_quantity", DecimalType(), nullable=True),
    Column("min_quantity", DecimalType(), nullable=True),
    Column("max_quantity", DecimalType(), nullable=True),
    Column("included_units", DecimalType(), nullable=True),
    Column("uom", String(25), nullable=True),
    Column("apply_discount_to", String(40), nullable=True),
    Column("discount_level", String(20), nullable=True),
    Column("description", String(500), nullable=False),
    Column("product_rate_plan_charge_number", String(100), nullable=True),
    Column("taxable", Boolean, nullable=False),
    Column("tax_code", String(64), nullable=True),
    Column("custom_fields", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    ForeignKeyConstraint(
        ["tenant_id", "product_rate_plan_id"],
        ["product_rate_plans.tenant_id", "product_rate_plans.id"],
        name="fk_product_rate_plan_charges_plan",
    ),
)

product_rate_plan_charge_tiers = Table(
    "product_rate_plan_charge_tiers",
    metadata,
    Column("id", String(32), nullable=False),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("product_rate_plan_charge_id", String(32), nullable=False, index=True),
    Column("currency", String(3), nullable=False),
    Column("tier", Integer, nullable=False),
    Column("starting_unit", DecimalType(), nullable=True),
    Column("ending_unit", DecimalType(), nullable=True),
    Column("price", DecimalType(), nullable=False),
    Column("price_format", String(20), nullable=False),
    Column("is_overage_price", Boolean, nullable=False),
    Column("discount_percentage", DecimalType(), nullable=True),
    PrimaryKeyConstraint("tenant_id", "id"),
    ForeignKeyConstraint(
        ["tenant_id", "product_rate_plan_charge_id"],
        ["product_rate_plan_charges.tenant_id", "product_rate_plan_charges.id"],
        name="fk_product_rate_plan_charge_tiers_charge",
    ),
    UniqueConstraint(
        "tenant_id",
        "product_rate_plan_charge_id",
        "currency",
        "tier",
        name="uq_product_rate_plan_charge_tiers_charge_currency_tier",
    ),
)
