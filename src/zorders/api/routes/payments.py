"""Payments (spec §13.5): create, read, list and apply payments (payment methods are
`routes.payment_methods`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.paging import next_page_url, page_params
from zorders.api.response_keys import complete
from zorders.api.schemas.orders import Wire
from zorders.api.views.payments import legacy_payment_fields, payment_body, payment_fields
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.payments import PaymentStatus, PaymentType
from zorders.services import payments
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

router = APIRouter(route_class=ZuoraRoute, tags=["Payments"])

DEFAULT_PAGE_SIZE = 20


# -- request bodies ------------------------------------------------------------------------


class InvoiceApplicationIn(Wire):
    amount: Decimal
    invoice_id: str | None = None
    invoice_number: str | None = None


class CreatePaymentIn(Wire):
    type: Literal["External", "Electronic"]
    amount: Decimal
    currency: str
    account_id: str | None = None
    account_number: str | None = None
    effective_date: date | None = None
    payment_method_id: str | None = None
    payment_method_type: str | None = None
    number: str | None = None
    comment: str | None = None
    invoices: list[InvoiceApplicationIn] | None = None
    debit_memos: list[dict[str, Any]] | None = None


class ApplyPaymentIn(Wire):
    effective_date: date | None = None
    invoices: list[InvoiceApplicationIn] | None = None
    debit_memos: list[dict[str, Any]] | None = None


def _applications(
    invoices: list[InvoiceApplicationIn] | None,
    debit_memos: list[dict[str, Any]] | None,
) -> tuple[payments.InvoiceApplicationRequest, ...]:
    if debit_memos:
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_FIELD,
            "'debitMemos': zorders has no debit memos; payments apply to invoices.",
            "debitMemos",
        )
    out = []
    for index, item in enumerate(invoices or []):
        key = item.invoice_id or item.invoice_number
        if key is None:
            raise DomainError(
                ErrorCode.PAYMENT_FIELD_REQUIRED,
                f"'invoices[{index}].invoiceId' may not be null",
                f"invoices[{index}].invoiceId",
            )
        out.append(payments.InvoiceApplicationRequest(key, item.amount))
    return tuple(out)


def _account_of(uow: UnitOfWork, ctx: CommandContext, account_id: str) -> Any:
    account = uow.accounts.get(ctx.tenant_id, account_id)
    assert account is not None, "a payment's account is never deleted"
    return account


# -- payments ------------------------------------------------------------------------------


@router.post("/v1/payments", summary="Create a payment")
def create_payment(
    body: CreatePaymentIn, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    new = payments.NewPayment(
        type=PaymentType(body.type),
        amount=body.amount,
        currency=body.currency,
        account_id=body.account_id,
        account_number=body.account_number,
        effective_date=body.effective_date,
        payment_method_id=body.payment_method_id,
        payment_method_type=body.payment_method_type,
        number=body.number,
        comment=body.comment,
        invoices=_applications(body.invoices, body.debit_memos),
    )
    with unit_of_work(request) as uow:
        payment = payments.create_payment(uow, ctx, dependencies(request).payment_gateway, new)
        response = payment_body(payment, _account_of(uow, ctx, payment.account_id))
    return ZuoraJSONResponse(complete(response, "PaymentResponse"))


@router.get("/v1/payments/{payment_key}", summary="Retrieve a payment")
def get_payment(
    payment_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        payment = payments.get_payment(uow, ctx, payment_key)
        response = payment_body(payment, _account_of(uow, ctx, payment.account_id))
    return ZuoraJSONResponse(complete(response, "PaymentResponse"))


@router.get("/v1/payments", summary="List payments")
def list_payments(
    request: Request,
    page: int = 1,
    pageSize: int = DEFAULT_PAGE_SIZE,
    accountId: str | None = None,
    status: Literal["Draft", "Processing", "Processed", "Error", "Canceled", "Posted"]
    | None = None,
    type: Literal["External", "Electronic"] | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    """Oldest first; `accountId` takes an account id or number."""
    page, size = page_params(page, pageSize)
    with dependencies(request).uow_factory(read_only=True) as uow:
        found = payments.list_payments(
            uow,
            ctx,
            offset=(page - 1) * size,
            limit=size + 1,
            account_key=accountId,
            status=PaymentStatus(status) if status else None,
            type=PaymentType(type) if type else None,
        )
        accounts: dict[str, Any] = {}
        bodies = []
        for payment in found[:size]:
            if payment.account_id not in accounts:
                accounts[payment.account_id] = _account_of(uow, ctx, payment.account_id)
            bodies.append(payment_fields(payment, accounts[payment.account_id]))
    body: dict[str, Any] = {"success": True, "payments": bodies}
    if len(found) > size:
        body["nextPage"] = next_page_url(request, page, size)
    return ZuoraJSONResponse(complete(body, "GetPaymentsResponse"))


@router.get(
    "/v1/transactions/payments/accounts/{account_key}",
    summary="List an account's payments (legacy)",
)
def legacy_payments(
    account_key: str,
    request: Request,
    page: int = 1,
    pageSize: int = DEFAULT_PAGE_SIZE,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    """The older per-account list: oldest first, as `GET /v1/payments` orders them."""
    page, size = page_params(page, pageSize)
    with dependencies(request).uow_factory(read_only=True) as uow:
        account = find_account(uow, ctx.tenant_id, account_key)
        found = uow.payments.list(
            ctx.tenant_id, offset=(page - 1) * size, limit=size + 1, account_id=account.id
        )
    body: dict[str, Any] = {
        "success": True,
        "payments": [legacy_payment_fields(p, account) for p in found[:size]],
    }
    if len(found) > size:
        body["nextPage"] = next_page_url(request, page, size)
    return ZuoraJSONResponse(body)


@router.put("/v1/payments/{payment_key}/apply", summary="Apply a payment")
def apply_payment(
    payment_key: str,
    body: ApplyPaymentIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    applications = _applications(body.invoices, body.debit_memos)
    with unit_of_work(request) as uow:
        payment = payments.apply_payment(uow, ctx, payment_key, applications, body.effective_date)
        response = payment_body(payment, _account_of(uow, ctx, payment.account_id))
    return ZuoraJSONResponse(complete(response, "PaymentResponse"))
