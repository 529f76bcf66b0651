"""Bill runs through the unchanged official client: its request sends
`includeSubscriptions` and `includeOrderLineItems` (both true by default), and its models
read the run and its invoice items back."""

from __future__ import annotations

import time
from datetime import date

from zuora_sdk import (
    BillRunFilter,
    CreateBillRunRequest,
    CreateOrderAction,
    CreateOrderCreateSubscription,
    CreateOrderRatePlanOverride,
    CreateOrderRequest,
    CreateOrderSubscription,
    InitialTerm,
    OrderActionCreateSubscriptionTerms,
    OrderCreateAccount,
    OrderCreateAccountContact,
    TriggerDate,
)
from zuora_sdk.zuora_client import ZuoraClient


def _subscribe(sdk: ZuoraClient) -> str:
    created = sdk.orders_api().create_order(
        CreateOrderRequest(
            order_date=date(2025, 1, 1),
            new_account=OrderCreateAccount(
                name="Bill Run Co",
                currency="USD",
                bill_cycle_day=1,
                bill_to_contact=OrderCreateAccountContact(first_name="Ada", last_name="L"),
            ),
            subscriptions=[
                CreateOrderSubscription(
                    order_actions=[
                        CreateOrderAction(
                            type="CreateSubscription",
                            trigger_dates=[
                                TriggerDate(name="ContractEffective", trigger_date=date(2025, 1, 1))
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
    number: str = created.account_number
    return number


def test_a_bill_run_with_the_official_client(sdk: ZuoraClient) -> None:
    number = _subscribe(sdk)
    account_id = sdk.accounts_api().get_account(number).basic_info.id
    api = sdk.bill_run_api()
    request = CreateBillRunRequest(
        target_date=date(2025, 1, 1),
        auto_post=True,
        bill_run_filters=[BillRunFilter(filter_type="Account", account_id=account_id)],
    )
    assert request.to_dict()["includeOrderLineItems"] is True  # what the client sends
    created = api.create_bill_run(request)
    run = api.get_bill_run(created.id)
    for _ in range(100):  # executed right after the answer, in the server process
        if run.status not in ("Pending", "Processing"):
            break
        time.sleep(0.05)
        run = api.get_bill_run(created.id)
    assert run.status == "Posted"
    assert (run.include_order_line_items, run.include_subscriptions) == (True, True)
    documents = sdk.billing_documents_api().get_billing_documents(account_id=account_id)
    [document] = documents.documents
    # January in full: platform 29 + seats 3 x 12 + onboarding 99 = 164.
    assert document.amount == 164
    items = sdk.invoices_api().get_invoice_items(document.document_number).invoice_items
    assert sorted(i.charge_amount for i in items) == ["29.00", "36.00", "99.00"]
    assert all(i.subscription_name for i in items)
