"""Payment methods through Zuora's CRUD object API: `/v1/object/payment-method` (create,
retrieve, update, delete), PascalCase fields, `{Success, Id}` answers. The same typed
requests and services as `POST /v1/payment-methods`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Request

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.schemas.payment_method_crud import crud_payment_method, v1_body
from zorders.api.schemas.payment_methods import PaymentMethodIn
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import payment_methods
from zorders.services.context import CommandContext

router = APIRouter(route_class=ZuoraRoute, tags=["Payment Methods (CRUD)"])


def _request(raw: Any, reject_unknown: bool) -> PaymentMethodIn:
    if not isinstance(raw, dict):
        raise DomainError(ErrorCode.INVALID_VALUE, "The body must be a JSON object.", "body")
    try:
        return PaymentMethodIn.model_validate(v1_body(raw, reject_unknown=reject_unknown))
    except ValueError as error:
        raise DomainError(
            ErrorCode.INVALID_VALUE, f"Not a valid payment method: {error}", "body"
        ) from None


@router.post("/v1/object/payment-method", summary="CRUD: Create a payment method")
def create(
    request: Request,
    raw: Any = Body(...),
    rejectUnknownFields: bool = False,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    body = _request(raw, rejectUnknownFields)
    new = payment_methods.NewPaymentMethod(body.to_details(), account_key=body.accountKey)
    with unit_of_work(request) as uow:
        method = payment_methods.create_payment_method(
            uow, ctx, dependencies(request).payment_gateway, new
        )
    return ZuoraJSONResponse({"Success": True, "Id": method.id})


@router.get("/v1/object/payment-method/{id}", summary="CRUD: Retrieve a payment method")
def get(
    id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        method = payment_methods.get_method(uow, ctx, id)
    return ZuoraJSONResponse(crud_payment_method(method))


@router.put("/v1/object/payment-method/{id}", summary="CRUD: Update a payment method")
def update(
    id: str,
    request: Request,
    raw: Any = Body(...),
    rejectUnknownFields: bool = False,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    body = _request(raw, rejectUnknownFields)
    holder = body.accountHolderInfo or body.cardHolderInfo
    changes = payment_methods.MethodChanges(
        account_key=body.accountKey,
        expiration_month=body.expirationMonth,
        expiration_year=body.expirationYear,
        holder=holder.to_holder() if holder else None,
        mandate=body.mandateInfo.to_mandate(body.existingMandate) if body.mandateInfo else None,
        email=body.email,
    )
    with unit_of_work(request) as uow:
        payment_methods.update_payment_method(uow, ctx, id, changes)
    return ZuoraJSONResponse({"Success": True, "Id": id})


@router.delete("/v1/object/payment-method/{id}", summary="CRUD: Delete a payment method")
def delete(
    id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        payment_methods.delete_payment_method(uow, ctx, id)
    return ZuoraJSONResponse({"id": id, "success": True})
