"""Order line items sold inside orders (issue 10): POST /v1/orders with `orderLineItems`,
alone or beside subscriptions, and the reads of the order, on SQLite and PostgreSQL.

Amounts are worked out by hand: 5 x 19.99 at 10 % off is 17.991 a unit (exact), list price
99.95, amount 89.955 -> 89.96 (half up), discount 9.99. The demo catalog's "Basic
onboarding" is a one-time flat fee of USD 99 / EUR 89.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_orders import NEW, create_subscription, new_account, order
from tests.conftest import Session
from zorders.bootstrap import Container

ORDER_DATE = "2025-07-01"


def widget(**extra: Any) -> dict[str, Any]:
    return {
        "itemType": "Product",
        "itemName": "Widget",
        "quantity": 5,
        "listPricePerUnit": 19.99,
        "inlineDiscountType": "Percentage",
        "inlineDiscountPerUnit": 10,
        **extra,
    }


def sell(client: TestClient, session: Session, *items: dict[str, Any], **body: Any) -> Any:
    payload: dict[str, Any] = {"orderDate": ORDER_DATE, "orderLineItems": list(items), **body}
    if "existingAccountNumber" not in payload and "newAccount" not in payload:
        payload["newAccount"] = new_account()
    return order(client, session, payload)


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["success"] is True
    return body


def refused(response: Any, code: int) -> dict[str, Any]:
    assert response.status_code == 400, response.text
    body: dict[str, Any] = response.json()
    assert body["success"] is False
    assert [r["code"] for r in body["reasons"]] == [code], body
    return body


def get_order(client: TestClient, session: Session, number: str) -> dict[str, Any]:
    response = client.get(f"/v1/orders/{number}", headers=session.headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()["order"]
    return found


def items_of(client: TestClient, session: Session, number: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = get_order(client, session, number)["orderLineItems"]
    return found


def no_orders(client: TestClient, session: Session) -> None:
    listed = client.get("/v1/orders", headers=session.headers).json()
    assert listed["orders"] == []


def an_account(client: TestClient, session: Session, currency: str = "USD") -> str:
    response = client.post("/v1/accounts", headers=session.headers, json=new_account(currency))
    assert response.status_code == 200, response.text
    number: str = response.json()["accountNumber"]
    return number


@pytest.fixture
def charges(container: Container, shop: Session) -> dict[str, str]:
    """The demo catalog's charges by name -> id."""
    with container.uow_factory(read_only=True) as uow:
        plan = uow.catalog.find_plan_by_number(shop.tenant_id, "CLOUDDESK-BASIC")
        assert plan is not None
        return {c.name: c.id for c in uow.catalog.list_charges(shop.tenant_id, [plan.id])}


# -- create with only line items ------------------------------------------------------------


def test_an_order_of_line_items_only(client: TestClient, shop: Session) -> None:
    created = ok(sell(client, shop, widget()))
    assert created["status"] == "Completed"
    assert created["subscriptions"] == []
    (answer,) = created["orderLineItems"]
    assert set(answer) == {"id", "itemNumber"}
    assert answer["itemNumber"] == "1" and len(answer["id"]) == 32
    body = get_order(client, shop, created["orderNumber"])
    assert body["state"] == "Executing"
    assert body["subscriptions"] == []
    (item,) = body["orderLineItems"]
    assert item["id"] == answer["id"]
    expected = {
        "itemNumber": "1",
        "itemName": "Widget",
        "itemType": "Product",
        "itemCategory": "Sales",
        "itemState": "Executing",
        "billingRule": "TriggerWithoutFulfillment",
        "requiresFulfillment": False,
        "quantity": 5,
        "listPricePerUnit": 19.99,
        "inlineDiscountType": "Percentage",
        "inlineDiscountPerUnit": 10,
        "amountPerUnit": 17.991,
        "listPrice": 99.95,
        "discount": 9.99,
        "amount": 89.96,
        "amountWithoutTax": 89.96,
        "currency": "USD",
        "transactionStartDate": ORDER_DATE,
        "transactionEndDate": ORDER_DATE,
        "ownerAccountNumber": created["accountNumber"],
        "invoiceOwnerAccountNumber": created["accountNumber"],
        "ownerAccountName": "Acme",
        "quantityAvailableForReturn": 5,
        "quantityFulfilled": 0,
        "quantityPendingFulfillment": 0,
        "productRatePlanChargeId": None,
        "relatedSubscriptionNumber": None,
        "billTargetDate": None,
        "originalOrderNumber": None,
        "amendedByOrderOn": None,
    }
    assert {k: item[k] for k in expected} == expected


def test_every_default_and_given_field(client: TestClient, shop: Session) -> None:
    account = an_account(client, shop)
    owner = an_account(client, shop)
    given = {
        "itemType": "Services",
        "itemName": "Install",
        "description": "On site",
        "productCode": "SVC-1",
        "quantity": 2,
        "listPricePerUnit": 150,
        "UOM": "Hour",
        "taxCode": "SERVICES",
        "taxMode": "TaxExclusive",
        "billTargetDate": "2025-07-15",
        "itemState": "SentToBilling",
        "transactionStartDate": "2025-07-10",
        "transactionEndDate": "2025-07-12",
        "ownerAccountNumber": owner,
        "purchaseOrderNumber": "PO-7",
        "paymentTerm": "Net 30",
        "customFields": {"Color__c": "red"},
        # Kept and echoed, not acted upon (OS2).
        "accountingCode": "4000",
        "deferredRevenueAccountingCode": "2400",
        "excludeItemBillingFromRevenueAccounting": True,
        "revenueRecognitionRule": "Upon Invoicing",
        "billingSchedule": {"items": [{"name": "half", "percentage": 0.5}]},
        "prepaidQuantity": 10,
        "drawdownScope": "ACCOUNT",
    }
    created = ok(sell(client, shop, given, existingAccountNumber=account))
    (item,) = items_of(client, shop, created["orderNumber"])
    for key, value in given.items():
        if key == "ownerAccountNumber":
            continue
        assert item[key] == value, key
    assert item["ownerAccountNumber"] == owner
    assert item["invoiceOwnerAccountNumber"] == account
    assert item["inlineDiscountType"] == "None"
    assert (item["amountPerUnit"], item["listPrice"], item["amount"], item["discount"]) == (
        150,
        300,
        300,
        0,
    )


def test_an_amount_per_unit_stands_without_a_discount_and_is_derived_with_one(
    client: TestClient, shop: Session
) -> None:
    plain = {"itemName": "Cable", "quantity": 3, "listPricePerUnit": 10, "amountPerUnit": 8.5}
    discounted = widget(amountPerUnit=1)
    created = ok(sell(client, shop, plain, discounted))
    first, second = items_of(client, shop, created["orderNumber"])
    # 3 x 8.50 = 25.50 against a list price of 30.00.
    assert (first["amountPerUnit"], first["listPrice"], first["amount"], first["discount"]) == (
        8.5,
        30,
        25.5,
        4.5,
    )
    assert (second["amountPerUnit"], second["amount"]) == (17.991, 89.96)


def test_a_fixed_inline_discount(client: TestClient, shop: Session) -> None:
    # 4 x (12.50 - 2.25) = 4 x 10.25 = 41.00; list 50.00; discount 9.00.
    item = {
        "itemName": "Mug",
        "quantity": 4,
        "listPricePerUnit": 12.5,
        "inlineDiscountType": "FixedAmount",
        "inlineDiscountPerUnit": 2.25,
    }
    created = ok(sell(client, shop, item))
    (found,) = items_of(client, shop, created["orderNumber"])
    assert (found["amountPerUnit"], found["listPrice"], found["amount"], found["discount"]) == (
        10.25,
        50,
        41,
        9,
    )


# -- the catalog copy -----------------------------------------------------------------------


def test_a_one_time_catalog_charge_is_copied(
    client: TestClient, shop: Session, charges: dict[str, str]
) -> None:
    setup = charges["Basic onboarding"]
    created = ok(
        sell(
            client,
            shop,
            {"productRatePlanChargeId": setup, "quantity": 2},
            {
                "productRatePlanChargeId": setup,
                "quantity": 1,
                "itemName": "Kick-off",
                "listPricePerUnit": 80,
            },
        )
    )
    copied, given = items_of(client, shop, created["orderNumber"])
    assert copied["productRatePlanChargeId"] == setup
    assert copied["id"] != setup
    assert (copied["itemName"], copied["listPricePerUnit"], copied["amount"]) == (
        "Basic onboarding",
        99,
        198,
    )
    assert (given["itemName"], given["listPricePerUnit"], given["amount"]) == ("Kick-off", 80, 80)


def test_the_catalog_price_is_the_account_currency(
    client: TestClient, shop: Session, charges: dict[str, str]
) -> None:
    account = an_account(client, shop, "EUR")
    item = {"productRatePlanChargeId": charges["Basic onboarding"], "quantity": 1}
    created = ok(sell(client, shop, item, existingAccountNumber=account))
    (found,) = items_of(client, shop, created["orderNumber"])
    assert (found["currency"], found["listPricePerUnit"], found["amount"]) == ("EUR", 89, 89)


@pytest.mark.parametrize("name", ["Basic platform fee", "Basic seats"])
def test_a_recurring_charge_is_refused(
    client: TestClient, shop: Session, charges: dict[str, str], name: str
) -> None:
    item = {"productRatePlanChargeId": charges[name], "quantity": 1}
    body = refused(sell(client, shop, item), 53400330)
    assert "one-time" in body["reasons"][0]["message"]
    no_orders(client, shop)


def test_an_unknown_charge_is_refused(client: TestClient, shop: Session) -> None:
    refused(sell(client, shop, {"productRatePlanChargeId": "f" * 32, "quantity": 1}), 53400340)
    no_orders(client, shop)


# -- item numbers ---------------------------------------------------------------------------


def test_item_numbers_are_one_two_three_unless_all_are_given(
    client: TestClient, shop: Session
) -> None:
    auto = ok(sell(client, shop, widget(), widget(), widget()))
    assert [i["itemNumber"] for i in auto["orderLineItems"]] == ["1", "2", "3"]
    account = auto["accountNumber"]
    given = ok(
        sell(
            client,
            shop,
            widget(itemNumber="A-7"),
            widget(itemNumber="B-1"),
            existingAccountNumber=account,
        )
    )
    assert [i["itemNumber"] for i in given["orderLineItems"]] == ["A-7", "B-1"]
    assert [i["itemNumber"] for i in items_of(client, shop, given["orderNumber"])] == [
        "A-7",
        "B-1",
    ]


@pytest.mark.parametrize(
    "numbers", [("A-7", None), (None, "A-7"), ("A-7", "A-7")], ids=["some", "others", "twice"]
)
def test_some_numbers_given_or_a_number_twice_is_refused(
    client: TestClient, shop: Session, numbers: tuple[str | None, str | None]
) -> None:
    items = [widget(**({"itemNumber": n} if n else {})) for n in numbers]
    refused(sell(client, shop, *items), 53400220)
    no_orders(client, shop)


# -- with subscriptions ---------------------------------------------------------------------


def test_line_items_beside_subscriptions_and_their_links(client: TestClient, shop: Session) -> None:
    first = ok(
        order(
            client,
            shop,
            {
                "orderDate": "2025-01-01",
                "newAccount": new_account(),
                "subscriptions": [{"orderActions": [create_subscription()]}],
            },
        )
    )
    existing = first["subscriptions"][0]["subscriptionNumber"]
    account = first["accountNumber"]
    body = {
        "orderDate": ORDER_DATE,
        "existingAccountNumber": account,
        "subscriptions": [
            {"orderActions": [create_subscription(start=ORDER_DATE, uniqueToken="tok-1")]},
            {
                "orderActions": [
                    create_subscription(start=ORDER_DATE, subscriptionNumber="SUB-NAMED")
                ]
            },
        ],
        "orderLineItems": [
            widget(uniqueToken="tok-1"),
            widget(relatedSubscriptionNumber="SUB-NAMED"),
            widget(relatedSubscriptionNumber=existing),
            widget(),
        ],
    }
    created = ok(order(client, shop, body))
    made = [s["subscriptionNumber"] for s in created["subscriptions"]]
    assert made[1] == "SUB-NAMED"
    assert [i["itemNumber"] for i in created["orderLineItems"]] == ["1", "2", "3", "4"]
    found = get_order(client, shop, created["orderNumber"])
    assert found["state"] == "Executing"
    assert len(found["subscriptions"]) == 2
    assert [i["relatedSubscriptionNumber"] for i in found["orderLineItems"]] == [
        made[0],
        "SUB-NAMED",
        existing,
        None,
    ]


@pytest.mark.parametrize(
    "link",
    [{"uniqueToken": "nope"}, {"relatedSubscriptionNumber": "A-S99999999"}],
    ids=["token", "number"],
)
def test_an_unknown_subscription_link_is_refused(
    client: TestClient, shop: Session, link: dict[str, str]
) -> None:
    refused(sell(client, shop, widget(**link)), 53400640)
    no_orders(client, shop)


# -- refusals: nothing stored ---------------------------------------------------------------


def test_101_line_items_are_refused(client: TestClient, shop: Session) -> None:
    refused(sell(client, shop, *[widget() for _ in range(101)]), 53400130)
    no_orders(client, shop)


def test_100_line_items_are_accepted(client: TestClient, shop: Session) -> None:
    created = ok(sell(client, shop, *[widget() for _ in range(100)]))
    assert created["orderLineItems"][-1]["itemNumber"] == "100"


def test_a_negative_quantity_is_refused(client: TestClient, shop: Session) -> None:
    # The limits table (domain/limits.py) refuses it as the body is read.
    refused(sell(client, shop, widget(quantity=-1)), 50005020)
    no_orders(client, shop)


@pytest.mark.parametrize("status", ["Draft", "Scheduled"])
def test_a_saved_order_cannot_hold_line_items(
    client: TestClient, shop: Session, status: str
) -> None:
    extra: dict[str, Any] = {"status": status}
    if status == "Scheduled":
        extra["schedulingOptions"] = {"scheduledDate": "2025-08-01"}
    refused(sell(client, shop, widget(), **extra), 53400730)
    no_orders(client, shop)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"currency": "EUR"}, 53400430),
        ({"ownerAccountNumber": "A99999999"}, 53400540),
        ({"billTo": "0" * 32}, 53400540),
        ({"itemState": "Complete"}, 53401130),
        ({"billingRule": "TriggerAsFulfillmentOccurs", "itemState": "SentToBilling"}, 53401130),
        ({"transactionStartDate": "2025-07-10", "transactionEndDate": "2025-07-09"}, 53400820),
        ({"transactionEndDate": "2025-06-30"}, 53400820),
        ({"quantity": None}, 53401022),
        ({"listPricePerUnit": None}, 53401022),
        ({"listPricePerUnit": -1}, 53400920),
        ({"inlineDiscountPerUnit": 101}, 53400920),
        ({"inlineDiscountType": "FixedAmount", "inlineDiscountPerUnit": 20}, 53400920),
        ({"inlineDiscountType": None}, 53400920),
        ({"originalOrderNumber": "O-00000001"}, 50000020),
        ({"itemType": "Gadget"}, 50000020),
        ({"itemState": "Done"}, 50000020),
        ({"itemName": "x" * 256}, 50005020),
        ({"description": "x" * 501}, 50005020),
        ({"itemNumber": "x" * 101}, 50000020),
    ],
)
def test_a_bad_line_item_is_refused(
    client: TestClient, shop: Session, change: dict[str, Any], code: int
) -> None:
    item = {k: v for k, v in widget(**change).items() if v is not None}
    refused(sell(client, shop, item), code)
    no_orders(client, shop)


def test_a_draft_update_with_line_items_is_refused_and_executing_it_sells(
    client: TestClient, shop: Session
) -> None:
    draft = ok(
        order(
            client,
            shop,
            {
                "orderDate": ORDER_DATE,
                "newAccount": new_account(),
                "status": "Draft",
                "subscriptions": [{"orderActions": [create_subscription(start=ORDER_DATE)]}],
            },
        )
    )
    number, account = draft["orderNumber"], draft["accountNumber"]
    body: dict[str, Any] = {
        "orderDate": ORDER_DATE,
        "existingAccountNumber": account,
        "status": "Draft",
        "subscriptions": [{"orderActions": [create_subscription(start=ORDER_DATE)]}],
        "orderLineItems": [widget()],
    }
    put = client.put(f"/v1/orders/{number}", headers=shop.headers | NEW, json=body)
    refused(put, 53400730)
    assert get_order(client, shop, number)["status"] == "Draft"
    del body["status"]
    executed = client.put(f"/v1/orders/{number}", headers=shop.headers | NEW, json=body)
    assert [i["itemNumber"] for i in ok(executed)["orderLineItems"]] == ["1"]
    assert [i["amount"] for i in items_of(client, shop, number)] == [89.96]


def test_a_preview_checks_line_items_and_stores_nothing(
    client: TestClient, shop: Session, charges: dict[str, str]
) -> None:
    def preview(item: dict[str, Any]) -> Any:
        return client.post(
            "/v1/orders/preview",
            headers=shop.headers | NEW,
            json={
                "orderDate": ORDER_DATE,
                "newAccount": new_account(),
                "orderLineItems": [item],
                "previewOptions": {"previewTypes": ["BillingDocs"]},
            },
        )

    assert ok(preview(widget()))["previewResult"] == {"invoices": []}
    recurring = {"productRatePlanChargeId": charges["Basic seats"], "quantity": 1}
    refused(preview(recurring), 53400330)
    no_orders(client, shop)


def test_order_lists_carry_the_line_items(client: TestClient, shop: Session) -> None:
    created = ok(sell(client, shop, widget(), widget(quantity=1)))
    listed = client.get("/v1/orders", headers=shop.headers).json()["orders"]
    (found,) = listed
    assert [i["amount"] for i in found["orderLineItems"]] == [89.96, 17.99]
    by_owner = client.get(
        f"/v1/orders/invoiceOwner/{created['accountNumber']}", headers=shop.headers
    ).json()["orders"]
    assert [len(o["orderLineItems"]) for o in by_owner] == [2]


def test_an_order_whose_line_items_are_all_canceled_is_canceled(
    client: TestClient, shop: Session
) -> None:
    created = ok(sell(client, shop, widget(itemState="Canceled")))
    assert get_order(client, shop, created["orderNumber"])["state"] == "Canceled"


def test_a_unique_token_names_one_subscription(client: TestClient, shop: Session) -> None:
    twice = [
        {"orderActions": [create_subscription(start=ORDER_DATE, uniqueToken="tok")]}
        for _ in range(2)
    ]
    response = sell(client, shop, widget(uniqueToken="tok"), subscriptions=twice)
    body = refused(response, 50000020)
    assert body["reasons"][0]["message"] == (
        "uniqueToken 'tok' is given to two CreateSubscription actions."
    )
    no_orders(client, shop)
