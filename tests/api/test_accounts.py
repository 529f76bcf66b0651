"""Zuora's v1 account endpoints (spec §13.1), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from copy import deepcopy
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session
from zorders.api.response_keys import complete
from zorders.bootstrap import Container
from zorders.domain.accounts import AccountDraft, ContactInfo
from zorders.services.accounts import create_account
from zorders.services.context import CommandContext

HEX32 = re.compile(r"^[0-9a-f]{32}$")

BILL_TO = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "nickname": "Countess",
    "address1": "12 St James's Square",
    "address2": "Flat 1",
    "city": "London",
    "county": "Westminster",
    "state": "Greater London",
    "country": "United Kingdom",
    "zipCode": "SW1Y 4JH",
    "workEmail": "ada@example.com",
    "personalEmail": "ada@home.example",
    "workPhone": "+44 20 0000 0001",
    "homePhone": "+44 20 0000 0002",
    "mobilePhone": "+44 7700 900001",
    "otherPhone": "+44 20 0000 0003",
    "otherPhoneType": "Work",
    "fax": "+44 20 0000 0004",
    "taxRegion": "UK",
    "contactDescription": "Founder",
    "Pet__c": "cat",
}
SOLD_TO = {
    "firstName": "Grace",
    "lastName": "Hopper",
    "city": "Arlington",
    "state": "Virginia",
    "country": "United States",
    "zipCode": "22201",
    "workEmail": "grace@example.com",
}
FULL = {
    "name": "Analytical Engines Ltd",
    "currency": "EUR",
    "billToContact": BILL_TO,
    "soldToContact": SOLD_TO,
    "billCycleDay": 15,
    "paymentTerm": "Net 30",
    "autoPay": False,
    "batch": "Batch7",
    "notes": "Prefers invoices by email.",
    "crmId": "crm-0042",
    "salesRep": "Charles",
    "purchaseOrderNumber": "PO-77",
    "customerServiceRepName": "Mary",
    "invoiceDeliveryPrefsEmail": True,
    "invoiceDeliveryPrefsPrint": True,
    "additionalEmailAddresses": ["billing@example.com", "cfo@example.com"],
    "Segment__c": "Enterprise",
    "Seats__c": 250,
    "Vip__c": True,
    "Region__c": None,
}
CONTACT_FIELDS = [k for k in BILL_TO if not k.endswith("__c")]


def minimal(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Acme",
        "currency": "USD",
        "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
        **extra,
    }


def create(client: TestClient, session: Session, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v1/accounts", json=body, headers=session.headers)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    assert created["success"] is True
    return created


def read(client: TestClient, session: Session, key: str) -> dict[str, Any]:
    response = client.get(f"/v1/accounts/{key}", headers=session.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def count(container: Container, session: Session) -> int:
    with container.uow_factory(read_only=True) as uow:
        return uow.accounts.count(session.tenant_id)


def reason_code(response: Any) -> int:
    body = response.json()
    assert body["success"] is False
    assert re.match(r"^[0-9A-F]{16}$", body["processId"])
    assert body["requestId"] == response.headers["zuora-request-id"]
    code: int = body["reasons"][0]["code"]
    return code


def expected_contact(
    contact_id: str, sent: dict[str, Any], created: dict[str, Any]
) -> dict[str, Any]:
    """A contact as account reads show it: what was sent, its account's id and number,
    `postalCode` repeating `zipCode`, and every role open to it (decision RS2)."""
    contact = {"id": contact_id, **{field: sent.get(field) for field in CONTACT_FIELDS}}
    contact.update(
        accountId=created["accountId"],
        accountNumber=created["accountNumber"],
        postalCode=sent.get("zipCode"),
        asBillTo=True,
        asSoldTo=True,
        asShipTo=True,
    )
    contact.update({k: v for k, v in sent.items() if k.endswith("__c")})
    return contact


def test_create_then_read_back_every_field(client: TestClient, session: Session) -> None:
    created = create(client, session, FULL)
    assert set(created) == {
        "success",
        "accountId",
        "accountNumber",
        "billToContactId",
        "soldToContactId",
        "shipToContactId",
    }
    assert HEX32.match(created["accountId"])
    assert created["accountNumber"] == "A00000001"
    ids = {created["billToContactId"], created["soldToContactId"], created["shipToContactId"]}
    assert len(ids) == 3 and all(HEX32.match(i) for i in ids)

    account = read(client, session, created["accountId"])
    # The values below; every other key of the client's model is answered as null.
    assert account == complete({
        "success": True,
        "basicInfo": {
            "id": created["accountId"],
            "name": "Analytical Engines Ltd",
            "accountNumber": "A00000001",
            "notes": "Prefers invoices by email.",
            "status": "Active",
            "crmId": "crm-0042",
            "batch": "Batch7",
            "invoiceTemplateId": None,
            "communicationProfileId": None,
            "purchaseOrderNumber": "PO-77",
            "customerServiceRepName": "Mary",
            "salesRep": "Charles",
            "parentId": None,
            "partnerAccount": False,
            "tags": None,
            "defaultPaymentMethodId": None,
            "Segment__c": "Enterprise",
            "Seats__c": 250,
            "Vip__c": True,
            "Region__c": None,
        },
        "billingAndPayment": {
            "billCycleDay": 15,
            "bcdSettingOption": "ManualSet",
            "currency": "EUR",
            "paymentTerm": "Net 30",
            "paymentGateway": None,
            "invoiceDeliveryPrefsEmail": True,
            "invoiceDeliveryPrefsPrint": True,
            "additionalEmailAddresses": ["billing@example.com", "cfo@example.com"],
            "autoPay": False,
            "defaultPaymentMethodId": None,
        },
        "metrics": {
            "balance": 0,
            "currency": "EUR",
            "contractedMrr": 0,
            "creditBalance": 0,
            "totalInvoiceBalance": 0,
            "totalDebitMemoBalance": 0,
            "unappliedCreditMemoAmount": 0,
            "unappliedPaymentAmount": 0,
            "reservedPaymentAmount": 0,
        },
        "billToContact": expected_contact(created["billToContactId"], BILL_TO, created),
        "soldToContact": expected_contact(created["soldToContactId"], SOLD_TO, created),
        # No ship-to contact given: a copy of the bill-to contact (a separate entity).
        "shipToContact": expected_contact(created["shipToContactId"], BILL_TO, created),
    }, "AccountDetailResponse")  # fmt: skip


def test_defaults_of_a_minimal_account(client: TestClient, session: Session) -> None:
    created = create(client, session, minimal())
    account = read(client, session, created["accountNumber"])
    billing = account["billingAndPayment"]
    assert (billing["billCycleDay"], billing["bcdSettingOption"]) == (0, "AutoSet")
    assert billing["paymentTerm"] == "Due Upon Receipt"
    assert billing["autoPay"] is False
    assert billing["invoiceDeliveryPrefsEmail"] is False
    assert billing["invoiceDeliveryPrefsPrint"] is False
    assert billing["additionalEmailAddresses"] == []
    assert account["basicInfo"]["batch"] == "Batch1"
    assert account["basicInfo"]["status"] == "Active"
    bill_to, sold_to = account["billToContact"], account["soldToContact"]
    assert sold_to["id"] != bill_to["id"]
    assert {**sold_to, "id": None} == {**bill_to, "id": None}


def test_same_as_bill_to_shares_one_contact(client: TestClient, session: Session) -> None:
    created = create(client, session, minimal(soldToSameAsBillTo=True, shipToSameAsBillTo=True))
    assert created["billToContactId"] == created["soldToContactId"] == created["shipToContactId"]
    account = read(client, session, created["accountId"])
    assert account["billToContact"] == account["soldToContact"] == account["shipToContact"]


def test_numbers_are_generated_per_tenant(
    client: TestClient, session: Session, new_session: Callable[[], Session]
) -> None:
    assert create(client, session, minimal())["accountNumber"] == "A00000001"
    assert create(client, session, minimal())["accountNumber"] == "A00000002"
    other = new_session()
    assert create(client, other, minimal())["accountNumber"] == "A00000001"
    assert create(client, session, minimal())["accountNumber"] == "A00000003"


def test_explicit_numbers_and_generated_ones_skip_them(
    client: TestClient, session: Session
) -> None:
    explicit = create(client, session, minimal(accountNumber="CUST-42"))
    assert explicit["accountNumber"] == "CUST-42"
    assert read(client, session, "CUST-42")["basicInfo"]["id"] == explicit["accountId"]
    create(client, session, minimal(accountNumber="A00000002"))
    assert create(client, session, minimal())["accountNumber"] == "A00000001"
    # A00000002 is taken by an explicitly numbered account: the sequence steps over it.
    assert create(client, session, minimal())["accountNumber"] == "A00000003"


def test_a_duplicate_number_is_refused(
    client: TestClient, session: Session, container: Container
) -> None:
    create(client, session, minimal(accountNumber="CUST-1"))
    response = client.post(
        "/v1/accounts", json=minimal(accountNumber="CUST-1"), headers=session.headers
    )
    assert response.status_code == 400
    assert reason_code(response) == 51000130
    assert "CUST-1" in response.json()["reasons"][0]["message"]
    assert count(container, session) == 1


def test_id_and_number_are_both_keys(client: TestClient, session: Session) -> None:
    created = create(client, session, minimal())
    by_id = read(client, session, created["accountId"])
    by_number = read(client, session, created["accountNumber"])
    assert by_id == by_number
    for key in (created["accountId"], created["accountNumber"]):
        summary = client.get(f"/v1/accounts/{key}/summary", headers=session.headers)
        assert summary.status_code == 200
        assert summary.json()["basicInfo"]["id"] == created["accountId"]
    put = client.put(
        f"/v1/accounts/{created['accountNumber']}", json={"crmId": "x"}, headers=session.headers
    )
    assert put.status_code == 200
    assert read(client, session, created["accountId"])["basicInfo"]["crmId"] == "x"


def test_put_changes_only_what_was_sent(client: TestClient, session: Session) -> None:
    created = create(client, session, FULL)
    before = read(client, session, created["accountId"])
    response = client.put(
        f"/v1/accounts/{created['accountId']}",
        json={
            "notes": "Now by post.",
            "billCycleDay": 1,
            "paymentTerm": "Net 60",
            "invoiceDeliveryPrefsPrint": False,
            "billToContact": {"city": "Paris", "Pet__c": "dog"},
            "Segment__c": "SMB",
            "NewField__c": 1,
        },
        headers=session.headers,
    )
    assert response.status_code == 200
    assert response.json() == {"success": True}
    expected = deepcopy(before)
    expected["basicInfo"].update(notes="Now by post.", Segment__c="SMB", NewField__c=1)
    expected["billingAndPayment"].update(
        billCycleDay=1, paymentTerm="Net 60", invoiceDeliveryPrefsPrint=False
    )
    expected["billToContact"].update(city="Paris", Pet__c="dog")
    assert read(client, session, created["accountId"]) == expected


def test_put_null_clears_optional_fields(client: TestClient, session: Session) -> None:
    created = create(client, session, FULL)
    response = client.put(
        f"/v1/accounts/{created['accountId']}",
        json={"notes": None, "additionalEmailAddresses": None, "billToContact": {"fax": None}},
        headers=session.headers,
    )
    assert response.status_code == 200
    account = read(client, session, created["accountId"])
    assert account["basicInfo"]["notes"] is None
    assert account["billingAndPayment"]["additionalEmailAddresses"] == []
    assert account["billToContact"]["fax"] is None
    assert account["billToContact"]["city"] == "London"


def test_put_on_a_shared_contact_changes_every_role(client: TestClient, session: Session) -> None:
    created = create(client, session, minimal(soldToSameAsBillTo=True))
    client.put(
        f"/v1/accounts/{created['accountId']}",
        json={"soldToContact": {"state": "Ohio"}},
        headers=session.headers,
    )
    account = read(client, session, created["accountId"])
    assert account["billToContact"]["state"] == account["soldToContact"]["state"] == "Ohio"
    assert account["shipToContact"]["state"] is None


def test_put_contact_ids(client: TestClient, session: Session) -> None:
    created = create(client, session, minimal())
    other = create(client, session, minimal())
    key = created["accountId"]
    response = client.put(
        f"/v1/accounts/{key}",
        json={"soldToContactId": created["billToContactId"]},
        headers=session.headers,
    )
    assert response.status_code == 200
    assert read(client, session, key)["soldToContact"]["id"] == created["billToContactId"]
    for contact_id in ("0" * 32, other["billToContactId"]):
        response = client.put(
            f"/v1/accounts/{key}", json={"shipToContactId": contact_id}, headers=session.headers
        )
        assert response.status_code == 400
        assert reason_code(response) == 51001140
    both = client.put(
        f"/v1/accounts/{key}",
        json={"billToContactId": created["soldToContactId"], "billToContact": {"city": "X"}},
        headers=session.headers,
    )
    assert both.status_code == 400
    assert reason_code(both) == 51000020
    assert read(client, session, key)["shipToContact"]["id"] == created["shipToContactId"]


def test_currency_cannot_change(client: TestClient, session: Session) -> None:
    created = create(client, session, minimal())
    key = created["accountId"]
    response = client.put(
        f"/v1/accounts/{key}", json={"currency": "EUR", "notes": "x"}, headers=session.headers
    )
    assert response.status_code == 400
    assert reason_code(response) == 51000230
    account = read(client, session, key)
    assert account["billingAndPayment"]["currency"] == "USD"
    assert account["basicInfo"]["notes"] is None
    same = client.put(f"/v1/accounts/{key}", json={"currency": "USD"}, headers=session.headers)
    assert same.status_code == 200


def test_an_unknown_account_is_404(client: TestClient, session: Session) -> None:
    for method, path in (
        ("GET", "/v1/accounts/A99999999"),
        ("GET", "/v1/accounts/0123456789abcdef0123456789abcdef"),
        ("GET", "/v1/accounts/A99999999/summary"),
        ("PUT", "/v1/accounts/A99999999"),
    ):
        response = client.request(
            method, path, json={} if method == "PUT" else None, headers=session.headers
        )
        assert response.status_code == 404, path
        assert reason_code(response) == 51000040
        assert "Cannot find entity by key" in response.json()["reasons"][0]["message"]


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(body: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = body
        for part in parents:
            target = target[part]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value

    return apply


_DELETE = object()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (_set("name", _DELETE), 50000022),
        (_set("currency", _DELETE), 50000022),
        (_set("billToContact", _DELETE), 50000022),
        (_set("billToContact.lastName", _DELETE), 50000022),
        (_set("name", 42), 50000020),
        (_set("billCycleDay", "5"), 50000020),
        (_set("currency", "usd"), 50004020),
        (_set("currency", "ABC"), 50004020),
        (_set("name", ""), 51000020),
        (_set("name", "n" * 256), 51000020),
        (_set("notes", "n" * 65536), 51000020),
        (_set("crmId", "c" * 101), 51000020),
        (_set("batch", "b" * 51), 51000020),
        (_set("additionalEmailAddresses", "a@b.io,not-an-address"), 51000020),
        (_set("accountNumber", "x" * 71), 51000120),
        (_set("accountNumber", "a/b"), 51000120),
        (_set("billCycleDay", 32), 51000320),
        (_set("billCycleDay", -1), 51000320),
        (_set("paymentTerm", "Net 45"), 51000420),
        (_set("autoPay", True), 51000530),
        # A card without its expiry; a payment method that does not exist (issue 13).
        (_set("creditCard", {"cardType": "Visa", "cardNumber": "4111111111111111"}), 55001022),
        (_set("hpmCreditCardPaymentMethodId", "0" * 32), 55000540),
        (_set("subscription", {"termType": "EVERGREEN"}), 51000630),
        (_set("billToContact.firstName", ""), 51001020),
        (_set("billToContact.zipCode", "9" * 21), 51001020),
        (_set("billToContact.workEmail", "not-an-address"), 51001020),
        (_set("billToContact.otherPhoneType", "Pager"), 51001020),
        (_set("soldToContact", {"firstName": "G", "lastName": "H", "city": "c" * 101}), 51001020),
        (_set("Segment__c", {"nested": 1}), 51002020),
        (_set("Segment__c", [1, 2]), 51002020),
        (_set("billToContact.Pet__c", {"kind": "cat"}), 51002020),
    ],
)
def test_bad_input_is_400_and_creates_nothing(
    client: TestClient,
    session: Session,
    container: Container,
    change: Callable[[dict[str, Any]], None],
    code: int,
) -> None:
    body = minimal(accountNumber="WANTED-1")
    change(body)
    response = client.post("/v1/accounts", json=body, headers=session.headers)
    assert response.status_code == 400, response.text
    assert reason_code(response) == code
    assert count(container, session) == 0
    assert client.get("/v1/accounts/WANTED-1", headers=session.headers).status_code == 404
    # ... and the refused request took no number.
    assert create(client, session, minimal())["accountNumber"] == "A00000001"


def test_malformed_json_is_400(client: TestClient, session: Session, container: Container) -> None:
    response = client.post(
        "/v1/accounts",
        content=b'{"name": "Acme",',
        headers={**session.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert reason_code(response) == 50000090
    assert count(container, session) == 0


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"name": None}, 51000022),
        ({"name": ""}, 51000020),
        ({"billCycleDay": 40}, 51000320),
        ({"billCycleDay": None}, 51000022),
        ({"paymentTerm": "Net 7"}, 51000420),
        ({"autoPay": True}, 51000530),
        ({"paymentMethod": {"type": "CreditCard"}}, 51000630),
        ({"billToContact": {"firstName": None}}, 51001022),
        ({"billToContact": {"zipCode": "9" * 21}}, 51001020),
        ({"Tier__c": {"a": 1}}, 51002020),
        ({"notes": 5}, 50000020),
    ],
)
def test_bad_updates_are_400_and_change_nothing(
    client: TestClient, session: Session, body: dict[str, Any], code: int
) -> None:
    created = create(client, session, FULL)
    before = read(client, session, created["accountId"])
    response = client.put(
        f"/v1/accounts/{created['accountId']}",
        json={"notes": "changed", **body},
        headers=session.headers,
    )
    assert response.status_code == 400, response.text
    assert reason_code(response) == code
    assert read(client, session, created["accountId"]) == before


def test_custom_fields_round_trip_exactly(client: TestClient, session: Session) -> None:
    raw = (
        '{"name": "Acme", "currency": "USD",'
        ' "billToContact": {"firstName": "Ada", "lastName": "Lovelace", "Score__c": 0.10},'
        ' "Amount__c": 12.50, "Big__c": 12345678901234567890.123456789, "Count__c": 3,'
        ' "Flag__c": false, "Empty__c": null, "Label__c": "12.50", "ignored": {"x": 1}}'
    )
    response = client.post(
        "/v1/accounts",
        content=raw.encode(),
        headers={**session.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    key = response.json()["accountId"]
    text = client.get(f"/v1/accounts/{key}", headers=session.headers).text
    assert '"Amount__c":12.50' in text
    assert '"Big__c":12345678901234567890.123456789' in text
    assert '"Score__c":0.10' in text
    account = json.loads(text, parse_float=Decimal)
    basic = account["basicInfo"]
    assert basic["Amount__c"] == Decimal("12.50")
    assert basic["Count__c"] == 3
    assert basic["Flag__c"] is False
    assert basic["Empty__c"] is None
    assert basic["Label__c"] == "12.50"
    assert "ignored" not in basic and "ignored" not in account
    # Updates merge: the fields not sent keep their values.
    client.put(f"/v1/accounts/{key}", json={"Flag__c": True}, headers=session.headers)
    after = json.loads(
        client.get(f"/v1/accounts/{key}", headers=session.headers).text, parse_float=Decimal
    )
    assert after["basicInfo"] == {**basic, "Flag__c": True}
    summary = client.get(f"/v1/accounts/{key}/summary", headers=session.headers).json()
    assert summary["basicInfo"]["Label__c"] == "12.50"


def test_unknown_fields_are_ignored(client: TestClient, session: Session) -> None:
    body = minimal(
        taxInfo={"exemptStatus": "No"},
        invoiceTemplateId="0" * 32,
        somethingNew=1,
        billToContact={"firstName": "Ada", "lastName": "Lovelace", "shoeSize": 38},
    )
    created = create(client, session, body)
    account = read(client, session, created["accountId"])
    assert "somethingNew" not in account["basicInfo"]
    assert "shoeSize" not in account["billToContact"]
    assert account["basicInfo"]["invoiceTemplateId"] is None


def test_additional_email_addresses_as_one_string(client: TestClient, session: Session) -> None:
    created = create(client, session, minimal(additionalEmailAddresses="a@x.io, b@x.io"))
    billing = read(client, session, created["accountId"])["billingAndPayment"]
    assert billing["additionalEmailAddresses"] == ["a@x.io", "b@x.io"]


def test_summary(client: TestClient, session: Session) -> None:
    created = create(client, session, FULL)
    response = client.get(
        f"/v1/accounts/{created['accountNumber']}/summary", headers=session.headers
    )
    assert response.status_code == 200
    summary = response.json()
    assert set(summary) == {
        "success",
        "basicInfo",
        "billToContact",
        "soldToContact",
        "shipToContact",
        "subscriptions",
        "invoices",
        "payments",
        "usage",
        # Keys of the client's model without a value here: null.
        "processId",
        "requestId",
        "reasons",
        "taxInfo",
    }
    assert summary["success"] is True
    assert summary["basicInfo"] == complete({
        "id": created["accountId"],
        "name": "Analytical Engines Ltd",
        "accountNumber": created["accountNumber"],
        "balance": 0,
        "lastInvoiceDate": None,
        "lastPaymentDate": None,
        "lastPaymentAmount": None,
        "currency": "EUR",
        "status": "Active",
        "batch": "Batch7",
        "billCycleDay": 15,
        "invoiceDeliveryPrefsPrint": True,
        "invoiceDeliveryPrefsEmail": True,
        "additionalEmailAddresses": ["billing@example.com", "cfo@example.com"],
        "autoPay": False,
        "purchaseOrderNumber": "PO-77",
        "customerServiceRepName": "Mary",
        "partnerAccount": False,
        "tags": None,
        "defaultPaymentMethod": None,
        "Segment__c": "Enterprise",
        "Seats__c": 250,
        "Vip__c": True,
        "Region__c": None,
    }, "AccountSummaryBasicInfo")  # fmt: skip
    bill_to = expected_contact(created["billToContactId"], BILL_TO, created)
    sold_to = expected_contact(created["soldToContactId"], SOLD_TO, created)
    assert summary["billToContact"] == complete(bill_to, "Contact")
    assert summary["soldToContact"] == complete(sold_to, "Contact")
    assert (
        summary["subscriptions"],
        summary["invoices"],
        summary["payments"],
        summary["usage"],
    ) == (
        [],
        [],
        [],
        [],
    )


def test_another_tenant_cannot_see_or_touch_the_account(
    client: TestClient, session: Session, new_session: Callable[[], Session]
) -> None:
    created = create(client, session, minimal(accountNumber="SHARED-1"))
    other = new_session()
    for key in (created["accountId"], "SHARED-1"):
        assert client.get(f"/v1/accounts/{key}", headers=other.headers).status_code == 404
        assert client.get(f"/v1/accounts/{key}/summary", headers=other.headers).status_code == 404
        put = client.put(f"/v1/accounts/{key}", json={"name": "Mine"}, headers=other.headers)
        assert put.status_code == 404
    # Numbers are unique per tenant only.
    assert create(client, other, minimal(accountNumber="SHARED-1"))["accountNumber"] == "SHARED-1"
    assert read(client, session, "SHARED-1")["basicInfo"]["name"] == "Acme"
    # A contact of another tenant's account cannot be borrowed either.
    mine = create(client, other, minimal())
    response = client.put(
        f"/v1/accounts/{mine['accountId']}",
        json={"soldToContactId": created["billToContactId"]},
        headers=other.headers,
    )
    assert response.status_code == 400
    assert reason_code(response) == 51001140


def test_accounts_need_a_token(client: TestClient) -> None:
    assert client.post("/v1/accounts", json=minimal()).status_code == 401
    assert client.get("/v1/accounts/A00000001").status_code == 401


def test_create_account_joins_the_callers_transaction(
    client: TestClient, session: Session, container: Container
) -> None:
    """The orders engine creates `newAccount` inside the order's unit of work: nothing is
    committed by create_account itself, and a rollback gives the number back."""
    ctx = CommandContext(
        tenant_id=session.tenant_id,
        now=datetime(2025, 1, 1, tzinfo=UTC),
        request_id=str(uuid.uuid4()),
    )
    draft = AccountDraft(name="Acme", currency="USD", bill_to=ContactInfo("Ada", "Lovelace"))
    with container.uow_factory() as uow:
        account = create_account(uow, ctx, draft)
        assert account.account_number == "A00000001"
        assert uow.accounts.get(session.tenant_id, account.id) == account
        # Not committed: the unit of work rolls back on exit.
    assert count(container, session) == 0
    with container.uow_factory() as uow:
        account = create_account(uow, ctx, draft)
        uow.commit()
    assert account.account_number == "A00000001"
    stored = read(client, session, account.id)
    assert stored["basicInfo"]["accountNumber"] == "A00000001"
