"""What a billing document's items are read with beside the item: the product SKU of
each catalog charge they bill (decision RS9, `sku`) and the subscription version they
billed (RK7, `subscriptionId`)."""

from __future__ import annotations

from collections.abc import Iterable

from zorders.domain.billing.documents import BillingDocument
from zorders.domain.billing.items import DocumentItem
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork


def skus_of(uow: UnitOfWork, ctx: CommandContext, document: BillingDocument) -> dict[str, str]:
    """Catalog charge id -> its product's SKU (charges no longer in the catalog: absent)."""
    return skus_of_items(uow, ctx, document.items)


def skus_of_items(
    uow: UnitOfWork, ctx: CommandContext, items: Iterable[DocumentItem]
) -> dict[str, str]:
    """The same for items of any documents (a billing preview's)."""
    out: dict[str, str] = {}
    products: dict[str, str | None] = {}
    ids = sorted({e.item.product_rate_plan_charge_id for e in items} - {""})
    for charge_id in ids:
        charge = uow.catalog.get_charge(ctx.tenant_id, charge_id)
        if charge is None:
            continue
        plan_id = charge.product_rate_plan_id
        if plan_id not in products:
            plan = uow.catalog.get_plan(ctx.tenant_id, plan_id)
            product = uow.catalog.get_product(ctx.tenant_id, plan.product_id) if plan else None
            products[plan_id] = product.sku if product else None
        sku = products[plan_id]
        if sku is not None:
            out[charge_id] = sku
    return out


def subscription_ids_of(
    uow: UnitOfWork, ctx: CommandContext, document: BillingDocument
) -> dict[str, str]:
    """Subscription number -> the id of the version a document's items billed: the newest
    version stored no later than the document (billing reads the latest version in the
    transaction that makes the document), decision RK7. Invoice items answer it as
    `subscriptionId`."""
    out: dict[str, str] = {}
    numbers = sorted({e.item.subscription_number for e in document.items} - {""})
    for number in numbers:
        latest = uow.subscriptions.latest(ctx.tenant_id, number)
        if latest is None:
            continue
        out[number] = latest.id
        if document.created_at is None:
            continue
        for version in range(latest.version, 0, -1):
            found = uow.subscriptions.version(ctx.tenant_id, number, version)
            if found is None:
                continue
            stored = uow.subscriptions.created_at(ctx.tenant_id, found.id)
            if stored is None or stored <= document.created_at:
                out[number] = found.id
                break
    return out
