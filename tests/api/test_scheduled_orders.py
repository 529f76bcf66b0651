"""Scheduled orders execute on their date (issue 11, decisions SO1-SO6), through the
public API of a test-mode app: a fresh tenant per test, its clock moved by
`POST /zorders/v1/clock/advance`, SQLite and PostgreSQL.

Catalog: the demo catalog (Basic: platform USD 29/month, seats USD 12/seat/month default
3, onboarding USD 99 once). A month of Basic from the 1st: 29 + 3 x 12 + 99 = 164.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.api.test_orders import NEW, create_subscription, new_account
from tests.api.test_payments import DECLINED, VISA, add_card
from tests.support.test_mode import SandboxApi

DEMO = (Path(__file__).parents[2] / "examples" / "catalog.yaml").read_text()

Tenant = dict[str, Any]


def _valued(answer: Any) -> Any:
    """`answer` without its null keys, through nested objects and lists."""
    if isinstance(answer, list):
        return [_valued(a) for a in answer]
    if isinstance(answer, dict):
        return {k: _valued(v) for k, v in answer.items() if v is not None}
    return answer


def _tenant(sandbox: SandboxApi) -> Tenant:
    return sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=DEMO)


def _post(sandbox: SandboxApi, t: Tenant, body: dict[str, Any]) -> Any:
    return sandbox.client.post("/v1/orders", headers=t["headers"] | NEW, json=body)


def _scheduled(day: str, *actions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A Scheduled order for a new account that subscribes to Basic from `day`."""
    body: dict[str, Any] = {
        "orderDate": "2025-01-01",
        "newAccount": new_account(),
        "status": "Scheduled",
        "schedulingOptions": {"scheduledDate": day, "scheduledDatePolicy": "SpecificDate"},
        "subscriptions": [{"orderActions": list(actions) or [create_subscription(start=day)]}],
    }
    return body | extra


def _advance(sandbox: SandboxApi, t: Tenant, **body: Any) -> dict[str, Any]:
    response = sandbox.client.post("/zorders/v1/clock/advance", headers=t["headers"], json=body)
    assert response.status_code == 200, response.text
    moved: dict[str, Any] = response.json()
    return moved


def _get(sandbox: SandboxApi, t: Tenant, path: str) -> dict[str, Any]:
    response = sandbox.client.get(path, headers=t["headers"] | NEW)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _order(sandbox: SandboxApi, t: Tenant, number: str) -> dict[str, Any]:
    order: dict[str, Any] = _get(sandbox, t, f"/v1/orders/{number}")["order"]
    return order


def _subscription_status(sandbox: SandboxApi, t: Tenant, number: str) -> int:
    response = sandbox.client.get(f"/v1/subscriptions/{number}", headers=t["headers"])
    return response.status_code


def _save(sandbox: SandboxApi, t: Tenant, body: dict[str, Any]) -> dict[str, Any]:
    response = _post(sandbox, t, body)
    assert response.status_code == 200, response.text
    saved: dict[str, Any] = response.json()
    assert saved["status"] == "Scheduled"
    return saved


def test_a_scheduled_order_executes_on_its_date_with_its_processing_options(
    sandbox: SandboxApi,
) -> None:
    t = _tenant(sandbox)
    saved = _save(
        sandbox,
        t,
        _scheduled(
            "2025-02-01",
            processingOptions={"runBilling": True, "billingOptions": {"targetDate": "2025-02-01"}},
        ),
    )
    number, account = saved["orderNumber"], saved["accountNumber"]
    order = _order(sandbox, t, number)
    assert (order["status"], order["state"]) == ("Scheduled", "Executing")
    assert order["schedulingOptions"] == {
        "scheduledDate": "2025-02-01",
        "scheduledDatePolicy": "SpecificDate",
    }
    assert order["scheduledOrderActivationResponse"] is None

    # The day before: nothing runs.
    eve = _advance(sandbox, t, until="2025-01-31T23:59:59Z")
    assert (eve["ran"], eve["totals"]) == ([], {})
    assert _order(sandbox, t, number)["status"] == "Scheduled"
    assert _subscription_status(sandbox, t, "A-S00000001") == 404

    # On its date (00:00 in the tenant's zone) it executes, bills and completes.
    day = _advance(sandbox, t, until="2025-02-01")
    assert [(j["kind"], j["state"], j["ranAt"]) for j in day["ran"]] == [
        ("scheduled_order", "done", "2025-02-01T00:00:00Z")
    ]
    assert day["totals"] == {"ordersExecuted": 1, "invoices": 1}

    order = _order(sandbox, t, number)
    assert (order["orderNumber"], order["status"], order["state"]) == (
        number,
        "Completed",
        "Complete",
    )
    [item] = order["subscriptions"]
    assert (item["subscriptionNumber"], item.get("baseVersion"), item["newVersion"]) == (
        "A-S00000001",
        None,
        1,
    )
    activation = order["scheduledOrderActivationResponse"]
    [invoice_number] = activation.pop("invoiceNumbers")
    # The create answer, completed to the client's model (keys without a value are null).
    assert _valued(activation) == {
        "success": True,
        "orderNumber": number,
        "accountNumber": account,
        "status": "Completed",
        "subscriptions": [{"subscriptionNumber": "A-S00000001", "status": "Active"}],
    }
    subscription = _get(sandbox, t, "/v1/subscriptions/A-S00000001")
    assert (subscription["status"], subscription["version"], subscription["orderNumber"]) == (
        "Active",
        1,
        number,
    )
    assert subscription["contractEffectiveDate"] == "2025-02-01"
    invoice = _get(sandbox, t, f"/v1/invoices/{invoice_number}")
    # February in full: platform 29 + seats 3 x 12, onboarding 99 once.
    assert (invoice["amount"], invoice["invoiceDate"]) == (164, "2025-02-01")

    # Moving on runs nothing more.
    assert _advance(sandbox, t, months=1)["ran"] == []


def test_a_failing_scheduled_order_applies_nothing_and_keeps_its_reason(
    sandbox: SandboxApi,
) -> None:
    t = _tenant(sandbox)
    created = _post(
        sandbox,
        t,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription(start="2025-01-01")]}],
        },
    ).json()
    account = created["accountNumber"]
    # On Mar 1: a new subscription, and a suspension of the first one. Valid when saved.
    saved = _save(
        sandbox,
        t,
        {
            "orderDate": "2025-01-01",
            "existingAccountNumber": account,
            "status": "Scheduled",
            "schedulingOptions": {"scheduledDate": "2025-03-01"},
            "processingOptions": {"runBilling": True},
            "subscriptions": [
                {"orderActions": [create_subscription(start="2025-03-01")]},
                {
                    "subscriptionNumber": "A-S00000001",
                    "orderActions": [{"type": "Suspend", "suspend": {"suspendPolicy": "Today"}}],
                },
            ],
        },
    )
    number = saved["orderNumber"]
    # Meanwhile the first subscription is cancelled.
    cancel = _post(
        sandbox,
        t,
        {
            "orderDate": "2025-01-10",
            "existingAccountNumber": account,
            "subscriptions": [
                {
                    "subscriptionNumber": "A-S00000001",
                    "orderActions": [
                        {
                            "type": "CancelSubscription",
                            "triggerDates": [
                                {"name": "ContractEffective", "triggerDate": "2025-01-10"}
                            ],
                            "cancelSubscription": {
                                "cancellationPolicy": "SpecificDate",
                                "cancellationEffectiveDate": "2025-02-01",
                            },
                        }
                    ],
                }
            ],
        },
    )
    assert cancel.status_code == 200, cancel.text
    # The same refusal a direct order gets today (on Mar 1).
    moved = _advance(sandbox, t, until="2025-03-01")
    # Feb 1: the cancellation takes effect (its own job); Mar 1: the scheduled order.
    assert [(j["kind"], j["state"], j["ranAt"]) for j in moved["ran"]] == [
        ("subscription_cancellation", "done", "2025-02-01T00:00:00Z"),
        ("scheduled_order", "done", "2025-03-01T00:00:00Z"),
    ]
    assert moved["totals"]["ordersFailed"] == 1
    assert "ordersExecuted" not in moved["totals"]

    order = _order(sandbox, t, number)
    assert (order["status"], order["state"]) == ("Failed", "Canceled")
    activation = order["scheduledOrderActivationResponse"]
    [reason] = activation.pop("reasons")
    assert _valued(activation) == {
        "success": False,
        "orderNumber": number,
        "accountNumber": account,
        "status": "Failed",
    }
    direct = _post(
        sandbox,
        t,
        {
            "orderDate": "2025-03-01",
            "existingAccountNumber": account,
            "subscriptions": [
                {
                    "subscriptionNumber": "A-S00000001",
                    "orderActions": [{"type": "Suspend", "suspend": {"suspendPolicy": "Today"}}],
                }
            ],
        },
    )
    assert direct.status_code == 400
    assert reason == direct.json()["reasons"][0]
    # Nothing of the execution stayed: no second subscription, no new version, no invoice.
    assert _subscription_status(sandbox, t, "A-S00000002") == 404
    assert _get(sandbox, t, "/v1/subscriptions/A-S00000001")["version"] == 2
    invoices = _get(sandbox, t, f"/v1/transactions/invoices/accounts/{account}")["invoices"]
    assert invoices == []

    # A Failed order is kept: listed as failed, not updatable, not cancellable; deletable.
    failed = _get(sandbox, t, "/v1/orders?status=failed")["orders"]
    assert [o["orderNumber"] for o in failed] == [number]
    assert _get(sandbox, t, "/v1/orders?status=scheduled")["orders"] == []
    put = sandbox.client.put(
        f"/v1/orders/{number}", headers=t["headers"] | NEW, json=_scheduled("2025-04-01")
    )
    assert put.status_code == 400
    assert "only Draft or Scheduled orders can be updated" in put.json()["reasons"][0]["message"]
    cancelled = sandbox.client.put(f"/v1/orders/{number}/cancel", headers=t["headers"], json={})
    assert cancelled.status_code == 400
    deleted = sandbox.client.delete(f"/v1/orders/{number}", headers=t["headers"])
    assert deleted.status_code == 200, deleted.text
    assert sandbox.client.get(f"/v1/orders/{number}", headers=t["headers"]).status_code == 404


def test_a_rescheduled_order_runs_on_its_new_date_only(sandbox: SandboxApi) -> None:
    t = _tenant(sandbox)
    saved = _save(sandbox, t, _scheduled("2025-02-01"))
    number, account = saved["orderNumber"], saved["accountNumber"]
    body = _scheduled("2025-03-01") | {"existingAccountNumber": account}
    del body["newAccount"]
    put = sandbox.client.put(f"/v1/orders/{number}", headers=t["headers"] | NEW, json=body)
    assert put.status_code == 200, put.text
    assert put.json()["status"] == "Scheduled"

    # Feb 1: the first job finds the order moved to Mar 1 and does nothing.
    feb = _advance(sandbox, t, until="2025-02-01")
    assert [(j["kind"], j["state"], j["result"]) for j in feb["ran"]] == [
        (
            "scheduled_order",
            "done",
            {
                "orderNumber": number,
                "skipped": f"order {number} was rescheduled from 2025-02-01 to 2025-03-01",
            },
        )
    ]
    assert feb["totals"] == {}
    assert _order(sandbox, t, number)["status"] == "Scheduled"
    assert _subscription_status(sandbox, t, "A-S00000001") == 404

    mar = _advance(sandbox, t, until="2025-03-01")
    assert mar["totals"] == {"ordersExecuted": 1}
    assert _order(sandbox, t, number)["status"] == "Completed"
    subscription = _get(sandbox, t, "/v1/subscriptions/A-S00000001")
    assert subscription["contractEffectiveDate"] == "2025-03-01"


@pytest.mark.parametrize("how", ["cancel", "delete"])
def test_a_cancelled_or_deleted_scheduled_order_never_runs(sandbox: SandboxApi, how: str) -> None:
    t = _tenant(sandbox)
    number = _save(sandbox, t, _scheduled("2025-02-01"))["orderNumber"]
    if how == "cancel":
        response = sandbox.client.put(
            f"/v1/orders/{number}/cancel", headers=t["headers"], json={"cancelReason": "no"}
        )
    else:
        response = sandbox.client.delete(f"/v1/orders/{number}", headers=t["headers"])
    assert response.status_code == 200, response.text
    moved = _advance(sandbox, t, months=2)
    gone = "no longer exists" if how == "delete" else "is Cancelled"
    assert [(j["kind"], j["state"], j["result"]) for j in moved["ran"]] == [
        ("scheduled_order", "done", {"orderNumber": number, "skipped": f"order {number} {gone}"})
    ]
    assert moved["totals"] == {}
    assert _subscription_status(sandbox, t, "A-S00000001") == 404
    if how == "cancel":
        order = _order(sandbox, t, number)
        assert (order["status"], order["cancelReason"]) == ("Cancelled", "no")
        assert order["scheduledOrderActivationResponse"] is None


def test_an_execution_that_crashes_leaves_the_order_scheduled_and_is_retried(
    sandbox: SandboxApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a business refusal (the process, the database): nothing half-done, the order
    stays Scheduled (never Executing), the job is retried."""
    from zorders.services.orders import run_scheduled

    t = _tenant(sandbox)
    number = _save(sandbox, t, _scheduled("2025-02-01"))["orderNumber"]
    real = run_scheduled.place

    def crash(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)  # the subscription is written, then the process "dies"
        raise RuntimeError("connection lost")

    monkeypatch.setattr(run_scheduled, "place", crash)
    moved = _advance(sandbox, t, until="2025-02-01")
    assert [(j["state"], j["error"]) for j in moved["ran"]] == [
        ("pending", "RuntimeError: connection lost")
    ]
    assert _order(sandbox, t, number)["status"] == "Scheduled"
    assert _subscription_status(sandbox, t, "A-S00000001") == 404

    monkeypatch.setattr(run_scheduled, "place", real)
    again = _advance(sandbox, t, days=1)
    assert [(j["state"], j["attempts"]) for j in again["ran"]] == [("done", 2)]
    assert again["totals"] == {"ordersExecuted": 1}
    assert _order(sandbox, t, number)["status"] == "Completed"


def test_processing_options_stay_refused_for_drafts(sandbox: SandboxApi) -> None:
    t = _tenant(sandbox)
    body = _scheduled("2025-02-01", processingOptions={"runBilling": True})
    body["status"] = "Draft"
    del body["schedulingOptions"]
    response = _post(sandbox, t, body)
    assert response.status_code == 400
    assert "not supported for Draft orders" in response.json()["reasons"][0]["message"]


@pytest.mark.parametrize("card", [VISA, DECLINED])
def test_a_scheduled_order_collects_its_payment_on_its_date(sandbox: SandboxApi, card: str) -> None:
    t = _tenant(sandbox)
    saved = _save(
        sandbox,
        t,
        _scheduled(
            "2025-02-01",
            processingOptions={
                "runBilling": True,
                "collectPayment": True,
                "billingOptions": {"targetDate": "2025-02-01"},
            },
        ),
    )
    number, account = saved["orderNumber"], saved["accountNumber"]
    # The account made when the order was saved gets its card afterwards.
    caller = SimpleNamespace(headers=t["headers"])
    assert add_card(sandbox.client, caller, account, card).status_code == 200
    moved = _advance(sandbox, t, until="2025-02-01")
    activation = _order(sandbox, t, number)["scheduledOrderActivationResponse"]
    if card == VISA:
        assert moved["totals"] == {"ordersExecuted": 1, "invoices": 1, "payments": 1}
        assert (activation["paymentStatus"], activation["paidAmount"]) == ("Processed", "164.00")
        assert activation["paymentNumber"]
        [invoice_number] = activation["invoiceNumbers"]
        assert _get(sandbox, t, f"/v1/invoices/{invoice_number}")["balance"] == 0
        return
    # A declined card fails the order (allowPaymentFailure is false): no invoice stays.
    assert moved["totals"] == {"ordersFailed": 1}
    assert (activation["success"], activation["status"]) == (False, "Failed")
    assert "declined" in activation["reasons"][0]["message"].lower()
    assert _subscription_status(sandbox, t, "A-S00000001") == 404
    invoices = _get(sandbox, t, f"/v1/transactions/invoices/accounts/{account}")["invoices"]
    assert invoices == []


def test_a_put_that_keeps_the_date_executes_the_order_once(sandbox: SandboxApi) -> None:
    t = _tenant(sandbox)
    saved = _save(sandbox, t, _scheduled("2025-02-01"))
    number, account = saved["orderNumber"], saved["accountNumber"]
    body = _scheduled("2025-02-01", description="seats for the new team")
    body["existingAccountNumber"] = account
    del body["newAccount"]
    put = sandbox.client.put(f"/v1/orders/{number}", headers=t["headers"] | NEW, json=body)
    assert put.status_code == 200, put.text
    moved = _advance(sandbox, t, until="2025-02-01")
    # Two jobs (one per save): the first executes the order as updated, the second finds
    # it Completed.
    assert [(j["kind"], j["state"]) for j in moved["ran"]] == [("scheduled_order", "done")] * 2
    assert moved["totals"] == {"ordersExecuted": 1}
    order = _order(sandbox, t, number)
    assert (order["status"], order["description"]) == ("Completed", "seats for the new team")
    assert _get(sandbox, t, "/v1/subscriptions/A-S00000001")["version"] == 1


@pytest.mark.parametrize("day", ["2024-12-31", "2025-01-01"])
def test_the_scheduled_date_must_be_a_future_date(sandbox: SandboxApi, day: str) -> None:
    t = _tenant(sandbox)  # today: 2025-01-01
    body = _scheduled(day) | {"orderDate": "2024-12-01"}
    response = _post(sandbox, t, body)
    assert response.status_code == 400, response.text
    assert "must be a future date" in response.json()["reasons"][0]["message"]
    assert _get(sandbox, t, "/v1/orders")["orders"] == []


@pytest.mark.parametrize("status", [None, "Draft"])
def test_an_update_keeps_a_scheduled_order_scheduled(
    sandbox: SandboxApi, status: str | None
) -> None:
    t = _tenant(sandbox)
    saved = _save(sandbox, t, _scheduled("2025-02-01"))
    number, account = saved["orderNumber"], saved["accountNumber"]
    body = _scheduled("2025-02-01") | {"existingAccountNumber": account}
    del body["newAccount"], body["status"], body["schedulingOptions"]
    if status is not None:
        body["status"] = status
    put = sandbox.client.put(f"/v1/orders/{number}", headers=t["headers"] | NEW, json=body)
    assert put.status_code == 400, put.text
    assert "an update keeps it Scheduled" in put.json()["reasons"][0]["message"]
    assert _subscription_status(sandbox, t, "A-S00000001") == 404
    assert _advance(sandbox, t, until="2025-02-01")["totals"] == {"ordersExecuted": 1}
    assert _order(sandbox, t, number)["status"] == "Completed"


def test_a_draft_updated_to_scheduled_runs_on_its_date(sandbox: SandboxApi) -> None:
    t = _tenant(sandbox)
    draft = _scheduled("2025-02-01")
    draft["status"] = "Draft"
    del draft["schedulingOptions"]
    created = _post(sandbox, t, draft)
    assert created.status_code == 200, created.text
    number, account = created.json()["orderNumber"], created.json()["accountNumber"]
    body = _scheduled("2025-02-01") | {"existingAccountNumber": account}
    del body["newAccount"]
    put = sandbox.client.put(f"/v1/orders/{number}", headers=t["headers"] | NEW, json=body)
    assert put.status_code == 200, put.text
    assert put.json()["status"] == "Scheduled"
    assert _advance(sandbox, t, until="2025-02-01")["totals"] == {"ordersExecuted": 1}
    assert _order(sandbox, t, number)["status"] == "Completed"
