"""`/v2/accounts` (spec §12.1, §12.2 `account_data`): create, get by id or number, list,
patch — over the same account services as `/v1/accounts`, so an account made in either
dialect reads in both. Create answers 201 with the object, as Zuora's Quickstart
OpenAPI declares for Create an account (decision QA7)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.v2.account_views import ACCOUNTS, account_view, payment_method_view
from zorders.api.v2.accounts import AccountCreate, AccountPatch
from zorders.api.v2.paging import page
from zorders.api.v2.query import Query, query_of, select
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.accounts import Account
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import account_signup, payment_methods
from zorders.services import accounts as account_service
from zorders.services.context import CommandContext

router = APIRouter(prefix="/v2/accounts", tags=["v2 Accounts"], route_class=ZuoraRoute)

_one = query_of(ACCOUNTS, listing=False)


def _path_key(error: DomainError) -> DomainError:
    """An account the path names that is not there names the path parameter (as the v2
    catalog routes do: `product_id`, `price_id`)."""
    if error.code is ErrorCode.ACCOUNT_NOT_FOUND and error.field is None:
        return DomainError(error.code, error.message, "account_id")
    return error


_many = query_of(ACCOUNTS, listing=True)


def _view(request: Request, ctx: CommandContext, account: Account, query: Query) -> dict[str, Any]:
    view = account_view(account)
    if query.expands("payment_methods") or query.expands("default_payment_method"):
        with dependencies(request).uow_factory(read_only=True) as uow:
            _, methods = payment_methods.account_payment_methods(uow, ctx, account.id)
        if query.expands("payment_methods"):
            view["payment_methods"] = {
                "data": [payment_method_view(m) for m in methods],
                "next_page": None,
            }
        if query.expands("default_payment_method"):
            default = next((m for m in methods if m.id == account.default_payment_method_id), None)
            view["default_payment_method"] = payment_method_view(default) if default else None
    return view


@router.post("", summary="Create an account", status_code=201)
def create_account(
    body: AccountCreate,
    request: Request,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    deps = dependencies(request)
    card = body.card()
    account = account_signup.create_with_card(
        deps.uow_factory,
        ctx,
        deps.payment_gateway,
        body.to_draft(),
        card[0] if card else None,
        card[1] if card else None,
    )
    return ZuoraJSONResponse(
        select(_view(request, ctx, account, query), query, ACCOUNTS), status_code=201
    )


@router.get("", summary="List accounts")
def list_accounts(
    request: Request,
    query: Query = Depends(_many),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    accounts = account_service.list_accounts(dependencies(request).uow_factory, ctx)
    views = [_view(request, ctx, a, query) for a in accounts]
    return ZuoraJSONResponse(page(views, query, ACCOUNTS))


@router.get("/{account_id}", summary="Retrieve an account")
def get_account(
    account_id: str,
    request: Request,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    try:
        account = account_service.get(dependencies(request).uow_factory, ctx, account_id)
    except DomainError as error:
        raise _path_key(error) from None
    return ZuoraJSONResponse(select(_view(request, ctx, account, query), query, ACCOUNTS))


@router.patch("/{account_id}", summary="Update an account")
def update_account(
    account_id: str,
    body: AccountPatch,
    request: Request,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    try:
        account = account_service.update(
            dependencies(request).uow_factory, ctx, account_id, body.to_update()
        )
    except DomainError as error:
        raise _path_key(error) from None
    return ZuoraJSONResponse(select(_view(request, ctx, account, query), query, ACCOUNTS))
