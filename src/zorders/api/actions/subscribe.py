"""`POST /v1/action/subscribe` (Zuora's Actions family): each item of `subscribes[]` is one
order (a new account and one CreateSubscription) in a transaction of its own, answered by a
SubscribeResult in PascalCase; an item that fails fails alone and keeps nothing of itself
(decisions SU5-SU9; an existing account, SU5; preview mode, SU9)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from zorders.api.actions.subscribe_preview import preview_choices, preview_result
from zorders.api.actions.subscribe_request import Lookups, SubscribeOrder, subscribe_order
from zorders.api.deps import command_context, dependencies
from zorders.api.errors import Reason, crud_code, validation_reasons
from zorders.api.schemas.orders import CreateOrderIn
from zorders.api.v1 import orders as v1
from zorders.api.v1.accounts import new_account_draft, new_account_method
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.catalog.enums import ChargeModel, ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import MAX_SUBSCRIBES_PER_CALL
from zorders.domain.money import quantize
from zorders.domain.subscription.metrics import reference_day, subscription_metrics
from zorders.services.context import CommandContext
from zorders.services.orders.create import OrderOutcome, create_order
from zorders.services.payment_methods import with_signup_method
from zorders.services.ports import UnitOfWork

router = APIRouter(route_class=ZuoraRoute, tags=["Actions"])


def _items(body: Any) -> list[Any]:
    items = body.get("subscribes") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items:
        raise DomainError(ErrorCode.MISSING_FIELD, "'subscribes' may not be null", "subscribes")
    if len(items) > MAX_SUBSCRIBES_PER_CALL:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"'subscribes' takes at most {MAX_SUBSCRIBES_PER_CALL} items, not {len(items)}.",
            "subscribes",
        )
    return items


def _lookups(uow: UnitOfWork, tenant_id: str) -> Lookups:
    def kind(charge_id: str) -> tuple[ChargeType, ChargeModel] | None:
        charge = uow.catalog.get_charge(tenant_id, charge_id)
        return None if charge is None else (charge.charge_type, charge.charge_model)

    def auto_pay(account_id: str) -> bool | None:
        account = uow.accounts.get(tenant_id, account_id)
        return None if account is None else account.auto_pay

    return Lookups(kind, auto_pay)


def _validated(asked: SubscribeOrder) -> CreateOrderIn:
    try:
        return CreateOrderIn.model_validate(asked.order)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors()]
        ) from None


def _subscribe(request: Request, ctx: CommandContext, item: Any) -> dict[str, Any]:
    """One item, one transaction: committed when the order succeeds, rolled back otherwise
    (a preview is never committed)."""
    gateway = dependencies(request).payment_gateway
    with v1.v1_errors(), dependencies(request).uow_factory() as uow:
        asked = subscribe_order(item, ctx.today, _lookups(uow, ctx.tenant_id))
        order = _validated(asked).to_body()
        draft = new_account_draft(asked.new_account, "Account")
        if asked.preview is not None:
            # No payment method is made for a preview: nothing is charged.
            return preview_result(uow, ctx, order, draft, preview_choices(asked.preview))
        method = new_account_method(asked.new_account, "Account")
        draft = with_signup_method(uow, ctx, gateway, draft, method)
        outcome = create_order(
            uow,
            ctx,
            v1.create_order(order, draft),
            created_by=getattr(request.state, "client_id", None),
            gateway=gateway,
        )
        uow.commit()
    return _result(outcome, ctx.today)


def _errors(reasons: Sequence[Reason]) -> dict[str, Any]:
    return {
        "Success": False,
        "Errors": [{"Code": crud_code(r), "Message": r.message} for r in reasons],
    }


def _result(outcome: OrderOutcome, today: date) -> dict[str, Any]:
    (version,) = outcome.versions
    metrics = subscription_metrics(version, reference_day(version, today))
    invoice = outcome.billing.invoices[0] if outcome.billing.invoices else None
    payment = outcome.payment
    return {
        "Success": True,
        "AccountId": outcome.account.id,
        "AccountNumber": outcome.account.account_number,
        "SubscriptionId": version.id,
        "SubscriptionNumber": version.number,
        "InvoiceId": invoice.id if invoice else None,
        "InvoiceNumber": invoice.number if invoice else None,
        "PaymentId": payment.id if payment else None,
        "PaymentTransactionNumber": payment.gateway_reference_id if payment else None,
        "GatewayResponse": payment.gateway_response if payment else None,
        "GatewayResponseCode": payment.gateway_response_code if payment else None,
        "TotalMrr": quantize(metrics.contracted_mrr, version.currency),
        "TotalTcv": quantize(metrics.total_contracted_value, version.currency),
    }


@router.post("/v1/action/subscribe", summary="Subscribe")
def subscribe(
    request: Request,
    body: Any = Body(...),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    results: list[dict[str, Any]] = []
    for item in _items(body):
        try:
            results.append(_subscribe(request, ctx, item))
        except DomainError as error:
            results.append(_errors([Reason(error.code, error.message, error.field)]))
        except RequestValidationError as error:
            results.append(_errors(validation_reasons(error.errors())))
    return ZuoraJSONResponse(results)
