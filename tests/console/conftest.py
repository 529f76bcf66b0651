"""A tenant with a history to look at, and console sessions over the suite's app."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_clock import DEMO
from tests.api.test_orders import NEW, create_subscription, new_account
from tests.support.test_mode import SandboxApi
from tests.support.test_mode import sandbox as sandbox

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class World:
    """Tenant A (Acme, a subscription of three versions, an invoice and a payment) and
    tenant B (one account of its own), both in test mode with the demo catalog."""

    api: SandboxApi
    a: dict[str, Any]
    b: dict[str, Any]
    account: str
    subscription: str
    orders: list[str]
    invoice: str
    payment: str
    b_account: str
    b_subscription: str
    b_order: str
    b_invoice: str


def _post(api: SandboxApi, tenant: dict[str, Any], path: str, body: Any) -> dict[str, Any]:
    response = api.client.post(path, headers=tenant["headers"] | NEW, json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    assert answer.get("success", True) is True, answer
    return answer


def _amend(
    api: SandboxApi, tenant: dict[str, Any], account: str, number: str, *actions: Any
) -> str:
    answer = _post(
        api,
        tenant,
        "/v1/orders",
        {
            "orderDate": "2025-01-15",
            "existingAccountNumber": account,
            "subscriptions": [{"subscriptionNumber": number, "orderActions": list(actions)}],
        },
    )
    return str(answer["orderNumber"])


def build_world(api: SandboxApi) -> World:
    a = api.new_tenant(now="2025-01-01T00:00:00Z", catalog=DEMO)
    first = _post(
        api,
        a,
        "/v1/orders",
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(name="Acme Corp"),
            "processingOptions": {"runBilling": True},
            "subscriptions": [{"orderActions": [create_subscription(start="2025-01-01")]}],
        },
    )
    account, number = first["accountNumber"], first["subscriptions"][0]["subscriptionNumber"]
    [invoice] = first["invoiceNumbers"]
    sub = api.client.get(f"/v1/subscriptions/{number}", headers=a["headers"]).json()
    [plan] = sub["ratePlans"]
    seats = next(c for c in plan["ratePlanCharges"] if c["name"] == "Basic seats")
    second = _amend(
        api,
        a,
        account,
        number,
        {
            "type": "UpdateProduct",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-03-01"}],
            "updateProduct": {
                "ratePlanId": plan["id"],
                "chargeUpdates": [
                    {
                        "chargeNumber": seats["number"],
                        "pricing": {"recurringPerUnit": {"quantity": 8}},
                    }
                ],
            },
        },
    )
    third = _amend(
        api,
        a,
        account,
        number,
        {
            "type": "Suspend",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-05-01"}],
            "suspend": {"suspendPolicy": "SpecificDate", "suspendSpecificDate": "2025-05-01"},
        },
        {
            "type": "Resume",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-06-01"}],
            "resume": {"resumePolicy": "SpecificDate", "resumeSpecificDate": "2025-06-01"},
        },
    )
    bill = api.client.get(f"/v1/invoices/{invoice}", headers=a["headers"]).json()
    paid = _post(
        api,
        a,
        "/v1/payments",
        {
            "accountId": bill["accountId"],
            "amount": 100,
            "currency": "USD",
            "effectiveDate": "2025-01-02",
            "type": "External",
            "invoices": [{"invoiceId": bill["id"], "amount": 100}],
        },
    )
    b = api.new_tenant(now="2025-01-01T00:00:00Z", catalog=DEMO)
    other = _post(
        api,
        b,
        "/v1/orders",
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(name="Other Ltd"),
            "processingOptions": {"runBilling": True},
            "subscriptions": [{"orderActions": [create_subscription(start="2025-01-01")]}],
        },
    )
    return World(
        api=api,
        a=a,
        b=b,
        account=account,
        subscription=number,
        orders=[first["orderNumber"], second, third],
        invoice=invoice,
        payment=paid["number"],
        b_account=other["accountNumber"],
        b_subscription=other["subscriptions"][0]["subscriptionNumber"],
        b_order=other["orderNumber"],
        b_invoice=other["invoiceNumbers"][0],
    )


@pytest.fixture
def world(sandbox: SandboxApi) -> World:
    return build_world(sandbox)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, html[:500]
    return found.group(1)


def sign_in(browser: TestClient, client_id: str, client_secret: str) -> Any:
    page = browser.get("/console/sign-in")
    assert page.status_code == 200
    return browser.post(
        "/console/sign-in",
        data={
            "csrf_token": csrf_of(page.text),
            "client_id": client_id,
            "client_secret": client_secret,
        },
        follow_redirects=False,
    )


@pytest.fixture
def console_a(world: World) -> Iterator[TestClient]:
    """A browser-like client signed in to tenant A (its own cookie jar)."""
    with TestClient(world.api.client.app, raise_server_exceptions=False) as browser:
        done = sign_in(browser, world.a["clientId"], world.a["clientSecret"])
        assert done.status_code == 303, done.text
        yield browser
