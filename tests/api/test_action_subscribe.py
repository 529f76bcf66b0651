"""POST /v1/action/subscribe (decisions SU5-SU8): each item is one order, a new account with
one CreateSubscription, in its own transaction; answers a SubscribeResult per item.

Demo catalog, bill cycle day 1. Basic: platform USD 29/month, seats 3 x USD 12 = 36/month,
onboarding USD 99 once. Every amount is computed by hand in its comment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_orders import order
from tests.conftest import DEMO_CATALOG, Session
from zorders.bootstrap import Container
from zorders.cli.catalog_file import read_catalog_file
from zorders.services.catalog_file import load_catalog

SUBSCRIBE = "/v1/action/subscribe"


def _basic(client: TestClient, shop: Session) -> dict[str, Any]:
    plans = client.get("/v1/rateplan/CLOUDDESK/productRatePlan", headers=shop.headers).json()
    plan: dict[str, Any] = next(p for p in plans["productRatePlans"] if p["name"] == "Basic")
    return plan


def _charge_id(plan: dict[str, Any], name: str) -> str:
    charges = plan.get("productRatePlanCharges") or []
    return str(next(c["id"] for c in charges if c["name"] == name))


def _item(plan_id: str, start: str = "2025-01-15", **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "Account": {"Name": "Acme", "Currency": "USD", "BillCycleDay": 1, "AutoPay": False,
                    "PaymentTerm": "Due Upon Receipt", "Status": "Active"},
        "BillToContact": {"FirstName": "Ada", "LastName": "Lovelace", "PostalCode": "94105",
                          "Country": "United States"},
        "SubscriptionData": {
            "Subscription": {"ContractEffectiveDate": start, "TermType": "TERMED",
                             "InitialTerm": 12, "RenewalTerm": 12, "AutoRenew": True},
            "RatePlanData": [{"RatePlan": {"ProductRatePlanId": plan_id}}],
        },
        "SubscribeOptions": {
            "GenerateInvoice": True, "ProcessPayments": False,
            "SubscribeInvoiceProcessingOptions": {"InvoiceTargetDate": start},
        },
    }  # fmt: skip
    item.update(extra)
    return item


def _subscribe(client: TestClient, shop: Session, *items: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post(SUBSCRIBE, headers=shop.headers, json={"subscribes": list(items)})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()
    return results


def test_subscribe_opens_account_subscription_and_invoice(
    client: TestClient, shop: Session
) -> None:
    plan = _basic(client, shop)
    (result,) = _subscribe(client, shop, _item(plan["id"]))
    assert result["Success"] is True, result
    assert result["AccountNumber"] == "A00000001"
    assert result["SubscriptionNumber"] == "A-S00000001"
    assert result["InvoiceNumber"] == "INV00000001"
    assert (result["PaymentId"], result["PaymentTransactionNumber"]) == (None, None)
    # MRR 29 + 36 = 65; TCV 12 x 65 + 99 = 879.
    assert (result["TotalMrr"], result["TotalTcv"]) == (65, 879)
    sub = client.get("/v1/subscriptions/A-S00000001", headers=shop.headers).json()
    assert (sub["id"], sub["accountId"]) == (result["SubscriptionId"], result["AccountId"])
    assert (sub["contractedMrr"], sub["totalContractedValue"]) == (65, 879)
    assert (sub["termStartDate"], sub["termEndDate"]) == ("2025-01-15", "2026-01-15")
    invoice = client.get(f"/v1/invoices/{result['InvoiceId']}", headers=shop.headers).json()
    # platform 29 x 17/31 = 15.90; seats 36 x 17/31 = 19.74; onboarding 99.
    assert invoice["amount"] == 134.64
    account = client.get("/v1/accounts/A00000001", headers=shop.headers).json()
    assert account["billToContact"]["country"] == "United States"
    assert account["billToContact"]["zipCode"] == "94105"


def test_a_subscribe_reads_as_the_same_order_would(
    client: TestClient, shop: Session, container: Container, new_session: Callable[[], Session]
) -> None:
    plan = _basic(client, shop)
    seats = _charge_id(plan, "Basic seats")
    item = _item(plan["id"])
    item["SubscriptionData"]["RatePlanData"][0]["RatePlanChargeData"] = [
        {"RatePlanCharge": {"ProductRatePlanChargeId": seats, "Quantity": 5}}
    ]
    (result,) = _subscribe(client, shop, item)
    assert result["Success"] is True, result
    # MRR 29 + 5 x 12 = 89; TCV 12 x 89 + 99 = 1167.
    assert (result["TotalMrr"], result["TotalTcv"]) == (89, 1167)

    other = new_session()
    with container.uow_factory() as uow:
        ctx = container.tenant_clock.context(other.tenant_id, "test")
        load_catalog(uow, ctx, read_catalog_file(DEMO_CATALOG))
        uow.commit()
    other_plan = _basic(client, other)
    body = {
        "orderDate": "2025-01-15",
        "newAccount": {"name": "Acme", "currency": "USD", "billCycleDay": 1, "autoPay": False,
                       "paymentTerm": "Due Upon Receipt",
                       "billToContact": {"firstName": "Ada", "lastName": "Lovelace",
                                         "postalCode": "94105", "country": "United States"}},
        "subscriptions": [{"orderActions": [{
            "type": "CreateSubscription",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-01-15"}],
            "createSubscription": {
                "terms": {"initialTerm": {"termType": "TERMED", "period": 12,
                                          "periodType": "Month"},
                          "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
                          "renewalTerms": [{"period": 12, "periodType": "Month"}],
                          "autoRenew": True},
                "subscribeToRatePlans": [{
                    "productRatePlanId": other_plan["id"],
                    "chargeOverrides": [{
                        "productRatePlanChargeId": _charge_id(other_plan, "Basic seats"),
                        "pricing": {"recurringPerUnit": {"quantity": 5}},
                    }],
                }],
            },
        }]}],
        "processingOptions": {"runBilling": True,
                              "billingOptions": {"targetDate": "2025-01-15"}},
    }  # fmt: skip
    ordered = order(client, other, body)
    assert ordered.status_code == 200, ordered.text

    def read(session: Session, path: str) -> Any:
        answer = client.get(path, headers=session.headers)
        assert answer.status_code == 200, answer.text
        return _without_ids(answer.json())

    for path in ("/v1/subscriptions/A-S00000001", "/v1/accounts/A00000001",
                 "/v1/invoices/INV00000001/items"):  # fmt: skip
        assert read(shop, path) == read(other, path), path
    sub = read(shop, "/v1/subscriptions/A-S00000001")
    charges = {c["name"]: c for c in sub["ratePlans"][0]["ratePlanCharges"]}
    assert (charges["Basic seats"]["quantity"], charges["Basic seats"]["mrr"]) == (5, 60)
    assert sub["subscriptionNumber"] == "A-S00000001" and sub["status"] == "Active"
    assert read(shop, "/v1/orders/O-00000001") == read(other, "/v1/orders/O-00000001")


def _without_ids(value: Any) -> Any:
    """A read with what differs between two tenants by construction left out: ids (and the
    catalog's, which each tenant has its own of), times of storage."""
    if isinstance(value, dict):
        return {
            k: _without_ids(v)
            for k, v in value.items()
            if not (k == "id" or k.endswith("Id") or k.endswith("Ids"))
            and k not in ("createTime", "updateTime", "createdDate", "updatedDate",
                          "createdBy", "updatedBy", "createdById", "updatedById")
        }  # fmt: skip
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_each_item_succeeds_or_fails_alone(client: TestClient, shop: Session) -> None:
    plan = _basic(client, shop)
    unknown_plan = _item("0" * 32)
    no_contact = _item(plan["id"])
    del no_contact["BillToContact"]
    unknown_field = _item(plan["id"])
    unknown_field["SubscriptionData"]["Subscription"]["Flavour"] = "Vanilla"
    results = _subscribe(client, shop, _item(plan["id"]), unknown_plan, no_contact,
                         unknown_field, _item(plan["id"], "2025-02-01"))  # fmt: skip
    assert [r["Success"] for r in results] == [True, False, False, False, True]
    assert results[0]["AccountNumber"] == "A00000001"
    # The failed items took no number: the last is A00000002, invoiced INV00000002.
    assert (results[4]["AccountNumber"], results[4]["SubscriptionNumber"]) == (
        "A00000002",
        "A-S00000002",
    )
    assert results[4]["InvoiceNumber"] == "INV00000002"
    codes = [r["Errors"][0]["Code"] for r in results[1:4]]
    assert codes == ["INVALID_ID", "MISSING_REQUIRED_VALUE", "INVALID_FIELD"]
    assert "Flavour" in results[3]["Errors"][0]["Message"]
    for failed in results[1:4]:
        assert set(failed) == {"Success", "Errors"}
    listed = client.get("/v1/accounts/A00000003", headers=shop.headers)
    assert listed.status_code == 404


def test_autopay_collects_and_a_decline_keeps_nothing(client: TestClient, shop: Session) -> None:
    plan = _basic(client, shop)

    def paying(card: str) -> dict[str, Any]:
        item = _item(plan["id"])
        item["Account"]["AutoPay"] = True
        item["PaymentMethod"] = {
            "Type": "CreditCard", "CreditCardNumber": card, "CreditCardType": "Visa",
            "CreditCardExpirationMonth": 12, "CreditCardExpirationYear": 2030,
            "CreditCardHolderName": "Ada Lovelace",
        }  # fmt: skip
        del item["SubscribeOptions"]["ProcessPayments"]  # default: process
        return item

    declined, paid = _subscribe(
        client, shop, paying("4000000000000002"), paying("4111111111111111")
    )
    assert declined["Success"] is False
    assert declined["Errors"][0]["Code"] == "TRANSACTION_FAILED"
    assert paid["Success"] is True, paid
    assert paid["AccountNumber"] == "A00000001"  # the declined one kept no account
    payment = client.get(f"/v1/payments/{paid['PaymentId']}", headers=shop.headers).json()
    assert payment["amount"] == 134.64
    assert payment["status"] == "Processed"
    invoice = client.get(f"/v1/invoices/{paid['InvoiceId']}", headers=shop.headers).json()
    assert invoice["balance"] == 0
    methods = client.get("/v1/accounts/A00000001/payment-methods", headers=shop.headers).json()
    assert methods["creditcard"][0]["cardNumber"] == "************1111"


def test_no_invoice_unless_asked(client: TestClient, shop: Session) -> None:
    plan = _basic(client, shop)
    item = _item(plan["id"])
    item["SubscribeOptions"] = {"GenerateInvoice": False}
    (result,) = _subscribe(client, shop, item)
    assert result["Success"] is True
    assert (result["InvoiceId"], result["InvoiceNumber"]) == (None, None)


def test_whole_call_refusals(client: TestClient, shop: Session) -> None:
    plan = _basic(client, shop)
    for body in ({}, {"subscribes": []}, {"subscribes": [_item(plan["id"])] * 51}):
        answer = client.post(SUBSCRIBE, headers=shop.headers, json=body)
        assert answer.status_code == 400, answer.text
        assert answer.json()["Success"] is False
        assert answer.json()["Errors"][0]["Code"] in ("MISSING_REQUIRED_VALUE", "INVALID_VALUE")
    assert client.get("/v1/accounts/A00000001", headers=shop.headers).status_code == 404


def test_older_clients_subscribe_with_the_legacy_pair(client: TestClient, shop: Session) -> None:
    plan = _basic(client, shop)
    creds = shop.credentials
    headers = {"apiAccessKeyId": creds.client_id, "apiSecretAccessKey": creds.client_secret or ""}
    answer = client.post(SUBSCRIBE, headers=headers, json={"subscribes": [_item(plan["id"])]})
    assert answer.status_code == 200, answer.text
    assert answer.json()[0]["Success"] is True


def test_an_existing_account_by_its_id(client: TestClient, shop: Session) -> None:
    plan = _basic(client, shop)
    (first,) = _subscribe(client, shop, _item(plan["id"]))
    existing = _item(plan["id"], "2025-02-01")
    existing["Account"] = {"Id": first["AccountId"]}
    del existing["BillToContact"]
    with_contact = _item(plan["id"], "2025-02-01")
    with_contact["Account"] = {"Id": first["AccountId"]}
    named = _item(plan["id"], "2025-02-01")
    named["Account"] = {"Id": first["AccountId"], "Name": "Renamed"}
    del named["BillToContact"]
    unknown = _item(plan["id"], "2025-02-01")
    unknown["Account"] = {"Id": "0" * 32}
    del unknown["BillToContact"]
    second, refused_contact, refused_name, refused_unknown = _subscribe(
        client, shop, existing, with_contact, named, unknown
    )
    assert second["Success"] is True, second
    assert (second["AccountId"], second["AccountNumber"]) == (first["AccountId"], "A00000001")
    assert second["SubscriptionNumber"] == "A-S00000002"
    invoice = client.get(f"/v1/invoices/{second['InvoiceId']}", headers=shop.headers).json()
    # The new subscription's February: 29 + 36 + onboarding 99 = 164.
    assert invoice["amount"] == 164
    assert [r["Errors"][0]["Code"] for r in (refused_contact, refused_name, refused_unknown)] == [
        "INVALID_FIELD",
        "INVALID_FIELD",
        "INVALID_ID",
    ]
    account = client.get("/v1/accounts/A00000001", headers=shop.headers).json()
    assert account["basicInfo"]["name"] == "Acme"


def test_preview_mode_keeps_nothing(client: TestClient, shop: Session) -> None:
    plan = _basic(client, shop)
    item = _item(plan["id"], PreviewOptions={"EnablePreviewMode": True, "NumberOfPeriods": 1})
    (result,) = _subscribe(client, shop, item)
    assert result["Success"] is True, result
    assert "AccountId" not in result and "SubscriptionNumber" not in result
    (data,) = result["InvoiceData"]
    # One period from 2025-01-15 (the order preview's NumberOfPeriods: through 2025-02-14):
    # January 15-31 (15.90 + 19.74), onboarding 99, February in full (29 + 36) = 199.64.
    assert data["Invoice"]["Amount"] == 199.64
    assert data["Invoice"]["TargetDate"] == "2025-02-14"
    rows = sorted((i["ChargeName"], i["ServiceStartDate"], i["ChargeAmount"])
                  for i in data["InvoiceItem"])  # fmt: skip
    assert rows == [
        ("Basic onboarding", "2025-01-15", 99),
        ("Basic platform fee", "2025-01-15", 15.9),
        ("Basic platform fee", "2025-02-01", 29),
        ("Basic seats", "2025-01-15", 19.74),
        ("Basic seats", "2025-02-01", 36),
    ]
    assert (result["TotalMrr"], result["TotalTcv"]) == (65, 879)
    assert client.get("/v1/accounts/A00000001", headers=shop.headers).status_code == 404
    (real,) = _subscribe(client, shop, _item(plan["id"]))
    assert (real["AccountNumber"], real["InvoiceNumber"]) == ("A00000001", "INV00000001")
    bad = _item(plan["id"], PreviewOptions={"EnablePreviewMode": True, "NumberOfPeriods": 0})
    (refused,) = _subscribe(client, shop, bad)
    assert refused["Errors"][0]["Code"] == "INVALID_VALUE"


def test_a_taken_number_fails_only_its_item(client: TestClient, shop: Session) -> None:
    plan = _basic(client, shop)

    def named(subscription: str, account: str) -> dict[str, Any]:
        item = _item(plan["id"])
        item["SubscriptionData"]["Subscription"]["Name"] = subscription
        item["Account"]["AccountNumber"] = account
        return item

    first, same_sub, same_account = _subscribe(
        client, shop, named("SUB-1", "ACC-1"), named("SUB-1", "ACC-2"), named("SUB-2", "ACC-1")
    )
    assert first["Success"] is True, first
    assert (first["SubscriptionNumber"], first["AccountNumber"]) == ("SUB-1", "ACC-1")
    assert same_sub["Success"] is False and same_account["Success"] is False
    codes = {same_sub["Errors"][0]["Code"], same_account["Errors"][0]["Code"]}
    assert "UNKNOWN_ERROR" not in codes, (same_sub, same_account)
    assert client.get("/v1/accounts/ACC-2", headers=shop.headers).status_code == 404
    assert client.get("/v1/subscriptions/SUB-2", headers=shop.headers).status_code == 404
