"""Customer accounts, as Zuora's v1 account endpoints (spec §13.1).

Sync functions: FastAPI runs them in its thread pool. Errors are DomainErrors, which the
shared handlers turn into Zuora's envelope; amounts leave as exact JSON numbers.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.response_keys import complete
from zorders.api.schemas.accounts import CreateAccountRequest, UpdateAccountRequest
from zorders.api.views.accounts import created_body, detail_body, summary_body
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.services import account_signup
from zorders.services import accounts as account_service
from zorders.services.account_deletion import delete_account as delete_account_service
from zorders.services.context import CommandContext

router = APIRouter(prefix="/v1/accounts", tags=["Accounts"], route_class=ZuoraRoute)


@router.post("")
def create_account(
    body: CreateAccountRequest,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    deps = dependencies(request)
    draft, method = body.to_draft(), body.payment_method()
    if method is None and draft.payment_method_id is None:
        account = account_service.create(deps.uow_factory, ctx, draft)
    else:
        account = account_signup.create_with_method(
            deps.uow_factory, ctx, deps.payment_gateway, draft, method
        )
    return ZuoraJSONResponse(created_body(account))


@router.get("/{account_key}")
def get_account(
    account_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    account = account_service.get(dependencies(request).uow_factory, ctx, account_key)
    return ZuoraJSONResponse(complete(detail_body(account), "AccountDetailResponse"))


@router.put("/{account_key}")
def update_account(
    account_key: str,
    body: UpdateAccountRequest,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    account_service.update(
        dependencies(request).uow_factory,
        ctx,
        account_key,
        body.to_update(),
        contact_ids=body.contact_ids(),
    )
    return ZuoraJSONResponse({"success": True})


@router.get("/{account_key}/summary")
def get_account_summary(
    account_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    summary = account_service.summary(dependencies(request).uow_factory, ctx, account_key)
    return ZuoraJSONResponse(complete(summary_body(summary), "AccountSummaryResponse"))


@router.delete("/{account_key}")
def delete_account(
    account_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    """Zuora's rules and its asynchronous answer; the work is done when it answers
    (decision RS3): DeleteAccountResponse with `jobStatus` Completed."""
    done = delete_account_service(dependencies(request).uow_factory, ctx, account_key)
    body = {
        "success": True,
        "id": done.account.id,
        "jobId": done.job_id,
        "jobStatus": "Completed",
    }
    return ZuoraJSONResponse(complete(body, "DeleteAccountResponse"))
