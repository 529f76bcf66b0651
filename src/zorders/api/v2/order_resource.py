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
    related={"subscriptions": SUBSCRIPTION_FIELDS, "line_items": LINE_ITEM_FIELDS},
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
