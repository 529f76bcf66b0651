"""The v1 dialect of the Orders family: shape-checked camelCase bodies into commands
(issue 9, K1-K3), and the services' neutral field paths back into v1 names.

The body is read in its JSON form (dates and amounts may be strings), so that order
bodies stored by versions before issue 9 translate the same way (K7).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from zorders.api.v1.line_item_commands import line_items
from zorders.api.v1.payloads import payload
from zorders.api.v1.values import day
from zorders.domain.accounts import AccountDraft
from zorders.domain.accounts.rules import validate_custom_fields
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import OrderActionType
from zorders.domain.orders.model import OrderCategory, OrderStatus
from zorders.services.orders.commands import (
    ActionCommand,
    ActionCustomFields,
    ActionTriggerDates,
    BillingOptions,
    CreateOrder,
    PaymentOptions,
    ProcessingOptions,
    RequestedDates,
    SubscriptionCommand,
    SubscriptionCustomFields,
    SubscriptionTriggerDates,
    UpdateCustomFields,
    UpdateOrder,
    UpdateTriggerDates,
)

Body = Mapping[str, Any]

__all__ = [
    "create_order",
    "custom_fields",
    "processing_options",
    "trigger_dates",
    "update_order",
    "v1_errors",
    "v1_field",
]


# -- field paths ----------------------------------------------------------------------------

_SNAKE = re.compile(r"(?<=[a-z0-9])_([a-z0-9])")


def v1_field(path: str) -> str:
    """`subscriptions[0].order_actions[1].trigger_dates` -> `...orderActions[1].triggerDates`;
    a custom field name (`*__c`) is left as it is."""
    return ".".join(
        part if "__" in part else _SNAKE.sub(lambda m: m.group(1).upper(), part)
        for part in path.split(".")
    )


@contextmanager
def v1_errors() -> Iterator[None]:
    """Renders the neutral field path of a DomainError (and where its message quotes it)
    in v1's names."""
    try:
        yield
    except DomainError as error:
        if not error.field:
            raise
        named = v1_field(error.field)
        if named == error.field:
            raise
        message = error.message.replace(f"'{error.field}'", f"'{named}'")
        raise DomainError(error.code, message, named) from None


# -- create / update ------------------------------------------------------------------------


def _custom(values: Any, where: str) -> dict[str, Any]:
    """Custom fields of orders, subscriptions and actions follow the account rules (A9)."""
    if not values:
        return {}
    if not isinstance(values, Mapping):
        raise DomainError(ErrorCode.INVALID_CUSTOM_FIELD, f"'{where}' must be an object.", where)
    return validate_custom_fields(values, where)


def action_key(kind: OrderActionType) -> str:
    """The v1 key of an action's object: `CreateSubscription` -> `createSubscription`."""
    return kind.value[0].lower() + kind.value[1:]


def _trigger_dates(rows: Sequence[Body] | None) -> RequestedDates:
    by_name = {r.get("name"): day(r.get("triggerDate")) for r in rows or ()}
    return RequestedDates(
        contract_effective=by_name.get("ContractEffective"),
        service_activation=by_name.get("ServiceActivation"),
        customer_acceptance=by_name.get("CustomerAcceptance"),
    )


def _action(body: Body, where: str) -> ActionCommand:
    kind = OrderActionType(body["type"])
    for other in OrderActionType:
        if other is not kind and body.get(action_key(other)) is not None:
            raise DomainError(
                ErrorCode.INVALID_VALUE,
                f"'{action_key(other)}' does not belong in a {kind.value} order action.",
                action_key(other),
            )
    payload_body = body.get(action_key(kind))
    if payload_body is None and kind is not OrderActionType.RENEW_SUBSCRIPTION:
        raise DomainError(
            ErrorCode.MISSING_FIELD,
            f"'{action_key(kind)}' may not be null for a {kind.value} order action",
            action_key(kind),
        )
    return ActionCommand(
        type=kind,
        payload=payload(kind, payload_body or {}),
        trigger_dates=_trigger_dates(body.get("triggerDates")),
        change_reason=body.get("changeReason"),
        custom_fields=_custom(body.get("customFields"), f"{where}.customFields"),
        id=body.get("id") or None,
        echo={action_key(kind): payload_body} if payload_body is not None else {},
    )


def _subscription(item: Body, index: int) -> SubscriptionCommand:
    where = f"subscriptions[{index}]"
    return SubscriptionCommand(
        actions=tuple(
            _action(a, f"{where}.orderActions[{i}]")
            for i, a in enumerate(item.get("orderActions") or ())
        ),
        subscription_number=item.get("subscriptionNumber"),
        custom_fields=_custom(item.get("customFields"), f"{where}.customFields"),
        clearing_custom_fields=tuple(item.get("clearingCustomFields") or ()),
        notes=item.get("notes"),
    )


def _processing(body: Body | None) -> ProcessingOptions:
    if not body:
        return ProcessingOptions()
    if not isinstance(body.get("allowPaymentFailure", False), bool):
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            "'processingOptions.allowPaymentFailure' must be a boolean",
            "processingOptions.allowPaymentFailure",
        )
    electronic = body.get("electronicPaymentOptions") or {}
    method_id = electronic.get("paymentMethodId") if isinstance(electronic, dict) else None
    if not isinstance(electronic, dict) or not isinstance(method_id, str | None):
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            "'processingOptions.electronicPaymentOptions.paymentMethodId' must be a string",
            "processingOptions.electronicPaymentOptions",
        )
    billing = body.get("billingOptions") or {}
    return ProcessingOptions(
        run_billing=bool(body.get("runBilling")),
        billing=BillingOptions(
            target_date=day(billing.get("targetDate")),
            document_date=day(billing.get("documentDate")),
            generate_draft_invoice=bool(billing.get("generateDraftInvoice")),
            charge_types_to_exclude=tuple(
                ChargeType(c) for c in billing.get("chargeTypeToExclude") or ()
            ),
            credit_memo_reason_code=billing.get("creditMemoReasonCode"),
        ),
        collect_payment=bool(body.get("collectPayment")),
        apply_credit=bool(body.get("applyCredit")),
        payment=PaymentOptions(
            payment_method_id=method_id, allow_failure=bool(body.get("allowPaymentFailure"))
        ),
        refund=bool(body.get("refund")),
    )


# The same options on other v1 requests that bill (POST /v1/fulfillments, the line item
# bulk update).
processing_options = _processing


def create_order(body: Body, new_account: AccountDraft | None = None) -> CreateOrder:
    """A `POST /v1/orders` body (camelCase JSON, as `CreateOrderIn.to_body` gives it)."""
    order_date = day(body.get("orderDate"))
    if order_date is None:
        raise DomainError(ErrorCode.MISSING_FIELD, "'orderDate' may not be null", "orderDate")
    status = body.get("status")
    return CreateOrder(
        order_date=order_date,
        existing_account=body.get("existingAccountNumber"),
        new_account=new_account,
        order_number=body.get("orderNumber"),
        category=OrderCategory(body.get("category") or OrderCategory.NEW_SALES),
        description=body.get("description"),
        reason_code=body.get("reasonCode"),
        custom_fields=_custom(body.get("customFields"), "customFields"),
        status=OrderStatus(status) if status in ("Draft", "Scheduled") else None,
        scheduled_date=day((body.get("schedulingOptions") or {}).get("scheduledDate")),
        subscriptions=tuple(
            _subscription(item, i) for i, item in enumerate(body.get("subscriptions") or ())
        ),
        processing=_processing(body.get("processingOptions")),
        line_items=line_items(body.get("orderLineItems")),
    )


def update_order(number: str, body: Body, new_account: AccountDraft | None) -> UpdateOrder:
    return UpdateOrder(number, create_order(body, new_account))


# -- trigger dates, custom fields -----------------------------------------------------------


def trigger_dates(number: str, body: Body) -> UpdateTriggerDates:
    subscriptions = []
    for change in body.get("subscriptions") or ():
        actions = []
        for action in change.get("orderActions") or ():
            dates = _trigger_dates(action.get("triggerDates"))
            actions.append(
                ActionTriggerDates(
                    sequence=action["sequence"],
                    service_activation=dates.service_activation,
                    customer_acceptance=dates.customer_acceptance,
                )
            )
        subscriptions.append(SubscriptionTriggerDates(change["subscriptionNumber"], tuple(actions)))
    return UpdateTriggerDates(number, tuple(subscriptions))


def custom_fields(number: str, body: Body) -> UpdateCustomFields:
    subscriptions = []
    for i, change in enumerate(body.get("subscriptions") or ()):
        where = f"subscriptions[{i}]"
        actions = tuple(
            ActionCustomFields(
                custom_fields=_custom(
                    a.get("customFields"), f"{where}.orderActions[{j}].customFields"
                ),
                sequence=a.get("sequence"),
                action_id=a.get("orderActionId"),
            )
            for j, a in enumerate(change.get("orderActions") or ())
        )
        subscriptions.append(
            SubscriptionCustomFields(
                subscription_number=change["subscriptionNumber"],
                custom_fields=_custom(change.get("customFields"), f"{where}.customFields"),
                actions=actions,
            )
        )
    return UpdateCustomFields(
        number, _custom(body.get("customFields"), "customFields"), tuple(subscriptions)
    )


def checked_custom_fields(values: Any, where: str = "customFields") -> dict[str, Any]:
    """A bare custom field object (PUT /v1/orderActions/{id}, subscription custom fields)."""
    return _custom(values, where)
