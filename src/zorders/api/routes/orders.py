"""The Orders family (spec §2.1): create, preview, read and the order lifecycle."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import api_version, command_context, dependencies, unit_of_work
from zorders.api.paging import next_page_url, page_params
from zorders.api.response_keys import complete
from zorders.api.routes import order_preview
from zorders.api.schemas.orders import (
    CancelOrderIn,
    CreateOrderIn,
    OrderCustomFieldsIn,
    TriggerDatesUpdateIn,
    UpdateOrderActionIn,
)
from zorders.api.v1 import orders as v1
from zorders.api.v1.accounts import new_account_draft, new_account_method
from zorders.api.views.orders import (
    create_response,
    order_body,
)
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.orders.model import Order, OrderStatus
from zorders.domain.versions import ApiVersion
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext
from zorders.services.orders import lifecycle, reads, triggers
from zorders.services.orders.commands import UpdateOrderAction
from zorders.services.orders.create import OrderOutcome, create_order
from zorders.services.payment_methods import with_signup_method
from zorders.services.ports import UnitOfWork

router = APIRouter(route_class=ZuoraRoute, tags=["Orders"])
# POST /v1/orders/preview lives beside this module; registered before `{order_number}`.
router.include_router(order_preview.router)

DEFAULT_PAGE_SIZE = 20


def _created(
    outcome: OrderOutcome, version: ApiVersion, ctx: CommandContext, return_ids: bool
) -> ZuoraJSONResponse:
    return ZuoraJSONResponse(
        create_response(
            outcome.order,
            outcome.account,
            outcome.versions,
            version=version,
            today=ctx.today,
            return_ids=return_ids,
            billing=outcome.billing,
            payment=outcome.payment,
            owners=outcome.owners,
            line_items=outcome.line_items,
        )
    )


@router.post("/v1/orders", summary="Create an order")
def create(
    body: CreateOrderIn,
    request: Request,
    returnIds: bool = False,
    ctx: CommandContext = Depends(command_context),
    version: ApiVersion = Depends(api_version),
) -> ZuoraJSONResponse:
    draft = new_account_draft(body.new_account)
    method = new_account_method(body.new_account)
    gateway = dependencies(request).payment_gateway
    with v1.v1_errors(), unit_of_work(request) as uow:
        draft = with_signup_method(uow, ctx, gateway, draft, method)
        command = v1.create_order(body.to_body(), draft)
        outcome = create_order(
            uow,
            ctx,
            command,
            created_by=getattr(request.state, "client_id", None),
            gateway=dependencies(request).payment_gateway,
        )
    return _created(outcome, version, ctx, returnIds)


def _read_response(
    uow: UnitOfWork, ctx: CommandContext, order: Order, items: reads.OrderLineItems
) -> dict[str, Any]:
    account = lifecycle.order_account(uow, ctx, order)
    owners = lifecycle.owner_numbers(uow, ctx, order)
    return order_body(order, account, owners, items.of(order), items.accounts)


@router.get("/v1/orders/{order_number}", summary="Retrieve an order")
def get(
    order_number: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with v1.v1_errors(), dependencies(request).uow_factory(read_only=True) as uow:
        order = lifecycle.get_order(uow, ctx, order_number)
        body = _read_response(uow, ctx, order, reads.line_items_of(uow, ctx, [order]))
    return ZuoraJSONResponse(complete({"success": True, "order": body}, "GetOrderResponse"))


StatusParam = Literal[
    "all", "cancelled", "completed", "draft", "executing", "failed", "pending", "scheduled"
]


def _list(
    request: Request,
    ctx: CommandContext,
    page: int,
    page_size: int,
    **filters: Any,
) -> ZuoraJSONResponse:
    page, size = page_params(page, page_size)
    with v1.v1_errors():
        reads.order_date_window(filters.get("start_date"), filters.get("end_date"))
    with dependencies(request).uow_factory(read_only=True) as uow:
        orders = reads.list_orders(uow, ctx, offset=(page - 1) * size, limit=size + 1, **filters)
        shown = orders[:size]
        items = reads.line_items_of(uow, ctx, shown)
        bodies = [_read_response(uow, ctx, o, items) for o in shown]
    body: dict[str, Any] = {"success": True, "orders": bodies}
    if len(orders) > size:
        body["nextPage"] = next_page_url(request, page, size)
    return ZuoraJSONResponse(complete(body, "GetOrdersResponse"))


def _statuses(status: StatusParam | None) -> frozenset[OrderStatus] | None:
    if status is None or status == "all":
        return None
    return frozenset({OrderStatus(status.capitalize())})


@router.get("/v1/orders", summary="List orders")
def list_all(
    request: Request,
    page: int = 1,
    pageSize: int = DEFAULT_PAGE_SIZE,
    dateFilterOption: Literal["orderDate", "updatedDate"] = "orderDate",
    startDate: date | None = None,
    endDate: date | None = None,
    status: StatusParam | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    return _list(
        request,
        ctx,
        page,
        pageSize,
        statuses=_statuses(status),
        date_field="updated_date" if dateFilterOption == "updatedDate" else "order_date",
        start_date=startDate,
        end_date=endDate,
    )


@router.get("/v1/orders/subscription/{subscription_number}", summary="Orders of a subscription")
def list_by_subscription(
    subscription_number: str,
    request: Request,
    page: int = 1,
    pageSize: int = DEFAULT_PAGE_SIZE,
    status: StatusParam | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    """All orders of the subscription except pending ones (those: `.../pending`)."""
    statuses = _statuses(status) or frozenset(OrderStatus) - {OrderStatus.PENDING}
    return _list(
        request, ctx, page, pageSize, subscription_number=subscription_number, statuses=statuses
    )


@router.get(
    "/v1/orders/subscription/{subscription_key}/pending", summary="Pending orders of a subscription"
)
def list_pending_by_subscription(
    subscription_key: str,
    request: Request,
    page: int = 1,
    pageSize: int = DEFAULT_PAGE_SIZE,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        number = reads.read_subscription(uow, ctx, subscription_key).subscription.number
    return _list(
        request,
        ctx,
        page,
        pageSize,
        subscription_number=number,
        statuses=frozenset({OrderStatus.PENDING}),
    )


def _account_id(request: Request, ctx: CommandContext, key: str) -> str:
    with dependencies(request).uow_factory(read_only=True) as uow:
        return find_account(uow, ctx.tenant_id, key).id


# Draft and Scheduled orders have no subscription detail yet: the owner lists leave them out.
_EXECUTED = frozenset(OrderStatus) - {OrderStatus.DRAFT, OrderStatus.SCHEDULED}


@router.get("/v1/orders/subscriptionOwner/{account_number}", summary="Orders by subscription owner")
def list_by_subscription_owner(
    account_number: str,
    request: Request,
    page: int = 1,
    pageSize: int = DEFAULT_PAGE_SIZE,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    owner = _account_id(request, ctx, account_number)
    return _list(
        request, ctx, page, pageSize, subscription_owner_account_id=owner, statuses=_EXECUTED
    )


@router.get("/v1/orders/invoiceOwner/{account_number}", summary="Orders by invoice owner")
def list_by_invoice_owner(
    account_number: str,
    request: Request,
    page: int = 1,
    pageSize: int = DEFAULT_PAGE_SIZE,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    owner = _account_id(request, ctx, account_number)
    return _list(request, ctx, page, pageSize, account_id=owner, statuses=_EXECUTED)


@router.put("/v1/orders/{order_number}", summary="Update a draft or scheduled order")
def update(
    order_number: str,
    body: CreateOrderIn,
    request: Request,
    returnIds: bool = False,
    ctx: CommandContext = Depends(command_context),
    version: ApiVersion = Depends(api_version),
) -> ZuoraJSONResponse:
    # An existing order keeps its account (the update refuses `newAccount`): no payment
    # method is made for it, so none is charged to the gateway or left behind (RK8).
    draft = new_account_draft(body.new_account)
    with v1.v1_errors(), unit_of_work(request) as uow:
        command = v1.update_order(order_number, body.to_body(), draft)
        outcome = lifecycle.update_order(
            uow, ctx, command, gateway=dependencies(request).payment_gateway
        )
    return _created(outcome, version, ctx, returnIds)


@router.put("/v1/orders/{order_number}/activate", summary="Activate a draft order")
def activate(
    order_number: str,
    request: Request,
    returnIds: bool = False,
    ctx: CommandContext = Depends(command_context),
    version: ApiVersion = Depends(api_version),
) -> ZuoraJSONResponse:
    with v1.v1_errors(), unit_of_work(request) as uow:
        outcome = lifecycle.activate(
            uow, ctx, order_number, gateway=dependencies(request).payment_gateway
        )
    return _created(outcome, version, ctx, returnIds)


@router.put("/v1/orders/{order_number}/cancel", summary="Cancel a draft or scheduled order")
def cancel(
    order_number: str,
    request: Request,
    body: CancelOrderIn | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    reason = body.cancel_reason if body else None
    with v1.v1_errors(), unit_of_work(request) as uow:
        order, account = lifecycle.cancel_order(uow, ctx, order_number, reason)
    payload: dict[str, Any] = {
        "success": True,
        "orderNumber": order.number,
        "accountNumber": account.account_number,
        "status": order.status.value,
    }
    if reason is not None:
        payload["cancelReason"] = reason
    return ZuoraJSONResponse(payload)


@router.delete("/v1/orders/{order_number}", summary="Delete an order")
def delete(
    order_number: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with v1.v1_errors(), unit_of_work(request) as uow:
        lifecycle.delete_order(uow, ctx, order_number)
    return ZuoraJSONResponse({"success": True})


@router.put("/v1/orders/{order_number}/triggerDates", summary="Update trigger dates")
def update_trigger_dates(
    order_number: str,
    body: TriggerDatesUpdateIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    """Pending -> Completed once the ServiceActivation / CustomerAcceptance dates are in."""
    raw = body.model_dump(mode="json", by_alias=True, exclude_none=True)
    with v1.v1_errors():
        command = v1.trigger_dates(order_number, raw)
        with unit_of_work(request) as uow:
            order, account, versions = triggers.update_trigger_dates(uow, ctx, command)
    return ZuoraJSONResponse(
        {
            "success": True,
            "orderNumber": order.number,
            "accountNumber": account.account_number,
            "status": order.status.value,
            "subscriptions": [
                {"subscriptionNumber": v.number, "status": v.status_on(ctx.today).value}
                for v in versions
            ],
        }
    )


@router.put("/v1/orders/{order_number}/customFields", summary="Update order custom fields")
def update_custom_fields(
    order_number: str,
    body: OrderCustomFieldsIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    raw = body.model_dump(mode="json", by_alias=True, exclude_none=True)
    with v1.v1_errors():
        command = v1.custom_fields(order_number, raw)
        with unit_of_work(request) as uow:
            lifecycle.update_custom_fields(uow, ctx, command)
    return ZuoraJSONResponse({"success": True})


@router.put("/v1/orderActions/{action_id}", summary="Update an order action")
def update_order_action(
    action_id: str,
    body: UpdateOrderActionIn,
    request: Request,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    command = UpdateOrderAction(
        action_id=action_id,
        change_reason=body.change_reason,
        change_reason_given="change_reason" in body.model_fields_set,
        custom_fields=v1.checked_custom_fields(body.custom_fields),
    )
    with v1.v1_errors(), unit_of_work(request) as uow:
        lifecycle.update_order_action(uow, ctx, command)
    return ZuoraJSONResponse({"success": True})
