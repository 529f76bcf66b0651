"""`/v2/accounts`: create, get, list, patch in snake_case over the v1 account services
(round trips both ways), the query mechanism on a real route, and the v2 error body."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Session

VISA = "4111111111111111"

BILL_TO = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "address": {
        "line1": "12 St James's Square",
        "city": "London",
        "country": "United Kingdom",
        "postal_code": "SW1Y 4JH",
    },
    "work_email": "ada@example.com",
}


def body(**extra: Any) -> dict[str, Any]:
    return {"name": "Analytical Engines", "currency": "USD", "bill_to": BILL_TO, **extra}


def create(client: TestClient, s: Session, **extra: Any) -> dict[str, Any]:
    response = client.post("/v2/accounts", json=body(**extra), headers=s.headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def error(response: Any) -> tuple[int, str, str, str | None]:
    data = response.json()
    assert set(data) == {"type", "errors", "retryable"}, data
    first = data["errors"][0]
    return response.status_code, data["type"], first["code"], first["parameter"]


def test_create_answers_the_v2_account(client: TestClient, session: Session) -> None:
    account = create(
        client,
        session,
        account_number="AE-1",
        bill_cycle_day=15,
        batch="Batch2",
        payment_terms="Net 30",
        crm_id="crm-9",
        custom_fields={"Region__c": "EMEA"},
        billing_document_settings={"email_documents": True},
    )
    assert account["account_number"] == "AE-1"
    assert account["name"] == "Analytical Engines"
    assert account["currency"] == "USD"
    assert account["enabled"] is True
    assert account["bill_cycle_day"] == 15
    assert account["batch"] == "Batch2"
    assert account["payment_terms"] == "Net 30"
    assert account["auto_pay"] is False
    assert account["remaining_invoice_balance"] == 0
    assert account["remaining_payment_balance"] == 0
    assert account["crm_id"] == "crm-9"
    assert account["custom_fields"] == {"Region__c": "EMEA"}
    assert account["billing_document_settings"]["email_documents"] is True
    assert account["bill_to"]["first_name"] == "Ada"
    assert account["bill_to"]["address"]["postal_code"] == "SW1Y 4JH"
    # Without sold_to, the bill-to contact sells to.
    assert account["sold_to_id"] == account["bill_to_id"] == account["bill_to"]["id"]
    assert account["created_time"].endswith("+00:00") and "T" in account["created_time"]
    assert account["default_payment_method_id"] is None


def test_v2_account_reads_in_v1_and_the_reverse(client: TestClient, session: Session) -> None:
    made = create(client, session, sold_to={"first_name": "Grace", "last_name": "Hopper"})
    v1 = client.get(f"/v1/accounts/{made['account_number']}", headers=session.headers).json()
    assert v1["basicInfo"]["id"] == made["id"]
    assert v1["basicInfo"]["name"] == "Analytical Engines"
    assert v1["billToContact"]["zipCode"] == "SW1Y 4JH"
    assert v1["soldToContact"]["firstName"] == "Grace"

    v1_made = client.post(
        "/v1/accounts",
        json={
            "name": "Difference Co",
            "currency": "EUR",
            "billCycleDay": 3,
            "billToContact": {"firstName": "Charles", "lastName": "Babbage", "zipCode": "N1"},
            "Tier__c": "gold",
        },
        headers=session.headers,
    ).json()
    v2 = client.get(f"/v2/accounts/{v1_made['accountId']}", headers=session.headers).json()
    assert v2["account_number"] == v1_made["accountNumber"]
    assert v2["currency"] == "EUR"
    assert v2["bill_cycle_day"] == 3
    assert v2["bill_to"]["last_name"] == "Babbage"
    assert v2["bill_to"]["address"]["postal_code"] == "N1"
    assert v2["custom_fields"] == {"Tier__c": "gold"}
    by_number = client.get(f"/v2/accounts/{v1_made['accountNumber']}", headers=session.headers)
    assert by_number.json()["id"] == v1_made["accountId"]


def test_card_becomes_the_default_payment_method_and_allows_auto_pay(
    client: TestClient, session: Session
) -> None:
    made = create(
        client,
        session,
        auto_pay=True,
        payment_method={
            "type": "card",
            "card": {
                "card_number": VISA,
                "brand": "visa",
                "expiry_month": 12,
                "expiry_year": 2040,
                "security_code": "123",
            },
            "billing_details": {"name": "Ada Lovelace"},
        },
    )
    assert made["auto_pay"] is True
    assert made["default_payment_method_id"]
    got = client.get(
        f"/v2/accounts/{made['id']}?expand[]=default_payment_method", headers=session.headers
    ).json()
    method = got["default_payment_method"]
    assert method["id"] == made["default_payment_method_id"]
    assert method["card"] == {
        "brand": "visa",
        "last_4": "1111",
        "expiry_month": 12,
        "expiry_year": 2040,
    }
    v1 = client.get(f"/v1/accounts/{made['id']}/payment-methods", headers=session.headers).json()
    assert v1["success"] is True
    assert VISA not in str(got) and VISA not in str(v1)


def test_a_bad_card_creates_no_account(client: TestClient, session: Session) -> None:
    card = {"card_number": "4111111111111112", "expiry_month": 12, "expiry_year": 2040}
    response = client.post(
        "/v2/accounts",
        json=body(account_number="NOPE-1", payment_method={"type": "card", "card": card}),
        headers=session.headers,
    )
    assert error(response) == (
        400,
        "bad_request",
        "invalid_parameter",
        "payment_method.card.card_number",
    )
    missing = client.get("/v2/accounts/NOPE-1", headers=session.headers)
    assert error(missing) == (404, "not_found", "resource_not_found", "account_id")


def test_auto_pay_without_a_card_is_a_conflict(client: TestClient, session: Session) -> None:
    response = client.post("/v2/accounts", json=body(auto_pay=True), headers=session.headers)
    assert error(response) == (409, "conflict", "invalid_value", "auto_pay")


def test_patch_changes_what_was_sent(client: TestClient, session: Session) -> None:
    made = create(client, session, crm_id="keep")
    response = client.patch(
        f"/v2/accounts/{made['id']}",
        json={
            "name": "Renamed",
            "bill_cycle_day": 20,
            "bill_to": {"work_email": "new@example.com", "address": {"city": "Paris"}},
            "custom_fields": {"Region__c": "APAC"},
        },
        headers=session.headers,
    )
    assert response.status_code == 200, response.text
    got = response.json()
    assert (got["name"], got["bill_cycle_day"], got["crm_id"]) == ("Renamed", 20, "keep")
    assert got["bill_to"]["work_email"] == "new@example.com"
    assert got["bill_to"]["address"]["city"] == "Paris"
    assert got["bill_to"]["address"]["postal_code"] == "SW1Y 4JH"
    assert got["custom_fields"] == {"Region__c": "APAC"}
    v1 = client.get(f"/v1/accounts/{made['id']}", headers=session.headers).json()
    assert v1["basicInfo"]["name"] == "Renamed"
    assert v1["billingAndPayment"]["billCycleDay"] == 20


def test_patch_currency_is_refused(client: TestClient, session: Session) -> None:
    made = create(client, session)
    response = client.patch(
        f"/v2/accounts/{made['id']}", json={"currency": "EUR"}, headers=session.headers
    )
    assert error(response)[:3] == (409, "conflict", "invalid_value")
    assert (
        client.get(f"/v2/accounts/{made['id']}", headers=session.headers).json()["currency"]
        == "USD"
    )


def test_list_pages_filters_sorts_and_selects(client: TestClient, session: Session) -> None:
    for n in range(5):
        create(client, session, account_number=f"L-{n}", bill_cycle_day=n + 1)
    first = client.get(
        "/v2/accounts?page_size=2&sort[]=account_number.asc&fields[]=account_number",
        headers=session.headers,
    ).json()
    assert first["data"] == [
        {"id": first["data"][0]["id"], "account_number": "L-0"},
        {"id": first["data"][1]["id"], "account_number": "L-1"},
    ]
    cursor = first["next_page"]
    second = client.get(
        f"/v2/accounts?page_size=2&sort[]=account_number.asc&fields[]=account_number"
        f"&cursor={cursor}",
        headers=session.headers,
    ).json()
    assert [a["account_number"] for a in second["data"]] == ["L-2", "L-3"]
    filtered = client.get(
        "/v2/accounts?filter[]=bill_cycle_day.GE:3&filter[]=account_number.IN:[L-2,L-4]",
        headers=session.headers,
    ).json()
    assert [a["account_number"] for a in filtered["data"]] == ["L-4", "L-2"]
    assert filtered["next_page"] is None


def test_default_list_is_newest_first(client: TestClient, session: Session) -> None:
    numbers = [create(client, session, account_number=f"N-{n}")["account_number"] for n in range(3)]
    listed = client.get("/v2/accounts", headers=session.headers).json()
    assert [a["account_number"] for a in listed["data"]] == list(reversed(numbers))


def test_tenants_do_not_see_each_others_accounts(
    client: TestClient, session: Session, new_session: Any
) -> None:
    made = create(client, session)
    other = new_session()
    assert client.get("/v2/accounts", headers=other.headers).json()["data"] == []
    response = client.get(f"/v2/accounts/{made['id']}", headers=other.headers)
    assert error(response)[:3] == (404, "not_found", "resource_not_found")


def test_bad_inputs_answer_the_v2_body_and_change_nothing(
    client: TestClient, session: Session
) -> None:
    h = session.headers
    cases: list[tuple[Any, tuple[int, str, str, str | None]]] = [
        (
            client.post("/v2/accounts", json={"currency": "USD", "bill_to": BILL_TO}, headers=h),
            (400, "bad_request", "missing_parameter", "name"),
        ),
        (
            client.post("/v2/accounts", json=body(colour="red"), headers=h),
            (400, "bad_request", "unknown_parameter", "colour"),
        ),
        (
            client.post("/v2/accounts", json=body(bill_cycle_day="x"), headers=h),
            (400, "bad_request", "invalid_parameter_integer", "bill_cycle_day"),
        ),
        (
            client.post("/v2/accounts", json=body(auto_pay="yes"), headers=h),
            (400, "bad_request", "invalid_parameter_boolean", "auto_pay"),
        ),
        (
            client.post("/v2/accounts", json=body(bill_cycle_day=40), headers=h),
            (400, "bad_request", "invalid_parameter", "bill_cycle_day"),
        ),
        (
            client.post("/v2/accounts", json=body(currency="XX"), headers=h),
            (400, "bad_request", "invalid_parameter", "currency"),
        ),
        (
            client.post("/v2/accounts", json=body(bill_to={"first_name": "A"}), headers=h),
            (400, "bad_request", "missing_parameter", "bill_to.last_name"),
        ),
        (
            client.post(
                "/v2/accounts",
                json=body(payment_method={"type": "ach", "card": {}}),
                headers=h,
            ),
            (400, "bad_request", "invalid_parameter", "payment_method.type"),
        ),
        (
            client.post(
                "/v2/accounts",
                content=b"{not json",
                headers={**h, "content-type": "application/json"},
            ),
            (400, "bad_request", "invalid_request", None),
        ),
        (
            client.get("/v2/accounts?page_size=0", headers=h),
            (400, "bad_request", "invalid_parameter", "page_size"),
        ),
        (
            client.get("/v2/accounts?page_size=100", headers=h),
            (400, "bad_request", "invalid_parameter", "page_size"),
        ),
        (
            client.get("/v2/accounts?cursor=garbage", headers=h),
            (400, "bad_request", "invalid_parameter", "cursor"),
        ),
        (
            client.get("/v2/accounts?filter[]=colour.EQ:red", headers=h),
            (400, "bad_request", "invalid_parameter", "filter[]"),
        ),
        (
            client.get("/v2/accounts?fields[]=colour", headers=h),
            (400, "bad_request", "invalid_parameter", "fields[]"),
        ),
        (
            client.get("/v2/accounts?bill_to.fields[]=colour", headers=h),
            (400, "bad_request", "invalid_parameter", "bill_to.fields[]"),
        ),
        (
            client.get("/v2/accounts?expand[]=subscriptions", headers=h),
            (400, "bad_request", "invalid_parameter", "expand[]"),
        ),
        (
            client.get("/v2/accounts?sort[]=colour.asc", headers=h),
            (400, "bad_request", "invalid_parameter", "sort[]"),
        ),
        (
            client.get("/v2/accounts/nobody", headers=h),
            (404, "not_found", "resource_not_found", "account_id"),
        ),
        (
            client.patch("/v2/accounts/nobody", json={"name": "x"}, headers=h),
            (404, "not_found", "resource_not_found", "account_id"),
        ),
    ]
    for response, expected in cases:
        assert error(response) == expected, response.text
    assert client.get("/v2/accounts", headers=h).json()["data"] == []


def test_a_cursor_of_another_list_is_refused(client: TestClient, session: Session) -> None:
    forged = base64.urlsafe_b64encode(b'{"s":"name.asc","k":["x"],"i":"y"}').decode()
    response = client.get(f"/v2/accounts?cursor={forged}", headers=session.headers)
    assert error(response) == (400, "bad_request", "invalid_parameter", "cursor")


def test_taken_account_number_is_a_conflict(client: TestClient, session: Session) -> None:
    create(client, session, account_number="DUP-1")
    response = client.post(
        "/v2/accounts", json=body(account_number="DUP-1"), headers=session.headers
    )
    assert error(response) == (409, "conflict", "in_use", "account_number")


def test_route_errors_are_v2(client: TestClient, session: Session) -> None:
    response = client.delete("/v2/accounts", headers=session.headers)
    assert response.status_code == 405
    assert response.json()["type"] == "method_not_allowed"
    assert client.get("/v2/accounts").json() == {
        "type": "unauthorized",
        "errors": [],
        "retryable": False,
    }


def test_balance_is_an_exact_number(client: TestClient, session: Session) -> None:
    made = create(client, session)
    assert Decimal(str(made["remaining_invoice_balance"])) == Decimal(0)
    assert made["bill_to"]["account_id"] == made["id"]


def test_idempotency_key_and_track_id_on_v2(client: TestClient, session: Session) -> None:
    headers = {**session.headers, "idempotency-key": "v2-acct-1", "zuora-track-id": "trk-1"}
    first = client.post("/v2/accounts", json=body(), headers=headers)
    again = client.post("/v2/accounts", json=body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert first.headers["zuora-track-id"] == "trk-1"
    assert len(client.get("/v2/accounts", headers=session.headers).json()["data"]) == 1
    # The key on another URL: 422 in the v2 body.
    other = client.patch(f"/v2/accounts/{first.json()['id']}", json={}, headers=headers)
    assert other.status_code == 422
    assert other.json()["type"] == "unprocessable_entity"


def test_gzip_both_ways_on_v2(client: TestClient, session: Session) -> None:
    import gzip
    import json

    raw = gzip.compress(json.dumps(body(description="x" * 450, crm_id="y" * 90)).encode())
    response = client.post(
        "/v2/accounts",
        content=raw,
        headers={
            **session.headers,
            "content-type": "application/json",
            "content-encoding": "gzip",
            "accept-encoding": "gzip",
        },
    )
    assert response.status_code == 201, response.text
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["description"] == "x" * 450


def test_a_body_over_the_limit_is_413_in_the_v2_body(client: TestClient, session: Session) -> None:
    import json

    raw = json.dumps(body(padding=["x" * 200] * 30_000)).encode()
    response = client.post(
        "/v2/accounts", content=raw, headers={**session.headers, "content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["type"] == "payload_too_large"
    assert response.json()["retryable"] is False


def test_zuora_fields_without_a_feature_behind_are_refused_by_name(
    client: TestClient, session: Session
) -> None:
    h = session.headers
    made = client.post("/v2/accounts", json=body(parent_account_id="p1"), headers=h)
    assert error(made) == (400, "bad_request", "invalid_parameter", "parent_account_id")
    accepted = client.post("/v2/accounts", json=body(payment_gateway=None), headers=h)
    assert accepted.status_code == 201
    renumber = client.patch(
        f"/v2/accounts/{accepted.json()['id']}", json={"account_number": "X"}, headers=h
    )
    assert error(renumber) == (400, "bad_request", "invalid_parameter", "account_number")


def test_contact_email_is_v1_personal_email(client: TestClient, session: Session) -> None:
    made = create(client, session, bill_to={**BILL_TO, "email": "ada@home.example"})
    assert made["bill_to"]["email"] == "ada@home.example"
    v1 = client.get(f"/v1/accounts/{made['id']}", headers=session.headers).json()
    assert v1["billToContact"]["personalEmail"] == "ada@home.example"
    assert v1["billToContact"]["workEmail"] == "ada@example.com"


def test_payment_methods_expand_as_a_list(client: TestClient, session: Session) -> None:
    card = {"card_number": VISA, "brand": "visa", "expiry_month": 1, "expiry_year": 2041}
    made = create(client, session, payment_method={"type": "card", "card": card})
    got = client.get(
        f"/v2/accounts/{made['id']}?expand[]=payment_methods&payment_methods.fields[]=card",
        headers=session.headers,
    ).json()
    assert got["payment_methods"] == {
        "data": [
            {
                "id": made["default_payment_method_id"],
                "card": {"brand": "visa", "last_4": "1111", "expiry_month": 1, "expiry_year": 2041},
            }
        ],
        "next_page": None,
    }
    assert "default_payment_method" not in got


def test_the_card_holder_defaults_to_the_bill_to_contact(
    client: TestClient, session: Session
) -> None:
    card = {"card_number": VISA, "expiry_month": 1, "expiry_year": 2041}
    made = create(client, session, payment_method={"type": "card", "card": card})
    got = client.get(
        f"/v2/accounts/{made['id']}?expand[]=default_payment_method", headers=session.headers
    ).json()
    assert got["default_payment_method"]["billing_details"] == {"name": "Ada Lovelace"}
