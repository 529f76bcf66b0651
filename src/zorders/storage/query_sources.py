"""What each query source reads (issue 14): its table (or join), its key and the column
behind each attribute. The attributes are the engine's names; the ZOQL dialect maps its
field names onto them (api/zoql/objects.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from zorders.storage.query_base import Source
from zorders.storage.query_subscription_sources import AMENDMENT, SUBSCRIPTION
from zorders.storage.tables import (
    accounts,
    billing_documents,
    billing_items,
    contacts,
    orders,
    payment_methods,
    payments,
    product_rate_plan_charge_tiers,
    product_rate_plan_charges,
    product_rate_plans,
    products,
)


def _stamps(table: Any) -> dict[str, ColumnElement[Any]]:
    return {"created_at": table.c.created_at, "updated_at": table.c.updated_at}


def _columns(table: Any, **names: str) -> dict[str, ColumnElement[Any]]:
    return {attr: table.c[column] for attr, column in names.items()}


_ACCOUNT = Source(
    accounts,
    accounts.c.id,
    accounts.c.tenant_id,
    {
        **{
            name: accounts.c[name]
            for name in (
                "id",
                "account_number",
                "name",
                "currency",
                "status",
                "bill_cycle_day",
                "payment_term",
                "auto_pay",
                "batch",
                "notes",
                "crm_id",
                "sales_rep",
                "purchase_order_number",
                "customer_service_rep_name",
                "default_payment_method_id",
                "payment_gateway",
                "bill_to_contact_id",
                "sold_to_contact_id",
                "balance",
                "credit_balance",
                "total_invoice_balance",
                "unapplied_payment_amount",
                "invoice_delivery_prefs_email",
                "invoice_delivery_prefs_print",
            )
        },
        **_stamps(accounts),
    },
    custom=accounts.c.custom_fields,
)

_CONTACT = Source(
    contacts,
    contacts.c.id,
    contacts.c.tenant_id,
    {
        **{
            name: contacts.c[name]
            for name in (
                "id",
                "account_id",
                "first_name",
                "last_name",
                "nickname",
                "address1",
                "address2",
                "city",
                "county",
                "state",
                "country",
                "zip_code",
                "work_email",
                "personal_email",
                "work_phone",
                "home_phone",
                "mobile_phone",
                "other_phone",
                "other_phone_type",
                "fax",
                "tax_region",
                "contact_description",
            )
        },
        **_stamps(contacts),
    },
    custom=contacts.c.custom_fields,
)

_PRODUCT = Source(
    products,
    products.c.id,
    products.c.tenant_id,
    {
        **{
            name: products.c[name]
            for name in (
                "id",
                "name",
                "sku",
                "product_number",
                "category",
                "description",
                "effective_start_date",
                "effective_end_date",
                "allow_feature_changes",
            )
        },
        **_stamps(products),
    },
)

_PLAN = Source(
    product_rate_plans,
    product_rate_plans.c.id,
    product_rate_plans.c.tenant_id,
    {
        **{
            name: product_rate_plans.c[name]
            for name in (
                "id",
                "product_id",
                "name",
                "description",
                "effective_start_date",
                "effective_end_date",
                "product_rate_plan_number",
                "grade",
            )
        },
        **_stamps(product_rate_plans),
    },
)

_CHARGE = Source(
    product_rate_plan_charges,
    product_rate_plan_charges.c.id,
    product_rate_plan_charges.c.tenant_id,
    {
        **{
            name: product_rate_plan_charges.c[name]
            for name in (
                "id",
                "product_rate_plan_id",
                "name",
                "charge_type",
                "charge_model",
                "bill_cycle_type",
                "billing_period",
                "trigger_event",
                "billing_timing",
                "billing_period_alignment",
                "bill_cycle_day",
                "default_quantity",
                "min_quantity",
                "max_quantity",
                "included_units",
                "uom",
                "description",
                "product_rate_plan_charge_number",
                "taxable",
                "tax_code",
                "end_date_condition",
                "up_to_periods",
                "list_price_base",
            )
        },
        **_stamps(product_rate_plan_charges),
    },
)

_TIER = Source(
    product_rate_plan_charge_tiers,
    product_rate_plan_charge_tiers.c.id,
    product_rate_plan_charge_tiers.c.tenant_id,
    {
        name: product_rate_plan_charge_tiers.c[name]
        for name in (
            "id",
            "product_rate_plan_charge_id",
            "currency",
            "tier",
            "starting_unit",
            "ending_unit",
            "price",
            "price_format",
            "is_overage_price",
            "discount_percentage",
        )
    },
)


def _document(kind: str) -> Source:
    docs = billing_documents
    return Source(
        docs,
        docs.c.id,
        docs.c.tenant_id,
        {
            **_columns(
                docs,
                id="id",
                account_id="account_id",
                number="number",
                status="status",
                document_date="document_date",
                target_date="target_date",
                currency="currency",
                amount="amount",
                balance="balance",
                created_at="created_at",
            ),
        },
        scope=docs.c.kind == kind,
    )


_PAYMENT = Source(
    payments,
    payments.c.id,
    payments.c.tenant_id,
    _columns(
        payments,
        id="id",
        account_id="account_id",
        number="number",
        type="type",
        status="status",
        amount="amount",
        effective_date="effective_date",
        created_at="created_at",
    ),
)

_PAYMENT_METHOD = Source(
    payment_methods,
    payment_methods.c.id,
    payment_methods.c.tenant_id,
    _columns(
        payment_methods, id="id", account_id="account_id", type="type", created_at="created_at"
    ),
)

_ORDER = Source(
    orders,
    orders.c.id,
    orders.c.tenant_id,
    {
        **_columns(
            orders,
            id="id",
            number="number",
            account_id="account_id",
            status="status",
            order_date="order_date",
            category="category",
            description="description",
            created_by="created_by",
        ),
        **_stamps(orders),
    },
    custom=orders.c.document,
    custom_path=("custom_fields",),
)


_INVOICE_ITEM = Source(
    billing_items.join(billing_documents, billing_documents.c.id == billing_items.c.document_id),
    billing_items.c.id,
    billing_items.c.tenant_id,
    {
        "id": billing_items.c.id,
        "invoice_id": billing_items.c.document_id,
        "account_id": billing_documents.c.account_id,
        "subscription_number": billing_items.c.subscription_number,
        "charge_number": billing_items.c.charge_number,
        "service_start": billing_items.c.service_start,
        "amount": billing_items.c.amount,
        "created_at": billing_documents.c.created_at,
    },
    scope=billing_documents.c.kind == "Invoice",
)

SOURCES: dict[str, Source] = {
    "account": _ACCOUNT,
    "contact": _CONTACT,
    "subscription": SUBSCRIPTION,
    "product": _PRODUCT,
    "product_rate_plan": _PLAN,
    "product_rate_plan_charge": _CHARGE,
    "product_rate_plan_charge_tier": _TIER,
    "invoice": _document("Invoice"),
    "invoice_item": _INVOICE_ITEM,
    "credit_memo": _document("CreditMemo"),
    "payment": _PAYMENT,
    "payment_method": _PAYMENT_METHOD,
    "order": _ORDER,
    "amendment": AMENDMENT,
}
