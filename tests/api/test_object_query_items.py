"""Object Query invoice items and payment methods (issue 14): values from an invoice billed
by `POST /v1/orders` and methods made by `POST /v1/payment-methods`, on SQLite and
PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.test_object_query import get
from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session


def billed(client: TestClient, shop: Session) -> str:
    response = order(
        client,
        shop,
        {
            "orderDate": "2025-01-15",
            "newAccount": new_account(),
            "processingOptions": {"runBilling": True},
            "subscriptions": [{"orderActions": [create_subscription(start="2025-01-15")]}],
        },
    )
    assert response.status_code == 200, response.text
    number: str = response.json()["subscriptions"][0]["subscriptionNumber"]
    return number


def test_invoice_items_list_filter_expand_and_key(client: TestClient, shop: Session) -> None:
    number = billed(client, shop)
    invoice = get(client, shop, "invoices/INV00000001", ("expand[]", "invoiceitems")).json()
    # platform 29 x 17/31 = 15.90; seats 36 x 17/31 = 19.74; onboarding 99 (one-time).
    assert sorted(i["chargeAmount"] for i in invoice["invoiceItems"]) == [15.90, 19.74, 99]
    items = get(client, shop, "invoice-items", ("sort[]", "chargeAmount.DESC")).json()["data"]
    assert [i["chargeAmount"] for i in items] == [99, 19.74, 15.90]
    assert {i["invoiceId"] for i in items} == {invoice["id"]}
    assert {i["subscriptionNumber"] for i in items} == {number}
    assert {i["accountId"] for i in items} == {invoice["accountId"]}
    recurring = [i for i in items if i["chargeAmount"] != 99]
    assert {(i["serviceStartDate"], i["serviceEndDate"]) for i in recurring} == {
        ("2025-01-15", "2025-01-31")
    }
    big = get(
        client,
        shop,
        "invoice-items",
        ("filter[]", "chargeAmount.GT:19.74"),
        ("expand[]", "invoice"),
    ).json()["data"]
    assert [(i["chargeAmount"], i["invoice"]["invoiceNumber"]) for i in big] == [
        (99, "INV00000001")
    ]
    one = get(client, shop, f"invoice-items/{items[1]['id']}").json()
    assert (one["chargeAmount"], one["chargeName"]) == (19.74, items[1]["chargeName"])
    page = get(client, shop, "invoice-items", ("pageSize", 2)).json()
    rest = get(client, shop, "invoice-items", ("pageSize", 2), ("cursor", page["nextPage"])).json()
    assert len(page["data"]) == 2 and len(rest["data"]) == 1 and "nextPage" not in rest
    assert {i["id"] for i in page["data"] + rest["data"]} == {i["id"] for i in items}
    assert get(client, shop, "invoice-items/nope").status_code == 404
    bad = get(client, shop, "invoice-items", ("filter[]", "chargeName.EQ:x"))
    assert bad.status_code == 400, bad.text


def test_payment_methods_list_filter_expand_and_key(client: TestClient, shop: Session) -> None:
    from tests.api.test_payment_method_types import CARD, TYPES, method_id

    made = client.post("/v1/accounts", headers=shop.headers, json=new_account())
    assert made.status_code == 200, made.text
    number = made.json()["accountNumber"]
    card = method_id(client, shop, CARD, accountKey=number, makeDefault=True)
    ach = method_id(client, shop, TYPES["ACH"][0], accountKey=number)
    orphan = method_id(client, shop, TYPES["ACH"][0])
    listed = get(client, shop, "payment-methods").json()["data"]
    assert [m["id"] for m in listed] == [orphan, ach, card]  # newest first
    one = get(client, shop, f"payment-methods/{card}", ("expand[]", "account")).json()
    assert (one["type"], one["creditCardMaskNumber"], one["creditCardType"]) == (
        "CreditCard",
        "************1111",
        "Visa",
    )
    assert (one["creditCardExpirationMonth"], one["creditCardExpirationYear"]) == (12, 2099)
    assert (one["creditCardHolderName"], one["paymentMethodStatus"]) == ("Ada Lovelace", "Active")
    assert one["account"]["accountNumber"] == number
    assert one["account"]["defaultPaymentMethodId"] == card
    bank = get(client, shop, f"payment-methods/{ach}").json()
    assert (bank["achAccountNumberMask"], bank["achAccountName"], bank["achBankName"]) == (
        "********6789",
        "Ada Lovelace",
        "First Bank",
    )
    assert "creditCardMaskNumber" not in bank
    account_id = one["accountId"]
    mine = get(client, shop, "payment-methods", ("filter[]", f"accountId.EQ:{account_id}"))
    assert {m["id"] for m in mine.json()["data"]} == {card, ach}
    orphans = get(client, shop, "payment-methods", ("filter[]", "accountId.EQ:null"))
    assert [m["id"] for m in orphans.json()["data"]] == [orphan]
    achs = get(client, shop, "payment-methods", ("filter[]", "type.EQ:ACH"), ("sort[]", "id.ASC"))
    assert [m["id"] for m in achs.json()["data"]] == sorted([ach, orphan])
    expanded = get(
        client,
        shop,
        f"accounts/{number}",
        ("expand[]", "paymentmethods"),
        ("paymentMethods.fields[]", "type"),
    ).json()
    assert expanded["paymentMethods"] == [
        {"id": card, "type": "CreditCard"},
        {"id": ach, "type": "ACH"},
    ]
    assert get(client, shop, "payment-methods/nope").status_code == 404
