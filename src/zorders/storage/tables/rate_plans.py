"""Rows of the rate plans and charges of each subscription version (Object Query's
`rate-plans` and `rate-plan-charges` lists, decision OQ15). The version's JSON document
stays the truth; these rows are written with it (add, update and delete of a version) so
that a list pages them in SQL."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table

from zorders.storage.tables.base import metadata
from zorders.storage.types import UTCDateTime

subscription_rate_plans = Table(
    "subscription_rate_plans",
    metadata,
    # The row's own id: a version's plan ids are new in each version when an order makes
    # it, but nothing in the store relies on that.
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("plan_id", String(32), nullable=False, index=True),  # the `RatePlan.id`
    Column("subscription_version_id", String(32), nullable=False, index=True),
    Column("subscription_number", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("product_rate_plan_id", String(32), nullable=False),
    Column("name", String(255), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_subscription_rate_plans_tenant_created", "tenant_id", "created_at", "id"),
)

subscription_rate_plan_charges = Table(
    "subscription_rate_plan_charges",
    metadata,
    Column("id", String(32), primary_key=True),  # the row's own id, as above
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("charge_id", String(32), nullable=False, index=True),  # the `Charge.id`
    Column("plan_id", String(32), nullable=False),  # its `RatePlan.id`
    Column("subscription_version_id", String(32), nullable=False),
    Column("subscription_number", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("charge_number", String(100), nullable=False),
    Column("product_rate_plan_charge_id", String(32), nullable=False),
    Column("name", String(255), nullable=False),
    Column("charge_type", String(20), nullable=False),
    Column("charge_model", String(40), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_subscription_rate_plan_charges_tenant_created", "tenant_id", "created_at", "id"),
)
