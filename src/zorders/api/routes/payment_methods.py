"""Payment methods of every type (spec §13.5): create (for an account or as an orphan),
retrieve, update, delete, scrub; an account's list (grouped by type) and default."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.response_keys import complete
from zorders.api.schemas.payment_methods import HolderIn, MandateIn, PaymentMethodIn
from zorders.api.views.payment_methods import (
    account_payment_methods_body,
    payment_method_body,
    payment_method_detail,
)
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.services import payment_methods
from zorders.services.context import CommandContext

router = APIRouter(route_class=ZuoraRoute, tags=["Payment Methods"])


class UpdatePaymentMethodIn(PaymentMethodIn):
    """UpdatePaymentMethodRequest: only what is sent changes."""

    accountHolderInfo: HolderIn | None = None
    mandateInfo: MandateIn | None = None


@router.post("/v1/payment-methods", summary="Create a payment method")
def create_payment_method(
    body: PaymentMethodIn, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    """Any type; without `accountKey` the method is an orphan, to be attached by
    `hpmCreditCardPaymentMethodId` or `PUT` with `accountKey`."""
    new = payment_methods.NewPaymentMethod(
        body.to_details(), account_key=body.accountKey, make_default=body.makeDefault
    )
    with unit_of_work(request) as uow:
        method = payment_methods.create_payment_method(
            uow, ctx, dependencies(request).payment_gateway, new
        )
    return ZuoraJSONResponse({"success": True, "id": method.id})


@router.get("/v1/payment-methods/{method_id}", summary="Retrieve a payment method")
def get_payment_method(
    method_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        method = payment_methods.get_method(uow, ctx, method_id)
        account = payment_methods.method_account(uow, ctx, method)
    return ZuoraJSONResponse(payment_method_detail(method, account))


@router.put("/v1/payment-methods/{method_id}", summary="Update a payment method")
def update_payment_method(
    method_id: str,
    body: UpdatePaymentMethodIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    changes = payment_methods.MethodChanges(
        account_key=body.accountKey,
        make_default=body.makeDefault,
        expiration_month=body.expirationMonth,
        expiration_year=body.expirationYear,
        holder=body.accountHolderInfo.to_holder() if body.accountHolderInfo else None,
        mandate=body.mandateInfo.to_mandate(body.existingMandate) if body.mandateInfo else None,
        email=body.email,
    )
    with unit_of_work(request) as uow:
        method = payment_methods.update_payment_method(uow, ctx, method_id, changes)
    return ZuoraJSONResponse({"success": True, "id": method.id})


@router.delete("/v1/payment-methods/{method_id}", summary="Delete a payment method")
def delete_payment_method(
    method_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        payment_methods.delete_payment_method(uow, ctx, method_id)
    return ZuoraJSONResponse({"success": True})


@router.put("/v1/payment-methods/{method_id}/scrub", summary="Scrub a payment method")
def scrub_payment_method(
    method_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        payment_methods.scrub_payment_method(uow, ctx, method_id)
    return ZuoraJSONResponse({"success": True})


@router.get(
    "/v1/accounts/{account_key}/payment-methods", summary="List an account's payment methods"
)
def list_account_payment_methods(
    account_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        account, methods = payment_methods.account_payment_methods(uow, ctx, account_key)
    return ZuoraJSONResponse(
        complete(account_payment_methods_body(account, methods), "GetAccountPaymentMethodResponse")
    )


@router.get(
    "/v1/accounts/{account_key}/payment-methods/default",
    summary="Retrieve an account's default payment method",
)
def get_default_payment_method(
    account_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        account, method = payment_methods.default_payment_method(uow, ctx, account_key)
    body = {"success": True, **payment_method_body(method, account)}
    return ZuoraJSONResponse(complete(body, "GetPaymentMethodForAccountResponse"))
