"""Payments and payment methods through HTTP, on SQLite and PostgreSQL; collectPayment on
orders, all or nothing.

Demo catalog, bill cycle day 1. An order on 2025-01-01 with runBilling bills January in
full: platform 29 + seats 3 x 12 + onboarding 99 = USD 164.00 on INV00000001. Card numbers
are the test gateway's (src/zorders/gateways/test_gateway.py)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.api.test_orders import NEW, create_subscription, new_account, order
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.storage.tables import payment_methods

VISA = "4111111111111111"
MASTERCARD = "5555555555554444"
DECLINED = "4000000000000002"
NO_FUNDS = "4000000000009995"
UNKNOWN = "4242424242424242"


# -- helpers --------------------------------------------------------------------------------


def billed_account(client: TestClient, shop: Session) -> dict[str, Any]:
    """A new account with one Posted invoice of USD 164.00 (the tenant's first is
    INV00000001)."""
    response = order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "processingOptions": {"runBilling": True},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert response.status_code == 200, response.text
    assert len(response.json()["invoiceNumbers"]) == 1
    return account(client, shop, response.json()["accountNumber"])


def plain_account(client: TestClient, shop: Session) -> dict[str, Any]:
    response = client.post(
        "/v1/accounts",
        headers=shop.headers,
        json={
            "name": "Acme",
            "currency": "USD",
            "billCycleDay": 1,
            "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
        },
    )
    assert response.status_code == 200, response.text
    return account(client, shop, response.json()["accountNumber"])


def account(client: TestClient, shop: Session, key: str) -> dict[str, Any]:
    response = client.get(f"/v1/accounts/{key}", headers=shop.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def number_of(acct: dict[str, Any]) -> str:
    number: str = acct["basicInfo"]["accountNumber"]
    return number


def id_of(acct: dict[str, Any]) -> str:
    account_id: str = acct["basicInfo"]["id"]
    return account_id


def metrics(client: TestClient, shop: Session, acct: dict[str, Any]) -> tuple[Any, Any, Any]:
    m = account(client, shop, number_of(acct))["metrics"]
    return m["balance"], m["totalInvoiceBalance"], m["unappliedPaymentAmount"]


def add_card(
    client: TestClient,
    shop: Session,
    account_key: str,
    number: str = VISA,
    *,
    make_default: bool = True,
    **extra: Any,
) -> Any:
    return client.post(
        "/v1/payment-methods",
        headers=shop.headers,
        json={
            "type": "CreditCard",
            "accountKey": account_key,
            "cardNumber": number,
            "expirationMonth": 12,
            "expirationYear": 2099,
            "securityCode": "123",
            "cardHolderInfo": {"cardHolderName": "Ada Lovelace"},
            "makeDefault": make_default,
            **extra,
        },
    )


def card_id(client: TestClient, shop: Session, account_key: str, number: str = VISA) -> str:
    response = add_card(client, shop, account_key, number)
    assert response.status_code == 200, response.text
    method_id: str = response.json()["id"]
    return method_id


def pay(client: TestClient, shop: Session, acct: dict[str, Any], **fields: Any) -> Any:
    body = {
        "type": "External",
        "accountId": id_of(acct),
        "currency": "USD",
        "amount": 100,
        **fields,
    }
    return client.post("/v1/payments", headers=shop.headers, json=body)


def invoice(client: TestClient, shop: Session, key: str = "INV00000001") -> dict[str, Any]:
    response = client.get(f"/v1/invoices/{key}", headers=shop.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def payments_of(client: TestClient, shop: Session, acct: dict[str, Any]) -> list[Any]:
    response = client.get(f"/v1/payments?accountId={id_of(acct)}", headers=shop.headers)
    assert response.status_code == 200, response.text
    listed: list[Any] = response.json()["payments"]
    return listed


def refused(response: Any, code: int, words: str = "", status: int = 400) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False
    reason = body["reasons"][0]
    assert reason["code"] == code, reason
    assert words in reason["message"], reason


# -- payment methods --------------------------------------------------------------------------


def test_a_card_becomes_the_default_and_only_its_last_four_digits_are_kept(
    client: TestClient, shop: Session, container: Container
) -> None:
    acct = plain_account(client, shop)
    # autoPay needs a default payment method (decisions A2)...
    put = client.put(
        f"/v1/accounts/{number_of(acct)}", headers=shop.headers, json={"autoPay": True}
    )
    refused(put, 51000530)
    response = add_card(client, shop, number_of(acct), VISA)
    assert response.status_code == 200, response.text
    method_id = response.json()["id"]
    assert response.json() == {"success": True, "id": method_id}
    # ... which the card now is.
    assert account(client, shop, number_of(acct))["basicInfo"]["defaultPaymentMethodId"] == (
        method_id
    )
    put = client.put(
        f"/v1/accounts/{number_of(acct)}", headers=shop.headers, json={"autoPay": True}
    )
    assert put.status_code == 200, put.text
    assert account(client, shop, number_of(acct))["billingAndPayment"]["autoPay"] is True

    second = card_id(client, shop, id_of(acct), MASTERCARD)  # by account id; default now
    listed = client.get(f"/v1/accounts/{number_of(acct)}/payment-methods", headers=shop.headers)
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["defaultPaymentMethodId"] == second
    assert [
        (m["id"], m["type"], m["creditCardType"], m["cardNumber"], m["isDefault"])
        for m in body["creditcard"]
    ] == [
        (method_id, "CreditCard", "Visa", "************1111", False),
        (second, "CreditCard", "MasterCard", "************4444", True),
    ]
    first = body["creditcard"][0]
    assert (first["expirationMonth"], first["expirationYear"], first["status"]) == (
        12,
        2099,
        "Active",
    )
    assert first["accountHolderInfo"]["accountHolderName"] == "Ada Lovelace"
    default = client.get(
        f"/v1/accounts/{id_of(acct)}/payment-methods/default", headers=shop.headers
    ).json()
    assert (default["success"], default["id"], default["creditCardMaskNumber"]) == (
        True,
        second,
        "************4444",
    )
    # The full number and the security code are nowhere: not on the wire, not stored.
    assert VISA not in listed.text and MASTERCARD not in listed.text
    with container.engine.connect() as conn:
        stored = [
            str(row)
            for row in conn.execute(
                select(payment_methods).where(payment_methods.c.tenant_id == shop.tenant_id)
            )
        ]
    assert len(stored) == 2
    for row in stored:
        assert VISA not in row and MASTERCARD not in row and "411111" not in row
        assert "'123'" not in row and '"123"' not in row


def test_a_card_that_is_not_default(client: TestClient, shop: Session) -> None:
    acct = plain_account(client, shop)
    assert add_card(client, shop, number_of(acct), make_default=False).status_code == 200
    assert account(client, shop, number_of(acct))["basicInfo"]["defaultPaymentMethodId"] is None
    refused(
        client.get(f"/v1/accounts/{number_of(acct)}/payment-methods/default", headers=shop.headers),
        55001040,
        "no default payment method",
        status=404,
    )


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"cardNumber": "4111111111111112"}, 55001120, "check digit"),
        ({"cardNumber": "4111 1111 1111 1111"}, 55001120, "digits"),
        ({"cardType": "MasterCard"}, 55001120, "Visa"),
        ({"expirationYear": 2001}, 55001220, "expired"),
        ({"expirationMonth": 0}, 55001220, "expirationMonth"),
        ({"securityCode": "1"}, 55001320, "securityCode"),
        ({"cardHolderInfo": {}}, 55001022, "cardHolderName"),
        ({"cardNumber": None}, 55001022, "cardNumber"),
        ({"accountKey": None}, 55001022, "accountKey"),
        ({"accountKey": "A09999999"}, 55000740, "A09999999"),
        ({"type": "Bitcoin"}, 55001030, "Bitcoin"),
    ],
)
def test_bad_payment_methods(
    client: TestClient, shop: Session, changes: dict[str, Any], code: int, words: str
) -> None:
    acct = plain_account(client, shop)
    body = {
        "type": "CreditCard",
        "accountKey": number_of(acct),
        "cardNumber": VISA,
        "expirationMonth": 12,
        "expirationYear": 2099,
        "cardHolderInfo": {"cardHolderName": "Ada Lovelace"},
        "makeDefault": True,
        **changes,
    }
    refused(client.post("/v1/payment-methods", headers=shop.headers, json=body), code, words)
    listed = client.get(f"/v1/accounts/{number_of(acct)}/payment-methods", headers=shop.headers)
    assert listed.json()["creditcard"] == []


def test_payment_methods_of_an_unknown_account(client: TestClient, shop: Session) -> None:
    refused(
        client.get("/v1/accounts/A09999999/payment-methods", headers=shop.headers),
        51000040,
        status=404,
    )


# -- external payments ------------------------------------------------------------------------


def test_partial_then_full_payment_of_an_invoice(client: TestClient, shop: Session) -> None:
    acct = billed_account(client, shop)
    assert metrics(client, shop, acct) == (164, 164, 0)
    inv = invoice(client, shop)
    first = pay(client, shop, acct, amount=100, invoices=[{"invoiceId": inv["id"], "amount": 100}])
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["success"] is True
    assert (body["number"], body["type"], body["status"]) == ("P-00000001", "External", "Processed")
    assert (body["amount"], body["appliedAmount"], body["unappliedAmount"]) == (100, 100, 0)
    assert (body["accountId"], body["accountNumber"]) == (id_of(acct), number_of(acct))
    assert body["currency"] == "USD"
    assert body["paymentMethodId"] is None
    assert body["paidInvoices"] == [
        {"invoiceId": inv["id"], "invoiceNumber": "INV00000001", "appliedPaymentAmount": 100}
    ]
    after = invoice(client, shop)
    assert (after["amount"], after["balance"], after["paymentAmount"]) == (164, 64, 100)
    assert metrics(client, shop, acct) == (64, 64, 0)

    # The rest, by invoice number and account number, with cents written out.
    raw = (
        '{"type": "External", "accountNumber": "ACCOUNT", "currency": "USD", "amount": 64.00, '
        '"effectiveDate": "2025-01-20", "comment": "wire transfer", '
        '"paymentMethodType": "BankTransfer", '
        '"invoices": [{"invoiceNumber": "INV00000001", "amount": 64.00}]}'
    ).replace("ACCOUNT", number_of(acct))
    second = client.post(
        "/v1/payments",
        headers=shop.headers | {"Content-Type": "application/json"},
        content=raw,
    )
    assert second.status_code == 200, second.text
    assert (second.json()["number"], second.json()["effectiveDate"]) == ("P-00000002", "2025-01-20")
    assert second.json()["comment"] == "wire transfer"
    assert '"amount":64.00' in second.text  # every digit kept
    paid = invoice(client, shop)
    assert (paid["balance"], paid["paymentAmount"]) == (0, 164)
    assert metrics(client, shop, acct) == (0, 0, 0)
    docs = client.get(
        f"/v1/billing-documents?accountNumber={number_of(acct)}", headers=shop.headers
    ).json()["documents"]
    assert [(d["documentNumber"], d["balance"]) for d in docs] == [("INV00000001", 0)]

    # Nothing is left to pay on the invoice: more is refused and nothing is kept.
    refused(
        pay(client, shop, acct, amount=1, invoices=[{"invoiceId": inv["id"], "amount": 1}]),
        55000330,
        "more than its balance",
    )
    assert [p["number"] for p in payments_of(client, shop, acct)] == ["P-00000001", "P-00000002"]


def test_an_unapplied_payment_applied_later(client: TestClient, shop: Session) -> None:
    acct = billed_account(client, shop)
    created = pay(client, shop, acct, amount=200).json()
    assert (created["appliedAmount"], created["unappliedAmount"]) == (0, 200)
    assert metrics(client, shop, acct) == (164, 164, 200)

    # More than the invoice's balance, then more than the payment holds: refused.
    apply = f"/v1/payments/{created['number']}/apply"
    refused(
        client.put(apply, headers=shop.headers, json={"invoices": [
            {"invoiceNumber": "INV00000001", "amount": 164.01}]}),
        55000330,
        "more than its balance",
    )  # fmt: skip
    applied = client.put(
        apply,
        headers=shop.headers,
        json={"invoices": [{"invoiceNumber": "INV00000001", "amount": 64}]},
    )
    assert applied.status_code == 200, applied.text
    assert (applied.json()["appliedAmount"], applied.json()["unappliedAmount"]) == (64, 136)
    assert metrics(client, shop, acct) == (100, 100, 136)
    applied = client.put(
        f"/v1/payments/{created['id']}/apply",
        headers=shop.headers,
        json={"invoices": [{"invoiceNumber": "INV00000001", "amount": 100}]},
    )
    assert (applied.json()["appliedAmount"], applied.json()["unappliedAmount"]) == (164, 36)
    assert [
        (i["invoiceNumber"], i["appliedPaymentAmount"]) for i in applied.json()["paidInvoices"]
    ] == [
        ("INV00000001", 64),
        ("INV00000001", 100),
    ]
    assert metrics(client, shop, acct) == (0, 0, 36)
    assert (invoice(client, shop)["balance"], invoice(client, shop)["paymentAmount"]) == (0, 164)
    refused(
        client.put(apply, headers=shop.headers, json={"invoices": [
            {"invoiceNumber": "INV00000001", "amount": 1}]}),
        55000330,
    )  # fmt: skip
    refused(client.put(apply, headers=shop.headers, json={"invoices": []}), 55000022, "invoices")
    refused(
        client.put("/v1/payments/P-09999999/apply", headers=shop.headers, json={"invoices": []}),
        55000040,
        status=404,
    )
    got = client.get(f"/v1/payments/{created['number']}", headers=shop.headers).json()
    assert (got["appliedAmount"], got["unappliedAmount"]) == (164, 36)


def test_an_application_over_the_unapplied_amount_is_refused(
    client: TestClient, shop: Session
) -> None:
    acct = billed_account(client, shop)
    created = pay(client, shop, acct, amount=50).json()
    refused(
        client.put(
            f"/v1/payments/{created['id']}/apply",
            headers=shop.headers,
            json={"invoices": [{"invoiceNumber": "INV00000001", "amount": 60}]},
        ),
        55000330,
        "unapplied amount",
    )
    # The same invoice twice in one request counts both.
    refused(
        client.put(
            f"/v1/payments/{created['id']}/apply",
            headers=shop.headers,
            json={"invoices": [{"invoiceNumber": "INV00000001", "amount": 30},
                               {"invoiceNumber": "INV00000001", "amount": 30}]},
        ),
        55000330,
    )  # fmt: skip
    assert metrics(client, shop, acct) == (164, 164, 50)
    assert invoice(client, shop)["balance"] == 164


def test_a_refused_payment_keeps_nothing(client: TestClient, shop: Session) -> None:
    acct = billed_account(client, shop)
    refused(
        pay(client, shop, acct, amount=200, invoices=[
            {"invoiceNumber": "INV00000001", "amount": 170}]),
        55000330,
        "more than its balance",
    )  # fmt: skip
    refused(
        pay(client, shop, acct, amount=100, invoices=[
            {"invoiceNumber": "INV00000001", "amount": 60},
            {"invoiceNumber": "INV00000001", "amount": 60}]),
        55000330,
        "unapplied amount",
    )  # fmt: skip
    assert payments_of(client, shop, acct) == []
    assert metrics(client, shop, acct) == (164, 164, 0)
    assert invoice(client, shop)["balance"] == 164
    # No number was consumed.
    assert pay(client, shop, acct).json()["number"] == "P-00000001"


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"currency": "EUR"}, 55000230, "EUR"),
        ({"amount": 0}, 55000120, "greater than 0"),
        ({"amount": -5}, 55000120, "greater than 0"),
        ({"amount": 10.001}, 55000120, "decimals"),
        ({"accountId": None}, 55000022, "accountId"),
        ({"accountId": "0" * 32}, 55000740, "does not exist"),
        ({"accountNumber": "A09999999"}, 55000740, "A09999999"),
        ({"invoices": [{"invoiceNumber": "INV09999999", "amount": 1}]}, 55000340, "INV09999999"),
        ({"invoices": [{"amount": 1}]}, 55000022, "invoiceId"),
        ({"debitMemos": [{"debitMemoId": "x", "amount": 1}]}, 55000020, "debit memos"),
        ({"paymentMethodId": "0" * 32}, 55000020, "paymentMethodType"),
        ({"number": "a/b"}, 55000020, "number"),
        ({"comment": "x" * 256}, 55000020, "comment"),
        ({"type": "Cash"}, 50000020, "type"),
        ({"amount": None}, 50000020, "amount"),
    ],
)
def test_bad_payments(
    client: TestClient, shop: Session, fields: dict[str, Any], code: int, words: str
) -> None:
    acct = billed_account(client, shop)
    body = {
        "type": "External",
        "accountId": id_of(acct),
        "currency": "USD",
        "amount": 100,
        **fields,
    }
    refused(client.post("/v1/payments", headers=shop.headers, json=body), code, words)
    assert payments_of(client, shop, acct) == []


def test_given_payment_numbers(client: TestClient, shop: Session) -> None:
    acct = billed_account(client, shop)
    assert pay(client, shop, acct, number="CHK-1001").json()["number"] == "CHK-1001"
    refused(pay(client, shop, acct, number="CHK-1001"), 55000630, "CHK-1001")
    assert client.get("/v1/payments/CHK-1001", headers=shop.headers).json()["amount"] == 100
    assert pay(client, shop, acct).json()["number"] == "P-00000001"


# -- electronic payments ----------------------------------------------------------------------


def test_an_electronic_payment_on_the_default_card(client: TestClient, shop: Session) -> None:
    acct = billed_account(client, shop)
    method = card_id(client, shop, number_of(acct), VISA)
    response = pay(
        client,
        shop,
        acct,
        type="Electronic",
        amount=164,
        invoices=[{"invoiceNumber": "INV00000001", "amount": 164}],
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["type"], body["status"], body["paymentMethodId"]) == (
        "Electronic",
        "Processed",
        method,
    )
    assert (body["gatewayResponseCode"], body["gatewayResponse"]) == ("approved", "Approved")
    assert body["gatewayState"] == "Submitted"
    assert body["referenceId"].startswith("TG") and len(body["referenceId"]) == 24
    assert (body["appliedAmount"], body["unappliedAmount"]) == (164, 0)
    assert metrics(client, shop, acct) == (0, 0, 0)
    assert invoice(client, shop)["balance"] == 0
    by_number = client.get("/v1/payments/P-00000001", headers=shop.headers).json()
    by_id = client.get(f"/v1/payments/{body['id']}", headers=shop.headers).json()
    assert by_number == by_id == body


def test_an_electronic_payment_on_another_card_of_the_account(
    client: TestClient, shop: Session
) -> None:
    acct = billed_account(client, shop)
    card_id(client, shop, number_of(acct), DECLINED)  # the default declines...
    response = add_card(client, shop, number_of(acct), MASTERCARD, make_default=False)
    other = response.json()["id"]
    # ... the card given pays.
    body = pay(client, shop, acct, type="Electronic", amount=10, paymentMethodId=other).json()
    assert (body["status"], body["paymentMethodId"], body["unappliedAmount"]) == (
        "Processed",
        other,
        10,
    )
    assert metrics(client, shop, acct) == (164, 164, 10)


@pytest.mark.parametrize(
    ("number", "gateway_code"),
    [
        (DECLINED, "card_declined"),
        (NO_FUNDS, "insufficient_funds"),
        (UNKNOWN, "invalid_card_number"),
    ],
)
def test_a_declined_electronic_payment_keeps_nothing(
    client: TestClient, shop: Session, number: str, gateway_code: str
) -> None:
    acct = billed_account(client, shop)
    card_id(client, shop, number_of(acct), number)
    response = pay(
        client,
        shop,
        acct,
        type="Electronic",
        amount=164,
        invoices=[{"invoiceNumber": "INV00000001", "amount": 164}],
    )
    refused(response, 55000499, gateway_code)
    assert payments_of(client, shop, acct) == []
    assert metrics(client, shop, acct) == (164, 164, 0)
    assert invoice(client, shop)["balance"] == 164
    # An external payment afterwards gets the first number: the declined one took none.
    assert pay(client, shop, acct).json()["number"] == "P-00000001"


def test_electronic_payments_need_a_payment_method_of_the_account(
    client: TestClient, shop: Session
) -> None:
    acct = billed_account(client, shop)
    refused(pay(client, shop, acct, type="Electronic"), 55000530, "default payment method")
    someone_else = plain_account(client, shop)
    theirs = card_id(client, shop, number_of(someone_else), VISA)
    refused(pay(client, shop, acct, type="Electronic", paymentMethodId=theirs), 55000540, theirs)
    card_id(client, shop, number_of(acct), VISA)
    refused(
        pay(client, shop, acct, type="Electronic", effectiveDate="2000-01-01"),
        55000020,
        "effectiveDate",
    )
    assert payments_of(client, shop, acct) == []


def test_an_idempotent_replay_pays_once(client: TestClient, shop: Session) -> None:
    acct = billed_account(client, shop)
    card_id(client, shop, number_of(acct), VISA)
    headers = shop.headers | {"Idempotency-Key": "pay-once"}
    body = {
        "type": "Electronic",
        "accountId": id_of(acct),
        "currency": "USD",
        "amount": 164,
        "invoices": [{"invoiceNumber": "INV00000001", "amount": 164}],
    }
    first = client.post("/v1/payments", headers=headers, json=body)
    again = client.post("/v1/payments", headers=headers, json=body)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert len(payments_of(client, shop, acct)) == 1
    assert metrics(client, shop, acct) == (0, 0, 0)


def test_listing_payments(client: TestClient, shop: Session) -> None:
    acct = billed_account(client, shop)
    other = billed_account(client, shop)
    card_id(client, shop, number_of(acct), VISA)
    for amount in (1, 2, 3):
        assert pay(client, shop, acct, amount=amount).status_code == 200
    assert pay(client, shop, acct, type="Electronic", amount=4).status_code == 200
    assert pay(client, shop, other, amount=5).status_code == 200
    everything = client.get("/v1/payments", headers=shop.headers).json()
    assert [p["amount"] for p in everything["payments"]] == [1, 2, 3, 4, 5]
    mine = payments_of(client, shop, acct)
    assert [(p["number"], p["amount"]) for p in mine] == [
        ("P-00000001", 1),
        ("P-00000002", 2),
        ("P-00000003", 3),
        ("P-00000004", 4),
    ]
    by_number = client.get(f"/v1/payments?accountId={number_of(other)}", headers=shop.headers)
    assert [p["amount"] for p in by_number.json()["payments"]] == [5]
    electronic = client.get(
        f"/v1/payments?accountId={id_of(acct)}&type=Electronic&status=Processed",
        headers=shop.headers,
    ).json()["payments"]
    assert [p["number"] for p in electronic] == ["P-00000004"]
    page = client.get("/v1/payments?pageSize=2", headers=shop.headers).json()
    assert [p["amount"] for p in page["payments"]] == [1, 2]
    assert "page=2" in page["nextPage"]
    last = client.get("/v1/payments?pageSize=2&page=3", headers=shop.headers).json()
    assert [p["amount"] for p in last["payments"]] == [5] and "nextPage" not in last
    refused(client.get("/v1/payments?status=Paid", headers=shop.headers), 50000027, "status")
    refused(client.get("/v1/payments/P-09999999", headers=shop.headers), 55000040, status=404)


def test_tenants_do_not_see_each_others_payments(
    client: TestClient, shop: Session, new_session: Any
) -> None:
    acct = billed_account(client, shop)
    created = pay(client, shop, acct).json()
    stranger = new_session()
    assert client.get(f"/v1/payments/{created['id']}", headers=stranger.headers).status_code == 404
    assert client.get("/v1/payments", headers=stranger.headers).json()["payments"] == []


# -- collectPayment on orders -----------------------------------------------------------------


def collect_order(
    client: TestClient,
    shop: Session,
    account_number: str,
    query: str = "",
    **processing: Any,
) -> Any:
    return client.post(
        f"/v1/orders{query}",
        headers=shop.headers | NEW,
        json={
            "orderDate": "2025-01-01",
            "existingAccountNumber": account_number,
            "processingOptions": {"runBilling": True, "collectPayment": True, **processing},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )


def test_collect_payment_pays_the_order_invoice(client: TestClient, shop: Session) -> None:
    acct = plain_account(client, shop)
    method = card_id(client, shop, number_of(acct), VISA)
    response = collect_order(client, shop, number_of(acct), "?returnIds=true")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "Completed"
    assert body["invoiceNumbers"] == ["INV00000001"]
    assert (body["paymentNumber"], body["paymentStatus"], body["paidAmount"]) == (
        "P-00000001",
        "Processed",
        "164.00",
    )
    assert "paymentErrorCode" not in body
    payment = client.get(f"/v1/payments/{body['paymentId']}", headers=shop.headers).json()
    assert (payment["number"], payment["type"], payment["status"]) == (
        "P-00000001",
        "Electronic",
        "Processed",
    )
    assert (payment["amount"], payment["appliedAmount"], payment["paymentMethodId"]) == (
        164,
        164,
        method,
    )
    assert payment["sourceOrderNumber"] == body["orderNumber"]
    assert payment["paidInvoices"][0]["invoiceId"] == body["invoiceIds"][0]
    inv = invoice(client, shop)
    assert (inv["amount"], inv["balance"], inv["paymentAmount"]) == (164, 0, 164)
    assert metrics(client, shop, acct) == (0, 0, 0)


def test_collect_payment_with_the_payment_method_given(client: TestClient, shop: Session) -> None:
    acct = plain_account(client, shop)
    card_id(client, shop, number_of(acct), DECLINED)
    other = add_card(client, shop, number_of(acct), MASTERCARD, make_default=False).json()["id"]
    response = collect_order(
        client, shop, number_of(acct), electronicPaymentOptions={"paymentMethodId": other}
    )
    assert response.status_code == 200, response.text
    assert response.json()["paymentStatus"] == "Processed"
    payment = client.get("/v1/payments/P-00000001", headers=shop.headers).json()
    assert payment["paymentMethodId"] == other
    refused(
        collect_order(
            client, shop, number_of(acct), electronicPaymentOptions={"paymentMethodId": "0" * 32}
        ),
        55000540,
        "0" * 32,
    )


def test_a_declined_collection_rolls_the_whole_order_back(
    client: TestClient, shop: Session
) -> None:
    acct = plain_account(client, shop)
    card_id(client, shop, number_of(acct), DECLINED)
    response = collect_order(client, shop, number_of(acct))
    refused(response, 55000499, "card_declined")
    # No order, subscription, invoice or payment remains; the account is as it was.
    assert client.get("/v1/orders", headers=shop.headers).json()["orders"] == []
    assert client.get("/v1/subscriptions/A-S00000001", headers=shop.headers).status_code == 404
    assert client.get("/v1/invoices/INV00000001", headers=shop.headers).status_code == 404
    documents = client.get(
        f"/v1/billing-documents?accountNumber={number_of(acct)}", headers=shop.headers
    ).json()["documents"]
    assert documents == []
    assert payments_of(client, shop, acct) == []
    assert metrics(client, shop, acct) == (0, 0, 0)
    after = account(client, shop, number_of(acct))
    assert after["billingAndPayment"]["billCycleDay"] == 1
    assert after["metrics"]["contractedMrr"] == 0
    # Nor was a number consumed: the next order takes the first ones.
    card_id(client, shop, number_of(acct), VISA)
    retried = collect_order(client, shop, number_of(acct))
    assert retried.status_code == 200, retried.text
    assert (retried.json()["orderNumber"], retried.json()["invoiceNumbers"]) == (
        "O-00000001",
        ["INV00000001"],
    )
    assert retried.json()["subscriptions"][0]["subscriptionNumber"] == "A-S00000001"
    assert retried.json()["paymentNumber"] == "P-00000001"


def test_collect_payment_for_a_new_account_is_refused_and_creates_nothing(
    client: TestClient, shop: Session
) -> None:
    """A new account cannot have a default payment method yet: the order fails whole."""
    response = order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "processingOptions": {"runBilling": True, "collectPayment": True},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    refused(response, 55000530, "default payment method")
    assert client.get("/v1/accounts/A00000001", headers=shop.headers).status_code == 404
    assert client.get("/v1/invoices/INV00000001", headers=shop.headers).status_code == 404
    assert client.get("/v1/orders", headers=shop.headers).json()["orders"] == []


def test_allow_payment_failure_keeps_the_order_and_an_error_payment(
    client: TestClient, shop: Session
) -> None:
    acct = plain_account(client, shop)
    method = card_id(client, shop, number_of(acct), NO_FUNDS)
    response = collect_order(
        client, shop, number_of(acct), "?returnIds=true", allowPaymentFailure=True
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["success"], body["status"], body["invoiceNumbers"]) == (
        True,
        "Completed",
        ["INV00000001"],
    )
    assert (body["paymentStatus"], body["paymentErrorCode"], body["paymentErrorMessage"]) == (
        "Error",
        "insufficient_funds",
        "Insufficient funds",
    )
    assert body["paymentNumber"] == "P-00000001"
    assert "paidAmount" not in body
    payment = client.get(f"/v1/payments/{body['paymentId']}", headers=shop.headers).json()
    assert (payment["status"], payment["amount"], payment["paymentMethodId"]) == (
        "Error",
        164,
        method,
    )
    assert (payment["appliedAmount"], payment["unappliedAmount"]) == (0, 0)
    assert payment["gatewayResponseCode"] == "insufficient_funds"
    # The invoice stays unpaid and the account owes it.
    assert invoice(client, shop)["balance"] == 164
    assert metrics(client, shop, acct) == (164, 164, 0)
    assert client.get(f"/v1/orders/{body['orderNumber']}", headers=shop.headers).status_code == 200
    # An Error payment cannot be applied.
    refused(
        client.put(
            f"/v1/payments/{body['paymentId']}/apply",
            headers=shop.headers,
            json={"invoices": [{"invoiceNumber": "INV00000001", "amount": 1}]},
        ),
        55000030,
        "Error",
    )


@pytest.mark.parametrize(
    ("processing", "code", "words"),
    [
        ({"runBilling": False}, 53000730, "collectPayment needs runBilling"),
        ({"billingOptions": {"generateDraftInvoice": True}}, 53000730, "generateDraftInvoice"),
        ({"allowPaymentFailure": "yes"}, 50000020, "allowPaymentFailure"),
        ({"electronicPaymentOptions": {"paymentMethodId": 7}}, 50000020, "paymentMethodId"),
    ],
)
def test_bad_collect_payment_options(
    client: TestClient, shop: Session, processing: dict[str, Any], code: int, words: str
) -> None:
    acct = plain_account(client, shop)
    card_id(client, shop, number_of(acct), VISA)
    refused(collect_order(client, shop, number_of(acct), **processing), code, words)
    assert client.get("/v1/orders", headers=shop.headers).json()["orders"] == []
    assert payments_of(client, shop, acct) == []


def test_nothing_to_collect_makes_no_payment(client: TestClient, shop: Session) -> None:
    """A run that bills nothing (the charges start later) collects nothing."""
    acct = plain_account(client, shop)
    card_id(client, shop, number_of(acct), VISA)
    response = client.post(
        "/v1/orders",
        headers=shop.headers | NEW,
        json={
            "orderDate": "2025-01-01",
            "existingAccountNumber": number_of(acct),
            "processingOptions": {"runBilling": True, "collectPayment": True},
            "subscriptions": [{"orderActions": [create_subscription(start="2025-03-01")]}],
        },
    )
    assert response.status_code == 200, response.text
    assert "paymentNumber" not in response.json()
    assert "invoiceNumbers" not in response.json()
    assert payments_of(client, shop, acct) == []


def test_a_preview_takes_no_payment(client: TestClient, shop: Session) -> None:
    acct = plain_account(client, shop)
    card_id(client, shop, number_of(acct), VISA)
    response = client.post(
        "/v1/orders/preview",
        headers=shop.headers | NEW,
        json={
            "orderDate": "2025-01-01",
            "existingAccountNumber": number_of(acct),
            "previewOptions": {"previewTypes": ["ChargeMetrics"]},
            "processingOptions": {"runBilling": True, "collectPayment": True},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    refused(response, 53000730, "previews take no payments")
    assert payments_of(client, shop, acct) == []


def test_legacy_payment_list_of_an_account(client: TestClient, shop: Session) -> None:
    """`GET /v1/transactions/payments/accounts/{key}`: the older per-account list, oldest
    first, by account number or id, with what each payment paid."""
    acct = billed_account(client, shop)
    inv = invoice(client, shop)
    assert pay(client, shop, acct, amount=40).status_code == 200
    paid = pay(
        client, shop, acct, amount="60.50", invoices=[{"invoiceId": inv["id"], "amount": "60.50"}]
    )
    assert paid.status_code == 200, paid.text
    for key in (number_of(acct), id_of(acct)):
        response = client.get(f"/v1/transactions/payments/accounts/{key}", headers=shop.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["success"] is True
        rows = [
            (p["paymentNumber"], p["amount"], p["status"], p["type"], p["accountID"])
            for p in body["payments"]
        ]
        assert rows == [
            ("P-00000001", 40, "Processed", "External", id_of(acct)),
            ("P-00000002", 60.5, "Processed", "External", id_of(acct)),
        ]
        assert body["payments"][0]["paidInvoices"] == []
        assert body["payments"][1]["paidInvoices"] == [
            {"invoiceId": inv["id"], "invoiceNumber": "INV00000001", "appliedPaymentAmount": 60.5}
        ]
        assert body["payments"][1]["accountNumber"] == number_of(acct)
    # Another account's list is empty; an unknown account is a 404 in Zuora's envelope.
    other = plain_account(client, shop)
    empty = client.get(
        f"/v1/transactions/payments/accounts/{number_of(other)}", headers=shop.headers
    )
    assert empty.json() == {"success": True, "payments": []}
    unknown = client.get("/v1/transactions/payments/accounts/A99999999", headers=shop.headers)
    assert unknown.status_code == 404
    assert unknown.json()["success"] is False


@pytest.mark.parametrize("option", ["refund"])
def test_processing_options_not_built_are_refused(
    client: TestClient, shop: Session, option: str
) -> None:
    """refund is refused out loud (decision B18), and nothing is kept."""
    acct = plain_account(client, shop)
    response = client.post(
        "/v1/orders",
        headers=shop.headers | NEW,
        json={
            "orderDate": "2025-01-01",
            "existingAccountNumber": number_of(acct),
            "processingOptions": {"runBilling": True, option: True},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    refused(response, 53000730, option)
    assert client.get("/v1/orders", headers=shop.headers).json()["orders"] == []
    assert client.get("/v1/subscriptions/A-S00000001", headers=shop.headers).status_code == 404


def credit_order(client: TestClient, shop: Session, account_number: str, **processing: Any) -> Any:
    return client.post(
        "/v1/orders",
        headers=shop.headers | NEW,
        json={
            "orderDate": "2025-01-01",
            "existingAccountNumber": account_number,
            "processingOptions": {"runBilling": True, "applyCredit": True, **processing},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )


def test_apply_credit_uses_an_unapplied_payment(client: TestClient, shop: Session) -> None:
    """100.00 paid in advance, unapplied; the order's 164.00 invoice takes it (B20)."""
    acct = plain_account(client, shop)
    assert pay(client, shop, acct, amount=100).status_code == 200
    assert metrics(client, shop, acct) == (0, 0, 100)
    response = credit_order(client, shop, number_of(acct))
    assert response.status_code == 200, response.text
    assert response.json()["invoiceNumbers"] == ["INV00000001"]
    after = invoice(client, shop)
    assert (after["amount"], after["balance"], after["paymentAmount"]) == (164, 64, 100)
    assert after["creditMemoAmount"] == 0
    [payment] = payments_of(client, shop, acct)
    assert (payment["appliedAmount"], payment["unappliedAmount"]) == (100, 0)
    assert payment["paidInvoices"] == [
        {"invoiceId": after["id"], "invoiceNumber": "INV00000001", "appliedPaymentAmount": 100}
    ]
    assert metrics(client, shop, acct) == (64, 64, 0)


def test_apply_credit_before_collecting_charges_only_the_rest(
    client: TestClient, shop: Session
) -> None:
    """Credit first, then collectPayment charges the card for what is left: 164 - 40."""
    acct = plain_account(client, shop)
    card_id(client, shop, number_of(acct), VISA)
    assert pay(client, shop, acct, amount=40).status_code == 200
    response = credit_order(client, shop, number_of(acct), collectPayment=True)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["paidAmount"] == "124.00"
    assert invoice(client, shop)["balance"] == 0
    assert invoice(client, shop)["paymentAmount"] == 164
    rows = [(p["type"], p["amount"], p["unappliedAmount"]) for p in payments_of(client, shop, acct)]
    assert rows == [("External", 40, 0), ("Electronic", 124, 0)]
    assert metrics(client, shop, acct) == (0, 0, 0)


def test_apply_credit_with_nothing_to_apply_changes_nothing(
    client: TestClient, shop: Session
) -> None:
    acct = plain_account(client, shop)
    response = credit_order(client, shop, number_of(acct))
    assert response.status_code == 200, response.text
    assert invoice(client, shop)["balance"] == 164
    assert metrics(client, shop, acct) == (164, 164, 0)


@pytest.mark.parametrize(
    ("processing", "words"),
    [
        ({"runBilling": False}, "applyCredit needs runBilling"),
        ({"billingOptions": {"generateDraftInvoice": True}}, "generateDraftInvoice"),
    ],
)
def test_bad_apply_credit_options(
    client: TestClient, shop: Session, processing: dict[str, Any], words: str
) -> None:
    acct = plain_account(client, shop)
    assert pay(client, shop, acct, amount=100).status_code == 200
    refused(credit_order(client, shop, number_of(acct), **processing), 53000730, words)
    assert client.get("/v1/orders", headers=shop.headers).json()["orders"] == []
    assert metrics(client, shop, acct) == (0, 0, 100)
