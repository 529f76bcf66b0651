"""The console benchmark's tenant (benchmarks/console.py): one account with
`ZORDERS_BENCH_CONSOLE_SUBSCRIPTIONS` subscriptions of `ZORDERS_BENCH_CONSOLE_VERSIONS`
versions each, an invoice and a payment per subscription, all made through the API."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.support.test_mode import new_tenant

DEMO = (Path(__file__).parents[1] / "examples" / "catalog.yaml").read_text()
NEW = {"Zuora-Version": "223.0"}
SUBSCRIPTIONS = int(os.environ.get("ZORDERS_BENCH_CONSOLE_SUBSCRIPTIONS", "100"))
VERSIONS = int(os.environ.get("ZORDERS_BENCH_CONSOLE_VERSIONS", "10"))


# -- seeding through the API -------------------------------------------------------------


@dataclass
class World:
    tenant: dict[str, Any]
    account: str
    subscriptions: list[str]
    create_orders: list[str]
    amend_orders: list[str]
    invoices: list[str]
    payments: list[str]
    seconds: float


def _ok(response: Any) -> dict[str, Any]:
    if response.status_code != 200:
        raise RuntimeError(f"expected 200, got {response.status_code}: {response.text[:500]}")
    body: dict[str, Any] = response.json()
    if body.get("success", True) is not True:
        raise RuntimeError(f"not a success: {body}")
    return body


def _create(account: str | None) -> dict[str, Any]:
    action = {
        "type": "CreateSubscription",
        "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-01-01"}],
        "createSubscription": {
            "terms": {
                "initialTerm": {"termType": "TERMED", "period": 12, "periodType": "Month"},
                "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
                "renewalTerms": [{"period": 12, "periodType": "Month"}],
                "autoRenew": True,
            },
            "subscribeToRatePlans": [{"productRatePlanNumber": "CLOUDDESK-BASIC"}],
        },
    }
    body: dict[str, Any] = {
        "orderDate": "2025-01-01",
        "processingOptions": {"runBilling": True},
        "subscriptions": [{"orderActions": [action]}],
    }
    if account is None:
        body["newAccount"] = {
            "name": "Benchmark Holdings",
            "currency": "USD",
            "billCycleDay": 1,
            "billToContact": {"firstName": "Ada", "lastName": "Lovelace", "postalCode": "94105"},
        }
    else:
        body["existingAccountNumber"] = account
    return body


def _amend(account: str, number: str, plan_id: str, seats: str, step: int) -> dict[str, Any]:
    month = 2 + step  # 2025-02-01, 2025-03-01, ... one month apart
    year, month = 2025 + (month - 1) // 12, (month - 1) % 12 + 1
    return {
        "orderDate": "2025-01-15",
        "existingAccountNumber": account,
        "subscriptions": [
            {
                "subscriptionNumber": number,
                "orderActions": [
                    {
                        "type": "UpdateProduct",
                        "triggerDates": [
                            {"name": "ContractEffective", "triggerDate": f"{year}-{month:02d}-01"}
                        ],
                        "updateProduct": {
                            "ratePlanId": plan_id,
                            "chargeUpdates": [
                                {
                                    "chargeNumber": seats,
                                    "pricing": {"recurringPerUnit": {"quantity": 4 + step}},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }


def seed(client: TestClient) -> World:
    started = time.perf_counter()
    tenant = new_tenant(client, now="2025-01-01T00:00:00Z", catalog=DEMO)
    api = tenant["headers"] | NEW
    account: str | None = None
    subscriptions: list[str] = []
    create_orders: list[str] = []
    invoices: list[str] = []
    for _ in range(SUBSCRIPTIONS):
        made = _ok(client.post("/v1/orders", headers=api, json=_create(account)))
        account = str(made["accountNumber"])
        subscriptions.append(made["subscriptions"][0]["subscriptionNumber"])
        create_orders.append(made["orderNumber"])
        invoices.extend(made.get("invoiceNumbers", []))
    assert account is not None
    print(f"  {len(subscriptions)} subscriptions, {len(invoices)} invoices", flush=True)
    amend_orders: list[str] = []
    for i, number in enumerate(subscriptions):
        sub = _ok(client.get(f"/v1/subscriptions/{number}", headers=tenant["headers"]))
        [plan] = sub["ratePlans"]
        seats = next(c for c in plan["ratePlanCharges"] if c["name"] == "Basic seats")
        for step in range(VERSIONS - 1):
            body = _amend(account, number, plan["id"], seats["number"], step)
            amend_orders.append(
                _ok(client.post("/v1/orders", headers=api, json=body))["orderNumber"]
            )
        if (i + 1) % 20 == 0:
            print(
                f"  amended {i + 1} subscriptions ({len(amend_orders)} orders, "
                f"{time.perf_counter() - started:.0f} s)",
                flush=True,
            )
    payments: list[str] = []
    for number in invoices:
        bill = _ok(client.get(f"/v1/invoices/{number}", headers=tenant["headers"]))
        paid = _ok(
            client.post(
                "/v1/payments",
                headers=api,
                json={
                    "accountId": bill["accountId"],
                    "amount": bill["amount"],
                    "currency": "USD",
                    "effectiveDate": "2025-01-02",
                    "type": "External",
                    "invoices": [{"invoiceId": bill["id"], "amount": bill["amount"]}],
                },
            )
        )
        payments.append(paid["number"])
    return World(
        tenant,
        account,
        subscriptions,
        create_orders,
        amend_orders,
        invoices,
        payments,
        time.perf_counter() - started,
    )
