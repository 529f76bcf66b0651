"""Subscription reads (spec §13.4): by number or id, by version, by account."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.paging import next_page_url, page_params
from zorders.api.response_keys import complete
from zorders.api.v1.orders import checked_custom_fields, v1_errors
from zorders.api.views.subscriptions import ChargeDetail, subscription_body
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import MAX_VERSION
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext
from zorders.services.orders import reads as order_reads

router = APIRouter(route_class=ZuoraRoute, tags=["Subscriptions"])


def _detail(value: str | None, as_of: date | None) -> ChargeDetail:
    if value is None:
        return ChargeDetail.LAST_SEGMENT
    try:
        detail = ChargeDetail(value)
    except ValueError:
        raise DomainError(
            ErrorCode.INVALID_QUERY_PARAMETER,
            "'charge-detail' value should be one of: " + ", ".join(d.value for d in ChargeDetail),
            "charge-detail",
        ) from None
    if detail is ChargeDetail.SPECIFIC_SEGMENT and as_of is None:
        raise DomainError(
            ErrorCode.MISSING_PARAMETER,
            "'as-of-date' is required with charge-detail=specific-segment",
            "as-of-date",
        )
    return detail


def _one(
    request: Request,
    ctx: CommandContext,
    key: str,
    version: int | None,
    charge_detail: str | None,
    as_of: date | None,
) -> ZuoraJSONResponse:
    detail = _detail(charge_detail, as_of)
    with dependencies(request).uow_factory(read_only=True) as uow:
        read = order_reads.read_subscription(uow, ctx, key, version)
    return ZuoraJSONResponse(
        complete(
            subscription_body(
                read.subscription,
                today=ctx.today,
                latest_version=read.latest_version,
                owner=read.owner,
                invoice_owner=read.invoice_owner,
                detail=detail,
                as_of=as_of,
                facts=read.facts,
            ),
            "GetSubscriptionResponse",
        )
    )


@router.get("/v1/subscriptions/{subscription_key}", summary="Retrieve a subscription")
def get_subscription(
    subscription_key: str,
    request: Request,
    charge_detail: str | None = Query(default=None, alias="charge-detail"),
    as_of_date: date | None = Query(default=None, alias="as-of-date"),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    """A number gives the latest version; an id gives that version."""
    return _one(request, ctx, subscription_key, None, charge_detail, as_of_date)


@router.get(
    "/v1/subscriptions/{subscription_key}/versions/{version}",
    summary="Retrieve a version of a subscription",
)
def get_subscription_version(
    subscription_key: str,
    version: Annotated[int, Path(ge=1, le=MAX_VERSION)],
    request: Request,
    charge_detail: str | None = Query(default=None, alias="charge-detail"),
    as_of_date: date | None = Query(default=None, alias="as-of-date"),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    return _one(request, ctx, subscription_key, version, charge_detail, as_of_date)


@router.get("/v1/subscriptions/accounts/{account_key}", summary="Subscriptions of an account")
def get_account_subscriptions(
    account_key: str,
    request: Request,
    page: int = 1,
    pageSize: int = 20,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    page, size = page_params(page, pageSize)
    with dependencies(request).uow_factory(read_only=True) as uow:
        account = find_account(uow, ctx.tenant_id, account_key)
        reads = order_reads.subscriptions_of_account(
            uow, ctx, account, offset=(page - 1) * size, limit=size + 1
        )
    items = []
    for read in reads[:size]:
        item = subscription_body(
            read.subscription,
            today=ctx.today,
            latest_version=read.latest_version,
            owner=read.owner,
            invoice_owner=read.invoice_owner,
            facts=read.facts,
        )
        item.pop("success", None)
        items.append(item)
    body: dict[str, Any] = {"success": True, "subscriptions": items}
    if len(reads) > size:
        body["nextPage"] = next_page_url(request, page, size)
    return ZuoraJSONResponse(complete(body, "GetSubscriptionsResponse"))


@router.put(
    "/v1/subscriptions/{subscription_number}/customFields",
    summary="Update subscription custom fields",
)
def update_subscription_custom_fields(
    subscription_number: str,
    body: dict[str, Any],
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    custom = body.get("customFields") or {}
    if not isinstance(custom, dict):
        raise DomainError(
            ErrorCode.INVALID_VALUE, "'customFields' must be an object", "customFields"
        )
    custom = checked_custom_fields(custom)
    with v1_errors(), unit_of_work(request) as uow:
        order_reads.update_subscription_custom_fields(uow, ctx, subscription_number, custom)
    return ZuoraJSONResponse({"success": True})
