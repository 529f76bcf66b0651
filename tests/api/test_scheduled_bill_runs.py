"""`POST /v1/bill-runs` with the official client's `CreateBillRunRequest` fields: every one
accepted, bad values refused with 400 in Zuora's envelope and nothing kept (SB4)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session

# Far enough ahead of the wall clock that these tenants' "today" never passes it.
FROM = "2090-01-01"


def _scheduled(**changes: Any) -> dict[str, Any]:
    schedule = {"repeatFrom": FROM, "repeatType": "Daily", "runTime": 3}
    schedule |= changes.pop("schedule", {})
    return {"schedule": schedule, **changes}


BAD = [
    (_scheduled(schedule={"repeatFrom": "2000-01-01"}), 54200020, "repeatFrom"),
    (_scheduled(schedule={"repeatTo": "2089-12-31"}), 54200020, "repeatTo"),
    (_scheduled(schedule={"repeatType": "Hourly"}), None, None),
    (_scheduled(schedule={"runTime": 24}), None, None),
    (_scheduled(schedule={"runTime": -1}), None, None),
    (_scheduled(schedule={"runTime": "3"}), None, None),
    (_scheduled(schedule={"runTime": None}), None, None),
    (_scheduled(schedule={"weeklyOnDay": ["Monday"], "repeatType": "Weekly"}), None, None),
    (_scheduled(schedule={"weeklyOnDay": []}), None, None),
    (_scheduled(schedule={"weeklyOnDay": ["Mon"]}), 54200020, "weeklyOnDay"),
    (_scheduled(schedule={"monthlyOnEndOfMonth": True}), 54200020, "monthlyOnEndOfMonth"),
    (
        _scheduled(
            schedule={"repeatType": "Weekly", "weeklyOnDay": ["Mon"], "repeatTo": "2090-01-01"}
        ),
        54200020,
        "no run day",
    ),
    (_scheduled(targetDateOffset=1, targetDateMonthOffset=1), 54200020, "mutually exclusive"),
    (_scheduled(targetDateMonthOffset=1), 54200020, "monthly scheduled"),
    (_scheduled(invoiceDateDayOfMonth=1), 54200020, "monthly scheduled"),
    (_scheduled(targetDateDayOfMonth=32), None, None),
    (_scheduled(targetDate="2090-01-05", targetDateOffset=3), 54200020, "disagree"),
    (_scheduled(targetDateOffset=3651), 54200020, "at most 3650"),
    (
        _scheduled(schedule={"repeatType": "Monthly"}, invoiceDateMonthOffset=121),
        54200020,
        "at most 120",
    ),
    (_scheduled(billCycleDay="32"), 50000020, "billCycleDay"),
    (_scheduled(billCycleDay="Last"), 50000020, "billCycleDay"),
    (_scheduled(batches=["Batch0"]), 54200020, "Batch0"),
    (_scheduled(batches=["Batch201"]), 54200020, "Batch201"),
    (_scheduled(batches=["Gold"]), 54200020, "Gold"),
    (_scheduled(batches=[]), None, None),
    (
        _scheduled(
            batches=["Batch1"],
            billRunFilters=[{"accountId": "0" * 32, "filterType": "Account"}],
        ),
        54200020,
        "either",
    ),
    (_scheduled(chargeTypeToExclude=["OneTime", "Usage", "Recurring"]), None, None),
    ({"targetDate": "2090-01-01", "billCycleDay": "AsRunDay"}, 54200020, "scheduled"),
    ({"targetDate": "2090-01-01", "targetDateOffset": 1}, 54200020, "scheduled"),
    ({"targetDate": "2090-01-01", "invoiceDateMonthOffset": 1}, 54200020, "scheduled"),
    ({"autoPost": True}, 50000022, "targetDate"),
]


@pytest.mark.parametrize(("body", "code", "words"), BAD)
def test_bad_bill_runs_are_refused_and_keep_nothing(
    client: TestClient, shop: Session, body: dict[str, Any], code: int | None, words: str | None
) -> None:
    response = client.post("/v1/bill-runs", headers=shop.headers, json=body)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert answer["success"] is False
    if code is not None:
        assert answer["reasons"][0]["code"] == code, answer
    if words is not None:
        assert words in answer["reasons"][0]["message"], answer
    # Nothing kept: the next run takes the first number.
    good = client.post("/v1/bill-runs", headers=shop.headers, json=_scheduled())
    assert good.status_code == 200, good.text
    assert good.json()["billRunNumber"] == "BR-00000001"


def test_every_field_of_the_official_request_is_accepted(client: TestClient, shop: Session) -> None:
    body = {
        "name": "Nightly",
        "batches": ["Batch1", "Batch7", "Batch1"],
        "billCycleDay": "AsRunDay",
        "billRunType": "Regular",
        "chargeTypeToExclude": ["OneTime", "Usage"],
        "autoEmail": False,
        "autoPost": True,
        "autoRenewal": False,
        "noEmailForZeroAmountInvoice": True,
        "invoiceDate": "2090-01-02",
        "targetDate": "2090-01-11",
        "organizationLabels": [{"organizationName": "EMEA"}],
        "includeSubscriptions": True,
        "includeOrderLineItems": False,
        "schedule": {
            "repeatFrom": FROM,
            "repeatTo": "2090-12-31",
            "repeatType": "Weekly",
            "runTime": 23,
            "weeklyOnDay": ["Sat", "Mon"],
        },
        "someFieldOfALaterVersion": 1,
    }
    created = client.post("/v1/bill-runs", headers=shop.headers, json=body)
    assert created.status_code == 200, created.text
    run = client.get(f"/v1/bill-runs/{created.json()['id']}", headers=shop.headers).json()
    # 2090-01-01 is a Sunday: the first run is Monday the 2nd, at 23:00 (UTC tenant).
    assert {k: run[k] for k in _SHOWN} == {
        "name": "Nightly",
        "status": "Pending",
        "batches": ["Batch1", "Batch7"],
        "billCycleDay": "AsRunDay",
        "chargeTypeToExclude": ["OneTime", "Usage"],
        "autoPost": True,
        "includeSubscriptions": True,
        "includeOrderLineItems": False,
        "schedule": {
            "repeatFrom": FROM,
            "repeatTo": "2090-12-31",
            "repeatType": "Weekly",
            "runTime": 23,
            "weeklyOnDay": ["Sat", "Mon"],
            "monthlyOnEndOfMonth": None,
        },
        "scheduledExecutionTime": "2090-01-02 23:00:00",
        # The dates given for the first run are read as offsets from repeatFrom.
        "invoiceDateOffset": 1,
        "targetDateOffset": 10,
        "targetDateMonthOffset": None,
        # Those of the next run: Jan 2 + 10 days, Jan 2 + 1 day.
        "targetDate": "2090-01-12",
        "invoiceDate": "2090-01-03",
        "numberOfBillRuns": 0,
        "lastBillRunId": None,
    }


_SHOWN = [
    "name",
    "status",
    "batches",
    "billCycleDay",
    "chargeTypeToExclude",
    "autoPost",
    "includeSubscriptions",
    "includeOrderLineItems",
    "schedule",
    "scheduledExecutionTime",
    "invoiceDateOffset",
    "targetDateOffset",
    "targetDateMonthOffset",
    "targetDate",
    "invoiceDate",
    "numberOfBillRuns",
    "lastBillRunId",
]


def test_an_ad_hoc_run_shows_no_schedule(client: TestClient, shop: Session) -> None:
    created = client.post(
        "/v1/bill-runs",
        headers=shop.headers,
        json={"targetDate": "2025-01-01", "batches": ["AllBatches"], "billCycleDay": 1},
    )
    assert created.status_code == 200, created.text
    run = created.json()
    assert (run["schedule"], run["scheduledExecutionTime"]) == (None, None)
    assert "runDate" not in run  # not a BillRunResponse key (RK1)
    assert (run["batches"], run["billCycleDay"]) == (None, "1")
