"""Issue 14's legacy calls through the unchanged official client (zuora-sdk), where it offers
them: ZOQL (`ActionsApi.action_post_query`, `action_postquery_more`), the legacy
subscription update and cancel (`SubscriptionsApi.update_subscription`,
`cancel_subscription`) and the billing preview (`OperationsApi.create_billing_preview`).
The client has no call for `POST /v1/action/subscribe`: the subscription is made by an
order here (tests/scenarios/test_legacy_life.py makes it by action/subscribe).

Demo catalog, bill cycle day 1. Basic: platform USD 29/month, seats 3 x USD 12, onboarding
USD 99 once; Priority support USD 49/month. From 2025-01-01 for 12 months. By hand:
January = 29 + 36 + 99 = 164; from 2025-02-01 Priority support and 5 seats: February =
29 + 5 x 12 + 49 = 138; cancelled from 2025-02-15 and billed to 2025-02-01: February 1-14,
14 of 28 days, is half of 138 = 69.00.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from zuora_sdk import (
    AddSubscriptionRatePlan,
    CancelSubscriptionRequest,
    CreateBillingPreviewRequest,
    ProxyActionqueryMoreRequest,
    ProxyActionqueryMoreRequestConf,
    ProxyActionqueryRequest,
    UpdateRatePlanCharge,
    UpdateSubscriptionRatePlan,
    UpdateSubscriptionRequest,
)
from zuora_sdk.zuora_client import ZuoraClient

from tests.sdk.builders import basic_subscription_order

V = "223.0"


def D(value: Any) -> Any:
    """An amount as an exact Decimal (typed Any: compared with hand-written ints)."""
    return Decimal(str(value)).normalize()


def _records(sdk: ZuoraClient, text: str) -> list[dict[str, Any]]:
    answer = sdk.actions_api().action_post_query(ProxyActionqueryRequest(query_string=text))
    assert answer.done is True
    return list(answer.records or [])


def _subscribe(sdk: ZuoraClient, name: str) -> str:
    start = date(2025, 1, 1)
    created = sdk.orders_api().create_order(
        basic_subscription_order(name, start, run_billing=True, target_date=start)
    )
    assert created.success is True
    return str(created.account_number)


def test_legacy_calls_with_the_official_client(sdk: ZuoraClient) -> None:
    name = f"Legacy {uuid.uuid4().hex[:10]}"
    account_number = _subscribe(sdk, name)

    # -- ZOQL: the account by name, its subscription, its invoice and the invoice's items ----
    (account,) = _records(sdk, f"select Id, AccountNumber from Account where Name like '{name}%'")
    assert account["AccountNumber"] == account_number
    (sub,) = _records(
        sdk, f"select Id, Name, Version from Subscription where AccountId = '{account['Id']}'"
    )
    assert sub["Version"] == 1
    number = sub["Name"]
    (invoice,) = _records(
        sdk, f"select Id, Amount, Balance from Invoice where AccountId = '{account['Id']}'"
    )
    assert (D(invoice["Amount"]), D(invoice["Balance"])) == (164, 164)  # 29 + 36 + 99
    # Its three items, one a page: the first by query, the others by queryMore.
    page = sdk.actions_api().action_post_query(
        ProxyActionqueryRequest(
            query_string="select ChargeAmount from InvoiceItem "
            f"where InvoiceId = '{invoice['Id']}'",
            conf=ProxyActionqueryMoreRequestConf(batch_size=1),
        )
    )
    amounts = [D(r["ChargeAmount"]) for r in page.records or []]
    while page.done is False:
        assert page.query_locator
        page = sdk.actions_api().action_postquery_more(
            ProxyActionqueryMoreRequest(query_locator=page.query_locator)
        )
        amounts += [D(r["ChargeAmount"]) for r in page.records or []]
    assert sorted(amounts) == [29, 36, 99]

    # -- the legacy update: Priority support added, seats 3 -> 5, from 2025-02-01 ----------------
    read = sdk.subscriptions_api().get_subscription_by_key(number)
    (plan,) = read.rate_plans
    seats = next(c for c in plan.rate_plan_charges if c.name == "Basic seats")
    updated = sdk.subscriptions_api().update_subscription(
        number,
        UpdateSubscriptionRequest(
            add=[
                AddSubscriptionRatePlan(
                    product_rate_plan_number="CLOUDDESK-SUPPORT",
                    contract_effective_date=date(2025, 2, 1),
                )
            ],
            update=[
                UpdateSubscriptionRatePlan(
                    rate_plan_id=plan.id,
                    contract_effective_date=date(2025, 2, 1),
                    charge_update_details=[
                        UpdateRatePlanCharge(rate_plan_charge_id=seats.id, quantity=5)
                    ],
                )
            ],
        ),
        zuora_version=V,
    )
    assert updated.success is True
    # MRR from 2025-02-01: 49 + 2 x 12 = 73 more; over the 11 months left 11 x 73 = 803.
    assert (D(updated.total_delta_mrr), D(updated.total_delta_tcv)) == (73, 803)

    # -- the billing preview for February ----------------------------------------------------
    preview = sdk.operations_api().create_billing_preview(
        CreateBillingPreviewRequest(account_number=account_number, target_date=date(2025, 2, 1))
    )
    assert preview.success is True
    rows = sorted(
        (i.charge_name, str(i.service_start_date), str(i.service_end_date), D(i.charge_amount))
        for i in preview.invoice_items or []
    )
    # 29 + 5 x 12 + 49 = 138.
    assert rows == [
        ("Basic platform fee", "2025-02-01", "2025-02-28", 29),
        ("Basic seats", "2025-02-01", "2025-02-28", 60),
        ("Priority support", "2025-02-01", "2025-02-28", 49),
    ]

    # -- the legacy cancel from 2025-02-15, billed to 2025-02-01 -------------------------------
    cancelled = sdk.subscriptions_api().cancel_subscription(
        number,
        CancelSubscriptionRequest(
            cancellation_policy="SpecificDate",
            cancellation_effective_date=date(2025, 2, 15),
            run_billing=True,
            target_date=date(2025, 2, 1),
        ),
        zuora_version=V,
    )
    assert cancelled.success is True
    assert str(cancelled.cancelled_date) == "2025-02-15"
    assert cancelled.invoice_id
    # February 1-14 of 28 days: 29/2 + 60/2 + 49/2 = 14.50 + 30.00 + 24.50 = 69.00.
    (billed,) = _records(sdk, f"select Amount from Invoice where Id = '{cancelled.invoice_id}'")
    assert D(billed["Amount"]) == 69
    versions = _records(sdk, f"select Id, Version from Subscription where Name = '{number}'")
    ids = {v["Version"]: v["Id"] for v in versions}
    assert sorted(ids) == [1, 2, 3]  # the update is one order (v2), the cancel v3
    amendments = [
        a
        for a in _records(sdk, "select Type, SubscriptionId from Amendment")
        if a["SubscriptionId"] in (ids[2], ids[3])
    ]
    assert sorted(a["Type"] for a in amendments) == sorted(
        ["NewProduct", "UpdateProduct", "Cancellation"]
    )
