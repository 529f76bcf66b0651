"""The schema. Every business table carries `tenant_id`; migrations live in `migrations/`."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from zorders.storage.types import DecimalType, UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

tenants = Table(
    "tenants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
    # Tenant settings (zorders.services.tenants.TenantSettings), added by migration 0005.
    Column("settings", JSON, nullable=True),
    # Zuora's entity and org of the tenant (Zuora-Entity-Ids / Zuora-Org-Ids, token scope),
    # UUIDs in their 36-character form; added by migration 0009 (decisions.md E1, E2).
    Column("entity_id", String(36), nullable=False, unique=True),
    Column("org_id", String(36), nullable=False, unique=True),
    # The tenant's clock (issue 11, migration 0011): NULL follows the wall clock; set (test
    # mode) it stands at that instant until set or advanced again. `time_zone` (IANA name,
    # NULL = UTC) makes the tenant's business date.
    Column("clock_frozen_at", UTCDateTime(), nullable=True),
    Column("time_zone", String(64), nullable=True),
)

oauth_clients = Table(
    "oauth_clients",
    metadata,
    Column("client_id", String(36), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False, index=True),
    Column("secret_hash", String(200), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

access_tokens = Table(
    "access_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("jti", String(32), nullable=False),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("client_id", String(36), ForeignKey("oauth_clients.client_id"), nullable=False),
    Column("issued_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False, index=True),
)

sequences = Table(
    "sequences",
    metadata,
    Column("tenant_id", String(32), ForeignKey("tenants.id"), primary_key=True),
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("tenant_id", String(32), ForeignKey("tenants.id"), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("method", String(10), nullable=False),
    Column("path", String(2048), nullable=False),
    Column("completed", Boolean, nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("headers", JSON, nullable=True),
    Column("body", LargeBinary, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Column("locked_until", UTCDateTime(), nullable=False),
    Index("ix_idempotency_keys_expires_at", "expires_at"),
)

# Product catalog (issue 3). Enum columns hold the REST spelling (`FlatFee`, `IN_ADVANCE`).

products = Table(
    "products",
    metadata,
    Column("id", String(32), primary_key=True),
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
    UniqueConstraint("tenant_id", "sku"),
    Index("ix_products_tenant_id_position", "tenant_id", "position"),
)

product_rate_plans = Table(
    "product_rate_plans",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    # Creation order (objects made in one transaction share created_at).
    Column("position", BigInteger, nullable=False),
    Column("product_id", String(32), ForeignKey("products.id"), nullable=False, index=True),
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
)

product_rate_plan_charges = Table(
    "product_rate_plan_charges",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    # Creation order (objects made in one transaction share created_at).
    Column("position", BigInteger, nullable=False),
    Column(
        "product_rate_plan_id",
        String(32),
        ForeignKey("product_rate_plans.id"),
        nullable=False,
        index=True,
    ),
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
)

product_rate_plan_charge_tiers = Table(
    "product_rate_plan_charge_tiers",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column(
        "product_rate_plan_charge_id",
        String(32),
        ForeignKey("product_rate_plan_charges.id"),
        nullable=False,
        index=True,
    ),
    Column("currency", String(3), nullable=False),
    Column("tier", Integer, nullable=False),
    Column("starting_unit", DecimalType(), nullable=True),
    Column("ending_unit", DecimalType(), nullable=True),
    Column("price", DecimalType(), nullable=False),
    Column("price_format", String(20), nullable=False),
    Column("is_overage_price", Boolean, nullable=False),
    Column("discount_percentage", DecimalType(), nullable=True),
    UniqueConstraint("product_rate_plan_charge_id", "currency", "tier"),
)

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

# Subscriptions and orders (issue 4). A subscription version and an order are immutable
# values stored whole as a JSON `document` (zorders.storage.documents); the other columns
# are what queries filter and lock on. `subscriptions` is the head of each subscription:
# `latest(..., for_update=True)` locks its row, so two orders never build on one version.

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("number", String(100), nullable=False),
    Column("latest_version", Integer, nullable=False),
    # The owner and invoice owner of the latest version.
    Column("account_id", String(32), nullable=False),
    Column("invoice_owner_account_id", String(32), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number"),
    Index("ix_subscriptions_tenant_id_account_id", "tenant_id", "account_id"),
    # Billing finds an account's subscriptions by invoice owner.
    Index("ix_subscriptions_invoice_owner", "tenant_id", "invoice_owner_account_id"),
)

subscription_versions = Table(
    "subscription_versions",
    metadata,
    # The version's `Subscription.id`.
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("number", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("invoice_owner_account_id", String(32), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("order_number", String(100), nullable=True),
    Column("document", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number", "version"),
)

orders = Table(
    "orders",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("number", String(100), nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("status", String(20), nullable=False),
    Column("order_date", Date, nullable=False),
    Column("category", String(20), nullable=False),
    Column("description", String(500), nullable=True),
    Column("reason_code", String(255), nullable=True),
    Column("scheduled_date", Date, nullable=True),
    Column("cancel_reason", String(255), nullable=True),
    Column("document", JSON, nullable=False),
    Column("created_by", String(36), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number"),
    Index("ix_orders_tenant_id_account_id", "tenant_id", "account_id"),
    Index("ix_orders_tenant_id_order_date", "tenant_id", "order_date"),
)

# Index rows of an order, rewritten with it: which subscriptions it touches (and their
# owner) and which actions it holds.

order_subscriptions = Table(
    "order_subscriptions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("order_id", String(32), ForeignKey("orders.id"), nullable=False, index=True),
    Column("subscription_number", String(100), nullable=False),
    Column("owner_account_id", String(32), nullable=True),
    Column("sequence", Integer, nullable=False),
    Index(
        "ix_order_subscriptions_tenant_id_subscription_number",
        "tenant_id",
        "subscription_number",
    ),
    Index("ix_order_subscriptions_tenant_id_owner_account_id", "tenant_id", "owner_account_id"),
)

order_actions = Table(
    "order_actions",
    metadata,
    # The action's `OrderActionRecord.id`.
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("order_id", String(32), ForeignKey("orders.id"), nullable=False, index=True),
    Column("subscription_number", String(100), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("type", String(40), nullable=False),
)


# Billing documents (issue 5).

billing_documents = Table(
    "billing_documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("number", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("document_date", Date, nullable=False),
    Column("target_date", Date, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount", DecimalType(), nullable=False),
    Column("balance", DecimalType(), nullable=False),
    Column("source_id", String(100), nullable=True),
    Column("document", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "kind", "number", name="uq_billing_documents_number"),
    Index("ix_billing_documents_account", "tenant_id", "account_id"),
    Index("ix_billing_documents_source", "tenant_id", "source_id"),
)

bill_runs = Table(
    "bill_runs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("number", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("document", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number", name="uq_bill_runs_number"),
)

# Accounts whose billing failed in a bill run (issue 8): one row each, so a run with many
# failures keeps a small document.
bill_run_account_errors = Table(
    "bill_run_account_errors",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("bill_run_id", String(32), ForeignKey("bill_runs.id"), nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("account_number", String(100), nullable=True),
    Column("code", String(50), nullable=False),
    Column("message", String(2000), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_bill_run_account_errors_run", "tenant_id", "bill_run_id"),
)

billing_items = Table(
    "billing_items",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("document_id", String(32), ForeignKey("billing_documents.id"), nullable=False),
    Column("subscription_number", String(100), nullable=False),
    Column("charge_number", String(50), nullable=False),
    Column("service_start", Date, nullable=False),
    Column("amount", DecimalType(), nullable=False),
    # Items that bill an order line item (migration 0010): its id; NULL for charges.
    Column("order_line_item_id", String(32), nullable=True),
    Index("ix_billing_items_subscription", "tenant_id", "subscription_number"),
    Index("ix_billing_items_document", "document_id"),
    Index("ix_billing_items_line_item", "tenant_id", "order_line_item_id"),
)

# Order line items and their fulfillments (issue 10): stored whole as JSON documents
# (domain/line_items/model.py), with the columns lookups and locks need.

order_line_items = Table(
    "order_line_items",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("order_id", String(32), ForeignKey("orders.id"), nullable=False),
    Column("order_number", String(100), nullable=False),
    Column("item_number", String(100), nullable=False),
    # Its place in the order's orderLineItems[] (reads list them in that order).
    Column("position", Integer, nullable=False),
    # The order's account (the one invoiced) and the item's owner.
    Column("invoice_owner_account_id", String(32), nullable=False),
    Column("owner_account_id", String(32), nullable=False),
    Column("state", String(20), nullable=False),
    Column("item_category", String(10), nullable=False),
    Column("bill_target_date", Date, nullable=True),
    # Returns: the sale they take back.
    Column("original_line_item_id", String(32), nullable=True),
    Column("document", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "order_id", "item_number"),
    Index("ix_order_line_items_order", "tenant_id", "order_id"),
    Index("ix_order_line_items_billing", "tenant_id", "invoice_owner_account_id", "state"),
    Index("ix_order_line_items_original", "tenant_id", "original_line_item_id"),
)

fulfillments = Table(
    "fulfillments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("number", String(100), nullable=False),
    Column("order_line_item_id", String(32), ForeignKey("order_line_items.id"), nullable=False),
    Column("state", String(20), nullable=False),
    Column("bill_target_date", Date, nullable=True),
    Column("document", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number"),
    Index("ix_fulfillments_line_item", "tenant_id", "order_line_item_id"),
)

# Payments (issue 5).

payment_methods = Table(
    "payment_methods",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("type", String(30), nullable=False),
    # The PaymentMethod value: last four digits, card type, expiry and gateway token only.
    Column("method", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_payment_methods_account", "tenant_id", "account_id"),
)

payments = Table(
    "payments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("account_id", String(32), nullable=False),
    Column("number", String(100), nullable=False),
    Column("type", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("amount", DecimalType(), nullable=False),
    Column("effective_date", Date, nullable=False),
    # The Payment value, its applications to invoices included.
    Column("payment", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "number", name="uq_payments_number"),
    Index("ix_payments_account", "tenant_id", "account_id"),
)

# Due work (issue 11, migration 0012): one row per job, claimed by workers with a lease
# (services/jobs.py; decisions.md W1-W8). `run_at` is tenant time (NULL: as soon as
# possible); `available_at` and `lease_until` are wall time.
jobs = Table(
    "jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("run_at", UTCDateTime(), nullable=True),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("available_at", UTCDateTime(), nullable=False),
    Column("lease_until", UTCDateTime(), nullable=True),
    Column("last_error", String(2000), nullable=True),
    Column("result", JSON, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime(), nullable=True),
    Index("ix_jobs_claim", "state", "available_at"),
    Index("ix_jobs_tenant_due", "tenant_id", "state", "run_at"),
)
