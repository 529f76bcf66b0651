"""`GET /v2/subscriptions` and `GET /v2/subscriptions/{subscription_id}` (Zuora's Quickstart
"List subscriptions" and "Retrieve a subscription"): the v2 view of the versions the v1
and v2 orders make, read with the same services as `/v1/subscriptions/{key}`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.v2.paging import page
from zorders.api.v2.query import Query, query_of
from zorders.api.v2.subscription_resource import (
    SUBSCRIPTIONS,
    all_versions,
    effective,
    nested,
    selected,
    subscription_view,
)
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.accounts import Account
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.context import CommandContext
from zorders.services.orders import reads
from zorders.services.ports import UnitOfWork

router = APIRouter(prefix="/v2/subscriptions", tags=["v2 Subscriptions"], route_class=ZuoraRoute)

_one = query_of(SUBSCRIPTIONS, listing=False)
_many = query_of(SUBSCRIPTIONS, listing=True)


class _Accounts:
    """Accounts by id, each read once per request."""

    def __init__(self, uow: UnitOfWork, ctx: CommandContext) -> None:
        self._uow, self._ctx = uow, ctx
        self._seen: dict[str, Account | None] = {}

    def __call__(self, account_id: str) -> Account | None:
        if account_id not in self._seen:
            self._seen[account_id] = self._uow.accounts.get(self._ctx.tenant_id, account_id)
        return self._seen[account_id]


@router.get("", summary="List subscriptions")
def list_subscriptions(
    request: Request,
    query: Query = Depends(_many),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    asked = effective(query)
    with dependencies(request).uow_factory(read_only=True) as uow:
        stored = reads.subscription_versions(uow, ctx, latest_only=not all_versions(query))
        accounts = _Accounts(uow, ctx)
        views = [subscription_view(s, query, ctx.today, accounts) for s in stored]
    listed = page(views, asked, SUBSCRIPTIONS)
    listed["data"] = [nested(s, asked) for s in listed["data"]]
    return ZuoraJSONResponse(listed)


@router.get("/{subscription_id}", summary="Retrieve a subscription")
def get_subscription(
    subscription_id: str,
    request: Request,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    """A number gives the latest version, an id that version (as `/v1/subscriptions`)."""
    with dependencies(request).uow_factory(read_only=True) as uow:
        try:
            read = reads.read_subscription(uow, ctx, subscription_id)
        except DomainError as error:
            if error.code is ErrorCode.SUBSCRIPTION_NOT_FOUND:
                raise DomainError(error.code, error.message, "subscription_id") from None
            raise
        version = read.subscription
        created_at = uow.subscriptions.created_at(ctx.tenant_id, version.id)
        assert created_at is not None, "a version just read is stored"
        stored = reads.StoredVersion(version, read.latest_version, created_at)
        view = subscription_view(stored, query, ctx.today, _Accounts(uow, ctx))
    return ZuoraJSONResponse(selected(view, effective(query)))
