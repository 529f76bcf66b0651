"""Payment methods of every type through HTTP (issue 13), on SQLite and PostgreSQL: created
by each entry point, made default, paid with and declined through the test gateway's
documented values, masked, read back, updated, scrubbed, deleted; a sign-up with each
type in one `POST /v1/orders` with runBilling and collectPayment.

Demo catalog, bill cycle day 1: an order on 2025-01-01 bills January in full, platform
29 + seats 3 x 12 + onboarding 99 = USD 164.00. Test values: the gateway module's table
(src/zorders/gateways/test_gateway.py)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.api.test_orders import NEW, create_subscription, new_account, order
from tests.api.test_payments import account, billed_account, id_of, number_of, plain_account
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.storage.tables import accounts, jobs, payment_methods

HOLDER = {
    "accountHolderName": "Ada Lovelace",
    "email": "ada@example.com",
    "addressLine1": "1 Main St",
    "city": "London",
    "zipCode": "N1 9GU",
    "country": "GB",
}

# type -> (approving body, declining body, the secret values, expected masked fields).
CARD = {
    "type": "CreditCard",
    "cardType": "Visa",
    "cardNumber": "4111111111111111",
    "expirationMonth": 12,
    "expirationYear": 2099,
    "securityCode": "737",
    "cardHolderInfo": {"cardHolderName": "Ada Lovelace"},
}
TYPES: dict[str, tuple[dict[str, Any], dict[str, Any], tuple[str, ...], dict[str, Any]]] = {
    "CreditCard": (
        CARD,
        {**CARD, "cardNumber": "4000000000000002"},
        ("4111111111111111",),
        {
            "cardNumber": "************1111",
            "creditCardMaskNumber": "************1111",
            "creditCardType": "Visa",
            "expirationMonth": 12,
            "expirationYear": 2099,
        },
    ),
    "CreditCardReferenceTransaction": (
        {
            "type": "CreditCardReferenceTransaction",
            "tokenId": "tok_visa",
            "secondTokenId": "card_1OaBcD",
            "creditCardMaskNumber": "************4242",
            "cardType": "Visa",
            "expirationMonth": 12,
            "expirationYear": 2099,
        },
        {"type": "CreditCardReferenceTransaction", "tokenId": "tok_chargeDeclined"},
        (),
        {
            "tokenId": "tok_visa",
            "secondTokenId": "card_1OaBcD",
            "creditCardMaskNumber": "************4242",
            "creditCardType": "Visa",
        },
    ),
    "ACH": (
        {
            "type": "ACH",
            "bankABACode": "110000000",
            "bankAccountNumber": "000123456789",
            "bankAccountType": "Checking",
            "bankName": "First Bank",
            "bankAccountName": "Ada Lovelace",
        },
        {
            "type": "ACH",
            "bankABACode": "110000000",
            "bankAccountNumber": "000111111116",
            "bankAccountType": "Saving",
            "bankAccountName": "Ada Lovelace",
        },
        ("000123456789",),
        {
            "bankABACode": "110000000",
            "bankAccountName": "Ada Lovelace",
            "accountNumber": "********6789",
        },
    ),
    "BankTransfer": (
        {
            "type": "BankTransfer",
            "bankTransferType": "DirectDebitUK",
            "accountNumber": "00012345",
            "bankCode": "108800",
            "accountHolderInfo": HOLDER,
            "mandateInfo": {"mandateId": "MD-0001", "mandateStatus": "Active"},
        },
        {
            "type": "BankTransfer",
            "bankTransferType": "DirectDebitUK",
            "accountNumber": "90012345",
            "bankCode": "108800",
            "accountHolderInfo": HOLDER,
        },
        ("00012345",),
        {
            "bankTransferType": "DirectDebitUK",
            "accountNumber": "****2345",
            "bankCode": "108800",
            "mandateInfo": {"mandateId": "MD-0001", "mandateStatus": "Active"},
        },
    ),
    "SEPA": (
        {
            "type": "SEPA",
            "IBAN": "DE89370400440532013000",
            "businessIdentificationCode": "COBADEFFXXX",
            "accountHolderInfo": HOLDER,
            "mandateInfo": {"mandateId": "SEPA-77", "mandateReason": "first"},
        },
        {"type": "SEPA", "IBAN": "DE62370400440532013001", "accountHolderInfo": HOLDER},
        ("DE89370400440532013000",),
        {
            "bankTransferType": "SEPA",
            "IBAN": "******************3000",
            "businessIdentificationCode": "COBADEFFXXX",
            "mandateInfo": {"mandateId": "SEPA-77", "mandateReason": "first"},
        },
    ),
    "PayPal": (
        {"type": "PayPalNativeEC", "BAID": "B-5YM98274U1542804X", "email": "ada@example.com"},
        {"type": "PayPalEC", "BAID": "B-DECLINED0000000", "email": "ada@example.com"},
        (),
        {"BAID": "B-5YM98274U1542804X", "email": "ada@example.com"},
    ),
}
# Zuora's key of each type in an account's list, and the stored type.
LIST_KEYS = {
    "CreditCard": ("creditcard", "CreditCard"),
    "CreditCardReferenceTransaction": (
        "creditcardreferencetransaction",
        "CreditCardReferenceTransaction",
    ),
    "ACH": ("ach", "ACH"),
    "BankTransfer": ("banktransfer", "BankTransfer"),
    "SEPA": ("banktransfer", "BankTransfer"),
    "PayPal": ("paypal", "PayPal"),
}
KINDS = list(TYPES)


def create(client: TestClient, shop: Session, body: dict[str, Any], **extra: Any) -> Any:
    return client.post("/v1/payment-methods", headers=shop.headers, json={**body, **extra})


def method_id(client: TestClient, shop: Session, body: dict[str, Any], **extra: Any) -> str:
    response = create(client, shop, body, **extra)
    assert response.status_code == 200, response.text
    assert response.json()["success"] is True
    created: str = response.json()["id"]
    return created


def stored_rows(container: Container, shop: Session) -> list[str]:
    with container.engine.connect() as conn:
        return [
            str(row)
            for row in conn.execute(
                select(payment_methods).where(payment_methods.c.tenant_id == shop.tenant_id)
            )
        ]


def count_accounts(container: Container, shop: Session) -> int:
    with container.engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).where(accounts.c.tenant_id == shop.tenant_id)
            ).scalar_one()
        )


def electronic(client: TestClient, shop: Session, acct: dict[str, Any], method: str) -> Any:
    return client.post(
        "/v1/payments",
        headers=shop.headers,
        json={
            "type": "Electronic",
            "accountId": id_of(acct),
            "currency": "USD",
            "amount": 164,
            "paymentMethodId": method,
            "invoices": [{"invoiceNumber": "INV00000001", "amount": 164}],
        },
    )


def subset(body: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in expected.items():
        got = body.get(key)
        if isinstance(value, dict) and isinstance(got, dict):
            out[key] = {k: got.get(k) for k in value}
        else:
            out[key] = got
    return out


# -- create, default, mask, read back ------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_each_type_is_created_made_default_masked_and_read_back(
    client: TestClient, container: Container, shop: Session, kind: str
) -> None:
    approving, _, secrets, shown = TYPES[kind]
    acct = plain_account(client, shop)
    created = method_id(client, shop, approving, accountKey=number_of(acct), makeDefault=True)
    assert account(client, shop, number_of(acct))["basicInfo"]["defaultPaymentMethodId"] == (
        created
    )
    key, stored_type = LIST_KEYS[kind]
    listed = client.get(f"/v1/accounts/{number_of(acct)}/payment-methods", headers=shop.headers)
    assert listed.status_code == 200, listed.text
    methods = listed.json()[key]
    assert [(m["id"], m["type"], m["isDefault"], m["status"]) for m in methods] == [
        (created, stored_type, True, "Active")
    ]
    assert subset(methods[0], shown) == shown
    default = client.get(
        f"/v1/accounts/{id_of(acct)}/payment-methods/default", headers=shop.headers
    ).json()
    assert (default["id"], default["type"]) == (created, stored_type)
    one = client.get(f"/v1/payment-methods/{created}", headers=shop.headers)
    assert one.status_code == 200, one.text
    assert one.json()["success"] is True
    assert (one.json()["id"], one.json()["isDefault"]) == (created, True)
    if kind == "ACH":
        assert (one.json()["bankAccountNumber"], one.json()["bankAccountType"]) == (
            "********6789",
            "Checking",
        )
    # The secrets are nowhere: not on the wire, not stored.
    for secret in secrets:
        assert secret not in listed.text and secret not in one.text
        assert not any(secret in row for row in stored_rows(container, shop))


def test_an_orphan_method_is_attached_by_its_account_later(
    client: TestClient, shop: Session
) -> None:
    orphan = method_id(client, shop, TYPES["ACH"][0])
    read = client.get(f"/v1/payment-methods/{orphan}", headers=shop.headers).json()
    assert read["isDefault"] is False
    acct = plain_account(client, shop)
    put = client.put(
        f"/v1/payment-methods/{orphan}",
        headers=shop.headers,
        json={"accountKey": number_of(acct), "makeDefault": True},
    )
    assert put.status_code == 200, put.text
    assert account(client, shop, number_of(acct))["basicInfo"]["defaultPaymentMethodId"] == orphan
    # A method of one account does not move to another.
    other = plain_account(client, shop)
    moved = client.put(
        f"/v1/payment-methods/{orphan}",
        headers=shop.headers,
        json={"accountKey": number_of(other)},
    )
    assert moved.status_code == 400, moved.text


# -- pay and decline ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_each_type_pays_with_its_approving_value_and_declines_with_the_other(
    client: TestClient, shop: Session, kind: str
) -> None:
    approving, declining, _, _ = TYPES[kind]
    acct = billed_account(client, shop)
    bad = method_id(client, shop, declining, accountKey=id_of(acct))
    declined = electronic(client, shop, acct, bad)
    assert declined.status_code == 400, declined.text
    assert declined.json()["reasons"][0]["code"] == 55000499
    good = method_id(client, shop, approving, accountKey=id_of(acct))
    paid = electronic(client, shop, acct, good)
    assert paid.status_code == 200, paid.text
    body = paid.json()
    assert (body["status"], body["amount"], body["appliedAmount"], body["paymentMethodId"]) == (
        "Processed",
        164,
        164,
        good,
    )
    assert body["gatewayResponseCode"] == "approved"
    metrics = account(client, shop, number_of(acct))["metrics"]
    assert (metrics["balance"], metrics["totalInvoiceBalance"]) == (0, 0)


# -- sign-ups in one order ------------------------------------------------------------------


def signup(client: TestClient, shop: Session, **account_fields: Any) -> Any:
    return order(
        client,
        shop,
        {
            "orderDate": "2025-01-01",
            "newAccount": new_account(autoPay=True, **account_fields),
            "processingOptions": {"runBilling": True, "collectPayment": True},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_signup_with_each_type_bills_and_collects_in_one_order(
    client: TestClient, container: Container, shop: Session, kind: str
) -> None:
    approving, _, secrets, shown = TYPES[kind]
    response = signup(client, shop, paymentMethod=approving, paymentGateway="Stripe UK")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["paymentStatus"], body["paidAmount"]) == (
        "Completed",
        "Processed",
        "164.00",
    )
    acct = account(client, shop, body["accountNumber"])
    assert acct["billingAndPayment"]["autoPay"] is True
    assert acct["billingAndPayment"]["paymentGateway"] == "Stripe UK"
    key, _ = LIST_KEYS[kind]
    listed = client.get(
        f"/v1/accounts/{body['accountNumber']}/payment-methods", headers=shop.headers
    ).json()
    assert listed["paymentGateway"] == "Stripe UK"
    assert [m["id"] for m in listed[key]] == [acct["basicInfo"]["defaultPaymentMethodId"]]
    assert subset(listed[key][0], shown) == shown
    payment = client.get(f"/v1/payments/{body['paymentNumber']}", headers=shop.headers).json()
    assert (payment["amount"], payment["paymentMethodId"]) == (
        164,
        acct["basicInfo"]["defaultPaymentMethodId"],
    )
    assert acct["metrics"]["balance"] == 0
    for secret in secrets:
        assert not any(secret in row for row in stored_rows(container, shop))


@pytest.mark.parametrize("kind", KINDS)
def test_a_declined_signup_leaves_nothing(
    client: TestClient, container: Container, shop: Session, kind: str
) -> None:
    _, declining, _, _ = TYPES[kind]
    response = signup(client, shop, paymentMethod=declining)
    assert response.status_code == 400, response.text
    assert response.json()["reasons"][0]["code"] == 55000499
    assert count_accounts(container, shop) == 0
    assert stored_rows(container, shop) == []


def test_a_signup_with_a_card_made_beforehand(client: TestClient, shop: Session) -> None:
    """`hpmCreditCardPaymentMethodId`: a hosted page's method (an orphan) becomes the new
    account's default and pays its first invoice."""
    orphan = method_id(
        client,
        shop,
        {
            "type": "CreditCard",
            "cardNumber": "4111111111111111",
            "expirationMonth": 12,
            "expirationYear": 2099,
            "cardHolderInfo": {"cardHolderName": "Ada Lovelace"},
        },
    )
    response = signup(client, shop, hpmCreditCardPaymentMethodId=orphan)
    assert response.status_code == 200, response.text
    assert (response.json()["paidAmount"], response.json()["paymentStatus"]) == (
        "164.00",
        "Processed",
    )
    acct = account(client, shop, response.json()["accountNumber"])
    assert acct["basicInfo"]["defaultPaymentMethodId"] == orphan
    # Now the account's: another sign-up cannot take it.
    again = signup(client, shop, hpmCreditCardPaymentMethodId=orphan)
    assert again.status_code == 400, again.text


def test_post_accounts_takes_each_way_of_giving_a_payment_method(
    client: TestClient, shop: Session
) -> None:
    base = {
        "name": "Acme",
        "currency": "USD",
        "billCycleDay": 1,
        "autoPay": True,
        "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
    }
    made = {}
    for name, value in (
        ("paymentMethod", TYPES["BankTransfer"][0]),
        (
            "creditCard",
            {
                "cardType": "MasterCard",
                "cardNumber": "5555555555554444",
                "expirationMonth": 1,
                "expirationYear": 2099,
                "cardHolderInfo": {"cardHolderName": "Ada Lovelace"},
            },
        ),
        ("hpmCreditCardPaymentMethodId", method_id(client, shop, TYPES["PayPal"][0])),
    ):
        response = client.post("/v1/accounts", headers=shop.headers, json={**base, name: value})
        assert response.status_code == 200, response.text
        acct = account(client, shop, response.json()["accountNumber"])
        assert acct["billingAndPayment"]["autoPay"] is True
        method = acct["basicInfo"]["defaultPaymentMethodId"]
        made[name] = client.get(f"/v1/payment-methods/{method}", headers=shop.headers).json()
    assert made["paymentMethod"]["type"] == "BankTransfer"
    assert made["creditCard"]["creditCardMaskNumber"] == "************4444"
    assert made["hpmCreditCardPaymentMethodId"]["BAID"] == "B-5YM98274U1542804X"
    both = client.post(
        "/v1/accounts",
        headers=shop.headers,
        json={**base, "paymentMethod": TYPES["ACH"][0], "hpmCreditCardPaymentMethodId": "x"},
    )
    assert both.status_code == 400, both.text


# -- update, scrub, delete ------------------------------------------------------------------


def test_update_a_mandate_and_a_holder(client: TestClient, shop: Session) -> None:
    acct = plain_account(client, shop)
    created = method_id(client, shop, TYPES["BankTransfer"][0], accountKey=id_of(acct))
    put = client.put(
        f"/v1/payment-methods/{created}",
        headers=shop.headers,
        json={
            "mandateInfo": {"mandateId": "MD-0002", "mandateStatus": "Cancelled"},
            "accountHolderInfo": {"city": "Leeds"},
        },
    )
    assert put.status_code == 200, put.text
    read = client.get(f"/v1/payment-methods/{created}", headers=shop.headers).json()
    assert (read["mandateInfo"]["mandateId"], read["mandateInfo"]["mandateStatus"]) == (
        "MD-0002",
        "Cancelled",
    )
    assert (read["accountHolderInfo"]["city"], read["accountHolderInfo"]["accountHolderName"]) == (
        "Leeds",
        "Ada Lovelace",
    )


@pytest.mark.parametrize("kind", KINDS)
def test_scrub_writes_over_personal_data_and_closes_the_method(
    client: TestClient, container: Container, shop: Session, kind: str
) -> None:
    approving, _, secrets, _ = TYPES[kind]
    acct = billed_account(client, shop)
    default = method_id(client, shop, TYPES["ACH"][0], accountKey=id_of(acct), makeDefault=True)
    other = method_id(client, shop, approving, accountKey=id_of(acct))
    refused = client.put(f"/v1/payment-methods/{default}/scrub", headers=shop.headers)
    assert refused.status_code == 400, refused.text
    scrub = client.put(f"/v1/payment-methods/{other}/scrub", headers=shop.headers)
    assert scrub.status_code == 200, scrub.text
    assert scrub.json()["success"] is True
    read = client.get(f"/v1/payment-methods/{other}", headers=shop.headers).json()
    assert read["status"] == "Closed"
    holder = read["accountHolderInfo"]["accountHolderName"]
    assert holder in (None, "Record Scrubbed")
    scrubbed = {
        "CreditCard": ("creditCardMaskNumber", "Record Scrubbed"),
        "CreditCardReferenceTransaction": ("tokenId", "Record Scrubbed"),
        "ACH": ("bankAccountNumber", "Record Scrubbed"),
        "BankTransfer": ("accountNumber", "Record Scrubbed"),
        "SEPA": ("IBAN", "Record Scrubbed"),
        "PayPal": ("BAID", "Record Scrubbed"),
    }[kind]
    assert read[scrubbed[0]] == scrubbed[1]
    listed = client.get(f"/v1/accounts/{id_of(acct)}/payment-methods", headers=shop.headers)
    assert other not in listed.text
    assert electronic(client, shop, acct, other).status_code == 400
    again = client.put(f"/v1/payment-methods/{other}", headers=shop.headers, json={"email": "x@y"})
    assert again.status_code == 400, again.text
    for secret in secrets:
        assert not any(secret in row for row in stored_rows(container, shop))


@pytest.mark.parametrize("kind", KINDS)
def test_delete_a_method_but_not_the_default(client: TestClient, shop: Session, kind: str) -> None:
    acct = plain_account(client, shop)
    default = method_id(client, shop, TYPES["SEPA"][0], accountKey=id_of(acct), makeDefault=True)
    other = method_id(client, shop, TYPES[kind][0], accountKey=id_of(acct))
    refused = client.delete(f"/v1/payment-methods/{default}", headers=shop.headers)
    assert refused.status_code == 400, refused.text
    deleted = client.delete(f"/v1/payment-methods/{other}", headers=shop.headers)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["success"] is True
    assert client.get(f"/v1/payment-methods/{other}", headers=shop.headers).status_code == 404
    listed = client.get(f"/v1/accounts/{id_of(acct)}/payment-methods", headers=shop.headers).json()
    assert other not in str(listed)
    assert [m["id"] for m in listed["banktransfer"]] == [default]


@pytest.mark.parametrize("kind", KINDS)
def test_post_accounts_with_each_type(client: TestClient, shop: Session, kind: str) -> None:
    approving, _, _, shown = TYPES[kind]
    response = client.post(
        "/v1/accounts",
        headers=shop.headers,
        json={
            "name": "Acme",
            "currency": "USD",
            "autoPay": True,
            "paymentGateway": "Adyen EU",
            "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
            "paymentMethod": approving,
        },
    )
    assert response.status_code == 200, response.text
    acct = account(client, shop, response.json()["accountNumber"])
    assert acct["billingAndPayment"]["paymentGateway"] == "Adyen EU"
    default = client.get(
        f"/v1/accounts/{id_of(acct)}/payment-methods/default", headers=shop.headers
    ).json()
    assert (default["type"], default["isDefault"]) == (LIST_KEYS[kind][1], True)
    assert subset(default, shown) == shown


# -- the CRUD object API --------------------------------------------------------------------


def test_crud_payment_method_create_read_update_delete(
    client: TestClient, container: Container, shop: Session
) -> None:
    acct = plain_account(client, shop)
    created = client.post(
        "/v1/object/payment-method",
        headers=shop.headers,
        json={
            "AccountId": id_of(acct),
            "Type": "BankTransfer",
            "BankTransferType": "DirectDebitUK",
            "BankTransferAccountNumber": "00012345",
            "BankCode": "108800",
            "BankTransferAccountName": "Ada Lovelace",
            "MandateID": "MD-CRUD-1",
            "ExistingMandate": "Yes",
            "Email": "ada@example.com",
            "Country": "GB",
        },
    )
    assert created.status_code == 200, created.text
    assert created.json()["Success"] is True
    pm = created.json()["Id"]
    read = client.get(f"/v1/object/payment-method/{pm}", headers=shop.headers)
    assert read.status_code == 200, read.text
    got = read.json()
    assert {
        k: got.get(k)
        for k in (
            "Id",
            "AccountId",
            "Type",
            "BankTransferType",
            "BankTransferAccountNumberMask",
            "BankTransferAccountName",
            "BankCode",
            "MandateID",
            "ExistingMandate",
            "Email",
            "PaymentMethodStatus",
        )
    } == {
        "Id": pm,
        "AccountId": id_of(acct),
        "Type": "BankTransfer",
        "BankTransferType": "DirectDebitUK",
        "BankTransferAccountNumberMask": "****2345",
        "BankTransferAccountName": "Ada Lovelace",
        "BankCode": "108800",
        "MandateID": "MD-CRUD-1",
        "ExistingMandate": "Yes",
        "Email": "ada@example.com",
        "PaymentMethodStatus": "Active",
    }
    assert "00012345" not in read.text
    token = client.post(
        "/v1/object/payment-method",
        headers=shop.headers,
        json={
            "AccountId": id_of(acct),
            "Type": "CreditCardReferenceTransaction",
            "TokenId": "cus_PQ9x",
            "SecondTokenId": "card_1Ab",
        },
    ).json()["Id"]
    shown = client.get(f"/v1/object/payment-method/{token}", headers=shop.headers).json()
    assert (shown["TokenId"], shown["SecondTokenId"]) == ("cus_PQ9x", "card_1Ab")
    put = client.put(
        f"/v1/object/payment-method/{pm}", headers=shop.headers, json={"MandateID": "MD-CRUD-2"}
    )
    assert put.status_code == 200, put.text
    assert put.json() == {"Success": True, "Id": pm}
    again = client.get(f"/v1/object/payment-method/{pm}", headers=shop.headers).json()
    assert again["MandateID"] == "MD-CRUD-2"
    deleted = client.delete(f"/v1/object/payment-method/{pm}", headers=shop.headers)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json() == {"id": pm, "success": True}
    assert client.get(f"/v1/object/payment-method/{pm}", headers=shop.headers).status_code == 404
    assert len(stored_rows(container, shop)) == 1


CRUD_BODIES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "CreditCard": (
        {
            "Type": "CreditCard",
            "CreditCardNumber": "4111111111111111",
            "CreditCardType": "Visa",
            "CreditCardExpirationMonth": 12,
            "CreditCardExpirationYear": 2099,
            "CreditCardHolderName": "Ada Lovelace",
        },
        {"CreditCardMaskNumber": "************1111", "CreditCardHolderName": "Ada Lovelace"},
    ),
    "ACH": (
        {
            "Type": "ACH",
            "AchAbaCode": "110000000",
            "AchAccountNumber": "000123456789",
            "AchAccountType": "BusinessChecking",
            "AchAccountName": "Acme Ltd",
            "AchBankName": "First Bank",
        },
        {"AchAccountNumberMask": "********6789", "AchAccountType": "BusinessChecking"},
    ),
    "SEPA": (
        {
            "Type": "BankTransfer",
            "BankTransferType": "SEPA",
            "IBAN": "DE89370400440532013000",
            "BankTransferAccountName": "Ada Lovelace",
            "MandateID": "SEPA-CRUD",
        },
        {"IBAN": "******************3000", "MandateID": "SEPA-CRUD"},
    ),
    "PayPal": (
        {
            "Type": "PayPal",
            "PaypalType": "NativeExpressCheckout",
            "PaypalBaid": "B-5YM98274U1542804X",
            "PaypalEmail": "ada@example.com",
        },
        {"PaypalBaid": "B-5YM98274U1542804X", "PaypalType": "NativeExpressCheckout"},
    ),
}


@pytest.mark.parametrize("kind", list(CRUD_BODIES))
def test_crud_create_of_each_type_pays_and_shows_masks(
    client: TestClient, container: Container, shop: Session, kind: str
) -> None:
    body, shown = CRUD_BODIES[kind]
    acct = billed_account(client, shop)
    created = client.post(
        "/v1/object/payment-method", headers=shop.headers, json={**body, "AccountId": id_of(acct)}
    )
    assert created.status_code == 200, created.text
    pm = created.json()["Id"]
    read = client.get(f"/v1/object/payment-method/{pm}", headers=shop.headers).json()
    assert {k: read.get(k) for k in shown} == shown
    assert electronic(client, shop, acct, pm).json()["status"] == "Processed"
    for secret in ("4111111111111111", "000123456789", "DE89370400440532013000"):
        assert secret not in str(read)
        assert not any(secret in row for row in stored_rows(container, shop))
    unknown = client.post(
        "/v1/object/payment-method?rejectUnknownFields=true",
        headers=shop.headers,
        json={**body, "AccountId": id_of(acct), "Colour": "red"},
    )
    assert unknown.status_code == 400, unknown.text


# -- refusals -------------------------------------------------------------------------------


def _without(kind: str, name: str) -> dict[str, Any]:
    body = dict(TYPES[kind][0])
    body.pop(name)
    return body


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        ({"type": "Bitcoin"}, 55001030, "Bitcoin"),
        (_without("CreditCardReferenceTransaction", "tokenId"), 55001022, "tokenId"),
        (_without("ACH", "bankABACode"), 55001022, "bankABACode"),
        (_without("ACH", "bankAccountNumber"), 55001022, "bankAccountNumber"),
        (_without("ACH", "bankAccountType"), 55001022, "bankAccountType"),
        ({**TYPES["ACH"][0], "bankABACode": "12345"}, 55001020, "9 digits"),
        ({**TYPES["ACH"][0], "bankAccountType": "Gold"}, 55001020, "bankAccountType"),
        (_without("BankTransfer", "bankTransferType"), 55001022, "bankTransferType"),
        (_without("BankTransfer", "accountNumber"), 55001022, "accountNumber"),
        (_without("BankTransfer", "bankCode"), 55001022, "bankCode"),
        (_without("BankTransfer", "accountHolderInfo"), 55001022, "accountHolderName"),
        ({**TYPES["BankTransfer"][0], "bankTransferType": "Giro"}, 55001020, "Giro"),
        (_without("SEPA", "IBAN"), 55001022, "IBAN"),
        (_without("PayPal", "BAID"), 55001022, "BAID"),
        (_without("PayPal", "email"), 55001022, "email"),
    ],
)
def test_bad_payment_methods_are_400_and_store_nothing(
    client: TestClient,
    container: Container,
    shop: Session,
    body: dict[str, Any],
    code: int,
    words: str,
) -> None:
    acct = plain_account(client, shop)
    response = create(client, shop, body, accountKey=id_of(acct))
    assert response.status_code == 400, response.text
    reason = response.json()["reasons"][0]
    assert (reason["code"], words in reason["message"]) == (code, True), reason
    assert stored_rows(container, shop) == []
    # The same method in a sign-up: refused, no account.
    before = count_accounts(container, shop)
    assert signup(client, shop, paymentMethod=body).status_code == 400
    assert count_accounts(container, shop) == before
    assert stored_rows(container, shop) == []


def test_an_async_signup_keeps_no_secret_in_its_job(
    client: TestClient, container: Container, shop: Session
) -> None:
    response = client.post(
        "/v1/async/orders",
        headers=shop.headers | NEW,
        json={
            "orderDate": "2025-01-01",
            "newAccount": new_account(paymentMethod=TYPES["ACH"][0]),
            "processingOptions": {"runBilling": True, "collectPayment": True},
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert response.status_code == 202, response.text
    with container.engine.connect() as conn:
        payloads = [str(r) for r in conn.execute(select(jobs.c.payload))]
    assert payloads and not any("000123456789" in p for p in payloads)
    job = client.get(f"/v1/async-jobs/{response.json()['jobId']}", headers=shop.headers).json()
    assert job["status"] == "Completed", job
    assert job["result"]["paidAmount"] == "164.00"


def test_an_auto_pay_bill_run_collects_on_every_type(client: TestClient, shop: Session) -> None:
    """Each customer signed up (no billing) with autoPay and a method; the run bills January
    (USD 164.00 each) and collects it: Processed on an approving value, Error on a
    declining one, whose invoice stays open."""
    customers: dict[str, tuple[str, str]] = {}
    for kind, (approving, declining, _, _) in TYPES.items():
        for outcome, method in (("Processed", approving), ("Error", declining)):
            created = order(
                client,
                shop,
                {
                    "orderDate": "2025-01-01",
                    "newAccount": new_account(
                        name=f"{kind} {outcome}", autoPay=True, paymentMethod=method
                    ),
                    "subscriptions": [{"orderActions": [create_subscription()]}],
                },
            )
            assert created.status_code == 200, created.text
            customers[f"{kind} {outcome}"] = (created.json()["accountNumber"], outcome)
    run = client.post(
        "/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-01-01", "autoPost": True}
    )
    assert run.status_code == 200, run.text
    for name, (number, outcome) in customers.items():
        payments = client.get(f"/v1/payments?accountId={number}", headers=shop.headers).json()
        assert [(p["status"], p["amount"]) for p in payments["payments"]] == [(outcome, 164)], name
        balance = account(client, shop, number)["metrics"]["balance"]
        assert balance == (0 if outcome == "Processed" else 164), name


def test_the_accounts_payment_gateway_is_updated_and_limited(
    client: TestClient, container: Container, shop: Session
) -> None:
    acct = plain_account(client, shop)
    assert acct["billingAndPayment"]["paymentGateway"] is None
    put = client.put(
        f"/v1/accounts/{number_of(acct)}",
        headers=shop.headers,
        json={"paymentGateway": "GoCardless"},
    )
    assert put.status_code == 200, put.text
    read = account(client, shop, number_of(acct))
    assert read["billingAndPayment"]["paymentGateway"] == "GoCardless"
    long = client.put(
        f"/v1/accounts/{number_of(acct)}", headers=shop.headers, json={"paymentGateway": "G" * 41}
    )
    assert long.status_code == 400, long.text
    reason = long.json()["reasons"][0]
    assert (reason["code"], "paymentGateway" in reason["message"]) == (51000020, True)
    before = count_accounts(container, shop)
    created = client.post(
        "/v1/accounts",
        headers=shop.headers,
        json={
            "name": "Acme",
            "currency": "USD",
            "paymentGateway": "G" * 41,
            "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
        },
    )
    assert created.status_code == 400, created.text
    assert count_accounts(container, shop) == before
