"""The legacy subscription calls through the unchanged official client (zuora-sdk 3.21.0,
`Zuora-Version: 2025-08-12`, so runBilling / targetDate): subscribe, update, suspend,
resume, renew, cancel, and the custom fields of a version; each call is one order.

Basic with 5 seats from 2025-01-01 (platform 29, seats 5 x 12 = 60, onboarding 99 once):
January bills 188.00; MRR 89.00; TCV 12 x 89 + 99 = 1167.00."""

from __future__ import annotations

from datetime import date

from zuora_sdk import (
    AddSubscriptionRatePlan,
    CancelSubscriptionRequest,
    CreateAccountContact,
    CreateAccountRequest,
    CreateSubscriptionComponent,
    CreateSubscriptionRatePlan,
    CreateSubscriptionRequest,
    RenewSubscriptionRequest,
    ResumeSubscriptionRequest,
    SuspendSubscriptionRequest,
    UpdateSubscriptionCustomFieldsOfASpecifiedVersionRequest,
    UpdateSubscriptionRequest,
)
from zuora_sdk.zuora_client import ZuoraClient


def _seats_charge_id(sdk: ZuoraClient) -> tuple[str, str]:
    product = sdk.products_api().get_product("CLOUDDESK")
    for plan in (
        sdk.product_rate_plans_api().get_rate_plans_by_product(product.id).product_rate_plans
    ):
        if plan.product_rate_plan_number == "CLOUDDESK-BASIC":
            seats = next(c for c in plan.product_rate_plan_charges if c.name == "Basic seats")
            return plan.id, seats.id
    raise AssertionError("the demo catalog has CLOUDDESK-BASIC")


def test_legacy_calls_with_the_official_client(sdk: ZuoraClient) -> None:
    account = sdk.accounts_api().create_account(
        CreateAccountRequest(
            name="Legacy Co",
            currency="USD",
            bill_cycle_day=1,
            bill_to_contact=CreateAccountContact(first_name="Ada", last_name="Lovelace"),
        )
    )
    plan_id, seats_id = _seats_charge_id(sdk)
    api = sdk.subscriptions_api()
    made = api.create_subscription(
        CreateSubscriptionRequest(
            account_key=account.account_number,
            contract_effective_date=date(2025, 1, 1),
            term_type="TERMED",
            initial_term=12,
            initial_term_period_type="Month",
            renewal_term=12,
            renewal_term_period_type="Month",
            subscribe_to_rate_plans=[
                CreateSubscriptionRatePlan(
                    product_rate_plan_id=plan_id,
                    charge_overrides=[
                        CreateSubscriptionComponent(
                            product_rate_plan_charge_id=seats_id, quantity=5
                        )
                    ],
                )
            ],
            run_billing=True,
            target_date=date(2025, 1, 1),
        )
    )
    assert made.success and made.invoice_id
    assert (made.contracted_mrr, made.total_contracted_value) == (89, 1167)
    number = made.subscription_number
    assert sdk.invoices_api().get_invoice(made.invoice_id).amount == 188

    updated = api.update_subscription(
        number,
        UpdateSubscriptionRequest(
            add=[
                AddSubscriptionRatePlan(
                    product_rate_plan_number="CLOUDDESK-PRO",
                    contract_effective_date=date(2025, 2, 1),
                )
            ]
        ),
    )
    # Pro from February: platform 99 + seats 10 x 15 = 249 a month; TCV 11 x 249 + 199.
    assert (updated.total_delta_mrr, updated.total_delta_tcv) == (249, 2938)
    assert updated.order_numbers and len(updated.order_numbers) == 1

    suspended = api.suspend_subscription(
        number,
        SuspendSubscriptionRequest(
            suspend_policy="SpecificDate", suspend_specific_date=date(2025, 3, 1)
        ),
    )
    assert str(suspended.suspend_date) == "2025-03-01"
    resumed = api.resume_subscription(
        number,
        ResumeSubscriptionRequest(
            resume_policy="FixedPeriodsFromSuspendDate",
            resume_periods="1",
            resume_periods_type="Month",
        ),
    )
    assert str(resumed.resume_date) == "2025-04-01"
    renewed = api.renew_subscription(number, RenewSubscriptionRequest())
    assert (str(renewed.term_start_date), str(renewed.term_end_date)) == (
        "2026-01-01",
        "2027-01-01",
    )
    api.update_subscription_custom_fields_of_a_specified_version(
        number, "1", UpdateSubscriptionCustomFieldsOfASpecifiedVersionRequest(custom_fields={})
    )
    cancelled = api.cancel_subscription(
        number,
        CancelSubscriptionRequest(
            cancellation_policy="SpecificDate", cancellation_effective_date=date(2026, 6, 1)
        ),
    )
    assert str(cancelled.cancelled_date) == "2026-06-01"
    sub = api.get_subscription_by_key(number)
    assert (sub.version, str(sub.subscription_end_date)) == (6, "2026-06-01")
    orders = sdk.orders_api().get_orders_by_subscription_number(number).orders
    assert len(orders) == 6
