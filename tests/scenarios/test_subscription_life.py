"""A year in the life of one subscription, through the public API, version by version:
create -> add -> update quantity -> suspend -> resume -> renew -> cancel.

Catalog: the demo catalog (Basic: platform USD 29/month, seats USD 12/seat/month default
3, onboarding USD 99 once; Priority support USD 49/month). Every expected value below is
worked out by hand from those prices and the dates.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_orders import amend, create_subscription, get_subscription, new_account, order
from tests.conftest import Session

NUMBER = "A-S00000001"


def _ce(day: str) -> list[dict[str, str]]:
    return [{"name": "ContractEffective", "triggerDate": day}]


def _version(client: TestClient, shop: Session, version: int) -> dict[str, Any]:
    response = client.get(
        f"/v1/subscriptions/{NUMBER}/versions/{version}?charge-detail=all-segments",
        headers=shop.headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _charges(version: dict[str, Any], plan_name: str) -> list[dict[str, Any]]:
    plan = next(p for p in version["ratePlans"] if p["ratePlanName"] == plan_name)
    charges: list[dict[str, Any]] = plan["ratePlanCharges"]
    return charges


def test_a_year_in_the_life(client: TestClient, shop: Session) -> None:
    created = order(
        client,
        shop,
        {
            "orderDate": "2025-01-15",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription(start="2025-01-15")]}],
        },
    ).json()
    account = created["accountNumber"]

    # v1: a 12-month term from Jan 15.
    v1 = _version(client, shop, 1)
    assert (v1["termStartDate"], v1["termEndDate"]) == ("2025-01-15", "2026-01-15")
    assert v1["contractedMrr"] == 65  # 29 + 3 x 12
    assert v1["totalContractedValue"] == 879  # 12 x 65 + 99

    # v2: Priority support from Mar 1 (to the term end).
    assert (
        amend(
            client,
            shop,
            NUMBER,
            account,
            {
                "type": "AddProduct",
                "triggerDates": _ce("2025-03-01"),
                "addProduct": {"productRatePlanNumber": "CLOUDDESK-SUPPORT"},
            },
        ).status_code
        == 200
    )
    v2 = _version(client, shop, 2)
    [support] = _charges(v2, "Priority support")
    assert (support["effectiveStartDate"], support["effectiveEndDate"]) == (
        "2025-03-01",
        "2026-01-15",
    )
    # Mar 1 2025 - Jan 15 2026: 10 whole months (Mar..Dec) + 14/31 of January at 49/month.
    # TCV = 490 + 49 x 14 / 31 = 490 + 22.129... = 512.13
    assert support["tcv"] == 512.13

    # v3: seats 3 -> 8 from Apr 15.
    seats_number = next(c["number"] for c in _charges(v1, "Basic") if c["name"] == "Basic seats")
    basic_id = next(p["id"] for p in v2["ratePlans"] if p["ratePlanName"] == "Basic")
    assert (
        amend(
            client,
            shop,
            NUMBER,
            account,
            {
                "type": "UpdateProduct",
                "triggerDates": _ce("2025-04-15"),
                "updateProduct": {
                    "ratePlanId": basic_id,
                    "chargeUpdates": [
                        {
                            "chargeNumber": seats_number,
                            "pricing": {"recurringPerUnit": {"quantity": 8}},
                        }
                    ],
                },
            },
        ).status_code
        == 200
    )
    v3 = _version(client, shop, 3)
    seats = [c for c in _charges(v3, "Basic") if c["number"] == seats_number]
    assert [
        (s["segment"], s["effectiveStartDate"], s["effectiveEndDate"], s["quantity"], s["mrr"])
        for s in seats
    ] == [
        (1, "2025-01-15", "2025-04-15", 3, 36),
        (2, "2025-04-15", "2026-01-15", 8, 96),
    ]

    # v4: suspended from Jun 1.
    assert (
        amend(
            client,
            shop,
            NUMBER,
            account,
            {
                "type": "Suspend",
                "suspend": {"suspendPolicy": "SpecificDate", "suspendSpecificDate": "2025-06-01"},
            },
        ).status_code
        == 200
    )
    assert _version(client, shop, 4)["status"] == "Suspended"

    # v5: resumed Jul 1, extending the term by the 30 suspended days: Jan 15 -> Feb 14.
    assert (
        amend(
            client,
            shop,
            NUMBER,
            account,
            {
                "type": "Resume",
                "resume": {
                    "resumePolicy": "SpecificDate",
                    "resumeSpecificDate": "2025-07-01",
                    "extendsTerm": True,
                },
            },
        ).status_code
        == 200
    )
    v5 = _version(client, shop, 5)
    assert v5["termEndDate"] == "2026-02-14"
    assert seats[-1]["number"] == seats_number
    last_seats = [c for c in _charges(v5, "Basic") if c["number"] == seats_number][-1]
    assert last_seats["effectiveEndDate"] == "2026-02-14"

    # v6: renewed for 12 months from Feb 14 2026.
    assert amend(client, shop, NUMBER, account, {"type": "RenewSubscription"}).status_code == 200
    v6 = _version(client, shop, 6)
    assert (v6["termStartDate"], v6["termEndDate"]) == ("2026-02-14", "2027-02-14")
    assert v6["currentTerm"] == 12

    # v7: cancelled at the end of the current term.
    cancelled = amend(
        client,
        shop,
        NUMBER,
        account,
        {
            "type": "CancelSubscription",
            "cancelSubscription": {"cancellationPolicy": "EndOfCurrentTerm"},
        },
    )
    assert cancelled.status_code == 200
    v7 = _version(client, shop, 7)
    assert v7["subscriptionEndDate"] == "2027-02-14"
    latest = get_subscription(client, shop, NUMBER)
    assert latest["version"] == 7
    assert latest["isLatestVersion"] is True
    # Every version still reads back as it was.
    assert [_version(client, shop, v)["version"] for v in range(1, 8)] == list(range(1, 8))
    assert _version(client, shop, 1)["ratePlans"][0]["ratePlanCharges"][1]["quantity"] == 3
    orders = client.get(f"/v1/orders/subscription/{NUMBER}", headers=shop.headers).json()
    assert len(orders["orders"]) == 7
