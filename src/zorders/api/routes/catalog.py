"""Catalog reads in the REST words (spec §13.2): products, their rate plans and charges."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.paging import next_page_url, page_params
from zorders.api.response_keys import complete
from zorders.api.version_gates import gate
from zorders.api.views import catalog as views
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.services import catalog
from zorders.services.context import CommandContext

router = APIRouter(route_class=ZuoraRoute, tags=["Catalog"])

DEFAULT_PAGE_SIZE = 10


def _product(tree: catalog.ProductTree, ctx: CommandContext) -> dict[str, Any]:
    """Below 230.0 (and with no header) the plans are embedded, from it on their URL."""
    if gate("catalog_plan_urls").applies(ctx.version):
        return views.rest_product(tree.product)
    return views.rest_product(tree.product, tree.plans, ctx.today)


@router.get("/v1/catalog/products", summary="List all products")
def list_products(
    request: Request,
    page: int = 1,
    pageSize: int = DEFAULT_PAGE_SIZE,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    page, size = page_params(page, pageSize)
    with dependencies(request).uow_factory(read_only=True) as uow:
        result = catalog.list_products(uow, ctx, page=page, page_size=size)
    body: dict[str, Any] = {
        "products": [_product(tree, ctx) for tree in result.products],
        "success": True,
    }
    if result.has_more:
        body["nextPage"] = next_page_url(request, page, size)
    return ZuoraJSONResponse(complete(body, "GetProductsResponse"))


@router.get("/v1/catalog/product/{product_key}", summary="Retrieve a product")
def get_product(
    product_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    """By id, SKU or product number."""
    with dependencies(request).uow_factory(read_only=True) as uow:
        tree = catalog.product_tree(uow, ctx, catalog.find_product(uow, ctx, product_key))
    body = {**_product(tree, ctx), "success": True}
    return ZuoraJSONResponse(complete(body, "GetProductResponse"))


@router.get("/v1/rateplan/{product_key}/productRatePlan", summary="List product rate plans")
def list_product_rate_plans(
    product_key: str,
    request: Request,
    page: int = 1,
    pageSize: int = DEFAULT_PAGE_SIZE,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    page, size = page_params(page, pageSize)
    with dependencies(request).uow_factory(read_only=True) as uow:
        product = catalog.find_product(uow, ctx, product_key)
        tree = catalog.product_tree(uow, ctx, product)
    start = (page - 1) * size
    plans = tree.plans[start : start + size]
    body: dict[str, Any] = {
        "productRatePlans": [views.rest_plan(p.plan, p.charges, ctx.today) for p in plans],
        "success": True,
    }
    if len(tree.plans) > start + size:
        body["nextPage"] = next_page_url(request, page, size)
    return ZuoraJSONResponse(complete(body, "GetProductRatePlansByProductResponse"))


@router.get("/v1/product-rate-plans/{id}", summary="Retrieve a product rate plan")
def get_product_rate_plan(
    id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        tree = catalog.plan_tree(uow, ctx, id)
    return ZuoraJSONResponse(
        complete(
            # The plan alone: GetProductRatePlanResponse has no charges (RK3); they are in
            # /v1/rateplan/{key}/productRatePlan and the CRUD charge.
            {**views.rest_plan(tree.plan, None, ctx.today), "success": True},
            "GetProductRatePlanResponse",
        )
    )
