"""`POST /v1/action/query` and `queryMore` (issue 14, decisions ZQ1-ZQ6): results read
from objects made through the API, paging, refusals in the Actions fault body, and
tenant isolation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Session


def make_account(client: TestClient, session: Session, name: str, **extra: Any) -> dict[str, Any]:
    response = client.post(
        "/v1/accounts",
        headers=session.headers,
        json={
            "name": name,
            "currency": "USD",
            "billCycleDay": 1,
            "billToContact": {"firstName": "Ada", "lastName": name, "city": "Paris"},
            **extra,
        },
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def query(
    client: TestClient, session: Session, text: str, status: int = 200, **conf: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"queryString": text}
    if conf:
        body["conf"] = conf
    response = client.post("/v1/action/query", headers=session.headers, json=body)
    assert response.status_code == status, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_accounts_answer_their_fields_in_zuora_spelling(
    client: TestClient, session: Session
) -> None:
    made = make_account(client, session, "Acme", notes="first", autoPay=False)
    answer = query(
        client,
        session,
        "select Id, AccountNumber, Name, BillCycleDay, Balance, AutoPay, Notes, CrmId, "
        "CreatedDate from Account",
    )
    assert answer["done"] is True and answer["size"] == 1
    assert "queryLocator" not in answer
    [record] = answer["records"]
    # CrmId is null: left out, as Zuora does.
    assert set(record) == {
        "Id",
        "AccountNumber",
        "Name",
        "BillCycleDay",
        "Balance",
        "AutoPay",
        "Notes",
        "CreatedDate",
    }
    assert record["Id"] == made["accountId"]
    assert record["AccountNumber"] == made["accountNumber"]
    assert (record["Name"], record["BillCycleDay"], record["Balance"]) == ("Acme", 1, 0)
    assert (record["AutoPay"], record["Notes"]) == (False, "first")
    # YYYY-MM-DDThh:mm:ss.sss+hh:mm (UTC tenant).
    created = record["CreatedDate"]
    assert len(created) == 29 and created[10] == "T" and created[19] == "."
    assert created.endswith("+00:00")


def test_where_filters_with_each_operator(client: TestClient, session: Session) -> None:
    for name, bcd in (("Alpha", 1), ("Beta", 5), ("Gamma", 10), ("O'Neil", 15)):
        make_account(client, session, name, billCycleDay=bcd)

    def names(condition: str) -> list[str]:
        records = query(client, session, f"select Name from Account where {condition}")
        return sorted(r["Name"] for r in records["records"])

    assert names("BillCycleDay = 5") == ["Beta"]
    assert names("BillCycleDay != 5") == ["Alpha", "Gamma", "O'Neil"]
    assert names("BillCycleDay < 10") == ["Alpha", "Beta"]
    assert names("BillCycleDay <= 10") == ["Alpha", "Beta", "Gamma"]
    assert names("BillCycleDay > 5") == ["Gamma", "O'Neil"]
    assert names("BillCycleDay >= 5") == ["Beta", "Gamma", "O'Neil"]
    assert names("name like 'G%'") == ["Gamma"]
    assert names("Name like 'gam%'") == ["Gamma"]
    assert names("Name like 'G_mma'") == []
    assert names("Name like '%a'") == ["Alpha", "Beta", "Gamma"]
    assert names(r"Name = 'O\'Neil'") == ["O'Neil"]
    assert names("Notes is null and BillCycleDay > 1") == ["Beta", "Gamma", "O'Neil"]
    assert names("Notes is not null") == []
    assert names("Name = 'Alpha' or Name = 'Beta' and BillCycleDay = 10") == ["Alpha"]
    assert names("(Name = 'Alpha' or Name = 'Beta') and BillCycleDay = 5") == ["Beta"]
    assert names("Balance = 0 and AutoPay = false") == ["Alpha", "Beta", "Gamma", "O'Neil"]
    assert names("Balance > 0") == []
    assert names("CreatedDate > '2000-01-01T00:00:00Z'") == ["Alpha", "Beta", "Gamma", "O'Neil"]
    assert names("CreatedDate < '2000-01-01'") == []


def test_contacts_and_catalog(client: TestClient, shop: Session) -> None:
    made = make_account(client, shop, "Acme")
    [account] = query(client, shop, "select BillToId from Account")["records"]
    contacts = query(
        client,
        shop,
        "select FirstName, LastName, City, AccountId, WorkEmail from Contact "
        f"where Id = '{account['BillToId']}'",
    )
    assert contacts["records"] == [
        {"FirstName": "Ada", "LastName": "Acme", "City": "Paris", "AccountId": made["accountId"]}
    ]
    products = query(client, shop, "select Name, SKU from Product where SKU = 'CLOUDDESK'")
    assert products["records"] == [{"Name": "CloudDesk", "SKU": "CLOUDDESK"}]
    onboarding = query(
        client,
        shop,
        "select Name, ChargeModel from ProductRatePlanCharge where ChargeType = 'One-Time' "
        "and Name = 'Basic onboarding'",
    )
    assert onboarding["records"] == [
        {"Name": "Basic onboarding", "ChargeModel": "Flat Fee Pricing"}
    ]


def test_query_more_pages_through_every_record(client: TestClient, session: Session) -> None:
    made = {make_account(client, session, f"Acct {i}")["accountId"] for i in range(7)}
    first = query(client, session, "select Id from Account", batchSize=3)
    assert (first["size"], first["done"]) == (3, False)
    seen = [r["Id"] for r in first["records"]]
    locator = first["queryLocator"]
    sizes = [3]
    while locator:
        response = client.post(
            "/v1/action/queryMore", headers=session.headers, json={"queryLocator": locator}
        )
        assert response.status_code == 200, response.text
        page = response.json()
        sizes.append(page["size"])
        seen += [r["Id"] for r in page["records"]]
        locator = page.get("queryLocator")
        assert page["done"] is (locator is None)
    assert sizes == [3, 3, 1]
    assert len(seen) == 7 and set(seen) == made


def test_batch_size_default_and_limits(client: TestClient, session: Session) -> None:
    make_account(client, session, "One")
    assert query(client, session, "select Id from Account")["size"] == 1
    for bad in (0, 2001, "ten", True):
        answer = query(client, session, "select Id from Account", 400, batchSize=bad)
        assert answer["faultcode"] == "fns:INVALID_VALUE"
    assert query(client, session, "select Id from Account", batchSize=2000)["done"] is True


def test_refusals_answer_400_faults(client: TestClient, session: Session) -> None:
    cases = {
        "select * from Account": "fns:MALFORMED_QUERY",
        "select Id from Widget": "fns:INVALID_TYPE",
        "select Nope from Account": "fns:INVALID_FIELD",
        "select Id from Account where BillCycleDay = 'x'": "fns:INVALID_VALUE",
    }
    for text, code in cases.items():
        answer = query(client, session, text, 400)
        assert set(answer) == {"faultcode", "faultstring"}
        assert answer["faultcode"] == code
    assert query(client, session, "select Nope from Account", 400)["faultstring"] == (
        "invalid field for query: Account.Nope"
    )
    missing = client.post("/v1/action/query", headers=session.headers, json={})
    assert missing.status_code == 400
    assert missing.json()["faultcode"] == "fns:MALFORMED_QUERY"
    bad_locator = client.post(
        "/v1/action/queryMore", headers=session.headers, json={"queryLocator": "garbage!"}
    )
    assert bad_locator.status_code == 400
    assert bad_locator.json()["faultcode"] == "fns:INVALID_QUERY_LOCATOR"


def test_tenants_see_their_own_rows_and_locators(
    client: TestClient, session: Session, new_session: Callable[[], Session]
) -> None:
    for i in range(3):
        make_account(client, session, f"Mine {i}")
    other = new_session()
    make_account(client, other, "Theirs")
    theirs = query(client, other, "select Name from Account")
    assert theirs["records"] == [{"Name": "Theirs"}]
    mine = query(client, session, "select Name from Account", batchSize=1)
    response = client.post(
        "/v1/action/queryMore",
        headers=other.headers,
        json={"queryLocator": mine["queryLocator"]},
    )
    assert response.status_code == 400
    assert response.json()["faultcode"] == "fns:INVALID_QUERY_LOCATOR"


def test_long_queries_up_to_the_limit(client: TestClient, session: Session) -> None:
    make_account(client, session, "Acme")
    ors = " or ".join(f"Name = 'x{i}'" for i in range(400))
    text = f"select Id, Name from Account where {ors} or Name = 'Acme'"
    assert 5000 < len(text) < 20000
    first = query(client, session, text, batchSize=1)
    assert first["records"] == [{"Id": first["records"][0]["Id"], "Name": "Acme"}]
    too_long = "select Id from Account where " + "Name = 'x' or " * 2000 + "Name = 'y'"
    response = client.post(
        "/v1/action/query", headers=session.headers, json={"queryString": too_long}
    )
    assert response.status_code == 400
