"""Disposable tenants (issue 11; decisions.md T6, T7): `POST /zorders/v1/tenants` and
`DELETE /zorders/v1/tenants/{id}`. Allowed in test mode, or to a caller whose bearer
token is ZORDERS_ADMIN_TOKEN; otherwise 404 (401 when an admin token is configured and
the caller does not present it)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Coroutine
from decimal import Decimal
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.routing import APIRoute
from pydantic import ConfigDict, Field
from starlette.exceptions import HTTPException

from zorders.api.deps import dependencies
from zorders.api.errors import AUTHENTICATION_ERROR_MESSAGE
from zorders.api.routes.clock import parse_instant
from zorders.api.schemas.orders import Wire
from zorders.api.wire import LimitViolation, ZuoraJSONResponse
from zorders.domain.billing.proration import ProrationRule
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import MAX_TIME_ZONE_CHARS, check_document, check_text
from zorders.services import disposable_tenants
from zorders.services.catalog_import import parse_catalog_text
from zorders.services.disposable_tenants import NewTenant
from zorders.services.ids import new_request_id
from zorders.services.tenants import BusinessErrors, TenantSettings, validate_time_zone
from zorders.services.zuora_limits import ZuoraLimits

# The longest catalog text accepted (the request body limit bounds it too).
MAX_CATALOG_CHARS = 1_000_000


class _CatalogTextRequest(Request):
    """The body checked against the limits table like every route's, but for `catalog`:
    a document of its own, held to MAX_CATALOG_CHARS here and checked value by value by
    the catalog loader (as a catalog file is)."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            document = json.loads(await self.body(), parse_float=Decimal)
            catalog = document.pop("catalog", None) if isinstance(document, dict) else None
            try:
                checked = check_document(document)
                if isinstance(catalog, str):
                    catalog = check_text(catalog, "catalog", MAX_CATALOG_CHARS)
            except DomainError as error:
                raise LimitViolation(error) from None
            if catalog is not None:
                checked["catalog"] = catalog
            self._json = checked
        return self._json


class _TenantsRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def catalog_text_handler(request: Request) -> Response:
            return await handler(_CatalogTextRequest(request.scope, request.receive))

        return catalog_text_handler


router = APIRouter(route_class=_TenantsRoute, tags=["Test tenants"])
PRORATION = {"actual": ProrationRule.ACTUAL_DAYS, "thirty": ProrationRule.THIRTY_DAYS}


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def tenant_admin(request: Request) -> None:
    """Test mode, or the admin token (compared in constant time)."""
    settings = dependencies(request).settings
    token = _bearer(request)
    admin = settings.admin_token
    if admin is not None and token is not None and hmac.compare_digest(token, admin):
        return
    if settings.test_mode:
        return
    if admin is None:
        raise HTTPException(404)
    raise DomainError(ErrorCode.AUTHENTICATION_FAILED, AUTHENTICATION_ERROR_MESSAGE)


class SettingsIn(Wire):
    model_config = ConfigDict(extra="forbid")
    proration: Literal["actual", "thirty"] | None = None
    require_service_activation: bool | None = None
    require_customer_acceptance: bool | None = None
    business_errors: Literal["http-4xx", "http-200"] | None = None
    zuora_limits: Literal["off", "production", "developer-sandbox", "api-sandbox"] | None = None

    def settings(self) -> TenantSettings:
        default = TenantSettings()
        return TenantSettings(
            require_service_activation=bool(self.require_service_activation),
            require_customer_acceptance=bool(self.require_customer_acceptance),
            proration=PRORATION[self.proration] if self.proration else default.proration,
            business_errors=BusinessErrors(self.business_errors)
            if self.business_errors
            else default.business_errors,
            zuora_limits=ZuoraLimits(self.zuora_limits)
            if self.zuora_limits
            else default.zuora_limits,
        )


class CreateTenantIn(Wire):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=100)
    now: str | None = Field(default=None, max_length=64)
    # A YAML catalog file or a Zuora `GET /v1/catalog/products` export (text, or the JSON
    # itself: one page or a list of pages).
    catalog: str | dict[str, Any] | list[Any] | None = Field(default=None)
    settings: SettingsIn | None = None
    time_zone: str | None = Field(default=None, max_length=MAX_TIME_ZONE_CHARS)


def _catalog(value: str | dict[str, Any] | list[Any] | None) -> Any:
    """A YAML catalog file or a Zuora catalog export (JSON), as text or as JSON itself."""
    if value is None or not isinstance(value, str):
        return value
    try:
        return parse_catalog_text(value)
    except ValueError as err:
        raise DomainError(ErrorCode.INVALID_VALUE, str(err), "catalog") from None


@router.post(
    "/zorders/v1/tenants",
    summary="Create a disposable tenant",
    dependencies=[Depends(tenant_admin)],
)
def create(body: CreateTenantIn, request: Request) -> ZuoraJSONResponse:
    deps = dependencies(request)
    # A bare date for `now` is midnight in the tenant's zone.
    zone_name = validate_time_zone(body.time_zone) if body.time_zone is not None else None
    new = NewTenant(
        name=body.name,
        now=parse_instant(body.now, "now", zone_name) if body.now is not None else None,
        catalog=_catalog(body.catalog),
        settings=body.settings.settings() if body.settings is not None else None,
        time_zone=zone_name,
    )
    created = disposable_tenants.create_disposable_tenant(
        deps.uow_factory,
        deps.tenant_clock,
        new,
        getattr(request.state, "request_id", "") or new_request_id(),
    )
    c = created.credentials
    return ZuoraJSONResponse(
        {
            "tenantId": c.tenant_id,
            "name": c.name,
            "entityId": c.entity_id,
            "clientId": c.client_id,
            "clientSecret": c.client_secret,
            "now": created.now,
            "timeZone": created.time_zone,
            "success": True,
        }
    )


@router.delete(
    "/zorders/v1/tenants/{tenant_id}",
    summary="Delete a tenant and all its rows",
    dependencies=[Depends(tenant_admin)],
)
def delete(tenant_id: str, request: Request) -> ZuoraJSONResponse:
    deps = dependencies(request)
    disposable_tenants.delete_tenant(deps.uow_factory, tenant_id)
    return ZuoraJSONResponse({"success": True})
