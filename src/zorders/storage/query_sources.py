"""What each query source reads (issue 14): its table (or join), its key and the column
behind each attribute. The attributes are the engine's names; the ZOQL dialect maps its
field names onto them (api/zoql/objects.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, type_coerce

from zorders.storage.query_base import Source
from zorders.storage.tables import (
    accounts,
    billing_documents,
    billing_items,
    contacts,
    order_actions,
    orders,
    payment_methods,
    payments,
    product_rate_plan_charge_tiers,
    product_rate_plan_charges,
    product_rate_plans,
    products,
    subscription_versions,
)
from zorders.storage.types import JsonDate


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


def _doc_text(*path: str) -> ColumnElement[Any]:
    text: ColumnElement[Any] = subscription_versions.c.document[path].as_string()
    return text


def _doc_date(*path: str) -> ColumnElement[Any]:
    return type_coerce(_doc_text(*path), JsonDate())


_SUBSCRIPTION = Source(
    subscription_versions,
    subscription_versions.c.id,
    subscription_versions.c.tenant_id,
    {
        **_columns(
            subscription_versions,
            id="id",
            number="number",
            version="version",
            account_id="account_id",
            invoice_owner_account_id="invoice_owner_account_id",
            currency="currency",
            created_at="created_at",
        ),
        # The version's document (storage/documents.py): what ZOQL filters on there.
        "contract_effective_date": _doc_date("contract_effective_date"),
        "service_activation_date": _doc_date("service_activation_date"),
        "customer_acceptance_date": _doc_date("customer_acceptance_date"),
        "subscription_start_date": _doc_date("subscription_start_date"),
        "cancelled_date": _doc_date("cancelled_date"),
        "term_type": _doc_text("terms", "term_type"),
        "term_start_date": _doc_date("terms", "term_start_date"),
        "term_end_date": _doc_date("terms", "term_end_date"),
        # Its cancel date, else its term's end (null for an evergreen one: ZQ18).
        "subscription_end_date": func.coalesce(
            _doc_date("cancelled_date"), _doc_date("terms", "term_end_date")
        ),
        "initial_term": subscription_versions.c.document[
            ("terms", "initial_term", "period")
        ].as_integer(),
        "initial_term_period_type": _doc_text("terms", "initial_term", "period_type"),
        "current_term": subscription_versions.c.document[
            ("terms", "current_term", "period")
        ].as_integer(),
        "current_term_period_type": _doc_text("terms", "current_term", "period_type"),
        "renewal_setting": _doc_text("terms", "renewal_setting"),
        "auto_renew": subscription_versions.c.document[("terms", "auto_renew")].as_boolean(),
        "notes": _doc_text("notes"),
        "invoice_separately": subscription_versions.c.document[
            ("invoice_separately",)
        ].as_boolean(),
    },
    custom=subscription_versions.c.document,
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

# An amendment is an order action on an existing subscription; its subscription is the
# version the action's order made.
AMENDMENT = Source(
    order_actions.join(orders, orders.c.id == order_actions.c.order_id).outerjoin(
        subscription_versions,
        and_(
            subscription_versions.c.tenant_id == order_actions.c.tenant_id,
            subscription_versions.c.number == order_actions.c.subscription_number,
            subscription_versions.c.order_number == orders.c.number,
        ),
    ),
    order_actions.c.id,
    order_actions.c.tenant_id,
    {
        "id": order_actions.c.id,
        "type": order_actions.c.type,
        "subscription_id": subscription_versions.c.id,
        "subscription_number": order_actions.c.subscription_number,
        "created_at": orders.c.created_at,
        "updated_at": orders.c.updated_at,
    },
    scope=order_actions.c.type.not_in(("CreateSubscription", "ChangePlan")),
)

SOURCES: dict[str, Source] = {
    "account": _ACCOUNT,
    "contact": _CONTACT,
    "subscription": _SUBSCRIPTION,
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
