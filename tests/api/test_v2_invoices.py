"""`GET /v2/invoices` and `GET /v2/invoices/{id or number}` through HTTP, on SQLite and
PostgreSQL: invoices made by `runBilling`, `generate` and a v2 order's `run_billing` read
the same totals and items as `/v1/invoices/{key}`; the query mechanism and the v2 errors.

Demo catalog, account bill cycle day 1. Basic: platform USD 29/month, seats 3 x USD 12,
onboarding USD 99 once. Every amount is computed by hand in its comment."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_billing import _subscribe_mid_month
from tests.api.test_orders import amend, get_subscription
from tests.api.test_v2_orders import account_data, created, new_subscription
from tests.conftest import Session

# Orders around 2026-12-01: the shop tenant's clock stands on 2026-12-02 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("frozen_clock")


def v2(client: TestClient, shop: Session, path: str) -> Any:
    response = client.get(f"/v2/invoices{path}", headers=shop.headers)
    assert response.status_code == 200, response.text
    return response.json()


def error(response: Any) -> tuple[int, str, str, str | None]:
    data = response.json()
    assert set(data) == {"type", "errors", "retryable"}, data
    first = data["errors"][0]
    return response.status_code, data["type"], first["code"], first["parameter"]


def _generate(client: TestClient, shop: Session, account: str, target: str, post: bool) -> str:
    """Bills `account` for `target`, the invoice dated that day."""
    generated = client.post(
        f"/v1/accounts/{account}/billing-documents/generate",
        headers=shop.headers,
        json={"targetDate": target, "effectiveDate": target, "autoPost": post},
    )
    assert generated.status_code == 200, generated.text
    (invoice,) = generated.json()["invoices"]
    invoice_id: str = invoice["id"]
    return invoice_id


def test_a_run_billing_invoice_reads_the_same_in_v2(client: TestClient, shop: Session) -> None:
    made = _subscribe_mid_month(client, shop)
    v1 = client.get("/v1/invoices/INV00000001", headers=shop.headers).json()
    v1_items = client.get("/v1/invoices/INV00000001/items", headers=shop.headers).json()[
        "invoiceItems"
    ]
    invoice = v2(client, shop, "/INV00000001?expand[]=items")
    assert invoice["id"] == v1["id"]
    assert invoice["invoice_number"] == "INV00000001"
    assert invoice["account_id"] == v1["accountId"]
    assert invoice["account_number"] == made["accountNumber"]
    assert invoice["state"] == "posted"
    assert invoice["currency"] == "USD"
    # Dated the day it was made (the tenant's today), as v1 shows it.
    assert invoice["document_date"] == v1["invoiceDate"]
    assert invoice["due_date"] == v1["dueDate"]
    # platform 29 x 17/31 = 15.9032 -> 15.90; seats 36 x 17/31 = 19.7419 -> 19.74; setup 99
    assert invoice["total"] == invoice["subtotal"] == 134.64 == v1["amount"]
    assert invoice["tax"] == 0
    assert invoice["balance"] == invoice["remaining_balance"] == 134.64
    assert invoice["amount_paid"] == 0
    # Posted, unpaid, due from today on: not past due yet.
    assert (invoice["paid"], invoice["past_due"]) == (False, False)
    assert invoice["created_time"].endswith("+00:00")
    items = invoice["items"]
    assert items["next_page"] is None
    rows = sorted(
        (i["name"], i["service_start"], i["service_end"], i["amount"]) for i in items["data"]
    )
    assert rows == [
        ("Basic onboarding", "2025-01-15", "2025-01-15", 99),
        ("Basic platform fee", "2025-01-15", "2025-01-31", 15.90),
        ("Basic seats", "2025-01-15", "2025-01-31", 19.74),
    ]
    assert {i["id"] for i in items["data"]} == {i["id"] for i in v1_items}
    sub = get_subscription(client, shop, "A-S00000001")
    charges = {c["name"]: c for c in sub["ratePlans"][0]["ratePlanCharges"]}
    seats = next(i for i in items["data"] if i["name"] == "Basic seats")
    assert (seats["quantity"], seats["unit_amount"], seats["unit_of_measure"]) == (3, 12, "Seat")
    assert seats["invoice_id"] == invoice["id"]
    assert seats["subscription_id"] == sub["id"]
    assert seats["subscription_number"] == "A-S00000001"
    assert seats["subscription_item_id"] == charges["Basic seats"]["id"]
    assert seats["subscription_item_number"] == charges["Basic seats"]["number"]
    assert seats["price_id"] == charges["Basic seats"]["productRatePlanChargeId"]
    assert seats["charge_type"] == "recurring"
    assert seats["discount_item"] is False
    # By id: the same invoice; without expand[] no items.
    by_id = v2(client, shop, f"/{v1['id']}")
    assert "items" not in by_id
    assert {k: v for k, v in invoice.items() if k != "items"} == by_id


def test_lists_filter_sort_page_and_select(client: TestClient, shop: Session) -> None:
    made = _subscribe_mid_month(client, shop)
    account = made["accountNumber"]
    _generate(client, shop, account, "2025-02-01", post=True)
    draft_id = _generate(client, shop, account, "2025-03-01", post=False)
    listed = v2(client, shop, "?sort[]=invoice_number.asc&fields[]=invoice_number,total,state")
    # January from the 15th 134.64; February and March in full: 29 + 3 x 12 = 65 each.
    assert [(i["invoice_number"], i["total"], i["state"]) for i in listed["data"]] == [
        ("INV00000001", 134.64, "posted"),
        ("INV00000002", 65, "posted"),
        ("INV00000003", 65, "draft"),
    ]
    assert set(listed["data"][0]) == {"id", "invoice_number", "total", "state"}
    big = v2(client, shop, "?filter[]=total.GT:100&fields[]=invoice_number")
    assert [i["invoice_number"] for i in big["data"]] == ["INV00000001"]
    drafts = v2(client, shop, "?filter[]=state.EQ:draft&fields[]=paid,past_due")
    assert drafts["data"] == [{"id": draft_id, "paid": False, "past_due": False}]
    # February's invoice is dated 2025-02-01: posted, unpaid, its due date long gone.
    dated = v2(client, shop, "?filter[]=document_date.LE:2025-03-01&sort[]=document_date.desc")
    assert [(i["document_date"], i["past_due"]) for i in dated["data"]] == [
        ("2025-03-01", False),
        ("2025-02-01", True),
    ]
    by_due = v2(client, shop, "?sort[]=due_date.asc&fields[]=due_date")
    dues = [i["due_date"] for i in by_due["data"]]
    assert dues == sorted(dues) and len(dues) == 3
    none = v2(client, shop, "?filter[]=account_id.EQ:nobody")
    assert none == {"data": [], "next_page": None}
    # Pages of two, by the cursor.
    first = v2(client, shop, "?page_size=2&sort[]=invoice_number.desc&fields[]=invoice_number")
    assert [i["invoice_number"] for i in first["data"]] == ["INV00000003", "INV00000002"]
    rest = v2(
        client,
        shop,
        f"?page_size=2&sort[]=invoice_number.desc&fields[]=invoice_number"
        f"&cursor={first['next_page']}",
    )
    assert [i["invoice_number"] for i in rest["data"]] == ["INV00000001"]
    assert rest["next_page"] is None
    # Items: invoice_items.fields[], a filter on them, and the account expanded.
    picked = v2(
        client,
        shop,
        "/INV00000002?fields[]=total&expand[]=invoice_items&expand[]=account"
        "&invoice_items.fields[]=name,amount&account.fields[]=account_number"
        "&filter[]=items[name].EQ:Basic%20seats",
    )
    assert picked["total"] == 65
    assert [(i["name"], i["amount"]) for i in picked["items"]["data"]] == [("Basic seats", 36)]
    assert set(picked["items"]["data"][0]) == {"id", "name", "amount"}
    assert picked["account"]["account_number"] == account
    assert set(picked) == {"id", "total", "items", "account"}


def test_a_v2_order_bills_and_its_invoice_reads_in_v2(client: TestClient, shop: Session) -> None:
    answer = created(
        client,
        shop,
        {
            "order_date": "2026-12-01",
            "account_data": account_data(),
            "subscriptions": [new_subscription(start_on={"contract_effective": "2026-12-01"})],
            "line_items": [
                {
                    "name": "Headset",
                    "quantity": 2,
                    "list_unit_price": 50,
                    "state": "sent_to_billing",
                    "target_date": "2026-12-01",
                }
            ],
            "processing_options": {
                "run_billing": True,
                "billing_options": {"target_date": "2026-12-01"},
            },
        },
    )
    (number,) = answer["ar_transactions"]["invoice_numbers"]
    v1 = client.get(f"/v1/invoices/{number}", headers=shop.headers).json()
    invoice = v2(client, shop, f"/{number}?expand[]=items")
    # Basic for December: 29 + 3 x 12 + 99 once = 164; the headsets 2 x 50 = 100.
    assert invoice["total"] == v1["amount"] == 264
    assert invoice["account_id"] == answer["account_id"]
    line_item = answer["line_items"]["data"][0]
    (headsets,) = [i for i in invoice["items"]["data"] if "order_line_item_id" in i]
    assert headsets["order_line_item_id"] == line_item["id"]
    assert headsets["amount"] == 100
    assert "subscription_id" not in headsets
    subscription_id = answer["subscriptions"][0]["id"]
    others = [i for i in invoice["items"]["data"] if "order_line_item_id" not in i]
    assert {i["subscription_id"] for i in others} == {subscription_id}
    assert sum(i["amount"] for i in others) == 164


def test_a_credit_memo_reads_in_v2_and_names_what_it_takes_back(
    client: TestClient, shop: Session
) -> None:
    made = _subscribe_mid_month(client, shop)
    account = made["accountNumber"]
    february = _generate(client, shop, account, "2025-02-01", post=True)
    cancelled = amend(
        client,
        shop,
        "A-S00000001",
        account,
        {
            "type": "CancelSubscription",
            "cancelSubscription": {
                "cancellationPolicy": "SpecificDate",
                "cancellationEffectiveDate": "2025-02-15",
            },
        },
        order_date="2025-02-15",
    )
    assert cancelled.status_code == 200, cancelled.text
    generated = client.post(
        f"/v1/accounts/{account}/billing-documents/generate",
        headers=shop.headers,
        json={"targetDate": "2025-02-15", "autoPost": True},
    ).json()
    (memo,) = generated["creditMemos"]
    v1 = client.get(f"/v1/credit-memos/{memo['id']}", headers=shop.headers).json()
    read = client.get("/v2/credit_memos/CM00000001?expand[]=items", headers=shop.headers)
    assert read.status_code == 200, read.text
    body = read.json()
    assert body["id"] == memo["id"]
    assert body["credit_memo_number"] == "CM00000001"
    assert body["state"] == "posted"
    assert body["reason_code"] == v1["reasonCode"]
    # Feb 15 - Feb 28 is 14 of February's 28 days: platform 29 x 14/28 = 14.50, seats
    # 36 x 14/28 = 18.00; the credit memo 32.50, positive, nothing of it applied yet.
    assert body["total"] == body["subtotal"] == 32.5 == v1["amount"]
    assert body["remaining_balance"] == 32.5 == v1["unappliedAmount"]
    invoice = v2(client, shop, f"/{february}?expand[]=items")
    taken_back = {i["name"]: i["id"] for i in invoice["items"]["data"]}
    rows = sorted(
        (i["name"], i["service_start"], i["service_end"], i["amount"], i["invoice_item_id"])
        for i in body["items"]["data"]
    )
    assert rows == [
        ("Basic platform fee", "2025-02-15", "2025-02-28", 14.5, taken_back["Basic platform fee"]),
        ("Basic seats", "2025-02-15", "2025-02-28", 18, taken_back["Basic seats"]),
    ]
    assert {i["credit_memo_id"] for i in body["items"]["data"]} == {memo["id"]}
    listed = client.get(
        "/v2/credit_memos?fields[]=credit_memo_number,total&filter[]=state.EQ:posted",
        headers=shop.headers,
    ).json()
    assert listed == {
        "data": [{"id": memo["id"], "credit_memo_number": "CM00000001", "total": 32.5}],
        "next_page": None,
    }
    picked = client.get(
        "/v2/credit_memos/CM00000001?expand[]=credit_memo_items"
        "&credit_memo_items.fields[]=amount&fields[]=id",
        headers=shop.headers,
    ).json()
    assert sorted(i["amount"] for i in picked["items"]["data"]) == [14.5, 18]
    assert all(set(i) == {"id", "amount"} for i in picked["items"]["data"])
    missing = client.get("/v2/credit_memos/CM09999999", headers=shop.headers)
    assert error(missing) == (404, "not_found", "resource_not_found", "credit_memo_id")
    assert error(client.get("/v2/credit_memos?fields[]=due_date", headers=shop.headers))[3] == (
        "fields[]"
    )


def test_bad_queries_and_unknown_keys(client: TestClient, shop: Session) -> None:
    _subscribe_mid_month(client, shop)
    get = client.get
    h = shop.headers
    assert error(get("/v2/invoices/INV09999999", headers=h)) == (
        404,
        "not_found",
        "resource_not_found",
        "invoice_id",
    )
    assert error(get("/v2/invoices?fields[]=nope", headers=h)) == (
        400,
        "bad_request",
        "invalid_parameter",
        "fields[]",
    )
    assert error(get("/v2/invoices/INV00000001?invoice_items.fields[]=nope", headers=h))[3] == (
        "invoice_items.fields[]"
    )
    assert error(get("/v2/invoices?expand[]=nope", headers=h))[3] == "expand[]"
    assert error(get("/v2/invoices?filter[]=nope.EQ:1", headers=h))[2:] == (
        "invalid_parameter",
        "filter[]",
    )
    assert error(get("/v2/invoices?filter[]=total.GT:lots", headers=h))[3] == "filter[]"
    assert error(get("/v2/invoices?filter[]=items[nope].EQ:1", headers=h))[3] == "filter[]"
    assert error(get("/v2/invoices?sort[]=state.desc", headers=h))[3] == "sort[]"
    assert error(get("/v2/invoices?page_size=0", headers=h))[2:] == (
        "invalid_parameter",
        "page_size",
    )
    assert error(get("/v2/invoices?page_size=x", headers=h))[2] == "invalid_parameter_integer"
    assert error(get("/v2/invoices?cursor=bad", headers=h))[3] == "cursor"
