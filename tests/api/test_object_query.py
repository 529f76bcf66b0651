"""`GET /object-query/{objects}[/{key}]` (Zuora's Object Queries): field selection, related
fields, expand, every filter operator, sort, keyset paging across cursors, includeNullFields,
key lookups, 4xx for bad parameters, tenant isolation — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session

# name, currency, bill cycle day, crm id
PEOPLE = [
    ("Alpha", "USD", 1, "crm-1"),
    ("Beta", "EUR", 10, None),
    ("Alphabet", "USD", 20, "crm-3"),
    ("Gamma", "GBP", 28, None),
]


def make_account(
    client: TestClient, s: Session, name: str, currency: str, bcd: int, crm: str | None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "currency": currency,
        "billCycleDay": bcd,
        "billToContact": {"firstName": f"{name} First", "lastName": "Last", "city": "Paris"},
    }
    if crm:
        body["crmId"] = crm
    response = client.post("/v1/accounts", json=body, headers=s.headers)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.fixture
def people(client: TestClient, session: Session) -> dict[str, dict[str, Any]]:
    return {p[0]: make_account(client, session, *p) for p in PEOPLE}


def get(client: TestClient, s: Session, path: str, *params: tuple[str, Any]) -> Any:
    return client.get(f"/object-query/{path}", params=list(params), headers=s.headers)


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [row["name"] for row in response.json()["data"]]


def test_a_list_answers_every_account_newest_first_without_nulls(
    client: TestClient, session: Session, people: dict[str, dict[str, Any]]
) -> None:
    response = get(client, session, "accounts")
    assert names(response) == ["Gamma", "Alphabet", "Beta", "Alpha"]
    body = response.json()
    assert "nextPage" not in body  # one page holds them all
    beta = body["data"][2]
    assert beta["accountNumber"] == people["Beta"]["accountNumber"]
    assert beta["id"] == people["Beta"]["accountId"]
    assert (beta["currency"], beta["billCycleDay"], beta["status"]) == ("EUR", 10, "Active")
    assert beta["balance"] == 0
    assert "crmId" not in beta  # null: left out unless includeNullFields=true
    assert body["data"][3]["crmId"] == "crm-1"
    assert beta["createdDate"].endswith("+00:00")


def test_include_null_fields_answers_the_nulls(
    client: TestClient, session: Session, people: dict[str, dict[str, Any]]
) -> None:
    rows = get(client, session, "accounts", ("includeNullFields", "true")).json()["data"]
    beta = next(r for r in rows if r["name"] == "Beta")
    assert "crmId" in beta and beta["crmId"] is None
    bad = get(client, session, "accounts", ("includeNullFields", "maybe"))
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("params", "keys"),
    [
        ((("fields[]", "accountNumber,name"),), {"id", "accountNumber", "name"}),
        ((("fields[]", "name"), ("fields[]", "currency")), {"id", "name", "currency"}),
        # `<object>.fields[]` selects too, and field names are case-insensitive.
        ((("account.fields[]", "NAME,billcycleday"),), {"id", "name", "billCycleDay"}),
    ],
)
def test_fields_select_the_top_level_fields(
    client: TestClient,
    session: Session,
    people: dict[str, dict[str, Any]],
    params: tuple[tuple[str, str], ...],
    keys: set[str],
) -> None:
    rows = get(client, session, "accounts", *params).json()["data"]
    assert len(rows) == 4
    assert all(set(r) == keys for r in rows)


def test_expand_and_related_fields(
    client: TestClient, session: Session, people: dict[str, dict[str, Any]]
) -> None:
    rows = get(
        client,
        session,
        "accounts",
        ("expand[]", "billto"),
        ("filter[]", "name.EQ:Beta"),
    ).json()["data"]
    assert rows[0]["billTo"]["firstName"] == "Beta First"
    assert rows[0]["billTo"]["city"] == "Paris"
    assert rows[0]["billTo"]["id"] == rows[0]["billToId"]
    assert "soldTo" not in rows[0]  # not expanded
    narrow = get(
        client,
        session,
        "accounts",
        ("fields[]", "name"),
        ("expand[]", "billTo"),
        ("billTo.fields[]", "firstName"),
        ("filter[]", "name.EQ:Beta"),
    ).json()["data"]
    assert narrow == [
        {
            "id": rows[0]["id"],
            "name": "Beta",
            "billTo": {"id": rows[0]["billToId"], "firstName": "Beta First"},
        }
    ]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("currency.EQ:USD", {"Alpha", "Alphabet"}),
        ("currency.NE:USD", {"Beta", "Gamma"}),
        ("billCycleDay.LT:10", {"Alpha"}),
        ("billCycleDay.LE:10", {"Alpha", "Beta"}),
        ("billCycleDay.GT:20", {"Gamma"}),
        ("billCycleDay.GE:20", {"Alphabet", "Gamma"}),
        ("name.SW:Alph", {"Alpha", "Alphabet"}),
        ("name.SW:alph", set()),  # case-sensitive
        ("currency.IN:[EUR,GBP]", {"Beta", "Gamma"}),
        ("crmId.EQ:null", {"Beta", "Gamma"}),
        ("crmId.NE:null", {"Alpha", "Alphabet"}),
        ("crmId.NE:crm-1", {"Alphabet", "Beta", "Gamma"}),  # nulls are not crm-1 either
        ("name.EQ:'Alpha'", {"Alpha"}),
        ("status.EQ:Active", {"Alpha", "Alphabet", "Beta", "Gamma"}),
    ],
)
def test_each_filter_operator(
    client: TestClient,
    session: Session,
    people: dict[str, dict[str, Any]],
    spec: str,
    expected: set[str],
) -> None:
    assert set(names(get(client, session, "accounts", ("filter[]", spec)))) == expected


def test_filters_combine_with_and(
    client: TestClient, session: Session, people: dict[str, dict[str, Any]]
) -> None:
    response = get(
        client,
        session,
        "accounts",
        ("filter[]", "currency.EQ:USD"),
        ("filter[]", "billCycleDay.GT:1"),
    )
    assert names(response) == ["Alphabet"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (("billCycleDay.DESC",), ["Gamma", "Alphabet", "Beta", "Alpha"]),
        (("name.ASC",), ["Alpha", "Alphabet", "Beta", "Gamma"]),
        (("billcycleday.asc",), ["Alpha", "Beta", "Alphabet", "Gamma"]),
        (("currency.ASC", "name.DESC"), ["Beta", "Gamma", "Alphabet", "Alpha"]),
        (("crmId.ASC", "name.ASC"), ["Beta", "Gamma", "Alpha", "Alphabet"]),  # nulls first
    ],
)
def test_sort(
    client: TestClient,
    session: Session,
    people: dict[str, dict[str, Any]],
    sort: tuple[str, ...],
    expected: list[str],
) -> None:
    params = [("sort[]", s) for s in sort]
    assert names(get(client, session, "accounts", *params)) == expected


def test_pages_follow_the_cursor_and_ignore_rows_inserted_meanwhile(
    client: TestClient, session: Session, people: dict[str, dict[str, Any]]
) -> None:
    first = get(client, session, "accounts", ("sort[]", "name.ASC"), ("pageSize", "3"))
    assert names(first) == ["Alpha", "Alphabet", "Beta"]
    cursor = first.json()["nextPage"]
    # A row that sorts before the cursor neither repeats a row nor shifts the next page.
    make_account(client, session, "Aardvark", "USD", 5, None)
    second = get(
        client, session, "accounts", ("sort[]", "name.ASC"), ("pageSize", "3"), ("cursor", cursor)
    )
    assert names(second) == ["Gamma"]
    assert "nextPage" not in second.json()
    # Another sort does not take that cursor.
    other = get(client, session, "accounts", ("sort[]", "name.DESC"), ("cursor", cursor))
    assert other.status_code == 400


def test_paging_by_a_sort_with_nulls_and_ties(
    client: TestClient, session: Session, people: dict[str, dict[str, Any]]
) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params: list[tuple[str, str]] = [("sort[]", "crmId.DESC"), ("pageSize", "1")]
        if cursor:
            params.append(("cursor", cursor))
        body = get(client, session, "accounts", *params).json()
        seen += [r["name"] for r in body["data"]]
        cursor = body.get("nextPage")
        if cursor is None:
            break
    assert seen[:2] == ["Alphabet", "Alpha"]  # crm-3, crm-1, then the nulls
    assert sorted(seen[2:]) == ["Beta", "Gamma"]
    assert len(seen) == 4


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ((("fields[]", "nosuchfield"),), "fields[]"),
        ((("filter[]", "nosuchfield.EQ:1"),), "filter[]"),
        ((("filter[]", "name.XX:1"),), "filter[]"),
        ((("filter[]", "name=1"),), "filter[]"),
        ((("filter[]", "billCycleDay.EQ:ten"),), "filter[]"),
        ((("sort[]", "name.UP"),), "sort[]"),
        ((("sort[]", "notes.ASC"),), "sort[]"),
        ((("expand[]", "invoices"),), "expand[]"),
        ((("pageSize", "0"),), "pageSize"),
        ((("pageSize", "51"),), "pageSize"),
        ((("pageSize", "ten"),), "pageSize"),
        ((("cursor", "not-a-cursor"),), "cursor"),
        ((("nobody.fields[]", "id"),), "nobody.fields[]"),
    ],
)
def test_bad_parameters_answer_400_in_the_v1_envelope(
    client: TestClient, session: Session, params: tuple[tuple[str, str], ...], parameter: str
) -> None:
    response = get(client, session, "accounts", *params)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["success"] is False
    reason = body["reasons"][0]
    assert reason["code"] == 50000027
    assert reason["message"].startswith(parameter)


def test_page_size_bounds(client: TestClient, session: Session) -> None:
    for i in range(12):
        make_account(client, session, f"P{i:02d}", "USD", 1, None)
    assert len(get(client, session, "accounts").json()["data"]) == 10  # default
    assert len(get(client, session, "accounts", ("pageSize", "50")).json()["data"]) == 12
    assert len(get(client, session, "accounts", ("pageSize", "1")).json()["data"]) == 1


def test_one_account_by_id_or_number(
    client: TestClient, session: Session, people: dict[str, dict[str, Any]]
) -> None:
    beta = people["Beta"]
    by_id = get(client, session, f"accounts/{beta['accountId']}").json()
    by_number = get(client, session, f"accounts/{beta['accountNumber']}", ("expand[]", "soldto"))
    assert by_id["name"] == "Beta"
    assert by_number.json()["soldTo"]["firstName"] == "Beta First"
    assert by_number.json()["accountNumber"] == beta["accountNumber"]
    missing = get(client, session, "accounts/A99999999")
    assert missing.status_code == 404
    assert missing.json()["success"] is False
    assert get(client, session, "nosuchobjects").status_code == 404
    # A single object takes no filter on its own fields.
    assert (
        get(client, session, f"accounts/{beta['accountId']}", ("filter[]", "name.EQ:x")).status_code
        == 400
    )


def test_contacts(client: TestClient, session: Session, people: dict[str, dict[str, Any]]) -> None:
    rows = get(
        client,
        session,
        "contacts",
        ("filter[]", "firstName.SW:Alpha"),
        ("sort[]", "firstName.ASC"),
        ("pageSize", "50"),
    ).json()["data"]
    # Each account's bill-to, sold-to and ship-to contacts (v1 copies the bill-to one).
    ada, bet = people["Alpha"]["accountId"], people["Alphabet"]["accountId"]
    by_name = sorted({(r["firstName"], r["accountId"]) for r in rows})
    assert by_name == [("Alpha First", ada), ("Alphabet First", bet)]
    assert [r["firstName"] for r in rows] == sorted(r["firstName"] for r in rows)
    bill_to = people["Alpha"]["billToContactId"]
    one = get(client, session, f"contacts/{bill_to}").json()
    assert (one["firstName"], one["lastName"], one["city"]) == ("Alpha First", "Last", "Paris")


def test_another_tenant_sees_nothing(
    client: TestClient,
    session: Session,
    people: dict[str, dict[str, Any]],
    new_session: Callable[[], Session],
) -> None:
    other = new_session()
    assert get(client, other, "accounts").json()["data"] == []
    assert get(client, other, "contacts").json()["data"] == []
    assert get(client, other, f"accounts/{people['Beta']['accountId']}").status_code == 404


def test_subscriptions_and_balances(client: TestClient, shop: Session) -> None:
    response = order(
        client,
        shop,
        {
            "orderDate": "2025-01-15",
            "newAccount": new_account(),
            "processingOptions": {"runBilling": True},
            "subscriptions": [{"orderActions": [create_subscription(start="2025-01-15")]}],
        },
    )
    assert response.status_code == 200, response.text
    created = response.json()
    number = (
        created["subscriptionNumbers"][0]
        if "subscriptionNumbers" in created
        else created["subscriptions"][0]["subscriptionNumber"]
    )
    make_account(client, shop, "Quiet", "USD", 1, None)
    # platform 29 x 17/31 = 15.90; seats 36 x 17/31 = 19.74; onboarding 99: 134.64
    owing = get(client, shop, "accounts", ("filter[]", "balance.GE:134.64")).json()["data"]
    assert [(a["accountNumber"], a["balance"]) for a in owing] == [
        (created["accountNumber"], 134.64)
    ]
    assert get(client, shop, "accounts", ("filter[]", "balance.GT:134.64")).json()["data"] == []
    assert len(get(client, shop, "accounts", ("filter[]", "balance.LT:134.64")).json()["data"]) == 1
    subs = get(
        client, shop, "subscriptions", ("filter[]", f"name.EQ:{number}"), ("expand[]", "account")
    ).json()["data"]
    assert len(subs) == 1
    sub = subs[0]
    assert (sub["name"], sub["version"], sub["isLatestVersion"]) == (number, 1, True)
    assert (sub["termType"], sub["initialTerm"], sub["initialTermPeriodType"]) == (
        "TERMED",
        12,
        "Month",
    )
    assert sub["contractEffectiveDate"] == "2025-01-15"
    assert sub["account"]["accountNumber"] == created["accountNumber"]
    assert get(client, shop, f"subscriptions/{number}").json()["id"] == sub["id"]
    expanded = get(
        client, shop, f"accounts/{created['accountNumber']}", ("expand[]", "subscriptions")
    ).json()
    assert [s["name"] for s in expanded["subscriptions"]] == [number]


def test_catalog_objects(client: TestClient, shop: Session) -> None:
    products = get(client, shop, "products", ("sort[]", "sKU.ASC")).json()["data"]
    assert [p["sKU"] for p in products] == ["CLOUDDESK", "CLOUDDESK-ADDONS", "CLOUDDESK-DISCOUNTS"]
    desk = get(
        client, shop, f"products/{products[0]['id']}", ("expand[]", "productrateplans")
    ).json()
    assert sorted(p["name"] for p in desk["productRatePlans"]) == ["Basic", "Enterprise", "Pro"]
    basic = next(p for p in desk["productRatePlans"] if p["name"] == "Basic")
    plan = get(
        client, shop, f"product-rate-plans/{basic['id']}", ("expand[]", "productRatePlanCharges")
    ).json()
    assert sorted(c["name"] for c in plan["productRatePlanCharges"]) == [
        "Basic onboarding",
        "Basic platform fee",
        "Basic seats",
    ]
    charges = get(
        client,
        shop,
        "product-rate-plan-charges",
        ("filter[]", f"productRatePlanId.EQ:{basic['id']}"),
        ("filter[]", "name.SW:Basic s"),
    ).json()["data"]
    assert [c["name"] for c in charges] == ["Basic seats"]


def test_invoices_and_payments(client: TestClient, shop: Session) -> None:
    response = order(
        client,
        shop,
        {
            "orderDate": "2025-01-15",
            "newAccount": new_account(),
            "processingOptions": {"runBilling": True},
            "subscriptions": [{"orderActions": [create_subscription(start="2025-01-15")]}],
        },
    )
    assert response.status_code == 200, response.text
    account_number = response.json()["accountNumber"]
    account_id = get(client, shop, f"accounts/{account_number}").json()["id"]
    invoice_id = get(client, shop, "invoices/INV00000001").json()["id"]
    paid = client.post(
        "/v1/payments",
        headers=shop.headers,
        json={
            "type": "External",
            "accountId": account_id,
            "currency": "USD",
            "amount": 100,
            "effectiveDate": "2025-01-20",
            "invoices": [{"invoiceId": invoice_id, "amount": 100}],
        },
    )
    assert paid.status_code == 200, paid.text
    invoices = get(
        client, shop, "invoices", ("filter[]", "amount.EQ:134.64"), ("expand[]", "account")
    ).json()["data"]
    assert len(invoices) == 1
    inv = invoices[0]
    # 134.64 billed (platform 15.90 + seats 19.74 + onboarding 99), 100 paid: 34.64 left.
    assert (inv["invoiceNumber"], inv["amount"], inv["balance"]) == ("INV00000001", 134.64, 34.64)
    v1 = client.get("/v1/invoices/INV00000001", headers=shop.headers).json()
    assert (inv["status"], inv["accountId"], inv["id"]) == ("Posted", account_id, invoice_id)
    assert (inv["invoiceDate"], inv["dueDate"]) == (v1["invoiceDate"], v1["dueDate"])
    assert inv["account"]["accountNumber"] == account_number
    assert get(client, shop, "invoices", ("filter[]", "balance.LT:34.64")).json()["data"] == []
    assert get(client, shop, "credit-memos").json()["data"] == []
    assert get(client, shop, "credit-memos/INV00000001").status_code == 404  # not a memo
    payments = get(client, shop, "payments", ("filter[]", f"accountId.EQ:{account_id}")).json()[
        "data"
    ]
    assert [(p["amount"], p["appliedAmount"], p["unappliedAmount"]) for p in payments] == [
        (100, 100, 0)
    ]
    one = get(client, shop, f"payments/{payments[0]['paymentNumber']}").json()
    assert (one["type"], one["effectiveDate"]) == ("External", "2025-01-20")


def test_default_order_pages_by_created_date(
    client: TestClient, session: Session, people: dict[str, dict[str, Any]]
) -> None:
    """The cursor carries a timestamp: newest first across pages, then createdDate filters."""
    first = get(client, session, "accounts", ("pageSize", "3")).json()
    second = get(client, session, "accounts", ("pageSize", "3"), ("cursor", first["nextPage"]))
    assert [r["name"] for r in first["data"]] + names(second) == [
        "Gamma",
        "Alphabet",
        "Beta",
        "Alpha",
    ]
    since = get(client, session, "accounts", ("filter[]", "createdDate.GT:2000-01-01T00:00:00Z"))
    assert len(names(since)) == 4
    before = get(client, session, "accounts", ("filter[]", "createdDate.LT:2000-01-01T00:00:00Z"))
    assert names(before) == []
