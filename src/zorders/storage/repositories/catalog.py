"""Products, product rate plans, charges and tiers; every query scoped by tenant."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection, RowMapping

from zorders.domain.catalog.enums import (
    ApplyDiscountTo,
    BillCycleType,
    BillingPeriod,
    BillingPeriodAlignment,
    BillingTiming,
    ChargeModel,
    ChargeType,
    DiscountLevel,
    EndDateCondition,
    ListPriceBase,
    PriceFormat,
    ProductCategory,
    TriggerEvent,
    UpToPeriodsType,
    WeeklyBillCycleDay,
)
from zorders.domain.catalog.model import ChargeTier, Product, ProductRatePlan, ProductRatePlanCharge
from zorders.domain.numbering import NumberKind
from zorders.services.ids import new_id
from zorders.storage.repositories.sequences import SqlSequenceRepository
from zorders.storage.tables import (
    product_rate_plan_charge_tiers as tiers_t,
)
from zorders.storage.tables import (
    product_rate_plan_charges as charges_t,
)
from zorders.storage.tables import (
    product_rate_plans as plans_t,
)
from zorders.storage.tables import (
    products as products_t,
)


def _opt(enum: Any, value: str | None) -> Any:
    return enum(value) if value is not None else None


# -- rows <-> values -------------------------------------------------------------------


def _product(row: RowMapping) -> Product:
    return Product(
        id=row["id"],
        name=row["name"],
        sku=row["sku"],
        effective_start_date=row["effective_start_date"],
        effective_end_date=row["effective_end_date"],
        category=_opt(ProductCategory, row["category"]),
        description=row["description"],
        product_number=row["product_number"],
        allow_feature_changes=row["allow_feature_changes"],
        custom_fields=dict(row["custom_fields"] or {}),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _product_values(p: Product) -> dict[str, Any]:
    return {
        "name": p.name,
        "sku": p.sku,
        "product_number": p.product_number,
        "category": p.category.value if p.category else None,
        "description": p.description,
        "effective_start_date": p.effective_start_date,
        "effective_end_date": p.effective_end_date,
        "allow_feature_changes": p.allow_feature_changes,
        "custom_fields": p.custom_fields,
        "updated_at": p.updated_at,
    }


def _plan(row: RowMapping) -> ProductRatePlan:
    return ProductRatePlan(
        id=row["id"],
        product_id=row["product_id"],
        name=row["name"],
        active_currencies=tuple(row["active_currencies"] or ()),
        effective_start_date=row["effective_start_date"],
        effective_end_date=row["effective_end_date"],
        description=row["description"],
        product_rate_plan_number=row["product_rate_plan_number"],
        grade=row["grade"],
        custom_fields=dict(row["custom_fields"] or {}),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _plan_values(p: ProductRatePlan) -> dict[str, Any]:
    return {
        "product_id": p.product_id,
        "name": p.name,
        "description": p.description,
        "effective_start_date": p.effective_start_date,
        "effective_end_date": p.effective_end_date,
        "active_currencies": list(p.active_currencies),
        "product_rate_plan_number": p.product_rate_plan_number,
        "grade": p.grade,
        "custom_fields": p.custom_fields,
        "updated_at": p.updated_at,
    }


def _tier(row: RowMapping) -> ChargeTier:
    return ChargeTier(
        id=row["id"],
        currency=row["currency"],
        tier=row["tier"],
        price=row["price"],
        price_format=PriceFormat(row["price_format"]),
        starting_unit=row["starting_unit"],
        ending_unit=row["ending_unit"],
        is_overage_price=row["is_overage_price"],
        discount_percentage=row["discount_percentage"],
    )


def _charge(row: RowMapping, tiers: Sequence[ChargeTier]) -> ProductRatePlanCharge:
    return ProductRatePlanCharge(
        id=row["id"],
        product_rate_plan_id=row["product_rate_plan_id"],
        name=row["name"],
        charge_type=ChargeType(row["charge_type"]),
        charge_model=ChargeModel(row["charge_model"]),
        tiers=tuple(tiers),
        bill_cycle_type=BillCycleType(row["bill_cycle_type"]),
        billing_period=BillingPeriod(row["billing_period"]),
        trigger_event=TriggerEvent(row["trigger_event"]),
        billing_timing=BillingTiming(row["billing_timing"]),
        billing_period_alignment=BillingPeriodAlignment(row["billing_period_alignment"]),
        bill_cycle_day=row["bill_cycle_day"],
        weekly_bill_cycle_day=_opt(WeeklyBillCycleDay, row["weekly_bill_cycle_day"]),
        specific_billing_period=row["specific_billing_period"],
        list_price_base=ListPriceBase(row["list_price_base"]),
        specific_list_price_base=row["specific_list_price_base"],
        end_date_condition=EndDateCondition(row["end_date_condition"]),
        up_to_periods=row["up_to_periods"],
        up_to_periods_type=UpToPeriodsType(row["up_to_periods_type"]),
        default_quantity=row["default_quantity"],
        min_quantity=row["min_quantity"],
        max_quantity=row["max_quantity"],
        included_units=row["included_units"],
        uom=row["uom"],
        apply_discount_to=_opt(ApplyDiscountTo, row["apply_discount_to"]),
        discount_level=_opt(DiscountLevel, row["discount_level"]),
        description=row["description"],
        product_rate_plan_charge_number=row["product_rate_plan_charge_number"],
        taxable=row["taxable"],
        tax_code=row["tax_code"],
        custom_fields=dict(row["custom_fields"] or {}),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _charge_values(c: ProductRatePlanCharge) -> dict[str, Any]:
    def v(e: Any) -> str | None:
        return e.value if e is not None else None

    return {
        "product_rate_plan_id": c.product_rate_plan_id,
        "name": c.name,
        "charge_type": c.charge_type.value,
        "charge_model": c.charge_model.value,
        "bill_cycle_type": c.bill_cycle_type.value,
        "billing_period": c.billing_period.value,
        "trigger_event": c.trigger_event.value,
        "billing_timing": c.billing_timing.value,
        "billing_period_alignment": c.billing_period_alignment.value,
        "bill_cycle_day": c.bill_cycle_day,
        "weekly_bill_cycle_day": v(c.weekly_bill_cycle_day),
        "specific_billing_period": c.specific_billing_period,
        "list_price_base": c.list_price_base.value,
        "specific_list_price_base": c.specific_list_price_base,
        "end_date_condition": c.end_date_condition.value,
        "up_to_periods": c.up_to_periods,
        "up_to_periods_type": c.up_to_periods_type.value,
        "default_quantity": c.default_quantity,
        "min_quantity": c.min_quantity,
        "max_quantity": c.max_quantity,
        "included_units": c.included_units,
        "uom": c.uom,
        "apply_discount_to": v(c.apply_discount_to),
        "discount_level": v(c.discount_level),
        "description": c.description,
        "product_rate_plan_charge_number": c.product_rate_plan_charge_number,
        "taxable": c.taxable,
        "tax_code": c.tax_code,
        "custom_fields": c.custom_fields,
        "updated_at": c.updated_at,
    }


class SqlCatalogRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # -- products ------------------------------------------------------------------------

    def _position(self, tenant_id: str) -> int:
        return SqlSequenceRepository(self._c).next_value(tenant_id, NumberKind.CATALOG_POSITION)

    def add_product(self, tenant_id: str, product: Product) -> None:
        self._c.execute(
            insert(products_t).values(
                id=product.id,
                tenant_id=tenant_id,
                position=self._position(tenant_id),
                created_at=product.created_at,
                **_product_values(product),
            )
        )

    def update_product(self, tenant_id: str, product: Product) -> None:
        self._c.execute(
            update(products_t)
            .where(products_t.c.tenant_id == tenant_id, products_t.c.id == product.id)
            .values(**_product_values(product))
        )

    def get_product(self, tenant_id: str, product_id: str) -> Product | None:
        row = (
            self._c.execute(
                select(products_t).where(
                    products_t.c.tenant_id == tenant_id, products_t.c.id == product_id
                )
            )
            .mappings()
            .first()
        )
        return _product(row) if row else None

    def find_product(self, tenant_id: str, key: str) -> Product | None:
        """By id, SKU or product number (Zuora's product-key)."""
        rows = (
            self._c.execute(
                select(products_t)
                .where(
                    products_t.c.tenant_id == tenant_id,
                    or_(
                        products_t.c.id == key,
                        products_t.c.sku == key,
                        products_t.c.product_number == key,
                    ),
                )
                .order_by(products_t.c.position)
            )
            .mappings()
            .all()
        )
        # An id wins over a SKU, a SKU over a product number.
        for column in ("id", "sku", "product_number"):
            for row in rows:
                if row[column] == key:
                    return _product(row)
        return None

    def sku_in_use(self, tenant_id: str, sku: str, *, except_id: str | None = None) -> bool:
        query = select(products_t.c.id).where(
            products_t.c.tenant_id == tenant_id, products_t.c.sku == sku
        )
        if except_id is not None:
            query = query.where(products_t.c.id != except_id)
        return self._c.execute(query.limit(1)).first() is not None

    def count_products(self, tenant_id: str) -> int:
        return int(
            self._c.execute(
                select(func.count())
                .select_from(products_t)
                .where(products_t.c.tenant_id == tenant_id)
            ).scalar_one()
        )

    def list_products(self, tenant_id: str, *, offset: int, limit: int) -> list[Product]:
        rows = self._c.execute(
            select(products_t)
            .where(products_t.c.tenant_id == tenant_id)
            .order_by(products_t.c.position)
            .offset(offset)
            .limit(limit)
        ).mappings()
        return [_product(r) for r in rows]

    def delete_product(self, tenant_id: str, product_id: str) -> None:
        plan_ids = [p.id for p in self.list_plans(tenant_id, [product_id])]
        for plan_id in plan_ids:
            self.delete_plan(tenant_id, plan_id)
        self._c.execute(
            delete(products_t).where(
                products_t.c.tenant_id == tenant_id, products_t.c.id == product_id
            )
        )

    # -- product rate plans --------------------------------------------------------------

    def add_plan(self, tenant_id: str, plan: ProductRatePlan) -> None:
        self._c.execute(
            insert(plans_t).values(
                id=plan.id,
                tenant_id=tenant_id,
                position=self._position(tenant_id),
                created_at=plan.created_at,
                **_plan_values(plan),
            )
        )

    def update_plan(self, tenant_id: str, plan: ProductRatePlan) -> None:
        self._c.execute(
            update(plans_t)
            .where(plans_t.c.tenant_id == tenant_id, plans_t.c.id == plan.id)
            .values(**_plan_values(plan))
        )

    def get_plan(self, tenant_id: str, plan_id: str) -> ProductRatePlan | None:
        row = (
            self._c.execute(
                select(plans_t).where(plans_t.c.tenant_id == tenant_id, plans_t.c.id == plan_id)
            )
            .mappings()
            .first()
        )
        return _plan(row) if row else None

    def find_plan_by_number(self, tenant_id: str, number: str) -> ProductRatePlan | None:
        row = (
            self._c.execute(
                select(plans_t)
                .where(
                    plans_t.c.tenant_id == tenant_id,
                    plans_t.c.product_rate_plan_number == number,
                )
                .order_by(plans_t.c.position)
            )
            .mappings()
            .first()
        )
        return _plan(row) if row else None

    def list_plans(self, tenant_id: str, product_ids: Iterable[str]) -> list[ProductRatePlan]:
        ids = list(product_ids)
        if not ids:
            return []
        rows = self._c.execute(
            select(plans_t)
            .where(plans_t.c.tenant_id == tenant_id, plans_t.c.product_id.in_(ids))
            .order_by(plans_t.c.position)
        ).mappings()
        return [_plan(r) for r in rows]

    def delete_plan(self, tenant_id: str, plan_id: str) -> None:
        for charge in self.list_charges(tenant_id, [plan_id]):
            self.delete_charge(tenant_id, charge.id)
        self._c.execute(
            delete(plans_t).where(plans_t.c.tenant_id == tenant_id, plans_t.c.id == plan_id)
        )

    # -- charges and tiers ---------------------------------------------------------------

    def add_charge(self, tenant_id: str, charge: ProductRatePlanCharge) -> ProductRatePlanCharge:
        """Stores the charge and its tiers; returns it with the tier ids it was given."""
        self._c.execute(
            insert(charges_t).values(
                id=charge.id,
                tenant_id=tenant_id,
                position=self._position(tenant_id),
                created_at=charge.created_at,
                **_charge_values(charge),
            )
        )
        return self._insert_tiers(tenant_id, charge)

    def update_charge(self, tenant_id: str, charge: ProductRatePlanCharge) -> ProductRatePlanCharge:
        self._c.execute(
            update(charges_t)
            .where(charges_t.c.tenant_id == tenant_id, charges_t.c.id == charge.id)
            .values(**_charge_values(charge))
        )
        self._c.execute(
            delete(tiers_t).where(
                tiers_t.c.tenant_id == tenant_id,
                tiers_t.c.product_rate_plan_charge_id == charge.id,
            )
        )
        return self._insert_tiers(tenant_id, charge)

    def _insert_tiers(self, tenant_id: str, charge: ProductRatePlanCharge) -> ProductRatePlanCharge:
        stored = tuple(
            ChargeTier(
                id=t.id or new_id(),
                currency=t.currency,
                tier=t.tier,
                price=t.price,
                price_format=t.price_format,
                starting_unit=t.starting_unit,
                ending_unit=t.ending_unit,
                is_overage_price=t.is_overage_price,
                discount_percentage=t.discount_percentage,
            )
            for t in charge.tiers
        )
        if stored:
            self._c.execute(
                insert(tiers_t),
                [
                    {
                        "id": t.id,
                        "tenant_id": tenant_id,
                        "product_rate_plan_charge_id": charge.id,
                        "currency": t.currency,
                        "tier": t.tier,
                        "starting_unit": t.starting_unit,
                        "ending_unit": t.ending_unit,
                        "price": t.price,
                        "price_format": t.price_format.value,
                        "is_overage_price": t.is_overage_price,
                        "discount_percentage": t.discount_percentage,
                    }
                    for t in stored
                ],
            )
        return _replace_tiers(charge, stored)

    def get_charge(self, tenant_id: str, charge_id: str) -> ProductRatePlanCharge | None:
        row = (
            self._c.execute(
                select(charges_t).where(
                    charges_t.c.tenant_id == tenant_id, charges_t.c.id == charge_id
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        return _charge(row, self._tiers(tenant_id, [charge_id]).get(charge_id, []))

    def list_charges(self, tenant_id: str, plan_ids: Iterable[str]) -> list[ProductRatePlanCharge]:
        ids = list(plan_ids)
        if not ids:
            return []
        rows = (
            self._c.execute(
                select(charges_t)
                .where(
                    charges_t.c.tenant_id == tenant_id,
                    charges_t.c.product_rate_plan_id.in_(ids),
                )
                .order_by(charges_t.c.position)
            )
            .mappings()
            .all()
        )
        tiers = self._tiers(tenant_id, [r["id"] for r in rows])
        return [_charge(r, tiers.get(r["id"], [])) for r in rows]

    def _tiers(self, tenant_id: str, charge_ids: Sequence[str]) -> dict[str, list[ChargeTier]]:
        if not charge_ids:
            return {}
        rows = self._c.execute(
            select(tiers_t)
            .where(
                tiers_t.c.tenant_id == tenant_id,
                tiers_t.c.product_rate_plan_charge_id.in_(list(charge_ids)),
            )
            .order_by(tiers_t.c.currency, tiers_t.c.tier)
        ).mappings()
        out: dict[str, list[ChargeTier]] = {}
        for r in rows:
            out.setdefault(r["product_rate_plan_charge_id"], []).append(_tier(r))
        return out

    def delete_charge(self, tenant_id: str, charge_id: str) -> None:
        self._c.execute(
            delete(tiers_t).where(
                tiers_t.c.tenant_id == tenant_id,
                tiers_t.c.product_rate_plan_charge_id == charge_id,
            )
        )
        self._c.execute(
            delete(charges_t).where(charges_t.c.tenant_id == tenant_id, charges_t.c.id == charge_id)
        )

    def charge_id_of_tier(self, tenant_id: str, tier_id: str) -> str | None:
        value = self._c.execute(
            select(tiers_t.c.product_rate_plan_charge_id).where(
                tiers_t.c.tenant_id == tenant_id, tiers_t.c.id == tier_id
            )
        ).scalar_one_or_none()
        return str(value) if value is not None else None


def _replace_tiers(
    charge: ProductRatePlanCharge, tiers: tuple[ChargeTier, ...]
) -> ProductRatePlanCharge:
    return replace(charge, tiers=tiers)
