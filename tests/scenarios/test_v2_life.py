"""Issue 12's "Done when": an integration written only against /v2 creates a catalog, an
account with a card, a subscription with billing; amends it (adds a plan, changes a
quantity), pauses, resumes, renews and cancels it; sells a line item and returns it; and
reads everything back, through /v2 alone (plus the test-mode clock). SQLite and PostgreSQL.

Catalog (made here): plan TEAM = Agents USD 12.50 per agent a month (3 by default) +
Platform USD 20 a month; plan EXTRAS = Archive USD 10 a month. The account bills on the 1st
and pays by card (auto pay). By hand:
- 2025-01-01 subscribe, 12-month term from 2025-01-01, renewing for 12 months: January in
  advance = 3 x 12.50 + 20 = 57.50, invoiced and paid by the card.
- 2025-01-15 add EXTRAS from 2025-02-01; then 5 agents from 2025-02-01, billed to
  2025-02-01: February = 5 x 12.50 + 20 + 10 = 92.50, paid.
- 2025-02-10 pause from 2025-03-01; 2025-03-15 paused; resume from 2025-04-01.
- 2025-04-02 active again; renew: term 2026-01-01 to 2027-01-01; cancel on 2025-06-01.
- 2025-04-02 sell 2 headsets at 25.00 = 50.00 (sent to billing), paid; return 1: a credit
  memo of 25.00.
Versions: 1 create, 2 add, 3 quantity, 4 pause, 5 resume, 6 renew, 7 cancel.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.support.test_mode import SandboxApi


class Api:
    """One tenant of a test-mode instance, spoken to in v2 (and its clock)."""

    def __init__(self, sandbox: SandboxApi, now: str) -> None:
        self.client = sandbox.client
        self.headers = sandbox.new_tenant(now=now)["headers"]

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.client.request(method, path, headers=self.headers, json=body)
        assert response.status_code in (200, 201), response.text
        assert path.startswith(("/v2/", "/zorders/v1/clock")), path
        return json.loads(response.text, parse_float=Decimal)

    def order(self, body: dict[str, Any]) -> Any:
        """POST /v2/orders, then GET it back: the read is the answer, without the
        `ar_transactions` only a create answers (QO7)."""
        answer = self.call("POST", "/v2/orders", body)
        read = self.read(answer["order_number"])
        assert read == {k: v for k, v in answer.items() if k != "ar_transactions"}
        assert self.read(answer["id"]) == read
        return answer

    def read(self, number: str) -> Any:
        return self.call("GET", f"/v2/orders/{number}")

    def today(self, day: str) -> None:
        self.call("PUT", "/zorders/v1/clock", {"now": f"{day}T00:00:00Z"})


def _catalog(api: Api) -> dict[str, str]:
    product = api.call(
        "POST",
        "/v2/products",
        {"name": "Helpdesk", "start_date": "2020-01-01", "end_date": "2099-12-31"},
    )
    team = api.call(
        "POST",
        "/v2/plans",
        {"name": "Team", "product_id": product["id"], "plan_number": "TEAM",
         "active_currencies": ["USD"]},
    )  # fmt: skip
    agents = api.call(
        "POST",
        "/v2/prices",
        {"name": "Agents", "plan_id": team["id"], "recurring": {"interval": "month"},
         "unit_amounts": {"USD": 12.5}, "unit_of_measure": "Agent", "quantity": 3},
    )  # fmt: skip
    api.call(
        "POST",
        "/v2/prices",
        {"name": "Platform", "plan_id": team["id"], "recurring": {"interval": "month"},
         "amounts": {"USD": 20}},
    )  # fmt: skip
    extras = api.call(
        "POST",
        "/v2/plans",
        {"name": "Extras", "product_id": product["id"], "plan_number": "EXTRAS",
         "active_currencies": ["USD"]},
    )  # fmt: skip
    api.call(
        "POST",
        "/v2/prices",
        {"name": "Archive", "plan_id": extras["id"], "recurring": {"interval": "month"},
         "amounts": {"USD": 10}},
    )  # fmt: skip
    return {"agents": agents["id"]}


def _account(api: Api) -> dict[str, Any]:
    account: dict[str, Any] = api.call(
        "POST",
        "/v2/accounts",
        {
            "name": "Acme Support",
            "currency": "USD",
            "bill_cycle_day": 1,
            "auto_pay": True,
            "bill_to": {"first_name": "Ada", "last_name": "Lovelace",
                        "work_email": "ada@example.com"},
            "payment_method": {
                "type": "card",
                "card": {"card_number": "4111111111111111", "brand": "visa",
                         "expiry_month": 12, "expiry_year": 2040, "security_code": "123"},
            },
        },
    )  # fmt: skip
    return account


def _bill(day: str) -> dict[str, Any]:
    return {"run_billing": True, "collect_payment": True,
            "billing_options": {"target_date": day}}  # fmt: skip


def _balances(api: Api, account_id: str) -> tuple[Any, ...]:
    got = api.call("GET", f"/v2/accounts/{account_id}")
    return (
        got["remaining_invoice_balance"],
        got["remaining_credit_memo_balance"],
        got["remaining_payment_balance"],
    )


def _sub(order: dict[str, Any]) -> dict[str, Any]:
    (sub,) = order["subscriptions"]
    result: dict[str, Any] = sub
    return result


def _term(sub: dict[str, Any]) -> tuple[str, str]:
    return sub["current_term"]["start_date"], sub["current_term"]["end_date"]


def _items(sub: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (p["plan_number"], i["name"], i.get("quantity"), i.get("unit_amount", i.get("amount")))
        for p in sub["subscription_plans"]
        for i in p["subscription_items"]
    ]


def test_a_subscription_s_life_through_v2_only(sandbox: SandboxApi) -> None:
    api = Api(sandbox, "2025-01-01T00:00:00Z")
    prices = _catalog(api)
    account = _account(api)
    acct = account["id"]
    assert account["default_payment_method_id"]

    # -- subscribe, billed and paid ---------------------------------------------------------
    made = api.order(
        {
            "order_date": "2025-01-01",
            "account_id": acct,
            "subscriptions": [
                {
                    "subscription_plans": [{"plan_number": "TEAM"}],
                    "initial_term": {"type": "termed", "interval": "month", "interval_count": 12},
                    "renewal_term": {"type": "termed", "interval": "month", "interval_count": 12},
                    "start_on": {"contract_effective": "2025-01-01"},
                }
            ],
            "processing_options": _bill("2025-01-01"),
        }
    )
    sub = _sub(made)
    number = sub["subscription_number"]
    assert (made["state"], sub["state"], sub["version"]) == ("complete", "active", 1)
    assert _term(sub) == ("2025-01-01", "2026-01-01")
    assert _items(sub) == [("TEAM", "Agents", 3, Decimal("12.50")), ("TEAM", "Platform", None, 20)]
    [january] = made["ar_transactions"]["invoice_numbers"]
    (paid,) = made["ar_transactions"]["payments"]
    assert (paid["amount"], paid["state"]) == (Decimal("57.50"), "processed")
    assert _balances(api, acct) == (0, 0, 0)
    read = api.read(made["order_number"])
    assert (_sub(read)["version"], _sub(read)["actions"][0]["type"]) == (1, "create_subscription")
    assert "ar_transactions" not in read  # a read does not show them (QO7)

    # -- amend: add a plan, then change the agents, billed to February -------------------------
    api.today("2025-01-15")
    added = api.order(
        {
            "order_date": "2025-01-15",
            "account_id": acct,
            "subscriptions": [
                {
                    "subscription_number": number,
                    "add_subscription_plans": [
                        {
                            "subscription_plan": {"plan_number": "EXTRAS"},
                            "start_on": {"contract_effective": "2025-02-01"},
                        }
                    ],
                }
            ],
        }
    )
    sub = _sub(added)
    assert (sub["version"], sub["actions"][0]["type"]) == (2, "add_subscription_plan")
    assert [p["plan_number"] for p in sub["subscription_plans"]] == ["TEAM", "EXTRAS"]
    team = sub["subscription_plans"][0]
    agents = team["subscription_items"][0]
    assert agents["price_id"] == prices["agents"]
    changed = api.order(
        {
            "order_date": "2025-01-15",
            "account_id": acct,
            "subscriptions": [
                {
                    "subscription_number": number,
                    "update_subscription_plans": [
                        {
                            "start_on": {"contract_effective": "2025-02-01"},
                            "subscription_plan": {
                                "subscription_plan_id": team["id"],
                                "subscription_items": [
                                    {
                                        "subscription_item_number": agents[
                                            "subscription_item_number"
                                        ],
                                        "quantity": 5,
                                    }
                                ],
                            },
                        }
                    ],
                }
            ],
            "processing_options": _bill("2025-02-01"),
        }
    )
    sub = _sub(changed)
    assert (sub["version"], sub["actions"][0]["type"]) == (3, "update_subscription_plan")
    assert _items(sub) == [
        ("TEAM", "Agents", 5, Decimal("12.50")),
        ("TEAM", "Platform", None, 20),
        ("EXTRAS", "Archive", None, 10),
    ]
    [february] = changed["ar_transactions"]["invoice_numbers"]
    assert february != january
    (paid,) = changed["ar_transactions"]["payments"]
    assert (paid["amount"], paid["state"]) == (Decimal("92.50"), "processed")
    assert _balances(api, acct) == (0, 0, 0)

    # -- pause, resume ----------------------------------------------------------------------
    api.today("2025-02-10")
    paused = api.order(
        {
            "order_date": "2025-02-10",
            "account_id": acct,
            "subscriptions": [{"subscription_number": number,
                               "pause": {"pause_date": "2025-03-01"}}],
        }
    )  # fmt: skip
    sub = _sub(paused)
    assert (sub["version"], sub["state"], sub["actions"][0]["type"]) == (4, "active", "pause")
    assert sub["actions"][0]["pause"] == {"pause_date": "2025-03-01"}
    api.today("2025-03-15")
    assert _sub(api.read(paused["order_number"]))["state"] == "paused"
    resumed = api.order(
        {
            "order_date": "2025-03-15",
            "account_id": acct,
            "subscriptions": [{"subscription_number": number,
                               "resume": {"resume_date": "2025-04-01"}}],
        }
    )  # fmt: skip
    sub = _sub(resumed)
    assert (sub["version"], sub["state"], sub["actions"][0]["type"]) == (5, "paused", "resume")
    api.today("2025-04-02")
    sub = _sub(api.read(resumed["order_number"]))
    assert sub["state"] == "active"
    assert _term(sub) == ("2025-01-01", "2026-01-01")  # extend_term false

    # -- renew, cancel ------------------------------------------------------------------------
    renewed = api.order(
        {
            "order_date": "2025-04-02",
            "account_id": acct,
            "subscriptions": [{"subscription_number": number, "renew": {}}],
        }
    )
    sub = _sub(renewed)
    assert (sub["version"], sub["actions"][0]["type"]) == (6, "renew")
    assert _term(sub) == ("2026-01-01", "2027-01-01")
    canceled = api.order(
        {
            "order_date": "2025-04-02",
            "account_id": acct,
            "subscriptions": [{"subscription_number": number,
                               "cancel": {"cancel_date": "2025-06-01"}}],
        }
    )  # fmt: skip
    sub = _sub(canceled)
    assert (sub["version"], sub["state"], sub["actions"][0]["type"]) == (7, "active", "cancel")
    assert sub["end_date"] == "2025-06-01"

    # -- sell a line item and return it ----------------------------------------------------------
    sold = api.order(
        {
            "order_date": "2025-04-02",
            "account_id": acct,
            "line_items": [{"name": "Headset", "type": "product", "quantity": 2,
                            "list_unit_price": 25, "state": "sent_to_billing",
                            "target_date": "2025-04-02"}],
            "processing_options": _bill("2025-04-02"),
        }
    )  # fmt: skip
    (item,) = sold["line_items"]["data"]
    # Sent to billing, billed by the order's own run: complete, in the answer as in a read.
    assert (item["state"], item["quantity"], item["total"]) == ("complete", 2, 50)
    assert api.read(sold["order_number"])["line_items"]["data"][0]["state"] == "complete"
    [headsets] = sold["ar_transactions"]["invoice_numbers"]
    assert headsets not in (january, february)
    (paid,) = sold["ar_transactions"]["payments"]
    assert (paid["amount"], paid["state"]) == (50, "processed")
    returned = api.order(
        {
            "order_date": "2025-04-02",
            "account_id": acct,
            "category": "return",
            "line_items": [
                {"name": "Headset", "category": "return", "quantity": 1,
                 "state": "sent_to_billing", "target_date": "2025-04-02",
                 "original_order_number": sold["order_number"],
                 "original_order_line_item_number": item["item_number"]}
            ],
            "processing_options": {"run_billing": True,
                                   "billing_options": {"target_date": "2025-04-02"}},
        }
    )  # fmt: skip
    (back,) = returned["line_items"]["data"]
    assert (returned["category"], back["category"], back["quantity"], back["total"]) == (
        "return",
        "return",
        1,
        25,
    )
    assert len(returned["ar_transactions"]["credit_memo_numbers"]) == 1
    # Everything invoiced was paid; the return's 25.00 credit waits, unapplied.
    assert _balances(api, acct) == (0, 25, 0)
    sale = api.read(sold["order_number"])["line_items"]["data"][0]
    assert sale["quantity_available_for_return"] == 1

    # -- later: the cancellation took effect --------------------------------------------------
    api.today("2025-06-02")
    sub = _sub(api.read(canceled["order_number"]))
    assert (sub["state"], sub["version"], sub["end_date"]) == ("canceled", 7, "2025-06-01")
    listed = api.call("GET", "/v2/orders?sort[]=order_number.asc&page_size=20")["data"]
    # Nine orders: create, add, quantity, pause, resume, renew, cancel, sale, return.
    assert [o["order_number"] for o in listed] == [f"O-0000000{n}" for n in range(1, 10)]
    assert listed[0]["order_number"] == made["order_number"]

    # -- read everything back through /v2: the subscription and the documents ------------------
    read_sub = api.call("GET", f"/v2/subscriptions/{number}?expand[]=subscription_plans")
    assert (read_sub["version"], read_sub["state"], read_sub["latest_version"]) == (
        7,
        "canceled",
        True,
    )
    assert [p["plan_number"] for p in read_sub["subscription_plans"]] == ["TEAM", "EXTRAS"]
    owned = api.call("GET", f"/v2/subscriptions?filter[]=account_id.EQ:{acct}")["data"]
    assert [s["subscription_number"] for s in owned] == [number]  # latest versions only
    invoices = api.call(
        "GET", f"/v2/invoices?filter[]=account_id.EQ:{acct}&sort[]=invoice_number.asc"
    )["data"]
    # January: 3 agents x 12.50 + platform 20 = 57.50; February: 5 x 12.50 + 20 + archive
    # 10 = 92.50; the headsets: 2 x 25 = 50. Each paid in full.
    assert [(i["invoice_number"], i["total"], i["balance"]) for i in invoices] == [
        (january, Decimal("57.50"), 0),
        (february, Decimal("92.50"), 0),
        (headsets, 50, 0),
    ]
    first = api.call("GET", f"/v2/invoices/{january}?expand[]=items")
    assert sorted((i["name"], i["amount"]) for i in first["items"]["data"]) == [
        ("Agents", Decimal("37.50")),
        ("Platform", 20),
    ]
    (memo,) = api.call("GET", f"/v2/credit_memos?filter[]=account_id.EQ:{acct}")["data"]
    assert (memo["total"], memo["balance"]) == (25, 25)  # the return, unapplied
