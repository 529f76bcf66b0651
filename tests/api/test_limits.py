"""Issue 8: no accepted value can break a later read or run (domain/limits.py).

Each reproducer of the issue answers 4xx naming the field, stores nothing, and the reads
of what exists keep answering 200 afterwards."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_orders import NEW, create_subscription, new_account, order, subscribe
from tests.api.test_payments import plain_account
from tests.api.test_pending_orders import _seats_charge_id
from tests.conftest import Session
from tests.support import catalog


def reads_still_work(client: TestClient, shop: Session, account: str) -> None:
    for path in (
        "/v1/subscriptions/A-S00000001",
        f"/v1/subscriptions/accounts/{account}",
        f"/v1/accounts/{account}/summary",
        f"/v1/accounts/{account}",
    ):
        response = client.get(path, headers=shop.headers)
        assert response.status_code == 200, (path, response.text)
    generated = client.post(
        f"/v1/accounts/{account}/billing-documents/generate",
        headers=shop.headers,
        json={"targetDate": "2025-02-01"},
    )
    assert generated.status_code == 200, generated.text


def refused(response: Any, field: str, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["success"] is False
    assert f"'{field}'" in body["reasons"][0]["message"], body
    return body


def _override(**pricing: Any) -> list[dict[str, Any]]:
    return [
        {
            "productRatePlanChargeId": "CLOUDDESK-BASIC-SEATS",
            "pricing": {"recurringPerUnit": pricing},
        }
    ]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('"quantity": 1e30', "quantity"),
        ('"quantity": 1e400', "quantity"),
        ('"listPrice": 1e30', "listPrice"),
        ('"listPrice": 1e-400', "listPrice"),
        ('"listPrice": 1.0000000001', "listPrice"),
        ('"quantity": -1', "quantity"),
    ],
)
def test_numbers_outside_the_limits_are_refused_on_orders(
    client: TestClient, shop: Session, raw: str, field: str
) -> None:
    account = subscribe(client, shop)["accountNumber"]
    seats = _seats_charge_number(client, shop)
    body = json.dumps(
        {
            "orderDate": "2025-01-01",
            "existingAccountNumber": account,
            "subscriptions": [
                {
                    "orderActions": [
                        create_subscription(
                            overrides=[
                                {
                                    "productRatePlanChargeId": seats,
                                    "pricing": {"recurringPerUnit": {}},
                                }
                            ]
                        )
                    ]
                }
            ],
        }
    ).replace('"recurringPerUnit": {}', '"recurringPerUnit": {' + raw + "}")
    response = client.post(
        "/v1/orders",
        content=body.encode(),
        headers=shop.headers | NEW | {"Content-Type": "application/json"},
    )
    reply = refused(
        response,
        f"subscriptions[0].orderActions[0].createSubscription."
        f"subscribeToRatePlans[0].chargeOverrides[0].pricing.recurringPerUnit.{field}",
    )
    assert reply["reasons"][0]["code"] == 50005020
    assert client.get("/v1/subscriptions/A-S00000002", headers=shop.headers).status_code == 404
    reads_still_work(client, shop, account)


def _seats_charge_number(client: TestClient, shop: Session) -> str:
    sub = client.get("/v1/subscriptions/A-S00000001", headers=shop.headers).json()
    charge = next(c for c in sub["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic seats")
    return str(charge["productRatePlanChargeId"])


def test_exponent_notation_inside_the_limits_is_normalized(
    client: TestClient, shop: Session
) -> None:
    account = subscribe(client, shop)["accountNumber"]
    seats = _seats_charge_number(client, shop)
    body = json.dumps(
        {
            "orderDate": "2025-01-01",
            "existingAccountNumber": account,
            "subscriptions": [
                {
                    "orderActions": [
                        create_subscription(
                            overrides=[
                                {
                                    "productRatePlanChargeId": seats,
                                    "pricing": {"recurringPerUnit": {}},
                                }
                            ]
                        )
                    ]
                }
            ],
        }
    ).replace(
        '"recurringPerUnit": {}', '"recurringPerUnit": {"quantity": 1E+1, "listPrice": 1.5E0}'
    )
    response = client.post(
        "/v1/orders",
        content=body.encode(),
        headers=shop.headers | NEW | {"Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    text = client.get("/v1/subscriptions/A-S00000002", headers=shop.headers).text
    assert '"quantity":10,' in text
    assert "E+" not in text


def test_a_price_of_1e30_on_the_crud_catalog_is_refused(client: TestClient, shop: Session) -> None:
    product = catalog.product(client, shop)
    plan = catalog.plan(client, shop, product)
    body = catalog.charge_body(plan)
    raw = json.dumps(body).replace('"Price": 12.5', '"Price": 1e30')
    response = client.post(
        "/v1/object/product-rate-plan-charge",
        content=raw.encode(),
        headers=shop.headers | {"Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text
    error = response.json()["Errors"][0]
    assert error["Code"] == "INVALID_VALUE"
    assert "ProductRatePlanChargeTierData.ProductRatePlanChargeTier[0].Price" in error["Message"]
    charges = client.get(f"/v1/rateplan/{product}/productRatePlan", headers=shop.headers)
    assert charges.status_code == 200
    assert client.get("/v1/catalog/products", headers=shop.headers).status_code == 200


def test_a_payment_of_1e400_is_refused_and_the_account_still_reads(
    client: TestClient, shop: Session
) -> None:
    account = plain_account(client, shop)
    number = account["basicInfo"]["accountNumber"]
    raw = (
        f'{{"accountNumber": "{number}", "amount": 1e400, "currency": "USD", "type": "External",'
        ' "paymentMethodType": "Check", "effectiveDate": "2025-01-20"}'
    )
    response = client.post(
        "/v1/payments",
        content=raw.encode(),
        headers=shop.headers | {"Content-Type": "application/json"},
    )
    body = refused(response, "amount")
    assert body["reasons"][0]["code"] == 55000020
    detail = client.get(f"/v1/accounts/{number}", headers=shop.headers)
    assert detail.status_code == 200
    assert detail.json()["metrics"]["unappliedPaymentAmount"] == 0
    assert client.get(f"/v1/accounts/{number}/summary", headers=shop.headers).status_code == 200


def test_a_date_given_as_a_number_is_refused(client: TestClient, shop: Session) -> None:
    response = order(
        client,
        shop,
        {
            "orderDate": 86400,
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    body = refused(response, "orderDate")
    assert "YYYY-MM-DD" in body["reasons"][0]["message"]
    assert client.get("/v1/subscriptions/A-S00000001", headers=shop.headers).status_code == 404


@pytest.mark.parametrize(
    ("start", "term", "field"),
    [
        ("9999-06-01", {"period": 12, "periodType": "Month"}, "subscriptions[0].orderActions[0]"),
        ("2025-01-01", {"period": 10_000_000, "periodType": "Day"}, "terms.initialTerm.period"),
        ("1899-12-31", {"period": 12, "periodType": "Month"}, "orderDate"),
    ],
)
def test_dates_derived_outside_the_calendar_are_refused(
    client: TestClient, shop: Session, start: str, term: dict[str, Any], field: str
) -> None:
    account = subscribe(client, shop)["accountNumber"]
    response = order(
        client,
        shop,
        {
            "orderDate": start,
            "existingAccountNumber": account,
            "subscriptions": [
                {
                    "orderActions": [
                        create_subscription(
                            start=start,
                            term={
                                "initialTerm": {"termType": "TERMED", **term},
                                "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
                                "renewalTerms": [{"period": 12, "periodType": "Month"}],
                                "autoRenew": True,
                            },
                        )
                    ]
                }
            ],
        },
    )
    refused(response, field)
    assert client.get("/v1/subscriptions/A-S00000002", headers=shop.headers).status_code == 404
    reads_still_work(client, shop, account)


def test_billing_target_dates_far_ahead_are_refused(client: TestClient, shop: Session) -> None:
    account = subscribe(client, shop)["accountNumber"]
    run = client.post("/v1/bill-runs", headers=shop.headers, json={"targetDate": "9999-12-31"})
    refused(run, "targetDate")
    generate = client.post(
        f"/v1/accounts/{account}/billing-documents/generate",
        headers=shop.headers,
        json={"targetDate": "2999-01-01"},
    )
    refused(generate, "targetDate")
    listed = client.get("/v1/bill-runs", headers=shop.headers)
    assert listed.status_code in (200, 405)
    reads_still_work(client, shop, account)


def test_unbounded_text_is_refused(client: TestClient, shop: Session) -> None:
    name = client.post(
        "/v1/bill-runs",
        headers=shop.headers,
        json={"targetDate": "2025-02-01", "name": "n" * 256},
    )
    refused(name, "name")
    at_limit = client.post(
        "/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-02-01", "name": "n" * 255}
    )
    assert at_limit.status_code == 200, at_limit.text
    run = client.get(f"/v1/bill-runs/{at_limit.json()['id']}", headers=shop.headers).json()
    assert run["name"] == "n" * 255


@pytest.mark.parametrize("character", ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085"])
def test_control_characters_are_refused_before_the_database(
    client: TestClient, shop: Session, character: str
) -> None:
    response = client.post(
        "/v1/accounts",
        headers=shop.headers,
        json={**new_account(), "name": f"Ac{character}me"},
    )
    body = refused(response, "name")
    assert body["reasons"][0]["code"] == 51000020
    assert "control characters" in body["reasons"][0]["message"]
    # Tab, newline and carriage return are text.
    fine = client.post(
        "/v1/accounts",
        headers=shop.headers,
        json={**new_account(), "name": "Ac\tme", "notes": "line 1\r\nline 2"},
    )
    assert fine.status_code == 200, fine.text
    got = client.get(f"/v1/accounts/{fine.json()['accountNumber']}", headers=shop.headers).json()
    assert got["basicInfo"]["name"] == "Ac\tme"


def test_a_nul_in_a_path_or_query_is_refused(client: TestClient, shop: Session) -> None:
    path = client.get("/v1/accounts/A%0000001", headers=shop.headers)
    refused(path, "path")
    query = client.get("/v1/orders?status=Completed%00", headers=shop.headers)
    refused(query, "query")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/v1/orders",
            {"orderDate": "2025-01-01", "newAccount": {}, "subscriptions": []},
            "newAccount.name",
        ),
        (
            "/v1/orders/preview",
            {
                "orderDate": "2025-01-01",
                "previewAccountInfo": {},
                "previewOptions": {"previewTypes": ["ChargeMetrics"]},
                "subscriptions": [],
            },
            "previewAccountInfo.currency",
        ),
    ],
)
def test_new_account_validation_errors_are_400_with_the_path(
    client: TestClient, shop: Session, path: str, body: dict[str, Any], field: str
) -> None:
    response = client.post(path, headers=shop.headers | NEW, json=body)
    reply = refused(response, field)
    assert reply["reasons"][0]["code"] == 50000022
    assert reply["reasons"][0]["message"] == f"'{field}' may not be null"


def test_new_account_on_put_order_is_400_with_the_path(client: TestClient, shop: Session) -> None:
    account = subscribe(client, shop)["accountNumber"]
    draft = order(
        client,
        shop,
        {
            "orderDate": "2025-05-01",
            "existingAccountNumber": account,
            "status": "Draft",
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert draft.status_code == 200, draft.text
    number = draft.json()["orderNumber"]
    response = client.put(
        f"/v1/orders/{number}",
        headers=shop.headers | NEW,
        json={"orderDate": "2025-05-01", "newAccount": {"name": "x"}, "subscriptions": []},
    )
    refused(response, "newAccount.currency")


def test_a_body_over_the_limit_is_413(client: TestClient, shop: Session) -> None:
    big = {"targetDate": "2025-02-01", "padding": ["x" * 200] * 30_000}  # ~6.2 MB
    raw = json.dumps(big).encode()
    plain = client.post(
        "/v1/bill-runs", headers=shop.headers | {"Content-Type": "application/json"}, content=raw
    )
    assert plain.status_code == 413, plain.text
    assert plain.json()["reasons"][0]["code"] == 50000070
    zipped = gzip.compress(raw)
    assert len(zipped) < 100_000
    inflated = client.post(
        "/v1/bill-runs",
        headers=shop.headers | {"Content-Type": "application/json", "Content-Encoding": "gzip"},
        content=zipped,
    )
    assert inflated.status_code == 413, inflated.text
    assert inflated.json()["reasons"][0]["code"] == 50000070
    crud = client.post(
        "/v1/object/product",
        headers=shop.headers | {"Content-Type": "application/json"},
        content=raw,
    )
    assert crud.status_code == 413
    assert crud.json() == {
        "Success": False,
        "Errors": [
            {"Code": "REQUEST_EXCEEDED_LIMIT", "Message": crud.json()["Errors"][0]["Message"]}
        ],
    }


def _seats_at(client: TestClient, shop: Session, account: str, price: str, quantity: str) -> Any:
    seats = _seats_charge_id(client, shop)
    body = json.dumps(
        {
            "orderDate": "2025-01-01",
            "existingAccountNumber": account,
            "subscriptions": [
                {
                    "orderActions": [
                        create_subscription(
                            overrides=[
                                {
                                    "productRatePlanChargeId": seats,
                                    "pricing": {"recurringPerUnit": {}},
                                }
                            ]
                        )
                    ]
                }
            ],
        }
    ).replace(
        '"recurringPerUnit": {}',
        '"recurringPerUnit": {"listPrice": ' + price + ', "quantity": ' + quantity + "}",
    )
    return client.post(
        "/v1/orders",
        content=body.encode(),
        headers=shop.headers | NEW | {"Content-Type": "application/json"},
    )


def test_a_price_times_quantity_past_the_limits_is_refused(
    client: TestClient, shop: Session
) -> None:
    """Each inside the limits, together 36 integer digits a period: refused (L13)."""
    account = subscribe(client, shop)["accountNumber"]
    response = _seats_at(
        client, shop, account, "999999999999999999.999999999", "999999999999999999"
    )
    reply = refused(response, "subscriptions[0].orderActions[0]")
    assert reply["reasons"][0]["code"] == 50005020
    assert "one billing period" in reply["reasons"][0]["message"]
    assert client.get("/v1/subscriptions/A-S00000002", headers=shop.headers).status_code == 404
    reads_still_work(client, shop, account)


def test_large_prices_inside_the_limits_bill_exactly(client: TestClient, shop: Session) -> None:
    """123456789.123456789 x 1234567.891 seats a month, from 2025-01-01, billed to
    2025-01-01 (January only). By hand, in integers: 123456789123456789 x 1234567891
    = 152415787777777786625361999, so 152415787777777.786625361999 → 152415787777777.79
    (platform fee 29.00 and onboarding 99.00 besides)."""
    account = plain_account(client, shop)["basicInfo"]["accountNumber"]
    response = _seats_at(client, shop, account, "123456789.123456789", "1234567.891")
    assert response.status_code == 200, response.text
    generated = client.post(
        f"/v1/accounts/{account}/billing-documents/generate",
        headers=shop.headers,
        json={"targetDate": "2025-01-01", "autoPost": True},
    )
    assert generated.status_code == 200, generated.text
    [invoice] = generated.json()["invoices"]
    items = client.get(f"/v1/invoices/{invoice['id']}/items", headers=shop.headers).json()
    amounts = sorted(str(i["chargeAmount"]) for i in items["invoiceItems"])
    assert amounts == ["152415787777777.79", "29.00", "99.00"]
