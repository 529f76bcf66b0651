"""Issue 9 through HTTP, on SQLite and PostgreSQL: Draft orders keep their identity
(seed 000, 002), update executes like create (seed 001), complete answers, and the order
level validations. Each test failed before the orders moved onto commands."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_orders import NEW, create_subscription, get_subscription, order, subscribe
from tests.api.test_payments import add_card
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.services.orders.commands import CreateOrder


def account_of(client: TestClient, shop: Session) -> str:
    number: str = subscribe(client, shop)["accountNumber"]
    return number


def draft_body(account: str, **extra: Any) -> dict[str, Any]:
    return {
        "orderDate": "2025-01-01",
        "existingAccountNumber": account,
        "status": "Draft",
        "subscriptions": [{"orderActions": [create_subscription("CLOUDDESK-PRO")]}],
        **extra,
    }


def action_ids(client: TestClient, shop: Session, number: str) -> list[str]:
    got = client.get(f"/v1/orders/{number}", headers=shop.headers)
    assert got.status_code == 200, got.text
    return [a["id"] for s in got.json()["order"]["subscriptions"] for a in s["orderActions"]]


def refused(response: Any, words: str, status: int = 400) -> None:
    assert response.status_code == status, response.text
    assert words in response.json()["reasons"][0]["message"], response.text


def test_an_action_edit_survives_activation_with_its_id(client: TestClient, shop: Session) -> None:
    account = account_of(client, shop)
    number = order(client, shop, draft_body(account)).json()["orderNumber"]
    (action_id,) = action_ids(client, shop, number)
    edit = client.put(
        f"/v1/orderActions/{action_id}",
        headers=shop.headers,
        json={"changeReason": "upsell", "customFields": {"Why__c": "upsell"}},
    )
    assert edit.json() == {"success": True}
    activated = client.put(f"/v1/orders/{number}/activate", headers=shop.headers | NEW)
    assert activated.status_code == 200, activated.text
    assert action_ids(client, shop, number) == [action_id]
    got = client.get(f"/v1/orders/{number}", headers=shop.headers).json()["order"]
    action = got["subscriptions"][0]["orderActions"][0]
    assert (action["changeReason"], action["customFields"]) == ("upsell", {"Why__c": "upsell"})
    # The id the client holds still answers.
    again = client.put(
        f"/v1/orderActions/{action_id}", headers=shop.headers, json={"changeReason": "kept"}
    )
    assert again.json() == {"success": True}


def test_update_keeps_named_action_ids_and_drops_the_others(
    client: TestClient, shop: Session
) -> None:
    account = account_of(client, shop)
    body = draft_body(account)
    body["subscriptions"] = body["subscriptions"] * 2
    number = order(client, shop, body).json()["orderNumber"]
    _, second = action_ids(client, shop, number)
    kept = {**create_subscription("CLOUDDESK-BASIC"), "id": second}
    updated = client.put(
        f"/v1/orders/{number}",
        headers=shop.headers | NEW,
        json=draft_body(account, subscriptions=[{"orderActions": [kept]}]),
    )
    assert updated.status_code == 200, updated.text
    assert action_ids(client, shop, number) == [second]
    unknown = client.put(
        f"/v1/orders/{number}",
        headers=shop.headers,
        json=draft_body(account, subscriptions=[{"orderActions": [{**kept, "id": "0" * 32}]}]),
    )
    assert unknown.status_code == 404, unknown.text


@pytest.mark.parametrize("status", ["Completed", "Draft"])
def test_a_new_order_takes_no_action_id_from_its_body(
    client: TestClient, shop: Session, status: str
) -> None:
    """K14: an id in a create body is another order's (here the first's); taking it as the
    new action's id collided with that action's row (a 500 before)."""
    account = account_of(client, shop)
    first = order(client, shop, draft_body(account)).json()["orderNumber"]
    (taken,) = action_ids(client, shop, first)
    named = {**create_subscription("CLOUDDESK-PRO"), "id": taken}
    made = order(
        client,
        shop,
        draft_body(account, status=status, subscriptions=[{"orderActions": [named]}]),
    )
    assert made.status_code == 200, made.text
    (new,) = action_ids(client, shop, made.json()["orderNumber"])
    assert new != taken and len(new) == 32
    assert action_ids(client, shop, first) == [taken]


def test_update_with_status_completed_bills_and_collects(client: TestClient, shop: Session) -> None:
    account = account_of(client, shop)
    number = order(client, shop, draft_body(account)).json()["orderNumber"]
    processing = {"runBilling": True, "collectPayment": True}
    no_card = client.put(
        f"/v1/orders/{number}",
        headers=shop.headers | NEW,
        json=draft_body(account, status="Completed", processingOptions=processing),
    )
    assert no_card.status_code >= 400, no_card.text  # as on create: no payment method
    assert (
        client.get(f"/v1/orders/{number}", headers=shop.headers).json()["order"]["status"]
        == "Draft"
    )
    assert add_card(client, shop, account).status_code == 200
    done = client.put(
        f"/v1/orders/{number}?returnIds=true",
        headers=shop.headers | NEW,
        json=draft_body(account, status="Completed", processingOptions=processing),
    )
    assert done.status_code == 200, done.text
    answer = done.json()
    assert answer["status"] == "Completed"
    assert answer["invoiceNumbers"] and answer["invoiceIds"]
    assert answer["paymentNumber"] and answer["paymentId"]
    invoice = client.get(f"/v1/invoices/{answer['invoiceNumbers'][0]}", headers=shop.headers)
    assert answer["paidAmount"] == format(invoice.json()["amount"], ".2f")
    assert answer["orderId"] and answer["accountId"]


def test_activate_and_update_answer_ids_and_owners(client: TestClient, shop: Session) -> None:
    account = account_of(client, shop)
    number = order(client, shop, draft_body(account)).json()["orderNumber"]
    activated = client.put(
        f"/v1/orders/{number}/activate?returnIds=true", headers=shop.headers | NEW
    )
    assert activated.status_code == 200, activated.text
    answer = activated.json()
    (sub,) = answer["subscriptions"]
    assert sub["subscriptionNumber"] == "A-S00000002"
    assert sub["subscriptionOwnerNumber"] == account
    assert sub["subscriptionOwnerId"] == answer["accountId"]
    assert sub["subscriptionId"] == answer["subscriptionIds"][0]
    assert answer["orderId"]
    second = client.put(f"/v1/orders/{number}/activate", headers=shop.headers)
    assert second.status_code == 400


def test_a_draft_naming_an_unknown_plan_is_refused_at_save(
    client: TestClient, shop: Session
) -> None:
    account = account_of(client, shop)
    body = draft_body(account)
    body["subscriptions"] = [{"orderActions": [create_subscription("NO-SUCH-PLAN")]}]
    refused(order(client, shop, body), "does not exist")
    assert client.get("/v1/orders/O-00000002", headers=shop.headers).status_code == 404
    unknown_sub = draft_body(account)
    unknown_sub["subscriptions"] = [
        {"subscriptionNumber": "A-S09999999", "orderActions": [{"type": "RenewSubscription"}]}
    ]
    refused(order(client, shop, unknown_sub), "does not exist")
    mismatched = draft_body(account)
    action = {**create_subscription(), "addProduct": {"productRatePlanNumber": "CLOUDDESK-PRO"}}
    mismatched["subscriptions"] = [{"orderActions": [action]}]
    refused(order(client, shop, mismatched), "does not belong")
    assert client.get("/v1/orders/O-00000002", headers=shop.headers).status_code == 404


def test_externally_managed_by(client: TestClient, shop: Session) -> None:
    bad = client.post(
        "/v1/orders",
        headers=shop.headers | NEW,
        json=draft_body(account_of(client, shop), status="Completed")
        | {"subscriptions": [{"orderActions": [create_subscription(externallyManagedBy="Nokia")]}]},
    )
    assert bad.status_code == 400, bad.text
    created = subscribe(client, shop, externallyManagedBy="Apple")
    number = created["subscriptions"][0]["subscriptionNumber"]
    assert get_subscription(client, shop, number)["externallyManagedBy"] == "Apple"


@pytest.mark.parametrize(
    "where",
    ["order", "subscription", "action"],
)
def test_custom_fields_follow_the_account_rules(
    client: TestClient, shop: Session, where: str
) -> None:
    account = account_of(client, shop)
    body = draft_body(account, status="Completed")
    bad = {"Bad": {"a": 1}}
    if where == "order":
        body["customFields"] = bad
    elif where == "subscription":
        body["subscriptions"][0]["customFields"] = bad
    else:
        body["subscriptions"][0]["orderActions"][0]["customFields"] = bad
    response = order(client, shop, body)
    assert response.status_code == 400, response.text
    assert "custom field" in response.json()["reasons"][0]["message"]


def test_custom_field_routes_check_the_rules(client: TestClient, shop: Session) -> None:
    created = subscribe(client, shop)
    number, sub = created["orderNumber"], created["subscriptions"][0]["subscriptionNumber"]
    (action_id,) = action_ids(client, shop, number)
    for path, body in (
        (f"/v1/orders/{number}/customFields", {"customFields": {"Bad": 1}}),
        (f"/v1/orderActions/{action_id}", {"customFields": {"X__c": [1]}}),
        (f"/v1/subscriptions/{sub}/customFields", {"customFields": {"Bad": 1}}),
    ):
        response = client.put(path, headers=shop.headers, json=body)
        assert response.status_code == 400, (path, response.text)


def test_scheduled_date_before_the_order_date_is_refused(client: TestClient, shop: Session) -> None:
    account = account_of(client, shop)
    body = draft_body(
        account, status="Scheduled", schedulingOptions={"scheduledDate": "2024-12-31"}
    )
    refused(order(client, shop, body), "before the order date")
    # Zuora: a future date (SO9); the shop's tenant follows the wall clock.
    body["schedulingOptions"] = {"scheduledDate": "2999-01-01"}
    assert order(client, shop, body).json()["status"] == "Scheduled"


def test_an_order_number_in_the_put_body_must_be_the_paths(
    client: TestClient, shop: Session
) -> None:
    account = account_of(client, shop)
    number = order(client, shop, draft_body(account)).json()["orderNumber"]
    other = client.put(
        f"/v1/orders/{number}", headers=shop.headers, json=draft_body(account, orderNumber="O-X")
    )
    refused(other, "cannot change")
    same = client.put(
        f"/v1/orders/{number}", headers=shop.headers, json=draft_body(account, orderNumber=number)
    )
    assert same.status_code == 200, same.text


def test_field_paths_are_rendered_in_v1_names(client: TestClient, shop: Session) -> None:
    account = account_of(client, shop)
    body = draft_body(account, status="Completed")
    body["subscriptions"] = [{"orderActions": []}]
    refused(order(client, shop, body), "'subscriptions[0].orderActions' may not be empty")


def test_a_draft_stored_by_an_older_version_is_upgraded_and_activates(
    client: TestClient, shop: Session, container: Container
) -> None:
    """Before issue 9 a Draft kept its v1 body (`Order.request`); `zorders migrate` (and
    `serve`) turns it into the command, its action ids kept (K7)."""
    account = account_of(client, shop)
    number = order(client, shop, draft_body(account)).json()["orderNumber"]
    (action_id,) = action_ids(client, shop, number)
    body = draft_body(account)
    del body["status"]
    with container.uow_factory() as uow:
        stored = uow.orders.get(shop.credentials.tenant_id, number)
        assert stored is not None and stored.command is not None
        old = replace(stored, command=None, request=body)  # what older versions stored
        uow.orders.update(shop.credentials.tenant_id, old)
        uow.commit()
    container.migrate()
    with container.uow_factory(read_only=True) as uow:
        upgraded = uow.orders.get(shop.credentials.tenant_id, number)
        assert upgraded is not None
        assert isinstance(upgraded.command, CreateOrder) and upgraded.request == {}
    activated = client.put(f"/v1/orders/{number}/activate", headers=shop.headers | NEW)
    assert activated.status_code == 200, activated.text
    assert action_ids(client, shop, number) == [action_id]
    assert get_subscription(client, shop, "A-S00000002")["ratePlans"][0]["productRatePlanNumber"]
