"""What the v2 order object offers to the query mechanism (`fields[]`,
`<related>.fields[]`, `filter[]`, `sort[]`): the names seed 004 lists."""

from __future__ import annotations

from zorders.api.v2.query import Kind, Resource

_COMMON = ("custom_fields", "created_by_id", "updated_by_id", "created_time", "id", "updated_time")

SUBSCRIPTION_FIELDS = frozenset(
    {
        *_COMMON,
        *[
            "subscription_number",
            "state",
            "account_id",
            "invoice_owner_account_id",
            "auto_renew",
            "version",
            "initial_term",
            "current_term",
            "renewal_term",
            "start_date",
            "end_date",
            "description",
            "contract_effective",
            "service_activation",
            "customer_acceptance",
            "invoice_separately",
            "latest_version",
            "payment_terms",
            "billing_document_settings",
            "bill_to_id",
            "sold_to_id",
            "contracted_mrr",
            "currency",
            "cancel_reason",
            "last_booking_date",
            "actions",
            "subscription_plans",
            "order_number",
        ],
    }
)

LINE_ITEM_FIELDS = frozenset(
    {
        *_COMMON,
        *[
            "total",
            "subtotal",
            "quantity_fulfilled",
            "quantity_pending_fulfillment",
            "unit_of_measure",
            "accounting_code",
            "adjustment_liability_account",
            "unit_amount",
            "target_date",
            "billing_rule",
            "contract_asset_account",
            "contract_liability_account",
            "description",
            "discount_total",
            "revenue",
            "discount_unit_amount",
            "discount_percent",
            "category",
            "name",
            "item_number",
            "type",
            "list_price",
            "list_unit_price",
            "original_order_date",
            "original_order_id",
            "original_order_line_item_id",
            "original_order_line_item_number",
            "original_order_number",
            "product_code",
            "price_id",
            "purchase_order_number",
            "quantity",
            "quantity_available_for_return",
            "related_subscription_number",
            "requires_fulfillment",
            "sold_to_id",
            "original_sold_to_id",
            "tax_code",
            "tax_inclusive",
            "end_date",
            "start_date",
            "unbilled_receivables_account",
            "state",
            "order_id",
        ],
    }
)

ACTION_FIELDS = frozenset(
    {
        "type",
        "action_id",
        "sequence",
        "start_on",
        "subscription_plans",
        "add_subscription_plans",
        "update_subscription_plans",
        "remove_subscription_plans",
        "replace_subscription_plans",
        "renew",
        "terms",
        "cancel",
        "pause",
        "resume",
        "order",
        "custom_fields",
    }
)

PLAN_FIELDS = frozenset(
    {
        *_COMMON,
        "name",
        "plan_id",
        "plan_number",
        "subscription_plan_number",
        "subscription_id",
        "product_id",
        "unique_token",
        "subscription_items",
    }
)

ITEM_FIELDS = frozenset(
    {
        *_COMMON,
        *"""start_date end_date charge_model charge_type tiers subscription_item_number name
        description charged_through_date recurring price_id start_event tax_code
        tax_inclusive unit_of_measure quantity price_base_interval overage
        subscription_plan_id tiers_mode processed_through_date active state unit_amount
        amount discount_amount discount_percent unique_token""".split(),  # noqa: SIM905
    }
)

# Accepted for seed 004's list; orders show no invoice items yet.
INVOICE_ITEM_FIELDS = frozenset(
    {
        *_COMMON,
        *"""amount booking_reference applied_to_item_id price_id discount_item
        deferred_revenue_account description invoice_id sku name purchase_order_number
        quantity recognized_revenue_account remaining_balance revenue_recognition_rule_name
        accounting_code service_end service_start accounts_receivable_account subscription_id
        subscription_item_id tax tax_code tax_inclusive unit_amount unit_of_measure
        document_item_date""".split(),  # noqa: SIM905
    }
)

# Related lists nested inside `subscriptions`: the route restricts them (QO6).
NESTED = ("order_actions", "subscription_plans", "subscription_items", "invoice_items")

ORDERS = Resource(
    name="orders",
    fields=frozenset(
        {
            *_COMMON,
            *[
                "account_id",
                "order_number",
                "order_date",
                "state",
                "category",
                "description",
                "line_items",
                "subscriptions",
                "cancel_reason",
                "ar_transactions",
            ],
        }
    ),
    filterable={
        "id": Kind.STRING,
        "order_number": Kind.STRING,
        "order_date": Kind.DATE,
        "state": Kind.STRING,
        "category": Kind.STRING,
        "account_id": Kind.STRING,
        "description": Kind.STRING,
        "created_time": Kind.DATETIME,
        "updated_time": Kind.DATETIME,
    },
    sortable=frozenset({"created_time", "updated_time", "id", "order_date", "order_number"}),
    related={
        "subscriptions": SUBSCRIPTION_FIELDS,
        "line_items": LINE_ITEM_FIELDS,
        "order_actions": ACTION_FIELDS,
        "subscription_plans": PLAN_FIELDS,
        "subscription_items": ITEM_FIELDS,
        "invoice_items": INVOICE_ITEM_FIELDS,
    },
    related_filterable={
        "subscriptions": {
            "subscription_number": Kind.STRING,
            "state": Kind.STRING,
            "account_id": Kind.STRING,
        },
        "line_items": {
            "item_number": Kind.STRING,
            "state": Kind.STRING,
            "type": Kind.STRING,
            "category": Kind.STRING,
        },
    },
)
