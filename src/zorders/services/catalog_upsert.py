"""Create-or-update of one product, rate plan or charge, shared by the catalog file
(services/catalog_file.py) and the Zuora catalog import (services/catalog_import.py).

An object is matched by its id when the document gives one (decisions.md CI2: an id
not in the tenant creates the object with that id); without an id, a product by SKU, a
plan within its product by number (else name), a charge within its plan by number (else
name). Nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zorders.domain.catalog.model import Product, ProductRatePlan, ProductRatePlanCharge
from zorders.services import catalog
from zorders.services.catalog_nodes import LoadReport
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork


def _by_number_or_name(
    number: str | None, name: str, candidates: Sequence[Any], number_attr: str
) -> Any:
    for candidate in candidates:
        if number is not None and getattr(candidate, number_attr) == number:
            return candidate
    if number is None:
        for candidate in candidates:
            if candidate.name == name:
                return candidate
    return None


def upsert_product(
    uow: UnitOfWork,
    ctx: CommandContext,
    given_id: str | None,
    values: dict[str, Any],
    report: LoadReport,
) -> Product:
    if given_id is not None:
        existing = uow.catalog.get_product(ctx.tenant_id, given_id)
    else:
        found = uow.catalog.find_product(ctx.tenant_id, values["sku"])
        existing = found if found is not None and found.sku == values["sku"] else None
    if existing is not None:
        report.products_updated += 1
        return catalog.update_product(uow, ctx, existing.id, values)
    report.products_created += 1
    return catalog.create_product(uow, ctx, id=given_id, **values)


def upsert_plan(
    uow: UnitOfWork,
    ctx: CommandContext,
    given_id: str | None,
    product_id: str,
    values: dict[str, Any],
    report: LoadReport,
) -> ProductRatePlan:
    if given_id is not None:
        existing = uow.catalog.get_plan(ctx.tenant_id, given_id)
    else:
        plans = uow.catalog.list_plans(ctx.tenant_id, [product_id])
        number = values.get("product_rate_plan_number")
        existing = _by_number_or_name(number, values["name"], plans, "product_rate_plan_number")
    if existing is not None:
        report.plans_updated += 1
        return catalog.update_plan(uow, ctx, existing.id, {**values, "product_id": product_id})
    report.plans_created += 1
    return catalog.create_plan(uow, ctx, id=given_id, product_id=product_id, **values)


def upsert_charge(
    uow: UnitOfWork,
    ctx: CommandContext,
    given_id: str | None,
    plan_id: str,
    values: dict[str, Any],
    report: LoadReport,
) -> ProductRatePlanCharge:
    if given_id is not None:
        existing = uow.catalog.get_charge(ctx.tenant_id, given_id)
    else:
        charges = uow.catalog.list_charges(ctx.tenant_id, [plan_id])
        number = values.get("product_rate_plan_charge_number")
        existing = _by_number_or_name(
            number, values["name"], charges, "product_rate_plan_charge_number"
        )
    if existing is not None:
        report.charges_updated += 1
        changes = {**values, "product_rate_plan_id": plan_id}
        return catalog.update_charge(uow, ctx, existing.id, changes)
    report.charges_created += 1
    return catalog.create_charge(uow, ctx, id=given_id, product_rate_plan_id=plan_id, **values)
