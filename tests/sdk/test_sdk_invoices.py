"""Invoices through the unchanged official client: an order billed with runBilling, read
back with InvoicesApi; billing documents generated for an account."""

from __future__ import annotations

from datetime import date

from zuora_sdk import (
    CreateOrderAction,
    CreateOrderCreateSubscription,
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
from zuora_sdk.zuora_client import ZuoraClient


def test_invoices_with_the_official_client(sdk: ZuoraClient) -> None:
    created = sdk.orders_api().create_order(
        CreateOrderRequest(
            order_date=date(2025, 1, 15),
            new_account=OrderCreateAccount(
                name="Invoice Co",
                currency="USD",
                bill_cycle_day=1,
                bill_to_contact=OrderCreateAccountContact(first_name="Ada", last_name="L"),
            ),
            processing_options=ProcessingOptionsWithDelayedCapturePayment(run_billing=True),
            subscriptions=[
                CreateOrderSubscription(
                    order_actions=[
                        CreateOrderAction(
                            type="CreateSubscription",
                            trigger_dates=[
                                TriggerDate(
                                    name="ContractEffective", trigger_date=date(2025, 1, 15)
                                )
                            ],
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
    )
    assert created.success is True
    [number] = created.invoice_numbers
    invoice = sdk.invoices_api().get_invoice(number)
    # 29 x 17/31 = 15.90 + 36 x 17/31 = 19.74 + 99 = 134.64
    assert str(invoice.amount) == "134.64"
    assert invoice.status == "Posted"
    items = sdk.invoices_api().get_invoice_items(number).invoice_items
    assert sorted(i.charge_amount for i in items) == ["15.90", "19.74", "99.00"]
    assert {str(i.service_end_date) for i in items if i.charge_type == "Recurring"} == {
        "2025-01-31"
    }
