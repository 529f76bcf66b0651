"""Every documented key, null when empty (issue 13 item 3): for each GET the official client
(zuora-sdk 3.21.0) deserializes, the raw JSON carries every field of the client's response
model (by alias, through nested objects and lists), and no key outside the model unless
Zuora documents it (the table below). Checked against the client's pydantic models
themselves, not against `response_keys.json`, so a stale table fails here too."""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
import zuora_sdk
from fastapi.testclient import TestClient
from pydantic import BaseModel

from tests.api.test_orders import NEW, create_subscription, new_account
from tests.api.test_payment_method_types import TYPES
from tests.api.test_payments import card_id
from tests.conftest import Session
from zorders.api.version_gates import absent_keys
from zorders.domain.versions import ApiVersion, parse_version

ROOT = Path(__file__).parents[2]
DEFAULT = parse_version(None)
# Each GET is read with no header (186.0) and as the official client sends it (a date: the
# newest behaviour); version-gated keys are checked against the table for that version.
VERSIONS = (None, "2025-08-12")

# Keys zorders sends outside the client's model, each documented by Zuora (or by our
# decisions) for that object. Type-named lists of payment methods are Zuora's documented
# shape for "List payment methods of an account" (the client models them as a placeholder).
DOCUMENTED_EXTRA = {
    "GetAccountPaymentMethodResponse": {
        "creditcard",
        "creditcardreferencetransaction",
        "ach",
        "banktransfer",
        "paypal",
    },
    # Zuora's invoice answers the account number beside the id (spec §13.5).
    "InvoiceResponse": {"accountNumber"},
    # Billing order line items: Zuora's invoice items carry orderLineItemId (decision LI2)
    # and, for fulfillment billing, fulfillmentId.
    "InvoiceItem": {"orderLineItemId", "fulfillmentId"},
    # Catalog products and an account's default payment method answer `success` beside
    # the object, as every Zuora v1 answer does.
    "GetProductResponse": {"success"},
    "GetPaymentMethodForAccountResponse": {"success"},
    "PaymentMethodResponse": {"success"},
    # `paidInvoices` is Zuora's shape for a payment's invoices (account summary payments,
    # the legacy payments list); `sourceOrderNumber` is zorders' own. Kept until
    # `GET /v1/payments/{key}/parts` tells the same (decisions P11, RS5).
    "PaymentResponse": {"paidInvoices", "sourceOrderNumber"},
    "Payment": {"paidInvoices", "sourceOrderNumber"},
    # The CRUD charge (`GET /v1/object/product-rate-plan-charge/{id}`): Zuora's
    # ProductRatePlanCharge object documents `ProductRatePlanChargeNumber` and the
    # `ProductRatePlanChargeTierData{ProductRatePlanChargeTier[]}` container (developer.zuora.com,
    # "CRUD: Retrieve a product rate plan charge" / "CRUD: Create a product rate plan charge")
    # that the client's GetProductRatePlanChargeResponse leaves out (RK4).
    "GetProductRatePlanChargeResponse": {
        "ProductRatePlanChargeNumber",
        "ProductRatePlanChargeTierData",
    },
}


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models(arg))
    return found


def _problems(
    model: type[BaseModel], data: Any, where: str, version: ApiVersion = DEFAULT
) -> list[str]:
    if isinstance(data, list):
        return [
            p
            for i, item in enumerate(data)
            for p in _problems(model, item, f"{where}[{i}]", version)
        ]
    if not isinstance(data, dict):
        return []
    fields = {
        (info.alias or name): info
        for name, info in model.model_fields.items()
        if name != "additional_properties" and "__" not in (info.alias or name)
    }
    if "actual_instance" in fields:
        return []  # a oneOf wrapper: the answer holds one of its alternatives
    if model.__name__ == "GetAccountPaymentMethodResponse":
        fields.pop("returnedPaymentMethodType", None)
    # Keys the request's Zuora-Version leaves out (api/version_gates.py).
    gated = absent_keys(model.__name__, version)
    problems = [
        f"{where}: missing {key} ({model.__name__})"
        for key, info in fields.items()
        # Zuora leaves these out when empty ("...if it exists; otherwise absent").
        if key not in data
        and "otherwise absent" not in (info.description or "")
        and key not in gated
    ]
    problems += [f"{where}: {key} sent at {version.minor}" for key in gated if key in data]
    allowed = DOCUMENTED_EXTRA.get(model.__name__, set())
    problems += [
        f"{where}: undocumented {key} ({model.__name__})"
        for key in data
        if key not in fields and key not in allowed and not key.endswith("__c")
    ]
    for key, info in fields.items():
        if data.get(key) is not None:
            for nested in _models(info.annotation)[:1]:
                problems += _problems(nested, data[key], f"{where}.{key}", version)
    return problems


@pytest.fixture
def state(client: TestClient, shop: Session) -> dict[str, str]:
    """A tenant with one of everything the GETs read: an account with a card, an order with
    a subscription and a line item, billed (an invoice) and paid (a payment)."""
    created = client.post(
        "/v1/orders",
        headers=shop.headers | NEW,
        json={
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert created.status_code == 200, created.text
    account = created.json()["accountNumber"]
    card = card_id(client, shop, account)
    others = {}
    for kind in ("ACH", "BankTransfer", "SEPA", "PayPal", "CreditCardReferenceTransaction"):
        made = client.post(
            "/v1/payment-methods",
            headers=shop.headers,
            json={**TYPES[kind][0], "accountKey": account},
        )
        assert made.status_code == 200, made.text
        others[kind] = made.json()["id"]
    sold = client.post(
        "/v1/orders",
        headers=shop.headers | NEW,
        json={
            "orderDate": "2025-01-01",
            "existingAccountNumber": account,
            "processingOptions": {"runBilling": True, "collectPayment": True},
            "orderLineItems": [
                {
                    "itemType": "Product",
                    "itemName": "Widget",
                    "quantity": 2,
                    "listPricePerUnit": 10,
                    "productCode": "W-1",
                }
            ],
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert sold.status_code == 200, sold.text
    body = sold.json()
    item = body["orderLineItems"][0]["id"]
    return {
        "account": account,
        "order": body["orderNumber"],
        "subscription": body["subscriptions"][0]["subscriptionNumber"],
        "invoice": body["invoiceNumbers"][0],
        "payment": body["paymentNumber"],
        "line_item": item,
        "card": card,
        "ach": others["ACH"],
        "bank_transfer": others["BankTransfer"],
        "sepa": others["SEPA"],
        "paypal": others["PayPal"],
        "token": others["CreditCardReferenceTransaction"],
    }


GETS = [
    ("/v1/accounts/{account}", "AccountDetailResponse"),
    ("/v1/accounts/{account}/summary", "AccountSummaryResponse"),
    ("/v1/accounts/{account}/payment-methods", "GetAccountPaymentMethodResponse"),
    ("/v1/accounts/{account}/payment-methods/default", "GetPaymentMethodForAccountResponse"),
    ("/v1/subscriptions/{subscription}", "GetSubscriptionResponse"),
    ("/v1/subscriptions/{subscription}?charge-detail=all-segments", "GetSubscriptionResponse"),
    ("/v1/subscriptions/accounts/{account}", "GetSubscriptionsResponse"),
    ("/v1/orders/{order}", "GetOrderResponse"),
    ("/v1/orders", "GetOrdersResponse"),
    ("/v1/orders/subscription/{subscription}", "GetOrdersResponse"),
    ("/v1/orders/invoiceOwner/{account}", "GetOrdersResponse"),
    ("/v1/orders/subscriptionOwner/{account}", "GetOrdersResponse"),
    ("/v1/order-line-items/{line_item}", "GetOrderLineItemResponse"),
    ("/v1/invoices/{invoice}", "InvoiceResponse"),
    ("/v1/invoices/{invoice}/items", "InvoiceItemsResponse"),
    ("/v1/payments/{payment}", "PaymentResponse"),
    ("/v1/payment-methods/{card}", "PaymentMethodResponse"),
    ("/v1/payment-methods/{ach}", "PaymentMethodResponse"),
    ("/v1/payment-methods/{bank_transfer}", "PaymentMethodResponse"),
    ("/v1/payment-methods/{sepa}", "PaymentMethodResponse"),
    ("/v1/payment-methods/{paypal}", "PaymentMethodResponse"),
    ("/v1/payment-methods/{token}", "PaymentMethodResponse"),
    ("/v1/payments", "GetPaymentsResponse"),
    ("/v1/catalog/products", "GetProductsResponse"),
    ("/v1/catalog/product/CLOUDDESK", "GetProductResponse"),
]


@pytest.mark.parametrize(("path", "model"), GETS, ids=[g[0] for g in GETS])
def test_every_key_of_the_clients_model(
    client: TestClient, shop: Session, state: dict[str, str], path: str, model: str
) -> None:
    for raw in VERSIONS:
        headers = shop.headers | ({"Zuora-Version": raw} if raw else {})
        response = client.get(path.format(**state), headers=headers)
        assert response.status_code == 200, response.text
        version = parse_version(raw)
        assert _problems(getattr(zuora_sdk, model), response.json(), model, version) == []


def test_each_listed_payment_method_has_every_key_of_its_model(
    client: TestClient, shop: Session, state: dict[str, str]
) -> None:
    listed = client.get(
        f"/v1/accounts/{state['account']}/payment-methods", headers=shop.headers
    ).json()
    groups = DOCUMENTED_EXTRA["GetAccountPaymentMethodResponse"]
    assert {k for k in listed if k in groups} == groups
    model = zuora_sdk.GetPaymentMethodForAccountResponse
    problems = [
        p
        for key in sorted(groups)
        for n, item in enumerate(listed[key])
        for p in _problems(model, item, f"{key}[{n}]")
    ]
    assert problems == []


def test_a_value_stays_and_an_empty_one_is_null(
    client: TestClient, shop: Session, state: dict[str, str]
) -> None:
    sub = client.get(f"/v1/subscriptions/{state['subscription']}", headers=shop.headers).json()
    charges = {c["name"]: c for p in sub["ratePlans"] for c in p["ratePlanCharges"]}
    platform = charges["Basic platform fee"]
    # Values the views set are kept; keys they have no value for are null, not absent.
    assert (platform["price"], platform["upToPeriods"], platform["discountPercentage"]) == (
        29,
        None,
        None,
    )
    assert "chargedThroughDate" in platform and "processedThroughDate" in platform
    assert sub["cancelReason"] is None and sub["subscriptionNumber"] == state["subscription"]


def test_the_key_table_is_what_the_client_says() -> None:
    made = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "response_keys.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, "src/zorders/api/response_keys.json is stale: run the tool"


def test_credit_memos_have_every_key_of_the_clients_model(
    client: TestClient, shop: Session
) -> None:
    from tests.api.test_billing import _cancel_with_billing

    assert _cancel_with_billing(client, shop).status_code == 200
    for raw in VERSIONS:
        headers = shop.headers | ({"Zuora-Version": raw} if raw else {})
        version = parse_version(raw)
        for path, model in (
            ("/v1/credit-memos/CM00000001", "CreditMemoResponse"),
            ("/v1/credit-memos/CM00000001/items", "CreditMemoItemsResponse"),
        ):
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.text
            found = _problems(getattr(zuora_sdk, model), response.json(), model, version)
            assert found == [], (raw, path)
