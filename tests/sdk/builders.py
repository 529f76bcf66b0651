"""What the official-client tests build again and again: a new USD account billed on the
1st, a 12-month CLOUDDESK-BASIC subscription for it, and the line item of the hand-computed
examples (5 widgets at 19.99 less 10 %: amount 89.96, decision LI2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zuora_sdk import (
    BillingOptions,
    CreateOrderAction,
    CreateOrderCreateSubscription,
    CreateOrderOrderLineItem,
    CreateOrderRatePlanOverride,
    CreateOrderRequest,
    CreateOrderSubscription,
    InitialTerm,
    OrderActionCreateSubscriptionTerms,
    OrderCreateAccount,
    OrderCreateAccountContact,
    ProcessingOptionsWithDelayedCapturePayment,
    TriggerDate,
)


def new_account(name: str) -> OrderCreateAccount:
    return OrderCreateAccount(
        name=name,
        currency="USD",
        bill_cycle_day=1,
        bill_to_contact=OrderCreateAccountContact(first_name="Grace", last_name="Hopper"),
    )


def widgets(**changes: Any) -> CreateOrderOrderLineItem:
    """5 widgets at 19.99 with 10 % off unless `changes` say otherwise."""
    fields: dict[str, Any] = {
        "item_type": "Product",
        "item_name": "Widget",
        "quantity": 5,
        "list_price_per_unit": 19.99,
        "inline_discount_type": "Percentage",
        "inline_discount_per_unit": 10,
    }
    return CreateOrderOrderLineItem(**(fields | changes))


def basic_subscription_order(
    name: str,
    start: date,
    *,
    run_billing: bool = False,
    target_date: date | None = None,
) -> CreateOrderRequest:
    """A new account subscribed on `start` to CLOUDDESK-BASIC for 12 months (29 + 36 a month
    and 99 once), billed by the order when `run_billing`."""
    options = None
    if run_billing:
        options = ProcessingOptionsWithDelayedCapturePayment(
            run_billing=True,
            billing_options=None
            if target_date is None
            else BillingOptions(target_date=target_date),
        )
    return CreateOrderRequest(
        order_date=start,
        new_account=new_account(name),
        processing_options=options,
        subscriptions=[
            CreateOrderSubscription(
                order_actions=[
                    CreateOrderAction(
                        type="CreateSubscription",
                        trigger_dates=[TriggerDate(name="ContractEffective", trigger_date=start)],
                        create_subscription=CreateOrderCreateSubscription(
                            terms=OrderActionCreateSubscriptionTerms(
                                initial_term=InitialTerm(
                                    term_type="TERMED", period=12, period_type="Month"
                                )
                            ),
                            subscribe_to_rate_plans=[
                                CreateOrderRatePlanOverride(
                                    product_rate_plan_number="CLOUDDESK-BASIC"
                                )
                            ],
                        ),
                    )
                ]
            )
        ],
    )
