"""Customer accounts and their contacts (issue 3)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from zorders.storage.tables.base import metadata
from zorders.storage.types import DecimalType, UTCDateTime

# Accounts (issue 3). Metrics are kept by orders and billing; money is DecimalType.
# bill_to/sold_to/ship_to_contact_id name rows of `contacts` (one row may play several
# roles); no foreign key, since contacts point back at their account.

accounts = Table(
    "accounts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("account_number", String(70), nullable=False),
    Column("name", String(255), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(20), nullable=False),
    Column("bill_cycle_day", Integer, nullable=False),
    Column("bcd_setting_option", String(20), nullable=False),
    Column("payment_term", String(40), nullable=False),
    Column("auto_pay", Boolean, nullable=False),
    Column("batch", String(50), nullable=False),
    Column("invoice_delivery_prefs_email", Boolean, nullable=False),
    Column("invoice_delivery_prefs_print", Boolean, nullable=False),
    Column("additional_email_addresses", JSON, nullable=False),
    Column("notes", String(65535), nullable=True),
    Column("crm_id", String(100), nullable=True),
    Column("sales_rep", String(50), nullable=True),
    Column("purchase_order_number", String(100), nullable=True),
    Column("customer_service_rep_name", String(50), nullable=True),
    Column("default_payment_method_id", String(32), nullable=True),
    Column("payment_gateway", String(40), nullable=True),
    Column("bill_to_contact_id", String(32), nullable=False),
    Column("sold_to_contact_id", String(32), nullable=False),
    Column("ship_to_contact_id", String(32), nullable=False),
    Column("custom_fields", JSON, nullable=False),
    Column("balance", DecimalType(), nullable=False, server_default="0"),
    Column("credit_balance", DecimalType(), nullable=False, server_default="0"),
    Column("total_invoice_balance", DecimalType(), nullable=False, server_default="0"),
    Column("total_debit_memo_balance", DecimalType(), nullable=False, server_default="0"),
    Column("unapplied_payment_amount", DecimalType(), nullable=False, server_default="0"),
    Column("unapplied_credit_memo_amount", DecimalType(), nullable=False, server_default="0"),
    Column("contracted_mrr", DecimalType(), nullable=False, server_default="0"),
    Column("reserved_payment_amount", DecimalType(), nullable=False, server_default="0"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "account_number"),
    # Object Query's default order (newest first, ties by id): migration 0015.
    Index("ix_accounts_tenant_created", "tenant_id", "created_at", "id"),
)

contacts = Table(
    "contacts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("account_id", String(32), ForeignKey("accounts.id"), nullable=False, index=True),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("nickname", String(100), nullable=True),
    Column("address1", String(255), nullable=True),
    Column("address2", String(255), nullable=True),
    Column("city", String(100), nullable=True),
    Column("county", String(100), nullable=True),
    Column("state", String(100), nullable=True),
    Column("country", String(64), nullable=True),
    Column("zip_code", String(20), nullable=True),
    Column("work_email", String(80), nullable=True),
    Column("personal_email", String(80), nullable=True),
    Column("work_phone", String(40), nullable=True),
    Column("home_phone", String(40), nullable=True),
    Column("mobile_phone", String(40), nullable=True),
    Column("other_phone", String(40), nullable=True),
    Column("other_phone_type", String(20), nullable=True),
    Column("fax", String(40), nullable=True),
    Column("tax_region", String(100), nullable=True),
    Column("contact_description", String(100), nullable=True),
    Column("custom_fields", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)
