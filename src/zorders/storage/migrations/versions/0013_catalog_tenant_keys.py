"""Catalog rows keyed by (tenant_id, id): a catalog imported with its Zuora ids can live
in several tenants (issue 13, decisions.md CI1).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# child table, its column naming the parent, the parent table, the new foreign key's name
_LINKS = (
    ("product_rate_plans", "product_id", "products", "fk_product_rate_plans_product"),
    (
        "product_rate_plan_charges",
        "product_rate_plan_id",
        "product_rate_plans",
        "fk_product_rate_plan_charges_plan",
    ),
    (
        "product_rate_plan_charge_tiers",
        "product_rate_plan_charge_id",
        "product_rate_plan_charges",
        "fk_product_rate_plan_charge_tiers_charge",
    ),
)
_TABLES = ("products", "product_rate_plans", "product_rate_plan_charges")
_TIERS = "product_rate_plan_charge_tiers"
_TIER_KEY = ("product_rate_plan_charge_id", "currency", "tier")
_NEW_TIER_UNIQUE = "uq_product_rate_plan_charge_tiers_charge_currency_tier"


def _drop_links(parents: set[str]) -> None:
    """Drop the foreign keys from catalog tables to `parents` (names as the database has
    them: long names were cut by PostgreSQL)."""
    inspector = sa.inspect(op.get_bind())
    for child, _column, _parent, _name in _LINKS:
        for fk in inspector.get_foreign_keys(child):
            if fk["referred_table"] in parents and fk["name"]:
                with op.batch_alter_table(child) as batch:
                    batch.drop_constraint(fk["name"], type_="foreignkey")


def _set_primary_key(table: str, columns: list[str]) -> None:
    name = sa.inspect(op.get_bind()).get_pk_constraint(table).get("name") or f"pk_{table}"
    with op.batch_alter_table(table) as batch:
        batch.drop_constraint(name, type_="primary")
        batch.create_primary_key(f"pk_{table}", columns)


def _tier_unique_names() -> list[str]:
    return [
        str(u["name"])
        for u in sa.inspect(op.get_bind()).get_unique_constraints(_TIERS)
        if u["name"] and "currency" in u["column_names"]
    ]


def upgrade() -> None:
    _drop_links({"products", "product_rate_plans", "product_rate_plan_charges"})
    with op.batch_alter_table(_TIERS) as batch:
        for name in _tier_unique_names():
            batch.drop_constraint(name, type_="unique")
    for table in (*_TABLES, _TIERS):
        _set_primary_key(table, ["tenant_id", "id"])
    for child, column, parent, name in _LINKS:
        with op.batch_alter_table(child) as batch:
            batch.create_foreign_key(name, parent, ["tenant_id", column], ["tenant_id", "id"])
    with op.batch_alter_table(_TIERS) as batch:
        batch.create_unique_constraint(_NEW_TIER_UNIQUE, ["tenant_id", *_TIER_KEY])


def downgrade() -> None:
    _drop_links({"products", "product_rate_plans", "product_rate_plan_charges"})
    with op.batch_alter_table(_TIERS) as batch:
        batch.drop_constraint(_NEW_TIER_UNIQUE, type_="unique")
    for table in (*_TABLES, _TIERS):
        _set_primary_key(table, ["id"])
    for child, column, parent, _name in _LINKS:
        with op.batch_alter_table(child) as batch:
            batch.create_foreign_key(
                op.f(f"fk_{child}_{column}_{parent}"), parent, [column], ["id"]
            )
    with op.batch_alter_table(_TIERS) as batch:
        batch.create_unique_constraint(op.f(f"uq_{_TIERS}_{'_'.join(_TIER_KEY)}"), list(_TIER_KEY))
