"""What the v2 catalog objects offer the query mechanism (`api/v2/query.py`): their
`fields[]` (Zuora's "accepted values" lists), filterable and sortable fields, related
objects (`plans.fields[]`, `prices.fields[]`, `product.fields[]`) and `expand[]`."""

from __future__ import annotations

from zorders.api.v2.query import Kind, Resource

_STAMPS = {"custom_fields", "created_by_id", "updated_by_id", "created_time", "id", "updated_time"}
_TIMES = {"created_time": Kind.DATETIME, "updated_time": Kind.DATETIME, "id": Kind.STRING}

PRODUCT_FIELDS = frozenset(
    _STAMPS | {"start_date", "end_date", "active", "name", "type", "sku", "description"}
)
PLAN_FIELDS = frozenset(
    _STAMPS
    | {
        "start_date",
        "end_date",
        "name",
        "active",
        "description",
        "plan_number",
        "product_id",
        "active_currencies",
    }
)
PRICE_FIELDS = frozenset(
    _STAMPS
    | {
        "tiers",
        "charge_model",
        "charge_type",
        "name",
        "description",
        "recurring",
        "start_event",
        "tax_code",
        "taxable",
        "unit_of_measure",
        "quantity",
        "min_quantity",
        "max_quantity",
        "price_base_interval",
        "discount_level",
        "plan_id",
        "product_id",
        "tiers_mode",
        "apply_discount_to",
        "discount_amounts",
        "unit_amounts",
        "discount_percent",
        "amounts",
        "overage",
    }
)
_DATED = {
    "start_date": Kind.DATE,
    "end_date": Kind.DATE,
    "active": Kind.BOOLEAN,
    "name": Kind.STRING,
    "description": Kind.STRING,
}

PRICES = Resource(
    name="prices",
    fields=PRICE_FIELDS,
    filterable={
        **_TIMES,
        "name": Kind.STRING,
        "plan_id": Kind.STRING,
        "product_id": Kind.STRING,
        "charge_type": Kind.STRING,
        "charge_model": Kind.STRING,
        "start_event": Kind.STRING,
        "unit_of_measure": Kind.STRING,
        "tiers_mode": Kind.STRING,
        "taxable": Kind.BOOLEAN,
    },
    sortable=frozenset({"created_time", "updated_time", "id", "name", "charge_type"}),
)
PLANS = Resource(
    name="plans",
    fields=PLAN_FIELDS,
    filterable={**_TIMES, **_DATED, "plan_number": Kind.STRING, "product_id": Kind.STRING},
    sortable=frozenset(
        {"created_time", "updated_time", "id", "name", "plan_number", "start_date", "end_date"}
    ),
    related={"prices": PRICE_FIELDS, "product": PRODUCT_FIELDS},
    related_filterable={"prices": PRICES.filterable},
    expandable=frozenset({"prices", "product"}),
)
PRODUCTS = Resource(
    name="products",
    fields=PRODUCT_FIELDS,
    filterable={**_TIMES, **_DATED, "sku": Kind.STRING, "type": Kind.STRING},
    sortable=frozenset(
        {"created_time", "updated_time", "id", "name", "sku", "start_date", "end_date"}
    ),
    related={"plans": PLAN_FIELDS, "prices": PRICE_FIELDS},
    related_filterable={"plans": PLANS.filterable},
    expandable=frozenset({"plans", "plans.prices"}),
)
