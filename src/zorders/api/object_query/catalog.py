"""Object Query products, product rate plans and product rate plan charges (the official
client's `ExpandedProduct`, `ExpandedProductRatePlan`, `ExpandedProductRatePlanCharge`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zorders.api.object_query.objects import ObjectSpec, custom, resource, view
from zorders.api.selection.query import Kind, Query
from zorders.domain.catalog.model import Product, ProductRatePlan, ProductRatePlanCharge
from zorders.services.context import CommandContext
from zorders.services.ports.unit_of_work import UnitOfWork

CHARGE_FIELDS = (
    "id", "productRatePlanId", "name", "chargeType", "chargeModel", "billCycleType",
    "billingPeriod", "triggerEvent", "billingTiming", "billingPeriodAlignment", "billCycleDay",
    "weeklyBillCycleDay", "specificBillingPeriod", "listPriceBase", "endDateCondition",
    "upToPeriods", "upToPeriodsType", "defaultQuantity", "minQuantity", "maxQuantity",
    "includedUnits", "uOM", "applyDiscountTo", "discountLevel", "description",
    "productRatePlanChargeNumber", "taxable", "taxCode", "createdDate", "updatedDate",
)  # fmt: skip
_CHARGE_COLUMNS = {
    "id": "id",
    "productRatePlanId": "product_rate_plan_id",
    "name": "name",
    "chargeType": "charge_type",
    "chargeModel": "charge_model",
    "billingPeriod": "billing_period",
    "productRatePlanChargeNumber": "product_rate_plan_charge_number",
    "taxable": "taxable",
    "createdDate": "created_at",
    "updatedDate": "updated_at",
}
_CHARGE_KINDS = {
    **{f: Kind.STRING for f in _CHARGE_COLUMNS},
    "taxable": Kind.BOOLEAN,
    "createdDate": Kind.DATETIME,
    "updatedDate": Kind.DATETIME,
}

PLAN_FIELDS = (
    "id", "productId", "name", "description", "effectiveStartDate", "effectiveEndDate",
    "grade", "productRatePlanNumber", "createdDate", "updatedDate",
)  # fmt: skip
_PLAN_COLUMNS = {
    "id": "id",
    "productId": "product_id",
    "name": "name",
    "effectiveStartDate": "effective_start_date",
    "effectiveEndDate": "effective_end_date",
    "grade": "grade",
    "productRatePlanNumber": "product_rate_plan_number",
    "createdDate": "created_at",
    "updatedDate": "updated_at",
}
_PLAN_KINDS = {
    **{f: Kind.STRING for f in _PLAN_COLUMNS},
    "effectiveStartDate": Kind.DATE,
    "effectiveEndDate": Kind.DATE,
    "grade": Kind.INTEGER,
    "createdDate": Kind.DATETIME,
    "updatedDate": Kind.DATETIME,
}

PRODUCT_FIELDS = (
    "id", "name", "sKU", "productNumber", "category", "description", "effectiveStartDate",
    "effectiveEndDate", "allowFeatureChanges", "createdDate", "updatedDate",
)  # fmt: skip
_PRODUCT_COLUMNS = {
    "id": "id",
    "name": "name",
    "sKU": "sku",
    "productNumber": "product_number",
    "category": "category",
    "effectiveStartDate": "effective_start_date",
    "effectiveEndDate": "effective_end_date",
    "createdDate": "created_at",
    "updatedDate": "updated_at",
}
_PRODUCT_KINDS = {
    **{f: Kind.STRING for f in _PRODUCT_COLUMNS},
    "effectiveStartDate": Kind.DATE,
    "effectiveEndDate": Kind.DATE,
    "createdDate": Kind.DATETIME,
    "updatedDate": Kind.DATETIME,
}


def charge_view(c: ProductRatePlanCharge) -> dict[str, Any]:
    return {
        **view(
            id=c.id,
            productRatePlanId=c.product_rate_plan_id,
            name=c.name,
            chargeType=c.charge_type,
            chargeModel=c.charge_model,
            billCycleType=c.bill_cycle_type,
            billingPeriod=c.billing_period,
            triggerEvent=c.trigger_event,
            billingTiming=c.billing_timing,
            billingPeriodAlignment=c.billing_period_alignment,
            billCycleDay=c.bill_cycle_day,
            weeklyBillCycleDay=c.weekly_bill_cycle_day,
            specificBillingPeriod=c.specific_billing_period,
            listPriceBase=c.list_price_base,
            endDateCondition=c.end_date_condition,
            upToPeriods=c.up_to_periods,
            upToPeriodsType=c.up_to_periods_type,
            defaultQuantity=c.default_quantity,
            minQuantity=c.min_quantity,
            maxQuantity=c.max_quantity,
            includedUnits=c.included_units,
            uOM=c.uom,
            applyDiscountTo=c.apply_discount_to,
            discountLevel=c.discount_level,
            description=c.description,
            productRatePlanChargeNumber=c.product_rate_plan_charge_number,
            taxable=c.taxable,
            taxCode=c.tax_code,
            createdDate=c.created_at,
            updatedDate=c.updated_at,
        ),
        **custom(c.custom_fields),
    }


def plan_view(p: ProductRatePlan) -> dict[str, Any]:
    return {
        **view(
            id=p.id,
            productId=p.product_id,
            name=p.name,
            description=p.description,
            effectiveStartDate=p.effective_start_date,
            effectiveEndDate=p.effective_end_date,
            grade=p.grade,
            productRatePlanNumber=p.product_rate_plan_number,
            createdDate=p.created_at,
            updatedDate=p.updated_at,
        ),
        **custom(p.custom_fields),
    }


def product_view(p: Product) -> dict[str, Any]:
    return {
        **view(
            id=p.id,
            name=p.name,
            sKU=p.sku,
            productNumber=p.product_number,
            category=p.category,
            description=p.description,
            effectiveStartDate=p.effective_start_date,
            effectiveEndDate=p.effective_end_date,
            allowFeatureChanges=p.allow_feature_changes,
            createdDate=p.created_at,
            updatedDate=p.updated_at,
        ),
        **custom(p.custom_fields),
    }


def _load_charges(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        charge = uow.catalog.get_charge(ctx.tenant_id, row["id"])
        assert charge is not None, "a charge just paged is stored"
        one = charge_view(charge)
        if query.expands("productRatePlan"):
            plan = uow.catalog.get_plan(ctx.tenant_id, charge.product_rate_plan_id)
            one["productRatePlan"] = plan_view(plan) if plan else None
        out.append(one)
    return out


def _load_plans(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        plan = uow.catalog.get_plan(ctx.tenant_id, row["id"])
        assert plan is not None, "a plan just paged is stored"
        one = plan_view(plan)
        if query.expands("product"):
            product = uow.catalog.get_product(ctx.tenant_id, plan.product_id)
            one["product"] = product_view(product) if product else None
        if query.expands("productRatePlanCharges"):
            charges = uow.catalog.list_charges(ctx.tenant_id, [plan.id])
            one["productRatePlanCharges"] = [charge_view(c) for c in charges]
        out.append(one)
    return out


def _load_products(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        product = uow.catalog.get_product(ctx.tenant_id, row["id"])
        assert product is not None, "a product just paged is stored"
        one = product_view(product)
        if query.expands("productRatePlans"):
            plans = uow.catalog.list_plans(ctx.tenant_id, [product.id])
            one["productRatePlans"] = [plan_view(p) for p in plans]
        out.append(one)
    return out


PRODUCTS = ObjectSpec(
    path="products",
    singular="product",
    table="products",
    resource=resource(
        "products",
        PRODUCT_FIELDS,
        _PRODUCT_KINDS,
        related={"productRatePlans": PLAN_FIELDS},
        expandable=("productRatePlans",),
    ),
    columns=_PRODUCT_COLUMNS,
    keys=("id", "product_number"),
    load=_load_products,
)

PRODUCT_RATE_PLANS = ObjectSpec(
    path="product-rate-plans",
    singular="productrateplan",
    table="product_rate_plans",
    resource=resource(
        "product-rate-plans",
        PLAN_FIELDS,
        _PLAN_KINDS,
        related={"product": PRODUCT_FIELDS, "productRatePlanCharges": CHARGE_FIELDS},
        expandable=("product", "productRatePlanCharges"),
    ),
    columns=_PLAN_COLUMNS,
    keys=("id", "product_rate_plan_number"),
    load=_load_plans,
)

PRODUCT_RATE_PLAN_CHARGES = ObjectSpec(
    path="product-rate-plan-charges",
    singular="productrateplancharge",
    table="product_rate_plan_charges",
    resource=resource(
        "product-rate-plan-charges",
        CHARGE_FIELDS,
        _CHARGE_KINDS,
        related={"productRatePlan": PLAN_FIELDS},
        expandable=("productRatePlan",),
    ),
    columns=_CHARGE_COLUMNS,
    keys=("id", "product_rate_plan_charge_number"),
    load=_load_charges,
)
