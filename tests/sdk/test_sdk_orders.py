"""Orders through the unchanged official client (zuora-sdk 3.21.0): create an order with a
new account, read the order and the subscription, amend it, update an order action."""

from __future__ import annotations

from datetime import date

from zuora_sdk import (
    CreateOrderAction,
    CreateOrderAddProduct,
    CreateOrderCreateSubscription,
    CreateOrderRatePlanOverride,
    CreateOrderRequest,
    CreateOrderSubscription,
    InitialTerm,
    OrderActionCreateSubscriptionTerms,
    OrderCreateAccount,
    OrderCreateAccountContact,
    RenewalTerm,
    TriggerDate,
    UpdateOrderActionRequest,
)
from zuora_sdk.zuora_client import ZuoraClient


def _trigger(day: date) -> list[TriggerDate]:
    return [TriggerDate(name="ContractEffective", trigger_date=day)]


def test_orders_with_the_official_client(sdk: ZuoraClient) -> None:
    created = sdk.orders_api().create_order(
        CreateOrderRequest(
            order_date=date(2025, 1, 1),
            new_account=OrderCreateAccount(
                name="SDK Co",
                currency="USD",
                bill_cycle_day=1,
                bill_to_contact=OrderCreateAccountContact(first_name="Grace", last_name="Hopper"),
            ),
            subscriptions=[
                CreateOrderSubscription(
                    order_actions=[
                        CreateOrderAction(
                            type="CreateSubscription",
                            trigger_dates=_trigger(date(2025, 1, 1)),
                            create_subscription=CreateOrderCreateSubscription(
                                terms=OrderActionCreateSubscriptionTerms(
                                    initial_term=InitialTerm(
                                        term_type="TERMED", period=12, period_type="Month"
                                    ),
                                    renewal_setting="RENEW_WITH_SPECIFIC_TERM",
                                    renewal_terms=[RenewalTerm(period=12, period_type="Month")],
                                    auto_renew=True,
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
    )
    assert created.success is True
    assert created.status == "Completed"
    assert created.order_number is not None and created.order_number.startswith("O-")
    [sub] = created.subscriptions
    assert sub.status == "Active"
    number = sub.subscription_number

    read = sdk.subscriptions_api().get_subscription_by_key(number)
    assert read.subscription_number == number
    assert read.version == 1
    assert read.status == "Active"
    assert read.contracted_mrr == 65
    assert read.total_contracted_value == 879
    [plan] = read.rate_plans
    assert plan.rate_plan_name == "Basic"
    assert {c.name for c in plan.rate_plan_charges} == {
        "Basic platform fee",
        "Basic seats",
        "Basic onboarding",
    }

    amended = sdk.orders_api().create_order(
        CreateOrderRequest(
            order_date=date(2025, 2, 1),
            existing_account_number=created.account_number,
            subscriptions=[
                CreateOrderSubscription(
                    subscription_number=number,
                    order_actions=[
                        CreateOrderAction(
                            type="AddProduct",
                            trigger_dates=_trigger(date(2025, 2, 1)),
                            add_product=CreateOrderAddProduct(
                                product_rate_plan_number="CLOUDDESK-SUPPORT"
                            ),
                        )
                    ],
                )
            ],
        )
    )
    assert amended.success is True
    assert sdk.subscriptions_api().get_subscription_by_key(number).version == 2
    v1 = sdk.subscriptions_api().get_subscription_by_key_and_version(number, "1")
    assert len(v1.rate_plans) == 1

    order = sdk.orders_api().get_order(amended.order_number).order
    assert order.status == "Completed"
    action_id = order.subscriptions[0].order_actions[0].id
    updated = sdk.order_actions_api().update_order_action(
        action_id, UpdateOrderActionRequest(change_reason="upsell")
    )
    assert updated.success is True
    order = sdk.orders_api().get_order(amended.order_number).order
    assert order.subscriptions[0].order_actions[0].change_reason == "upsell"

    listed = sdk.orders_api().get_orders_by_subscription_number(number)
    assert [o.order_number for o in listed.orders] == [created.order_number, amended.order_number]
