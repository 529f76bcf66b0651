"""ZOQL over the objects orders, billing and payments make (issue 14): subscriptions,
invoices and their items, payments, orders and amendments, read back as made through
the API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_orders import (
    amend,
    create_subscription,
    get_subscription,
    new_account,
    order,
    subscribe,
)
from tests.api.test_payments import billed_account, id_of, invoice, pay
from tests.api.test_zoql import query
from tests.conftest import Session
from zorders.bootstrap import Container


def records(client: TestClient, session: Session, text: str) -> list[dict[str, Any]]:
    answer = query(client, session, text)
    assert answer["done"] is True
    found: list[dict[str, Any]] = answer["records"]
    return found


def test_billing_objects(client: TestClient, shop: Session) -> None:
    acct = billed_account(client, shop)
    inv = invoice(client, shop)
    paid = pay(client, shop, acct, amount=100, invoices=[{"invoiceId": inv["id"], "amount": 100}])
    assert paid.status_code == 200, paid.text

    [invoice_record] = records(
        client,
        shop,
        "select Id, InvoiceNumber, Status, InvoiceDate, Amount, Balance, AccountId from Invoice",
    )
    assert invoice_record == {
        "Id": inv["id"],
        "InvoiceNumber": "INV00000001",
        "Status": "Posted",
        "InvoiceDate": inv["invoiceDate"],
        "Amount": 164,
        "Balance": 64,
        "AccountId": id_of(acct),
    }
    items = records(
        client,
        shop,
        f"select ChargeAmount, ServiceStartDate, InvoiceId from InvoiceItem "
        f"where InvoiceId = '{inv['id']}'",
    )
    assert sum(item["ChargeAmount"] for item in items) == 164
    assert {item["ServiceStartDate"] for item in items} == {"2025-01-01"}
    assert records(client, shop, "select Id from InvoiceItem where ChargeAmount > 1000") == []

    [payment] = records(
        client, shop, "select PaymentNumber, Type, Status, Amount, AccountId from Payment"
    )
    assert payment == {
        "PaymentNumber": "P-00000001",
        "Type": "External",
        "Status": "Processed",
        "Amount": 100,
        "AccountId": id_of(acct),
    }
    assert records(client, shop, "select Id from Invoice where Balance = 64.00") == [
        {"Id": inv["id"]}
    ]
    assert records(client, shop, "select Id from Invoice where Balance < 64") == []


def test_subscriptions_orders_and_amendments(client: TestClient, shop: Session) -> None:
    acct = billed_account(client, shop)
    [sub_record] = records(client, shop, "select Name, Version, AccountId from Subscription")
    number = sub_record["Name"]
    assert (sub_record["Version"], sub_record["AccountId"]) == (1, id_of(acct))
    response = amend(
        client,
        shop,
        number,
        acct["basicInfo"]["accountNumber"],
        {
            "type": "AddProduct",
            "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-02-01"}],
            "addProduct": {"productRatePlanNumber": "CLOUDDESK-STORAGE"},
        },
    )
    assert response.status_code == 200, response.text
    versions = records(
        client, shop, f"select Id, Version from Subscription where Name = '{number}'"
    )
    assert sorted(v["Version"] for v in versions) == [1, 2]
    second = get_subscription(client, shop, number)
    orders = records(client, shop, "select OrderNumber, Status, OrderDate from Order")
    assert sorted(o["OrderNumber"] for o in orders) == ["O-00000001", "O-00000002"]
    assert {o["OrderDate"] for o in orders} == {"2025-01-01"}
    [amendment] = records(
        client,
        shop,
        "select Type, SubscriptionId, EffectiveDate, ContractEffectiveDate from Amendment",
    )
    assert amendment == {
        "Type": "NewProduct",
        "SubscriptionId": second["id"],
        "EffectiveDate": "2025-02-01",
        "ContractEffectiveDate": "2025-02-01",
    }
    assert (
        records(client, shop, "select Id from Amendment where EffectiveDate > '2025-02-01'") == []
    )
    added = records(
        client,
        shop,
        f"select Name from RatePlan where AmendmentType = 'NewProduct' "
        f"and SubscriptionId = '{second['id']}'",
    )
    # The Basic plan keeps its own last change (Add, when the subscription was made).
    assert sorted(p["Name"] for p in added) == ["Basic", "Extra storage"]
    assert records(client, shop, "select Id from Amendment where Type = 'Renewal'") == []
    assert len(records(client, shop, "select Id from Amendment where Type = 'NewProduct'")) == 1


def test_subscription_terms_and_dates(client: TestClient, shop: Session) -> None:
    acct = billed_account(client, shop)
    [sub] = records(
        client,
        shop,
        "select Name, TermType, TermStartDate, TermEndDate, ContractEffectiveDate, "
        "SubscriptionStartDate, InitialTerm, InitialTermPeriodType, AutoRenew, "
        "RenewalSetting, CancelledDate, IsInvoiceSeparate from Subscription",
    )
    read = get_subscription(client, shop, sub["Name"])
    assert sub == {
        "Name": read["subscriptionNumber"],
        "TermType": "TERMED",
        "TermStartDate": "2025-01-01",
        "TermEndDate": read["termEndDate"],
        "ContractEffectiveDate": "2025-01-01",
        "SubscriptionStartDate": "2025-01-01",
        "InitialTerm": 12,
        "InitialTermPeriodType": "Month",
        "AutoRenew": True,
        "RenewalSetting": "RENEW_WITH_SPECIFIC_TERM",
        "IsInvoiceSeparate": False,
    }
    assert read["termEndDate"] == "2026-01-01"

    def names(condition: str) -> int:
        return len(records(client, shop, f"select Id from Subscription where {condition}"))

    assert names("TermStartDate = '2025-01-01' and AutoRenew = true") == 1
    assert names("TermEndDate > '2025-12-31' and TermEndDate <= 2026-01-01") == 1
    assert names("ContractEffectiveDate < '2025-01-01'") == 0
    assert names("InitialTerm >= 12 and TermType = 'TERMED'") == 1
    assert names("InitialTerm > 12 or AutoRenew = false") == 0
    assert names(f"CancelledDate is null and AccountId = '{id_of(acct)}'") == 1


def test_rate_plans_and_charges_of_each_version(client: TestClient, shop: Session) -> None:
    billed_account(client, shop)
    [sub] = records(client, shop, "select Id, Name from Subscription")
    read = get_subscription(client, shop, sub["Name"])
    [plan] = read["ratePlans"]
    plans = records(
        client, shop, "select Id, Name, ProductRatePlanId, SubscriptionId from RatePlan"
    )
    assert plans == [
        {
            "Id": plan["id"],
            "Name": plan["ratePlanName"],
            "ProductRatePlanId": plan["productRatePlanId"],
            "SubscriptionId": sub["Id"],
        }
    ]
    charges = records(
        client,
        shop,
        "select Id, Name, ChargeNumber, ChargeType, ChargeModel, RatePlanId, BillingTiming "
        "from RatePlanCharge",
    )
    expected = {c["id"]: c for c in plan["ratePlanCharges"]}
    assert {c["Id"] for c in charges} == set(expected)
    for charge in charges:
        read_charge = expected[charge["Id"]]
        assert charge["Name"] == read_charge["name"]
        assert charge["ChargeNumber"] == read_charge["number"]
        assert charge["RatePlanId"] == plan["id"]
        assert charge["BillingTiming"] == "In Advance"
    one_time = records(
        client, shop, "select Name from RatePlanCharge where ChargeType = 'One-Time'"
    )
    assert one_time == [
        {"Name": c["name"]} for c in plan["ratePlanCharges"] if c["type"] == "OneTime"
    ]
    # Paged one by one: each charge once.
    page = query(client, shop, "select Id from RatePlanCharge", batchSize=1)
    seen = [r["Id"] for r in page["records"]]
    while not page["done"]:
        response = client.post(
            "/v1/action/queryMore",
            headers=shop.headers,
            json={"queryLocator": page["queryLocator"]},
        )
        page = response.json()
        seen += [r["Id"] for r in page["records"]]
    assert len(charges) > 1
    assert sorted(seen) == sorted(expected)


def test_invoice_payments_are_the_payments_applications(client: TestClient, shop: Session) -> None:
    acct = billed_account(client, shop)
    inv = invoice(client, shop)
    first = pay(client, shop, acct, amount=100, invoices=[{"invoiceId": inv["id"], "amount": 100}])
    second = pay(client, shop, acct, amount=64, invoices=[{"invoiceId": inv["id"], "amount": 64}])
    assert first.status_code == 200 and second.status_code == 200, second.text
    found = records(client, shop, "select Id, PaymentId, InvoiceId, Amount from InvoicePayment")
    assert sorted((r["PaymentId"], r["Amount"]) for r in found) == sorted(
        [(first.json()["id"], 100), (second.json()["id"], 64)]
    )
    assert {r["InvoiceId"] for r in found} == {inv["id"]}
    assert len({r["Id"] for r in found}) == 2
    big = records(client, shop, "select PaymentId from InvoicePayment where Amount > 99.99")
    assert big == [{"PaymentId": first.json()["id"]}]
    assert records(client, shop, "select Id from InvoicePayment where Amount = 64") != []


def test_rate_plan_charge_tiers_are_the_charges_price_rows(
    client: TestClient, shop: Session
) -> None:
    subscribe(client, shop, plan="CLOUDDESK-PRO", overrides=[])
    read = get_subscription(client, shop, "A-S00000001")
    by_name = {c["name"]: c for c in read["ratePlans"][0]["ratePlanCharges"]}
    seats = by_name["Pro seats"]
    tiers = records(
        client,
        shop,
        "select RatePlanChargeId, Tier, StartingUnit, EndingUnit, Price, PriceFormat, Currency, "
        f"IsOveragePrice from RatePlanChargeTier where RatePlanChargeId = '{seats['id']}'",
    )
    # The catalog's USD tiers of Pro seats: 1-10 at 15, 11-50 at 12, 51 and up at 9.
    assert sorted(tiers, key=lambda t: t["Tier"]) == [
        {
            "RatePlanChargeId": seats["id"],
            "Tier": n,
            "StartingUnit": start,
            **({"EndingUnit": end} if end is not None else {}),
            "Price": price,
            "PriceFormat": "Per Unit",
            "Currency": "USD",
            "IsOveragePrice": False,
        }
        for n, start, end, price in ((1, 1, 10, 15), (2, 11, 50, 12), (3, 51, None, 9))
    ]
    # Flat-fee and per-unit charges: one tier each, their price (USD 99, 0.002, 199).
    flat = records(
        client,
        shop,
        "select RatePlanChargeId, Tier, Price, PriceFormat, Currency from RatePlanChargeTier "
        "where StartingUnit = null",
    )
    assert sorted(flat, key=lambda t: t["Price"]) == [
        {"RatePlanChargeId": by_name[name]["id"], "Tier": 1, "Price": price, **shape}
        for name, price, shape in (
            ("Pro API calls", 0.002, {"PriceFormat": "Per Unit", "Currency": "USD"}),
            ("Pro platform fee", 99, {"PriceFormat": "Flat Fee", "Currency": "USD"}),
            ("Pro onboarding", 199, {"PriceFormat": "Flat Fee", "Currency": "USD"}),
        )
    ]
    cheap = records(
        client, shop, "select Tier from RatePlanChargeTier where Price < 12.5 and Tier >= 2"
    )
    assert sorted(t["Tier"] for t in cheap) == [2, 3]
    open_ended = records(
        client,
        shop,
        "select Tier from RatePlanChargeTier where EndingUnit = null and StartingUnit != null",
    )
    assert open_ended == [{"Tier": 3}]
    flat_fees = records(
        client, shop, "select Price from RatePlanChargeTier where PriceFormat = 'Flat Fee'"
    )
    assert sorted(t["Price"] for t in flat_fees) == [99, 199]


def test_custom_fields_in_select_and_where(client: TestClient, shop: Session) -> None:
    body = {
        "orderDate": "2025-01-01",
        "newAccount": new_account(Segment__c="Enterprise", Seats__c=250, Vip__c=True),
        "customFields": {"Channel__c": "web"},
        "subscriptions": [
            {"customFields": {"Team__c": "ops"}, "orderActions": [create_subscription()]}
        ],
    }
    created = order(client, shop, body)
    assert created.status_code == 200, created.text
    account_number = created.json()["accountNumber"]
    accounts = records(
        client,
        shop,
        "select AccountNumber, Segment__c, Seats__c, Vip__c, Region__c from Account "
        "where Segment__c = 'Enterprise' and Seats__c = '250' and Vip__c = 'true'",
    )
    # Values as text on both backends; a field without a value is left out.
    assert accounts == [
        {
            "AccountNumber": account_number,
            "Segment__c": "Enterprise",
            "Seats__c": "250",
            "Vip__c": "true",
        }
    ]
    assert len(records(client, shop, "select Id from Account where Segment__c like 'enter%'")) == 1
    assert records(client, shop, "select Id from Account where Region__c = 'EMEA'") == []
    assert len(records(client, shop, "select Id from Account where Region__c = null")) == 1
    subs = records(client, shop, "select Name, Team__c from Subscription where Team__c = 'ops'")
    assert subs == [{"Name": "A-S00000001", "Team__c": "ops"}]
    orders = records(client, shop, "select OrderNumber, Channel__c from Order")
    assert orders == [{"OrderNumber": created.json()["orderNumber"], "Channel__c": "web"}]
    refused = query(client, shop, "select Nope__x from Account", status=400)
    assert refused["faultcode"] == "fns:INVALID_FIELD"
    refused = query(client, shop, "select Team__c from Invoice", status=400)
    assert refused == {
        "faultcode": "fns:INVALID_FIELD",
        "faultstring": "invalid field for query: Invoice.Team__c",
    }


def test_subscription_status_as_of_the_tenants_today(
    client: TestClient, shop: Session, container: Container
) -> None:
    with container.uow_factory() as uow:
        uow.tenants.set_clock(shop.tenant_id, datetime(2025, 6, 15, 12, tzinfo=UTC))
        uow.commit()
    active = subscribe(client, shop)["accountNumber"]  # A-S00000001
    suspended = subscribe(client, shop)["accountNumber"]  # A-S00000002
    suspend = {
        "type": "Suspend",
        "suspend": {"suspendPolicy": "SpecificDate", "suspendSpecificDate": "2025-03-01"},
    }
    assert amend(client, shop, "A-S00000002", suspended, suspend).status_code == 200
    cancelled = subscribe(client, shop)["accountNumber"]  # A-S00000003
    cancel = {
        "type": "CancelSubscription",
        "cancelSubscription": {
            "cancellationPolicy": "SpecificDate",
            "cancellationEffectiveDate": "2025-05-01",
        },
    }
    assert amend(client, shop, "A-S00000003", cancelled, cancel).status_code == 200
    # Cancelled from 2025-09-01: still active on 2025-06-15.
    later = {**cancel, "cancelSubscription": {**cancel["cancelSubscription"]}}
    later["cancelSubscription"]["cancellationEffectiveDate"] = "2025-09-01"
    assert amend(client, shop, "A-S00000001", active, later).status_code == 200
    # Started 2024-01-01 for 12 months without renewal: its term ended on 2025-01-01.
    term = {"initialTerm": {"termType": "TERMED", "period": 12, "periodType": "Month"}}
    term |= {"renewalSetting": "RENEW_WITH_SPECIFIC_TERM", "autoRenew": False}
    subscribe(client, shop, start="2024-01-01", term=term)  # A-S00000004
    found = records(client, shop, "select Name, Version, Status from Subscription")
    # Earlier versions are Expired, as Zuora's are.
    assert sorted((r["Name"], r["Version"], r["Status"]) for r in found) == [
        ("A-S00000001", 1, "Expired"),
        ("A-S00000001", 2, "Active"),
        ("A-S00000002", 1, "Expired"),
        ("A-S00000002", 2, "Suspended"),
        ("A-S00000003", 1, "Expired"),
        ("A-S00000003", 2, "Cancelled"),
        ("A-S00000004", 1, "Expired"),
    ]
    for number in ("A-S00000001", "A-S00000002", "A-S00000003", "A-S00000004"):
        read = get_subscription(client, shop, number)
        [latest] = records(
            client,
            shop,
            f"select Status from Subscription where Name = '{number}' "
            f"and Version = {read['version']}",
        )
        assert latest["Status"] == read["status"]
    current = records(client, shop, "select Name from Subscription where Status = 'Active'")
    assert current == [{"Name": "A-S00000001"}]
    not_expired = records(
        client,
        shop,
        "select Name from Subscription where Status != 'Expired' and Status like 'C%'",
    )
    assert not_expired == [{"Name": "A-S00000003"}]


def test_amendment_name_code_status_and_description(client: TestClient, shop: Session) -> None:
    account = subscribe(client, shop)["accountNumber"]
    add = {
        "type": "AddProduct",
        "changeReason": "upsell",
        "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-02-01"}],
        "addProduct": {"productRatePlanNumber": "CLOUDDESK-STORAGE"},
    }
    suspend = {
        "type": "Suspend",
        "suspend": {"suspendPolicy": "SpecificDate", "suspendSpecificDate": "2025-03-01"},
    }
    response = amend(client, shop, "A-S00000001", account, add, suspend)
    assert response.status_code == 200, response.text
    found = records(client, shop, "select Type, Name, Code, Status, Description, Id from Amendment")
    placed = client.get(f"/v1/orders/{response.json()['orderNumber']}", headers=shop.headers)
    actions = placed.json()["order"]["subscriptions"][0]["orderActions"]
    ids = {a["type"]: a["id"] for a in actions}
    # Code: the order's number, the subscription's and the action's places in it, from 0 (LG7).
    assert sorted(found, key=lambda a: a["Code"]) == [
        {
            "Type": "NewProduct",
            "Name": "NewProduct of A-S00000001",
            "Code": "O-00000002-0-0",
            "Status": "Completed",
            "Description": "upsell",
            "Id": ids["AddProduct"],
        },
        {
            "Type": "SuspendSubscription",
            "Name": "SuspendSubscription of A-S00000001",
            "Code": "O-00000002-0-1",
            "Status": "Completed",
            "Id": ids["Suspend"],
        },
    ]
    assert records(client, shop, "select Code from Amendment where Code = 'O-00000002-0-1'") == [
        {"Code": "O-00000002-0-1"}
    ]
    assert records(client, shop, "select Id from Amendment where Type = 'SuspendSubscription'") == [
        {"Id": ids["Suspend"]}
    ]
    assert records(client, shop, "select Id from Amendment where Name like 'new%'") == [
        {"Id": ids["AddProduct"]}
    ]
    assert records(client, shop, "select Id from Amendment where Status != 'Completed'") == []
