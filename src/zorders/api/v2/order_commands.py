"""The v2 create-order body (spec §12.2) into the same typed `CreateOrder` the v1
translator produces (issue 12): the fields a subscription item carries imply its action;
`start_on` is the action's trigger dates; term objects become the terms of the domain.

Error parameters are snake_case paths of the v2 body (`subscriptions[0].cancel`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from zorders.api.v2 import order_models as m
from zorders.api.v2.accounts import AccountCreate
from zorders.api.v2.order_actions import action_commands
from zorders.api.v2.order_processing import subscription_processing
from zorders.api.v2.vocabulary import ITEM_STATES, ITEM_TYPES
from zorders.domain.accounts import AccountDraft
from zorders.domain.accounts.rules import validate_custom_fields
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.model import BillingRule, InlineDiscountType, ItemCategory, TaxMode
from zorders.domain.orders.model import OrderCategory, OrderStatus
from zorders.services.account_signup import SignupCard
from zorders.services.line_items.commands import LineItemCommand, ReturnOf
from zorders.services.orders.commands import (
    BillingOptions,
    CreateOrder,
    PaymentOptions,
    ProcessingOptions,
    SubscriptionCommand,
)

__all__ = ["account_card", "create_order", "custom", "new_account"]


def custom(values: dict[str, Any] | None, where: str) -> dict[str, Any]:
    """Custom fields follow the same rules in both dialects (A9)."""
    return validate_custom_fields(values, where) if values else {}


def new_account(body: AccountCreate) -> AccountDraft:
    """`account_data` is a `POST /v2/accounts` body (QO8); its card is `account_card`."""
    draft = body.to_draft()
    if (
        body.billing_document_settings is None
        or body.billing_document_settings.email_documents is None
    ):
        # An order's new account emails its documents unless told not to (spec §13.1).
        draft = replace(draft, invoice_delivery_prefs_email=True)
    return draft


def account_card(body: m.CreateOrderIn) -> SignupCard | None:
    """The card of `account_data.payment_method`: opened with the order's new account in
    the order's transaction, and never part of the command (a Draft stores that) (QP5)."""
    card = body.account_data.card() if body.account_data is not None else None
    return None if card is None else SignupCard(*card)


def _account(body: m.CreateOrderIn) -> tuple[str | None, AccountDraft | None]:
    given = [
        name for name in ("account_number", "account_id", "account_data") if getattr(body, name)
    ]
    if len(given) > 1:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"'{given[0]}' and '{given[1]}' are mutually exclusive: give one of them.",
            given[1],
        )
    if not given:
        raise DomainError(
            ErrorCode.MISSING_FIELD,
            "One of 'account_number', 'account_id' or 'account_data' is required.",
            "account_number",
        )
    if body.account_data is not None:
        return None, new_account(body.account_data)
    return body.account_number or body.account_id, None


def _state(body: m.CreateOrderIn) -> tuple[OrderStatus | None, date | None]:
    """`draft` and `scheduled` save the order; `pending` / `complete` (or none) execute it
    and the outcome decides; the others are states an order reaches, not asks for (QO2)."""
    scheduled = body.scheduling_options.scheduled_date if body.scheduling_options else None
    if body.state == "draft":
        return OrderStatus.DRAFT, None
    if body.state == "scheduled":
        if scheduled is None:
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                "'scheduling_options.scheduled_date' is required for a scheduled order.",
                "scheduling_options.scheduled_date",
            )
        return OrderStatus.SCHEDULED, scheduled
    if body.state in ("canceled", "executing", "failed"):
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"An order cannot be created in state '{body.state}': give draft, scheduled, "
            "pending or complete.",
            "state",
        )
    return None, None


def _processing(body: m.ProcessingOptionsIn | None) -> ProcessingOptions:
    if body is None:
        return ProcessingOptions()
    billing = body.billing_options or {}
    unknown = set(billing) - {"target_date", "document_date", "generate_draft_invoice"}
    if unknown:
        name = sorted(unknown)[0]
        raise DomainError(
            ErrorCode.UNKNOWN_FIELD,
            f"'processing_options.billing_options.{name}' is not a recognized field",
            f"processing_options.billing_options.{name}",
        )

    def day(name: str) -> date | None:
        value = billing.get(name)
        try:
            return None if value is None else date.fromisoformat(str(value))
        except ValueError:
            raise DomainError(
                ErrorCode.INVALID_VALUE,
                f"'processing_options.billing_options.{name}' must be a date (YYYY-MM-DD)",
                f"processing_options.billing_options.{name}",
            ) from None

    return ProcessingOptions(
        run_billing=body.run_billing,
        billing=BillingOptions(
            target_date=day("target_date"),
            document_date=day("document_date"),
            generate_draft_invoice=bool(billing.get("generate_draft_invoice")),
        ),
        collect_payment=body.collect_payment,
        apply_credit=body.apply_credit,
        payment=PaymentOptions(body.payment_method_id, body.allow_payment_failure),
        refund=body.refund,
    )


def _line_item(item: m.LineItemIn, where: str) -> LineItemCommand:
    discount = None
    if item.discount_percent is not None:
        discount = InlineDiscountType.PERCENTAGE
    elif item.discount_unit_amount is not None:
        discount = InlineDiscountType.FIXED_AMOUNT
    returning = item.category == "return"
    return LineItemCommand(
        item_category=ItemCategory.RETURN if returning else ItemCategory.SALES,
        item_type=ITEM_TYPES[item.type]
        if not returning or "type" in item.model_fields_set
        else None,
        item_state=ITEM_STATES[item.state] if item.state else None,
        item_name=item.name,
        item_number=item.item_number,
        product_rate_plan_charge_id=item.price_id,
        product_code=item.product_code,
        quantity=item.quantity,
        list_price_per_unit=item.list_unit_price,
        discount_type=discount,
        discount_per_unit=item.discount_percent
        if item.discount_percent is not None
        else item.discount_unit_amount,
        amount_per_unit=item.unit_amount,
        bill_target_date=item.target_date,
        billing_rule=None
        if item.billing_rule is None
        else BillingRule.TRIGGER_WITHOUT_FULFILLMENT
        if item.billing_rule == "trigger_without_fulfillment"
        else BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS,
        transaction_start_date=item.start_date,
        transaction_end_date=item.end_date,
        related_subscription_number=item.related_subscription_number,
        returns=ReturnOf(item.original_order_number, item.original_order_line_item_number),
        sold_to=item.sold_to_id,
        uom=item.unit_of_measure,
        tax_code=item.tax_code,
        tax_mode=None
        if item.tax_inclusive is None
        else TaxMode.TAX_INCLUSIVE
        if item.tax_inclusive
        else TaxMode.TAX_EXCLUSIVE,
        purchase_order_number=item.purchase_order_number,
        description=item.description,
        custom_fields=custom(item.custom_fields, f"{where}.custom_fields"),
    )


def _subscription(item: m.SubscriptionIn, index: int) -> SubscriptionCommand:
    where = f"subscriptions[{index}]"
    return SubscriptionCommand(
        actions=action_commands(item, where),
        # A subscription_plans item names its new subscription with subscription_number
        # (existing or not: the create refuses a number in use).
        subscription_number=None
        if item.subscription_plans is not None
        else item.subscription_number,
        custom_fields=custom(item.custom_fields, f"{where}.custom_fields"),
    )


def create_order(body: m.CreateOrderIn) -> CreateOrder:
    """A subscription item with `subscription_plans` creates a subscription (named by its
    `subscription_number` when given); any other item changes the subscription its
    `subscription_number` names (QO3)."""
    existing, draft = _account(body)
    status, scheduled = _state(body)
    return CreateOrder(
        order_date=body.order_date,
        existing_account=existing,
        new_account=draft,
        order_number=body.order_number,
        category=OrderCategory.RETURN if body.category == "return" else OrderCategory.NEW_SALES,
        description=body.description,
        custom_fields=custom(body.custom_fields, "custom_fields"),
        status=status,
        scheduled_date=scheduled,
        subscriptions=tuple(
            _subscription(item, i) for i, item in enumerate(body.subscriptions or ())
        ),
        processing=subscription_processing(body) or _processing(body.processing_options),
        line_items=tuple(
            _line_item(item, f"line_items[{i}]") for i, item in enumerate(body.line_items or ())
        ),
    )
