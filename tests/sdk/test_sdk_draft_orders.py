"""A Draft order's life through the unchanged official client (zuora-sdk 3.21.0), seeds
000-002: create a Draft, edit an order action, update the order naming that action by
its id, activate. The edit and the action ids survive; a second activation is refused."""

from __future__ import annotations

from datetime import date

import pytest
from zuora_sdk import (
    ApiException,
    CreateOrderAction,
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
    UpdateOrderRequest,
)
from zuora_sdk.zuora_client import ZuoraClient


def _action(action_id: str | None = None) -> CreateOrderAction:
    action = CreateOrderAction(
        type="CreateSubscription",
        trigger_dates=[TriggerDate(name="ContractEffective", trigger_date=date(2025, 1, 1))],
        create_subscription=CreateOrderCreateSubscription(
            terms=OrderActionCreateSubscriptionTerms(
                initial_term=InitialTerm(term_type="TERMED", period=12, period_type="Month"),
                renewal_setting="RENEW_WITH_SPECIFIC_TERM",
                renewal_terms=[RenewalTerm(period=12, period_type="Month")],
                auto_renew=True,
            ),
            subscribe_to_rate_plans=[
                CreateOrderRatePlanOverride(product_rate_plan_number="CLOUDDESK-BASIC")
            ],
        ),
    )
    if action_id is not None:
        # The client's models carry no action id; it travels as an extra property.
        action.additional_properties = {"id": action_id}
    return action


def test_a_draft_keeps_its_edit_and_ids_through_update_and_activation(sdk: ZuoraClient) -> None:
    orders = sdk.orders_api()
    created = orders.create_order(
        CreateOrderRequest(
            order_date=date(2025, 1, 1),
            status="Draft",
            new_account=OrderCreateAccount(
                name="Draft Co",
                currency="USD",
                bill_cycle_day=1,
                bill_to_contact=OrderCreateAccountContact(first_name="Ada", last_name="L"),
            ),
            subscriptions=[CreateOrderSubscription(order_actions=[_action()])],
        )
    )
    assert created.status == "Draft"
    number = created.order_number
    draft = orders.get_order(number).order
    action_id = draft.subscriptions[0].order_actions[0].id

    edited = sdk.order_actions_api().update_order_action(
        action_id, UpdateOrderActionRequest(change_reason="upsell")
    )
    assert edited.success is True

    updated = orders.update_order(
        number,
        UpdateOrderRequest(
            order_date=date(2025, 1, 1),
            existing_account_number=created.account_number,
            status="Draft",
            description="second thoughts",
            subscriptions=[CreateOrderSubscription(order_actions=[_action(action_id)])],
        ),
    )
    assert updated.success is True and updated.status == "Draft"

    activated = orders.activate_order(number)
    assert activated.status == "Completed"
    [sub] = activated.subscriptions
    assert sub.status == "Active"
    assert sub.subscription_owner_number == created.account_number

    order = orders.get_order(number).order
    assert order.description == "second thoughts"
    [action] = order.subscriptions[0].order_actions
    assert (action.id, action.change_reason) == (action_id, "upsell")

    with pytest.raises(ApiException) as refused:
        orders.activate_order(number)
    assert refused.value.status == 400
