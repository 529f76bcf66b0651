"""The legacy subscription calls (issue 14): create, preview, update, cancel, renew, suspend
and resume a subscription. Each call is one order, made by the same translator and order
service as `POST /v1/orders` (decision LG1), so it reads back in `GET /v1/orders`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from zorders.api.deps import api_version, command_context, dependencies
from zorders.api.schemas import legacy_subscriptions as schemas
from zorders.api.schemas.orders import CreateOrderIn
from zorders.api.v1 import legacy_orders as legacy
from zorders.api.v1 import orders as v1
from zorders.api.v1.legacy_plans import BlockOf
from zorders.api.version_gates import gate
from zorders.api.views import legacy_subscriptions as answers
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.catalog.enums import ChargeModel
from zorders.domain.errors import DomainError
from zorders.domain.limits import MAX_VERSION
from zorders.domain.subscription.model import Subscription
from zorders.domain.versions import ApiVersion
from zorders.services.accounts import find_account
from zorders.services.catalog import get_charge
from zorders.services.context import CommandContext
from zorders.services.orders import reads
from zorders.services.orders.create import OrderOutcome, create_order
from zorders.services.orders.version_custom_fields import (
    ChargeCustomFields,
    RatePlanCustomFields,
    UpdateVersionCustomFields,
)
from zorders.services.orders.version_custom_fields import (
    update_version_custom_fields as version_custom_fields,
)
from zorders.services.ports import UnitOfWork

router = APIRouter(route_class=ZuoraRoute, tags=["Subscriptions"])

_PREFIX = {"OneTime": "oneTime", "Recurring": "recurring", "Usage": "usage"}
_DISCOUNTS = {ChargeModel.DISCOUNT_FIXED_AMOUNT, ChargeModel.DISCOUNT_PERCENTAGE}


def _block_of(uow: UnitOfWork, ctx: CommandContext) -> BlockOf:
    """The v1 pricing block a catalog charge's override goes in (`recurringPerUnit`...)."""

    def block(charge_id: str) -> str:
        try:
            charge = get_charge(uow, ctx, charge_id)
        except DomainError:  # the order refuses the unknown charge with its own code
            return "pricing"
        if charge.charge_model in _DISCOUNTS:
            return "discount"
        return _PREFIX[charge.charge_type.value] + charge.charge_model.value

    return block


def _charge_of(sub: Subscription) -> Callable[[str], tuple[str, str]]:
    by_id = {
        key: (c.number, c.product_rate_plan_charge_id)
        for p in sub.rate_plans
        for c in p.charges
        for key in (c.id, c.original_id)
    }
    return lambda key: by_id[key]


def _run(
    uow: UnitOfWork, ctx: CommandContext, request: Request, raw: dict[str, Any]
) -> OrderOutcome:
    """The order body through `POST /v1/orders`' own schema, translator and service."""
    try:
        body = CreateOrderIn.model_validate(raw)
    except ValidationError as error:
        raise RequestValidationError(error.errors()) from None
    command = v1.create_order(body.to_body())
    return create_order(
        uow,
        ctx,
        command,
        created_by=getattr(request.state, "client_id", None),
        gateway=dependencies(request).payment_gateway,
    )


def _create(
    uow: UnitOfWork,
    ctx: CommandContext,
    request: Request,
    body: schemas.CreateSubscriptionIn,
    version: ApiVersion,
) -> OrderOutcome:
    account = find_account(uow, ctx.tenant_id, body.account_key)
    invoice_owner = (
        find_account(uow, ctx.tenant_id, body.invoice_owner_account_key).account_number
        if body.invoice_owner_account_key
        else None
    )
    raw = legacy.create_order(
        body,
        account_number=account.account_number,
        invoice_owner_number=invoice_owner,
        version=version,
        today=ctx.today,
        block_of=_block_of(uow, ctx),
    )
    return _run(uow, ctx, request, raw)


@router.post("/v1/subscriptions", summary="Create a subscription")
def create(
    body: schemas.CreateSubscriptionIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    version: ApiVersion = Depends(api_version),
) -> ZuoraJSONResponse:
    with v1.v1_errors(), dependencies(request).uow_factory() as uow:
        outcome = _create(uow, ctx, request, body, version)
        uow.commit()
    return ZuoraJSONResponse(answers.create_answer(outcome, version, ctx.today))


@router.post("/v1/subscriptions/preview", summary="Preview a subscription")
def preview_new(
    body: schemas.CreateSubscriptionIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    version: ApiVersion = Depends(api_version),
) -> ZuoraJSONResponse:
    """The create, billed to the target date, in a transaction never committed (LG6)."""
    target = _target(body, version, ctx.today)
    billed = body.model_copy(update=_bill_switch(version, target))
    with v1.v1_errors(), dependencies(request).uow_factory() as uow:
        outcome = _create(uow, ctx, request, billed, version)
        created = answers.create_answer(outcome, version, ctx.today)
        uow.rollback()
    extra = {k: created[k] for k in ("contractedMrr", "totalContractedValue")}
    return ZuoraJSONResponse(answers.preview_answer(outcome, target, version, extra))


def _target(body: schemas.LegacyBilling, version: ApiVersion, today: date) -> date:
    newer = gate("legacy_target_date").applies(version)
    chosen = body.target_date if newer else body.invoice_target_date
    return chosen or today


def _bill_switch(version: ApiVersion, target: date) -> dict[str, Any]:
    """A preview bills whatever the body says, and collects nothing."""
    if gate("legacy_run_billing").applies(version):
        return {"run_billing": True, "collect": None, "target_date": target}
    if gate("legacy_invoice").applies(version):
        return {"invoice": True, "collect": None, "invoice_target_date": target}
    return {
        "invoice_collect": None,
        "invoice": None,
        "invoice_target_date": target,
        "run_billing": None,
    }


def _current(uow: UnitOfWork, ctx: CommandContext, key: str) -> tuple[Subscription, str]:
    """The subscription's latest version (a key is its number or a version's id) and its
    invoice owner's number, whom the order is for."""
    found = reads.read_subscription(uow, ctx, key).subscription
    latest = uow.subscriptions.latest(ctx.tenant_id, found.number) or found
    owner = find_account(uow, ctx.tenant_id, latest.invoice_owner_account_id)
    return latest, owner.account_number


@router.put("/v1/subscriptions/{subscription_key}", summary="Update a subscription")
def update(
    subscription_key: str,
    body: schemas.UpdateSubscriptionIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    version: ApiVersion = Depends(api_version),
) -> ZuoraJSONResponse:
    preview = bool(body.preview)
    if preview:
        target = _target(body, version, ctx.today)
        body = body.model_copy(update=_bill_switch(version, target))
    with v1.v1_errors(), dependencies(request).uow_factory() as uow:
        before, account_number = _current(uow, ctx, subscription_key)
        raw = legacy.update_order(
            body,
            subscription_number=before.number,
            account_number=account_number,
            current_term_type=before.terms.term_type.value,
            version=version,
            today=ctx.today,
            block_of=_block_of(uow, ctx),
            charge_of=_charge_of(before),
        )
        outcome = _run(uow, ctx, request, raw)
        on = max((d.contract_effective_date for d in _dated(body)), default=raw_date(raw))
        answer = answers.change_answer(outcome, before, on, version, ctx.today)
        if preview:
            uow.rollback()
            extra = {k: answer[k] for k in ("totalDeltaMrr", "totalDeltaTcv")}
            return ZuoraJSONResponse(answers.preview_answer(outcome, target, version, extra))
        uow.commit()
    answer["orderNumbers"] = [answer.pop("orderNumber")]
    for key in ("accountNumber", "status", "subscriptions", "subscriptionNumbers"):
        answer.pop(key, None)
    return ZuoraJSONResponse(answer)


def _dated(body: schemas.UpdateSubscriptionIn) -> list[schemas.LegacyDatedIn]:
    return [*(body.remove or ()), *(body.update or ()), *(body.add or ())]


def raw_date(raw: dict[str, Any]) -> date:
    return date.fromisoformat(raw["orderDate"])


def _dated_call(
    request: Request,
    ctx: CommandContext,
    version: ApiVersion,
    key: str,
    body: schemas.DatedCallIn,
    translate: Callable[..., dict[str, Any]],
    answer: Callable[[OrderOutcome, Subscription, date], dict[str, Any]],
) -> ZuoraJSONResponse:
    with v1.v1_errors(), dependencies(request).uow_factory() as uow:
        before, account_number = _current(uow, ctx, key)
        raw = translate(
            body,
            subscription_number=before.number,
            account_number=account_number,
            version=version,
            today=ctx.today,
        )
        outcome = _run(uow, ctx, request, raw)
        on = body.contract_effective_date or raw_date(raw)
        made = answer(outcome, before, on)
        uow.commit()
    return ZuoraJSONResponse(made)


@router.put("/v1/subscriptions/{subscription_key}/cancel", summary="Cancel a subscription")
def cancel(
    subscription_key: str,
    body: schemas.CancelSubscriptionIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    version: ApiVersion = Depends(api_version),
) -> ZuoraJSONResponse:
    def answer(outcome: OrderOutcome, before: Subscription, on: date) -> dict[str, Any]:
        sub = answers.made_version(outcome)
        # Measured on the cancellation date: what the subscription stops earning (LG5).
        day = sub.cancelled_date or on
        return {
            **answers.change_answer(outcome, before, day, version, ctx.today),
            "cancelledDate": sub.cancelled_date,
        }

    return _dated_call(request, ctx, version, subscription_key, body, legacy.cancel_order, answer)


@router.put("/v1/subscriptions/{subscription_key}/renew", summary="Renew a subscription")
def renew(
    subscription_key: str,
    request: Request,
    body: schemas.RenewSubscriptionIn | None = None,
    ctx: CommandContext = Depends(command_context),
    version: ApiVersion = Depends(api_version),
) -> ZuoraJSONResponse:
    def answer(outcome: OrderOutcome, before: Subscription, on: date) -> dict[str, Any]:
        sub = answers.made_version(outcome)
        return {
            **answers.change_answer(outcome, before, sub.terms.term_start_date, version, ctx.today),
            "termStartDate": sub.terms.term_start_date,
            "termEndDate": sub.terms.term_end_date,
        }

    return _dated_call(
        request,
        ctx,
        version,
        subscription_key,
        body or schemas.RenewSubscriptionIn(),
        legacy.renew_order,
        answer,
    )


def _suspension_answer(
    version: ApiVersion, today: date
) -> Callable[[OrderOutcome, Subscription, date], dict[str, Any]]:
    def answer(outcome: OrderOutcome, before: Subscription, on: date) -> dict[str, Any]:
        sub = answers.made_version(outcome)
        last = sub.suspensions[-1] if sub.suspensions else None
        return {
            **answers.change_answer(outcome, before, on, version, today, with_mrr=False),
            "suspendDate": last.suspend_date if last else None,
            "resumeDate": last.resume_date if last else None,
            "termEndDate": sub.terms.term_end_date,
        }

    return answer


@router.put("/v1/subscriptions/{subscription_key}/suspend", summary="Suspend a subscription")
def suspend(
    subscription_key: str,
    body: schemas.SuspendSubscriptionIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    version: ApiVersion = Depends(api_version),
) -> ZuoraJSONResponse:
    return _dated_call(
        request,
        ctx,
        version,
        subscription_key,
        body,
        legacy.suspend_order,
        _suspension_answer(version, ctx.today),
    )


@router.put("/v1/subscriptions/{subscription_key}/resume", summary="Resume a subscription")
def resume(
    subscription_key: str,
    body: schemas.ResumeSubscriptionIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
    version: ApiVersion = Depends(api_version),
) -> ZuoraJSONResponse:
    def answer(outcome: OrderOutcome, before: Subscription, on: date) -> dict[str, Any]:
        made = _suspension_answer(version, ctx.today)(outcome, before, on)
        del made["suspendDate"]
        return made

    return _dated_call(request, ctx, version, subscription_key, body, legacy.resume_order, answer)


@router.put(
    "/v1/subscriptions/{subscription_number}/versions/{version}/customFields",
    summary="Update subscription custom fields of a subscription version",
)
def update_version_custom_fields(
    subscription_number: str,
    version: Annotated[int, Path(ge=1, le=MAX_VERSION)],
    body: schemas.VersionCustomFieldsIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    """In place, on that version (no order: no new version), as the latest version's."""
    with v1.v1_errors():
        command = UpdateVersionCustomFields(
            subscription_number,
            version,
            v1.checked_custom_fields(body.custom_fields),
            tuple(
                RatePlanCustomFields(
                    p.rate_plan_id,
                    v1.checked_custom_fields(p.custom_fields, f"ratePlans[{i}].customFields"),
                    tuple(
                        ChargeCustomFields(
                            v1.checked_custom_fields(
                                c.custom_fields, f"ratePlans[{i}].charges[{j}].customFields"
                            ),
                            c.charge_id,
                            c.charge_number,
                        )
                        for j, c in enumerate(p.charges or ())
                    ),
                )
                for i, p in enumerate(body.rate_plans or ())
            ),
        )
        with dependencies(request).uow_factory() as uow:
            version_custom_fields(uow, ctx, command)
            uow.commit()
    return ZuoraJSONResponse({"success": True})
