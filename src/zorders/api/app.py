"""The FastAPI application."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager

from fastapi import APIRouter, FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp

from zorders import __version__
from zorders.api import handlers
from zorders.api.actions import subscribe as subscribe_action
from zorders.api.deps import ApiDependencies
from zorders.api.middleware.auth import AuthenticationMiddleware
from zorders.api.middleware.body_limit import BodyLimitMiddleware
from zorders.api.middleware.context import CatchAllMiddleware, RequestContextMiddleware
from zorders.api.middleware.entities import EntityHeadersMiddleware
from zorders.api.middleware.gzip_request import GzipRequestMiddleware
from zorders.api.middleware.idempotency import IdempotencyMiddleware
from zorders.api.middleware.outside import OutsideMount
from zorders.api.middleware.zuora_limits import ZuoraLimitsMiddleware
from zorders.api.object_query import routes as object_query
from zorders.api.openapi import install as install_openapi
from zorders.api.routes import (
    account_crud,
    accounts,
    amendments,
    async_orders,
    batch_query,
    bill_run_crud,
    bill_runs,
    billing,
    catalog,
    catalog_crud,
    catalog_crud_charges,
    clock,
    fulfillments,
    health,
    legacy_subscriptions,
    line_items,
    oauth,
    operation_jobs,
    orders,
    payment_method_crud,
    payment_methods,
    payments,
    query,
    subscriptions,
    tenants,
)
from zorders.api.v2 import async_requests as v2_async
from zorders.api.v2 import routes_accounts as v2_accounts
from zorders.api.v2 import routes_catalog as v2_catalog
from zorders.api.v2 import routes_invoices as v2_invoices
from zorders.api.v2 import routes_line_items as v2_line_items
from zorders.api.v2 import routes_order_preview as v2_preview
from zorders.api.v2 import routes_orders as v2_orders
from zorders.api.v2 import routes_subscriptions as v2_subscriptions
from zorders.api.wire import ZuoraJSONResponse

# Responses over 1000 bytes are compressed for clients that accept gzip (spec §1.3).
GZIP_OVER_BYTES = 1000
CONSOLE_PREFIX = "/console"


def create_app(
    deps: ApiDependencies,
    extra_routers: Iterable[APIRouter] = (),
    *,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
    console: ASGIApp | None = None,
) -> FastAPI:
    """The API; `lifespan` runs around the app's life (`zorders serve` starts and stops its
    embedded worker there); `console`, when given, answers under `/console`, outside the
    API's middleware."""
    app = FastAPI(
        lifespan=lifespan,
        default_response_class=ZuoraJSONResponse,
        title="zorders",
        version=__version__,
        description="A self-hosted, Zuora-compatible Orders and subscription-billing service.",
    )
    app.state.deps = deps
    handlers.install(app)
    for router in (
        oauth.router,
        health.router,
        catalog_crud.router,
        catalog_crud_charges.router,
        catalog.router,
        v2_catalog.router,
        accounts.router,
        account_crud.router,
        operation_jobs.router,
        query.router,
        batch_query.router,
        async_orders.router,
        orders.router,
        line_items.router,
        subscriptions.router,
        legacy_subscriptions.router,
        amendments.router,
        billing.router,
        fulfillments.router,
        payments.router,
        payment_methods.router,
        payment_method_crud.router,
        bill_runs.router,
        bill_run_crud.router,
        clock.router,
        tenants.router,
        v2_accounts.router,
        v2_preview.router,
        v2_orders.router,
        v2_async.router,
        v2_line_items.router,
        v2_subscriptions.router,
        v2_invoices.router,
        subscribe_action.router,
        object_query.router,
        *extra_routers,
    ):
        app.include_router(router)
    install_openapi(app)
    # add_middleware puts each new one outermost: this list reads innermost first.
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(IdempotencyMiddleware, uow_factory=deps.uow_factory, clock=deps.wall_clock)
    app.add_middleware(EntityHeadersMiddleware)
    app.add_middleware(ZuoraLimitsMiddleware, clock=deps.wall_clock, limiter=deps.zuora_limiter)
    app.add_middleware(
        AuthenticationMiddleware, uow_factory=deps.uow_factory, clock=deps.wall_clock
    )
    app.add_middleware(GzipRequestMiddleware, max_bytes=deps.settings.max_body_bytes)
    app.add_middleware(BodyLimitMiddleware, max_bytes=deps.settings.max_body_bytes)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_OVER_BYTES + 1)
    app.add_middleware(RequestContextMiddleware)
    if console is not None:
        app.add_middleware(OutsideMount, prefix=CONSOLE_PREFIX, mounted=console)
    return app
