"""The v2 catalog (spec §13.3): `/v2/products`, `/v2/plans`, `/v2/prices`: create (201),
retrieve, list, update (PATCH) and delete (204), over the catalog services the v1 CRUD
routes use, so a product created here reads in `/v1/catalog/products` and the reverse.

Lists read the tenant's whole catalog (three queries) and page it with the v2 query
mechanism (`api/v2/query.py`): catalogs are small, and one filter/sort/cursor code path
serves every field (QC6).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.v2 import catalog_in, catalog_out, catalog_prices
from zorders.api.v2.catalog_bodies import PlanBody, PriceBody, ProductBody
from zorders.api.v2.catalog_resources import PLANS, PRICES, PRODUCTS
from zorders.api.v2.paging import page
from zorders.api.v2.query import Query, query_of, select
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.catalog.model import Product, ProductRatePlan, ProductRatePlanCharge
from zorders.services import catalog
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

router = APIRouter(route_class=ZuoraRoute, tags=["v2 catalog"])


def _created(payload: dict[str, Any]) -> ZuoraJSONResponse:
    return ZuoraJSONResponse(payload, status_code=201)


def _listed(data: list[dict[str, Any]]) -> dict[str, Any]:
    return {"data": data, "next_page": None}


# -- views with their expansions ----------------------------------------------------------


def _price_views(
    plan: ProductRatePlan, charges: list[ProductRatePlanCharge], query: Query
) -> list[dict[str, Any]]:
    names = query.related_fields.get("prices")
    return [
        select(catalog_out.price(c, plan.product_id), Query(fields=names), PRICES) for c in charges
    ]


def _plan_view(
    plan: ProductRatePlan,
    charges: list[ProductRatePlanCharge] | None,
    product: Product | None,
    query: Query,
    ctx: CommandContext,
) -> dict[str, Any]:
    view = catalog_out.plan(plan, ctx.today)
    if charges is not None:
        view["prices"] = _listed(_price_views(plan, charges, query))
    if product is not None:
        view["product"] = catalog_out.product(product, ctx.today)
    return view


def _plan_views(
    uow: UnitOfWork, ctx: CommandContext, plans: list[ProductRatePlan], query: Query
) -> list[dict[str, Any]]:
    charges: dict[str, list[ProductRatePlanCharge]] = {}
    if query.expands("prices"):
        for charge in uow.catalog.list_charges(ctx.tenant_id, [p.id for p in plans]):
            charges.setdefault(charge.product_rate_plan_id, []).append(charge)
    products: dict[str, Product] = {}
    if query.expands("product"):
        for product_id in {p.product_id for p in plans}:
            found = uow.catalog.get_product(ctx.tenant_id, product_id)
            if found is not None:
                products[product_id] = found
    return [
        _plan_view(
            p,
            charges.get(p.id, []) if query.expands("prices") else None,
            products.get(p.product_id),
            query,
            ctx,
        )
        for p in plans
    ]


def _product_views(
    uow: UnitOfWork, ctx: CommandContext, products: list[Product], query: Query
) -> list[dict[str, Any]]:
    with_plans = query.expands("plans") or query.expands("plans.prices")
    trees = catalog.product_trees(uow, ctx, products) if with_plans else None
    views = []
    for index, product in enumerate(products):
        view = catalog_out.product(product, ctx.today)
        if trees is not None:
            plans = []
            for branch in trees[index].plans:
                charges = list(branch.charges) if query.expands("plans.prices") else None
                plan_view = _plan_view(branch.plan, charges, None, query, ctx)
                plans.append(plan_view)
            view["plans"] = _listed(plans)
        views.append(view)
    return views


def _select_product(view: dict[str, Any], query: Query) -> dict[str, Any]:
    out = select(view, query, PRODUCTS)
    if "plans" in view and "plans" in out:  # a plan keeps its prices whatever its fields
        full = {p["id"]: p for p in view["plans"]["data"]}
        for chosen in out["plans"]["data"]:
            if "prices" in full[chosen["id"]]:
                chosen["prices"] = full[chosen["id"]]["prices"]
    return out


def _all_products(uow: UnitOfWork, ctx: CommandContext) -> list[Product]:
    return uow.catalog.list_products(
        ctx.tenant_id, offset=0, limit=uow.catalog.count_products(ctx.tenant_id)
    )


def _all_plans(uow: UnitOfWork, ctx: CommandContext) -> list[ProductRatePlan]:
    return uow.catalog.list_plans(ctx.tenant_id, [p.id for p in _all_products(uow, ctx)])


# -- products -----------------------------------------------------------------------------


def _read_product(
    request: Request, ctx: CommandContext, query: Query, product_id: str
) -> dict[str, Any]:
    with dependencies(request).uow_factory(read_only=True) as uow:
        product = catalog_in.find_product(uow, ctx, product_id)
        return _select_product(_product_views(uow, ctx, [product], query)[0], query)


@router.post("/v2/products", summary="Create a product", status_code=201)
def create_product(
    body: ProductBody,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PRODUCTS, listing=False)),
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        product = catalog_in.create_product(uow, ctx, body)
    return _created(_read_product(request, ctx, query, product.id))


@router.get("/v2/products", summary="List products")
def list_products(
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PRODUCTS, listing=True)),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        views = _product_views(uow, ctx, _all_products(uow, ctx), query)
    listed = page(views, query, PRODUCTS)
    full = {v["id"]: v for v in views}
    listed["data"] = [_select_product(full[v["id"]], query) for v in listed["data"]]
    return ZuoraJSONResponse(listed)


@router.get("/v2/products/{product_id}", summary="Retrieve a product")
def get_product(
    product_id: str,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PRODUCTS, listing=False)),
) -> ZuoraJSONResponse:
    return ZuoraJSONResponse(_read_product(request, ctx, query, product_id))


@router.patch("/v2/products/{product_id}", summary="Update a product")
def update_product(
    product_id: str,
    body: ProductBody,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PRODUCTS, listing=False)),
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        product = catalog_in.find_product(uow, ctx, product_id)
        catalog_in.update_product(uow, ctx, product, body)
    return ZuoraJSONResponse(_read_product(request, ctx, query, product.id))


@router.delete("/v2/products/{product_id}", summary="Delete a product", status_code=204)
def delete_product(
    product_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> Response:
    with unit_of_work(request) as uow:
        product = catalog_in.find_product(uow, ctx, product_id)
        catalog.delete_product(uow, ctx, product.id)
    return Response(status_code=204)


# -- plans --------------------------------------------------------------------------------


def _read_plan(request: Request, ctx: CommandContext, query: Query, key: str) -> dict[str, Any]:
    with dependencies(request).uow_factory(read_only=True) as uow:
        plan = catalog_in.plan_in_path(uow, ctx, key)
        return select(_plan_views(uow, ctx, [plan], query)[0], query, PLANS)


@router.post("/v2/plans", summary="Create a plan", status_code=201)
def create_plan(
    body: PlanBody,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PLANS, listing=False)),
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        plan = catalog_in.create_plan(uow, ctx, body)
    return _created(_read_plan(request, ctx, query, plan.id))


@router.get("/v2/plans", summary="List plans")
def list_plans(
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PLANS, listing=True)),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        views = _plan_views(uow, ctx, _all_plans(uow, ctx), query)
    return ZuoraJSONResponse(page(views, query, PLANS))


@router.get("/v2/plans/{plan_id}", summary="Retrieve a plan")
def get_plan(
    plan_id: str,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PLANS, listing=False)),
) -> ZuoraJSONResponse:
    return ZuoraJSONResponse(_read_plan(request, ctx, query, plan_id))


@router.patch("/v2/plans/{plan_id}", summary="Update a plan")
def update_plan(
    plan_id: str,
    body: PlanBody,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PLANS, listing=False)),
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        plan = catalog_in.plan_in_path(uow, ctx, plan_id)
        catalog_in.update_plan(uow, ctx, plan, body)
    return ZuoraJSONResponse(_read_plan(request, ctx, query, plan.id))


@router.delete("/v2/plans/{plan_id}", summary="Delete a plan", status_code=204)
def delete_plan(
    plan_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> Response:
    with unit_of_work(request) as uow:
        plan = catalog_in.plan_in_path(uow, ctx, plan_id)
        catalog.delete_plan(uow, ctx, plan.id)
    return Response(status_code=204)


# -- prices -------------------------------------------------------------------------------


def _read_price(request: Request, ctx: CommandContext, query: Query, key: str) -> dict[str, Any]:
    with dependencies(request).uow_factory(read_only=True) as uow:
        price = catalog_prices.price_in_path(uow, ctx, key)
        plan = catalog.get_plan(uow, ctx, price.product_rate_plan_id)
    return select(catalog_out.price(price, plan.product_id), query, PRICES)


@router.post("/v2/prices", summary="Create a price", status_code=201)
def create_price(
    body: PriceBody,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PRICES, listing=False)),
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        price = catalog_prices.create_price(uow, ctx, body)
    return _created(_read_price(request, ctx, query, price.id))


@router.get("/v2/prices", summary="List prices")
def list_prices(
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PRICES, listing=True)),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        products = {p.id: p.product_id for p in _all_plans(uow, ctx)}
        charges = uow.catalog.list_charges(ctx.tenant_id, list(products))
        views = [catalog_out.price(c, products[c.product_rate_plan_id]) for c in charges]
    return ZuoraJSONResponse(page(views, query, PRICES))


@router.get("/v2/prices/{price_id}", summary="Retrieve a price")
def get_price(
    price_id: str,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PRICES, listing=False)),
) -> ZuoraJSONResponse:
    return ZuoraJSONResponse(_read_price(request, ctx, query, price_id))


@router.patch("/v2/prices/{price_id}", summary="Update a price")
def update_price(
    price_id: str,
    body: PriceBody,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    query: Query = Depends(query_of(PRICES, listing=False)),
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        price = catalog_prices.price_in_path(uow, ctx, price_id)
        catalog_prices.update_price(uow, ctx, price, body)
    return ZuoraJSONResponse(_read_price(request, ctx, query, price_id))


@router.delete("/v2/prices/{price_id}", summary="Delete a price", status_code=204)
def delete_price(
    price_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> Response:
    with unit_of_work(request) as uow:
        price = catalog_prices.price_in_path(uow, ctx, price_id)
        catalog.delete_charge(uow, ctx, price.id)
    return Response(status_code=204)
