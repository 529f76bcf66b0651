"""The catalog browser: products, their plans and charges, each charge's prices per
currency."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from zorders.console.pages.common import PAGE_SIZE, page_number, reading
from zorders.console.viewer import Viewer
from zorders.domain.catalog.status import effective_status, plan_status
from zorders.services import catalog


def catalog_page(viewer: Viewer, request: Request) -> dict[str, Any]:
    page = page_number(request)
    today = viewer.ctx.today
    with reading(viewer) as uow:
        found = catalog.list_products(uow, viewer.ctx, page=page, page_size=PAGE_SIZE)
    return {
        "title": "Catalog",
        "products": found.products,
        "page": page,
        "more": found.has_more,
        "product_status": {
            t.product.id: effective_status(
                t.product.effective_start_date, t.product.effective_end_date, today
            ).value
            for t in found.products
        },
        "plan_status": {
            p.plan.id: plan_status(p.plan, today).value for t in found.products for p in t.plans
        },
    }
