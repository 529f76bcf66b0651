"""Round trips v2 <-> v1 for every implied action (issue 12, "Done when"), on SQLite and
PostgreSQL: the same change made once through POST /v2/orders and once through
POST /v1/orders reads the same in both dialects: `/v1/orders/{n}` and `/v1/subscriptions/{n}`
(action types, trigger dates, terms, prices, quantities), and `GET /v2/orders/{n}`.

A test-mode tenant with the demo catalog, its clock at 2026-12-01 (so states do not move
with the wall clock). Every case starts from the same subscription, made in v2: Basic
(platform USD 29/month, seats USD 12/seat/month x 3, onboarding USD 99 once) from
2026-12-01, a 12-month term renewing for 12 months, no auto-renew. Expected values are by
hand from those dates and prices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.api.test_v2_orders import account_data, new_subscription
from tests.conftest import DEMO_CATALOG
from tests.support.test_mode import SandboxApi

TODAY = "2026-12-01"
LATER = "2027-01-01"
V1 = {"Zuora-Version": "223.0"}


class Tenant:
    def __init__(self, api: SandboxApi) -> None:
        self.client = api.client
        self.headers = api.new_tenant(now=f"{TODAY}T00:00:00Z", catalog=DEMO_CATALOG.read_text())[
            "headers"
        ]

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.client.request(method, path, headers=self.headers | V1, json=body)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def t(sandbox: SandboxApi) -> Tenant:
    return Tenant(sandbox)


def _base(t: Tenant, account: str | None) -> dict[str, str]:
    """The starting subscription (a v2 order); its numbers and ids."""
    owner = {"account_id": account} if account else {"account_data": account_data()}
    made = t.call(
        "POST",
        "/v2/orders",
        {
            "order_date": TODAY,
            **owner,
            "subscriptions": [
                new_subscription(
                    start_on={"contract_effective": TODAY},
                    renewal_term={"type": "termed", "interval": "month", "interval_count": 12},
                )
            ],
        },
    )
    (sub,) = made["subscriptions"]
    (plan,) = sub["subscription_plans"]
    return {
        "account_id": made["account_id"],
        "account_number": t.call("GET", f"/v2/accounts/{made['account_id']}")["account_number"],
        "number": sub["subscription_number"],
        "plan_id": plan["id"],
        "seats": plan["subscription_items"][1]["subscription_item_number"],
    }


def _on(day: str) -> dict[str, Any]:
    return {"start_on": {"contract_effective": day}}


def _dates(day: str) -> list[dict[str, str]]:
    return [{"name": "ContractEffective", "triggerDate": day}]


Ctx = dict[str, str]


@dataclass(frozen=True)
class Case:
    name: str
    v2: Callable[[Ctx], dict[str, Any]]  # the fields of a v2 subscription item
    v1: Callable[[Ctx], dict[str, Any]]  # a v1 order action (without its trigger dates)
    v1_type: str
    v2_type: str
    day: str
    expect: Callable[[dict[str, Any]], None]  # on the /v1/subscriptions/{n} answer
    setup: Callable[[Ctx], dict[str, Any]] | None = None  # a v2 change made first

    @property
    def v2_field(self) -> str:
        """The field of the v2 item that implies the action (`cancel`, ...)."""
        (name,) = self.v2(dict.fromkeys(("plan_id", "seats"), "x"))
        return name


def _charges(sub: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (p["productRatePlanNumber"], c["name"], c.get("quantity"), c.get("price"),
         c["effectiveStartDate"], c["effectiveEndDate"])
        for p in sub["ratePlans"]
        for c in p["ratePlanCharges"]
    ]  # fmt: skip


BASIC = [
    ("CLOUDDESK-BASIC", "Basic platform fee", None, 29, TODAY, "2027-12-01"),
    ("CLOUDDESK-BASIC", "Basic seats", 3, 12, TODAY, "2027-12-01"),
    ("CLOUDDESK-BASIC", "Basic onboarding", None, 99, TODAY, "2026-12-02"),
]


def _expect_add(sub: dict[str, Any]) -> None:
    rows = _charges(sub)
    assert rows[:3] == BASIC
    assert [r[:2] for r in rows[3:]] == [
        ("CLOUDDESK-PRO", "Pro platform fee"),
        ("CLOUDDESK-PRO", "Pro seats"),
        ("CLOUDDESK-PRO", "Pro API calls"),
        ("CLOUDDESK-PRO", "Pro onboarding"),
    ]
    assert rows[3][3:] == (99, LATER, "2027-12-01")


def _expect_update(sub: dict[str, Any]) -> None:
    # The seats charge's last segment: 7 seats from 2027-01-01 (3 before).
    assert _charges(sub) == [
        BASIC[0],
        ("CLOUDDESK-BASIC", "Basic seats", 7, 12, LATER, "2027-12-01"),
        BASIC[2],
    ]


def _expect_remove(sub: dict[str, Any]) -> None:
    assert sub["ratePlans"][0]["lastChangeType"] == "Remove"
    assert [r[-1] for r in _charges(sub)] == [LATER, LATER, "2026-12-02"]


def _expect_replace(sub: dict[str, Any]) -> None:
    rows = _charges(sub)
    assert [r[-1] for r in rows if r[0] == "CLOUDDESK-BASIC"] == [LATER, LATER, "2026-12-02"]
    assert {r[4] for r in rows if r[0] == "CLOUDDESK-PRO"} == {LATER}


def _expect_renew(sub: dict[str, Any]) -> None:
    assert (sub["termStartDate"], sub["termEndDate"], sub["currentTerm"]) == (
        "2027-12-01",
        "2028-12-01",
        12,
    )


def _expect_terms(sub: dict[str, Any]) -> None:
    assert (sub["currentTerm"], sub["termEndDate"], sub["renewalTerm"]) == (24, "2028-12-01", 1)
    assert (sub["renewalTermPeriodType"], sub["autoRenew"]) == ("Year", True)


def _expect_cancel(sub: dict[str, Any]) -> None:
    assert (sub["subscriptionEndDate"], sub["status"]) == ("2027-03-01", "Active")


def _expect_pause(sub: dict[str, Any]) -> None:
    assert (sub.get("scheduledSuspendDate"), sub["status"]) == (LATER, "Active")


def _expect_resume(sub: dict[str, Any]) -> None:
    # Paused from 2027-01-01, resumed 2027-02-01 without extending the term: both dates
    # are still ahead (decision RS2).
    assert (
        sub["scheduledSuspendDate"],
        sub["scheduledResumeDate"],
        sub["termEndDate"],
        sub["status"],
    ) == ("2027-01-01", "2027-02-01", "2027-12-01", "Active")


CASES = [
    Case(
        "add",
        lambda c: {"add_subscription_plans": [
            {"subscription_plan": {"plan_number": "CLOUDDESK-PRO"}, **_on(LATER)}]},
        lambda c: {"type": "AddProduct", "addProduct": {"productRatePlanNumber": "CLOUDDESK-PRO"}},
        "AddProduct", "add_subscription_plan", LATER, _expect_add,
    ),
    Case(
        "update",
        lambda c: {"update_subscription_plans": [{**_on(LATER), "subscription_plan": {
            "subscription_plan_id": c["plan_id"],
            "subscription_items": [{"subscription_item_number": c["seats"], "quantity": 7}]}}]},
        lambda c: {"type": "UpdateProduct", "updateProduct": {
            "ratePlanId": c["plan_id"],
            "chargeUpdates": [{"chargeNumber": c["seats"],
                               "pricing": {"recurringPerUnit": {"quantity": 7}}}]}},
        "UpdateProduct", "update_subscription_plan", LATER, _expect_update,
    ),
    Case(
        "remove",
        lambda c: {"remove_subscription_plans": [
            {"subscription_plan_id": c["plan_id"], **_on(LATER)}]},
        lambda c: {"type": "RemoveProduct", "removeProduct": {"ratePlanId": c["plan_id"]}},
        "RemoveProduct", "remove_subscription_plan", LATER, _expect_remove,
    ),
    Case(
        "replace",
        lambda c: {"replace_subscription_plans": [{
            "subscription_plan_id": c["plan_id"], "replace_at": "specific_date",
            "subscription_plan": {"plan_number": "CLOUDDESK-PRO"}, **_on(LATER)}]},
        lambda c: {"type": "ChangePlan", "changePlan": {
            "ratePlanId": c["plan_id"], "effectivePolicy": "SpecificDate",
            "effectiveDate": LATER,
            "newProductRatePlan": {"productRatePlanNumber": "CLOUDDESK-PRO"}}},
        "ChangePlan", "replace_subscription_plan", LATER, _expect_replace,
    ),
    Case(
        "renew",
        lambda c: {"renew": _on(TODAY)},
        lambda c: {"type": "RenewSubscription"},
        "RenewSubscription", "renew", TODAY, _expect_renew,
    ),
    Case(
        "terms",
        lambda c: {"terms": {
            **_on(TODAY), "auto_renew": True,
            "current_term": {"type": "termed", "interval": "month", "interval_count": 24},
            "renewal_term": {"type": "termed", "interval": "year", "interval_count": 1}}},
        lambda c: {"type": "TermsAndConditions", "termsAndConditions": {
            "lastTerm": {"termType": "TERMED", "period": 24, "periodType": "Month"},
            "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
            "renewalTerms": [{"period": 1, "periodType": "Year"}], "autoRenew": True}},
        "TermsAndConditions", "terms", TODAY, _expect_terms,
    ),
    Case(
        "cancel",
        lambda c: {"cancel": {"cancel_date": "2027-03-01", **_on(TODAY)}},
        lambda c: {"type": "CancelSubscription", "cancelSubscription": {
            "cancellationPolicy": "SpecificDate", "cancellationEffectiveDate": "2027-03-01"}},
        "CancelSubscription", "cancel", TODAY, _expect_cancel,
    ),
    Case(
        "pause",
        lambda c: {"pause": {"pause_date": LATER, **_on(TODAY)}},
        lambda c: {"type": "Suspend", "suspend": {
            "suspendPolicy": "SpecificDate", "suspendSpecificDate": LATER}},
        "Suspend", "pause", TODAY, _expect_pause,
    ),
    Case(
        "resume",
        lambda c: {"resume": {"resume_date": "2027-02-01", **_on(TODAY)}},
        lambda c: {"type": "Resume", "resume": {
            "resumePolicy": "SpecificDate", "resumeSpecificDate": "2027-02-01"}},
        "Resume", "resume", TODAY, _expect_resume,
        setup=lambda c: {"pause": {"pause_date": LATER, **_on(TODAY)}},
    ),
]  # fmt: skip

_NOT_COMPARED = {
    "id", "action_id", "subscription_id", "account_id", "invoice_owner_account_id",
    "subscription_number", "subscription_item_number", "subscription_plan_number",
    "subscription_plan_id",
    "order_number", "order_id", "created_time", "updated_time", "created_by_id",
    "updated_by_id", "item_number",
    # the v1 names of the same
    "accountId", "accountNumber", "accountName", "invoiceOwnerAccountId",
    "invoiceOwnerAccountNumber", "invoiceOwnerAccountName", "subscriptionNumber",
    "orderNumber", "number", "originalChargeId", "originalRatePlanId",
    "subscriptionRatePlanNumber", "originalId", "orderId", "itemNumber",
    "orderLineItemId", "createdDate", "updatedDate", "createdBy", "updatedBy",
    "originalOrderId", "originalOrderLineItemId", "original_order_id",
    "original_order_line_item_id",
}  # fmt: skip


def same(value: Any) -> Any:
    """`value` without what differs between two objects made alike (ids, numbers, times)."""
    if isinstance(value, dict):
        return {k: same(v) for k, v in value.items() if k not in _NOT_COMPARED}
    if isinstance(value, list):
        return [same(v) for v in value]
    return value


def _amend_v2(t: Tenant, c: Ctx, fields: dict[str, Any]) -> str:
    made = t.call(
        "POST",
        "/v2/orders",
        {
            "order_date": TODAY,
            "account_id": c["account_id"],
            "subscriptions": [{"subscription_number": c["number"], **fields}],
        },
    )
    number: str = made["order_number"]
    return number


def _amend_v1(t: Tenant, c: Ctx, action: dict[str, Any], day: str) -> str:
    made = t.call(
        "POST",
        "/v1/orders",
        {
            "orderDate": TODAY,
            "existingAccountNumber": c["account_number"],
            "subscriptions": [
                {
                    "subscriptionNumber": c["number"],
                    "orderActions": [{**action, "triggerDates": _dates(day)}],
                }
            ],
        },
    )
    number: str = made["orderNumber"]
    return number


def _v1_actions(t: Tenant, order: str) -> list[tuple[str, Any]]:
    body = t.call("GET", f"/v1/orders/{order}")["order"]
    return [
        (a["type"], {d["name"]: d["triggerDate"] for d in a["triggerDates"]})
        for s in body["subscriptions"]
        for a in s["orderActions"]
    ]


def _object(action: dict[str, Any]) -> Any:
    """An action's object (`cancel{...}`) without its dates (the action's `start_on`)."""
    kept = {k: v for k, v in action.items() if k not in ("action_id", "type", "sequence")}

    def dateless(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: dateless(v) for k, v in value.items() if k != "start_on"}
        return value

    return dateless(kept)


def _v2_subscription(t: Tenant, order: str) -> dict[str, Any]:
    (sub,) = t.call("GET", f"/v2/orders/{order}")["subscriptions"]
    result: dict[str, Any] = sub
    return result


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_an_action_made_in_either_dialect_reads_the_same_in_both(t: Tenant, case: Case) -> None:
    in_v2 = _base(t, None)
    in_v1 = _base(t, in_v2["account_id"])
    if case.setup is not None:
        for c in (in_v2, in_v1):
            _amend_v2(t, c, case.setup(c))
    from_v2 = _amend_v2(t, in_v2, case.v2(in_v2))
    from_v1 = _amend_v1(t, in_v1, case.v1(in_v1), case.day)

    # v2 -> v1: the v2 order reads in /v1/orders with its v1 action type and dates.
    dates = {"ContractEffective": case.day, "ServiceActivation": case.day,
             "CustomerAcceptance": case.day}  # fmt: skip
    assert _v1_actions(t, from_v2) == [(case.v1_type, dates)]
    assert _v1_actions(t, from_v1) == [(case.v1_type, dates)]

    # v1 -> v2: the v1 order reads in /v2/orders with its v2 action type and start_on.
    for order in (from_v2, from_v1):
        (action,) = _v2_subscription(t, order)["actions"]
        assert (action["type"], action["start_on"]) == (
            case.v2_type,
            {"contract_effective": case.day, "service_activation": case.day,
             "customer_acceptance": case.day},
        )  # fmt: skip

    # The action's object: the v2 request's, and the v1 order's in v2 words (QL7); its
    # amounts are numbers both ways (update: quantity 7, not "7").
    objects = [_object(_v2_subscription(t, o)["actions"][0]) for o in (from_v2, from_v1)]
    assert same(objects[0]) == same(objects[1])
    assert case.v2_field in objects[0]

    # Both made the same subscription: in v1 words ...
    v1_of_v2 = t.call("GET", f"/v1/subscriptions/{in_v2['number']}")
    v1_of_v1 = t.call("GET", f"/v1/subscriptions/{in_v1['number']}")
    case.expect(v1_of_v2)
    assert same(v1_of_v2) == same(v1_of_v1)
    # ... and in v2 words (the v2 order's echo of its request aside).
    v2_of_v2, v2_of_v1 = _v2_subscription(t, from_v2), _v2_subscription(t, from_v1)
    assert v2_of_v2["version"] == v2_of_v1["version"] == (3 if case.setup else 2)
    assert same(v2_of_v2 | {"actions": None}) == same(v2_of_v1 | {"actions": None})


def test_a_new_subscription_made_in_either_dialect_reads_the_same(t: Tenant) -> None:
    in_v2 = _base(t, None)
    made = t.call(
        "POST",
        "/v1/orders",
        {
            "orderDate": TODAY,
            "existingAccountNumber": in_v2["account_number"],
            "subscriptions": [
                {
                    "orderActions": [
                        {
                            "type": "CreateSubscription",
                            "triggerDates": _dates(TODAY),
                            "createSubscription": {
                                "terms": {
                                    "initialTerm": {
                                        "termType": "TERMED",
                                        "period": 12,
                                        "periodType": "Month",
                                        "startDate": TODAY,
                                    },
                                    "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
                                    "renewalTerms": [{"period": 12, "periodType": "Month"}],
                                    "autoRenew": False,
                                },
                                "subscribeToRatePlans": [
                                    {"productRatePlanNumber": "CLOUDDESK-BASIC"}
                                ],
                            },
                        }
                    ]
                }
            ],
        },
    )
    v1_number = made["subscriptions"][0]["subscriptionNumber"]
    v2_order = t.call("GET", f"/v1/subscriptions/{in_v2['number']}")["orderNumber"]
    dates = {"ContractEffective": TODAY, "ServiceActivation": TODAY, "CustomerAcceptance": TODAY}
    assert _v1_actions(t, v2_order) == [("CreateSubscription", dates)]
    assert _v1_actions(t, made["orderNumber"]) == [("CreateSubscription", dates)]
    v1_of_v2 = t.call("GET", f"/v1/subscriptions/{in_v2['number']}")
    v1_of_v1 = t.call("GET", f"/v1/subscriptions/{v1_number}")
    assert _charges(v1_of_v2) == BASIC
    assert (v1_of_v2["termStartDate"], v1_of_v2["termEndDate"], v1_of_v2["status"]) == (
        TODAY,
        "2027-12-01",
        "Active",
    )
    assert same(v1_of_v2) == same(v1_of_v1)
    v2_of_v1 = _v2_subscription(t, made["orderNumber"])
    assert v2_of_v1["actions"][0]["type"] == "create_subscription"
    v2_of_v2 = _v2_subscription(t, v2_order)
    assert same(v2_of_v2 | {"actions": None}) == same(v2_of_v1 | {"actions": None})
    assert _object(v2_of_v1["actions"][0]) == _object(v2_of_v2["actions"][0])
    assert _object(v2_of_v1["actions"][0]) == {
        "subscription_plans": [{"plan_number": "CLOUDDESK-BASIC"}]
    }


def _sale_v2(c: Ctx) -> dict[str, Any]:
    return {"account_id": c["account_id"], "line_items": [
        {"name": "Headset", "type": "product", "quantity": 5, "list_unit_price": 19.99,
         "discount_percent": 10}]}  # fmt: skip


def _sale_v1(c: Ctx) -> dict[str, Any]:
    return {"existingAccountNumber": c["account_number"], "orderLineItems": [
        {"itemType": "Product", "itemName": "Headset", "quantity": 5, "listPricePerUnit": 19.99,
         "inlineDiscountType": "Percentage", "inlineDiscountPerUnit": 10}]}  # fmt: skip


def _items_v1(t: Tenant, order: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = t.call("GET", f"/v1/orders/{order}")["order"]["orderLineItems"]
    return found


def _items_v2(t: Tenant, order: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = t.call("GET", f"/v2/orders/{order}")["line_items"]["data"]
    return found


def test_line_items_sold_and_returned_in_either_dialect_read_the_same(t: Tenant) -> None:
    c = _base(t, None)
    sold_v2 = t.call("POST", "/v2/orders", {"order_date": TODAY, **_sale_v2(c)})["order_number"]
    sold_v1 = t.call("POST", "/v1/orders", {"orderDate": TODAY, **_sale_v1(c)})["orderNumber"]
    # 5 x 19.99 at 10 % off: 99.95 - 9.995 = 89.955, 89.96 (half up).
    (v1_of_v2,) = _items_v1(t, sold_v2)
    assert (v1_of_v2["itemCategory"], v1_of_v2["itemState"], v1_of_v2["amount"]) == (
        "Sales",
        "Executing",
        89.96,
    )
    assert same(v1_of_v2) == same(_items_v1(t, sold_v1)[0])
    (v2_of_v1,) = _items_v2(t, sold_v1)
    assert (v2_of_v1["category"], v2_of_v1["state"], v2_of_v1["total"]) == (
        "sale",
        "pending",
        89.96,
    )
    assert same(_items_v2(t, sold_v2)[0]) == same(v2_of_v1)

    # Returning 2 of the 5 credits round(89.96 x 2 / 5) = round(35.984) = 35.98.
    back_v2 = t.call(
        "POST",
        "/v2/orders",
        {
            "order_date": TODAY,
            "category": "return",
            "account_id": c["account_id"],
            "line_items": [
                {"name": "Headset", "category": "return", "quantity": 2,
                 "original_order_number": sold_v2, "original_order_line_item_number": "1"}
            ],
        },
    )["order_number"]  # fmt: skip
    back_v1 = t.call(
        "POST",
        "/v1/orders",
        {
            "orderDate": TODAY,
            "category": "Return",
            "existingAccountNumber": c["account_number"],
            "orderLineItems": [
                {"itemType": "Product", "itemCategory": "Return", "quantity": 2,
                 "originalOrderNumber": sold_v1, "originalOrderLineItemNumber": "1"}
            ],
        },
    )["orderNumber"]  # fmt: skip
    (v1_of_v2,) = _items_v1(t, back_v2)
    assert (v1_of_v2["itemCategory"], v1_of_v2["quantity"], v1_of_v2["amount"]) == (
        "Return",
        2,
        35.98,
    )
    assert v1_of_v2["originalOrderNumber"] == sold_v2
    (v1_of_v1,) = _items_v1(t, back_v1)
    assert same(v1_of_v2) | {"originalOrderNumber": None} == same(v1_of_v1) | {
        "originalOrderNumber": None
    }
    (v2_of_v1,) = _items_v2(t, back_v1)
    assert (v2_of_v1["category"], v2_of_v1["quantity"], v2_of_v1["total"]) == ("return", 2, 35.98)
    assert v2_of_v1["original_order_number"] == sold_v1
    (v2_of_v2,) = _items_v2(t, back_v2)
    assert same(v2_of_v2) | {"original_order_number": None} == same(v2_of_v1) | {
        "original_order_number": None
    }
    # What is left to return of each sale: 3.
    assert _items_v2(t, sold_v2)[0]["quantity_available_for_return"] == 3
    assert _items_v2(t, sold_v1)[0]["quantity_available_for_return"] == 3
