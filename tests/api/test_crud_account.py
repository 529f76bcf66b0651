"""GET|PUT /v1/object/account/{id} (issue 13 item 2, decision RS4): the Account object in
PascalCase, its fields with a value; updates through the same engine as
PUT /v1/accounts/{key}."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Session


def _account(client: TestClient, shop: Session) -> dict[str, Any]:
    created = client.post(
        "/v1/accounts",
        headers=shop.headers,
        json={
            "name": "Acme",
            "currency": "USD",
            "accountNumber": "ACME-1",
            "billCycleDay": 5,
            "paymentTerm": "Net 30",
            "batch": "Batch7",
            "notes": "first",
            "crmId": "CRM-9",
            "salesRep": "Ann",
            "additionalEmailAddresses": ["a@x.io", "b@x.io"],
            "billToContact": {"firstName": "Bo", "lastName": "Bill"},
            "soldToContact": {"firstName": "So", "lastName": "Sold"},
            "Region__c": "EU",
        },
    )
    assert created.status_code == 200, created.text
    body: dict[str, Any] = created.json()
    return body


def test_retrieve_in_crud_words(client: TestClient, shop: Session) -> None:
    made = _account(client, shop)
    response = client.get(f"/v1/object/account/{made['accountId']}", headers=shop.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["Id"] == made["accountId"]
    expected = {
        "AccountNumber": "ACME-1",
        "Name": "Acme",
        "Currency": "USD",
        "Status": "Active",
        "BillCycleDay": 5,
        "BcdSettingOption": "ManualSet",
        "PaymentTerm": "Net 30",
        "AutoPay": False,
        "Batch": "Batch7",
        "InvoiceDeliveryPrefsEmail": False,
        "InvoiceDeliveryPrefsPrint": False,
        "AdditionalEmailAddresses": "a@x.io,b@x.io",
        "AllowInvoiceEdit": False,
        "Notes": "first",
        "CrmId": "CRM-9",
        "SalesRepName": "Ann",
        "BillToId": made["billToContactId"],
        "SoldToId": made["soldToContactId"],
        "Balance": 0,
        "CreditBalance": 0,
        "TotalInvoiceBalance": 0,
        "UnappliedBalance": 0,
        "Region__c": "EU",
    }
    assert {k: body[k] for k in expected} == expected
    # Fields without a value are left out, as the CRUD API does.
    assert "PurchaseOrderNumber" not in body and "DefaultPaymentMethodId" not in body
    assert body["CreatedDate"].endswith("+00:00") and "T" in body["CreatedDate"]
    picked = client.get(
        f"/v1/object/account/{made['accountId']}?fields=Name,Batch", headers=shop.headers
    ).json()
    assert picked == {"Id": made["accountId"], "Name": "Acme", "Batch": "Batch7"}


def test_unknown_id_and_number_are_not_found(client: TestClient, shop: Session) -> None:
    _account(client, shop)
    for key in ("0" * 32, "ACME-1"):  # the CRUD API takes the id only
        missing = client.get(f"/v1/object/account/{key}", headers=shop.headers)
        assert missing.status_code == 404, key
        assert missing.json()["Errors"][0]["Code"] == "INVALID_ID"


def test_update_in_crud_words(client: TestClient, shop: Session) -> None:
    made = _account(client, shop)
    path = f"/v1/object/account/{made['accountId']}"
    updated = client.put(
        path,
        headers=shop.headers,
        json={
            "Name": "Acme Ltd",
            "Notes": "second",
            "AutoPay": False,
            "PaymentTerm": "Due Upon Receipt",
            "AdditionalEmailAddresses": "c@x.io, d@x.io",
            "SoldToId": made["billToContactId"],
            "Region__c": "US",
            "Whatever": 1,  # unknown: ignored unless rejectUnknownFields
        },
    )
    assert updated.status_code == 200, updated.text
    assert updated.json() == {"Success": True, "Id": made["accountId"]}
    # The v1 read sees what the CRUD update changed.
    detail = client.get("/v1/accounts/ACME-1", headers=shop.headers).json()
    assert detail["basicInfo"]["name"] == "Acme Ltd"
    assert detail["basicInfo"]["notes"] == "second"
    assert detail["basicInfo"]["Region__c"] == "US"
    assert detail["billingAndPayment"]["paymentTerm"] == "Due Upon Receipt"
    assert detail["billingAndPayment"]["additionalEmailAddresses"] == ["c@x.io", "d@x.io"]
    assert detail["soldToContact"]["id"] == made["billToContactId"]
    assert detail["soldToContact"]["firstName"] == "Bo"
    body = client.get(path, headers=shop.headers).json()
    assert (body["Name"], body["SoldToId"], body["Batch"]) == (
        "Acme Ltd",
        made["billToContactId"],
        "Batch7",
    )


def test_bad_updates_change_nothing(client: TestClient, shop: Session) -> None:
    made = _account(client, shop)
    path = f"/v1/object/account/{made['accountId']}"
    before = client.get(path, headers=shop.headers).json()
    cases: list[tuple[str, dict[str, Any], int]] = [
        (path, {"Name": "X", "DefaultPaymentMethodId": "abc"}, 400),
        (path, {"Name": "X", "Status": "Canceled"}, 400),
        (path + "?rejectUnknownFields=true", {"Name": "X", "Whatever": 1}, 400),
        (path, {"Name": "X", "BillCycleDay": 40}, 400),
        (path, {"Name": "X", "Currency": "EUR"}, 400),
        (path, {"Name": "X", "BillToId": "0" * 32}, 400),
        (path, {"Name": 5}, 400),
        ("/v1/object/account/" + "0" * 32, {"Name": "X"}, 404),
    ]
    for url, payload, status in cases:
        response = client.put(url, headers=shop.headers, json=payload)
        assert response.status_code == status, (payload, response.text)
        assert response.json()["Success"] is False
    assert client.get(path, headers=shop.headers).json() == before
