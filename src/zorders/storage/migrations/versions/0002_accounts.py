"""Accounts and their contacts.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zorders.storage.types import DecimalType, UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_METRICS = (
    "balance",
    "credit_balance",
    "total_invoice_balance",
    "total_debit_memo_balance",
    "unapplied_payment_amount",
    "unapplied_credit_memo_amount",
    "contracted_mrr",
    "reserved_payment_amount",
)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("tenant_id", sa.String(32), nullable=False),
        sa.Column("account_number", sa.String(70), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("bill_cycle_day", sa.Integer(), nullable=False),
        sa.Column("bcd_setting_option", sa.String(20), nullable=False),
        sa.Column("payment_term", sa.String(40), nullable=False),
        sa.Column("auto_pay", sa.Boolean(), nullable=False),
        sa.Column("batch", sa.String(50), nullable=False),
        sa.Column("invoice_delivery_prefs_email", sa.Boolean(), nullable=False),
        sa.Column("invoice_delivery_prefs_print", sa.Boolean(), nullable=False),
        sa.Column("additional_email_addresses", sa.JSON(), nullable=False),
        sa.Column("notes", sa.String(65535), nullable=True),
        sa.Column("crm_id", sa.String(100), nullable=True),
        sa.Column("sales_rep", sa.String(50), nullable=True),
        sa.Column("purchase_order_number", sa.String(100), nullable=True),
        sa.Column("customer_service_rep_name", sa.String(50), nullable=True),
        sa.Column("default_payment_method_id", sa.String(32), nullable=True),
        sa.Column("bill_to_contact_id", sa.String(32), nullable=False),
        sa.Column("sold_to_contact_id", sa.String(32), nullable=False),
        sa.Column("ship_to_contact_id", sa.String(32), nullable=False),
        sa.Column("custom_fields", sa.JSON(), nullable=False),
        *(sa.Column(name, DecimalType(), nullable=False, server_default="0") for name in _METRICS),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_accounts_tenant_id_tenants"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.UniqueConstraint(
            "tenant_id", "account_number", name="uq_accounts_tenant_id_account_number"
        ),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("tenant_id", sa.String(32), nullable=False),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("nickname", sa.String(100), nullable=True),
        sa.Column("address1", sa.String(255), nullable=True),
        sa.Column("address2", sa.String(255), nullable=True),
        sa.Column("city", sa.String(100), nullable=True),
        sa.Column("county", sa.String(100), nullable=True),
        sa.Column("state", sa.String(100), nullable=True),
        sa.Column("country", sa.String(64), nullable=True),
        sa.Column("zip_code", sa.String(20), nullable=True),
        sa.Column("work_email", sa.String(80), nullable=True),
        sa.Column("personal_email", sa.String(80), nullable=True),
        sa.Column("work_phone", sa.String(40), nullable=True),
        sa.Column("home_phone", sa.String(40), nullable=True),
        sa.Column("mobile_phone", sa.String(40), nullable=True),
        sa.Column("other_phone", sa.String(40), nullable=True),
        sa.Column("other_phone_type", sa.String(20), nullable=True),
        sa.Column("fax", sa.String(40), nullable=True),
        sa.Column("tax_region", sa.String(100), nullable=True),
        sa.Column("contact_description", sa.String(100), nullable=True),
        sa.Column("custom_fields", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_contacts_account_id_accounts"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_contacts_tenant_id_tenants"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contacts"),
    )
    op.create_index("ix_contacts_account_id", "contacts", ["account_id"])


def downgrade() -> None:
    op.drop_table("contacts")
    op.drop_table("accounts")
