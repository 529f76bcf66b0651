"""Weekly and monthly schedules, AsRunDay at month ends, batches, and canceling a scheduled
run, through the public API only (issue 11; SB1-SB5), on SQLite and PostgreSQL. The
catalog and helpers are the year-in-the-life scenario's: USD 50.00 a month in advance."""

from __future__ import annotations

from typing import Any

from tests.scenarios.test_scheduled_billing import CATALOG, _call, advance, customer, invoices
from tests.support.test_mode import SandboxApi


def _dates_and_amounts(api: SandboxApi, t: dict[str, Any], account: str) -> list[tuple[Any, ...]]:
    return [(row[0], row[1], row[2]) for row in invoices(api, t, account)]


def _runs_by_day(moved: dict[str, Any]) -> dict[str, str]:
    """Run day -> bill run id, from what the scheduled jobs said they made."""
    return {
        j["result"]["runDate"]: j["result"]["billRunId"]
        for j in moved["ran"]
        if j["kind"] == "scheduled_bill_run" and "billRunId" in (j["result"] or {})
    }


def test_a_weekly_schedule_runs_on_its_weekdays(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=CATALOG)
    account = customer(sandbox, t)
    scheduled = _call(
        sandbox,
        t,
        "POST",
        "/v1/bill-runs",
        json={
            "autoPost": True,
            "schedule": {
                "repeatFrom": "2025-01-01",
                "repeatTo": "2025-03-31",
                "repeatType": "Weekly",
                "weeklyOnDay": ["Mon"],
                "runTime": 6,
            },
        },
    )
    # 2025-01-01 is a Wednesday: the first Monday is Jan 6.
    assert scheduled["scheduledExecutionTime"] == "2025-01-06 06:00:00"
    assert scheduled["schedule"]["weeklyOnDay"] == ["Mon"]
    moved = advance(sandbox, t, until="2025-04-01")
    assert sorted(_runs_by_day(moved)) == [
        "2025-01-06",
        "2025-01-13",
        "2025-01-20",
        "2025-01-27",
        "2025-02-03",
        "2025-02-10",
        "2025-02-17",
        "2025-02-24",
        "2025-03-03",
        "2025-03-10",
        "2025-03-17",
        "2025-03-24",
        "2025-03-31",
    ]
    # Each month is billed by its first Monday's run (the target reaches the 1st).
    assert _dates_and_amounts(sandbox, t, account) == [
        ("2025-01-06", 50, "2025-01-01"),
        ("2025-02-03", 50, "2025-02-01"),
        ("2025-03-03", 50, "2025-03-01"),
    ]
    done = _call(sandbox, t, "GET", f"/v1/bill-runs/{scheduled['id']}")
    # Mar 31 was its last run day: the scheduled run is over.
    assert (done["status"], done["numberOfBillRuns"], done["scheduledExecutionTime"]) == (
        "Completed",
        13,
        None,
    )


def test_a_monthly_schedule_at_month_ends_bills_the_next_month(sandbox: SandboxApi) -> None:
    """Zuora's use case 3: runs on each month's last day, invoice and target dates on the
    1st of the next month."""
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=CATALOG)
    account = customer(sandbox, t)
    scheduled = _call(
        sandbox,
        t,
        "POST",
        "/v1/bill-runs",
        json={
            "autoPost": True,
            "invoiceDateMonthOffset": 1,
            "invoiceDateDayOfMonth": 1,
            "targetDateMonthOffset": 1,
            "targetDateDayOfMonth": 1,
            "schedule": {
                "repeatFrom": "2025-01-31",
                "repeatType": "Monthly",
                "monthlyOnEndOfMonth": True,
                "runTime": 0,
            },
        },
    )
    assert (scheduled["targetDate"], scheduled["invoiceDate"]) == ("2025-02-01", "2025-02-01")
    assert (scheduled["targetDateMonthOffset"], scheduled["targetDateDayOfMonth"]) == (1, 1)
    assert scheduled["targetDateOffset"] is None
    moved = advance(sandbox, t, until="2025-05-01")
    assert sorted(_runs_by_day(moved)) == ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30"]
    # Jan 31's run reaches Feb 1: January and February (one item each), 100.00.
    assert [r[:4] for r in invoices(sandbox, t, account)] == [
        ("2025-02-01", 100, "2025-01-01", "2025-02-28"),
        ("2025-03-01", 50, "2025-03-01", "2025-03-31"),
        ("2025-04-01", 50, "2025-04-01", "2025-04-30"),
        ("2025-05-01", 50, "2025-05-01", "2025-05-31"),
    ]
    assert _call(sandbox, t, "GET", f"/v1/bill-runs/{scheduled['id']}")[
        "scheduledExecutionTime"
    ] == ("2025-05-31 00:00:00")


def test_as_run_day_bills_each_account_on_its_day_and_month_ends_take_the_rest(
    sandbox: SandboxApi,
) -> None:
    t = sandbox.new_tenant(now="2025-04-01T00:00:00Z", catalog=CATALOG)
    on_15 = customer(sandbox, t, start="2025-04-15", name="Fifteen", billCycleDay=15)
    on_30 = customer(sandbox, t, start="2025-04-30", name="Thirty", billCycleDay=30)
    # Started Mar 31 on BCD 31: its April period starts Apr 30 (no 31st in April).
    on_31 = customer(sandbox, t, start="2025-03-31", name="ThirtyOne", billCycleDay=31)
    _call(
        sandbox,
        t,
        "POST",
        "/v1/bill-runs",
        json={
            "autoPost": True,
            "batches": ["Batch1"],
            "billCycleDay": "AsRunDay",
            "schedule": {"repeatFrom": "2025-04-01", "repeatType": "Daily", "runTime": 1},
        },
    )
    moved = advance(sandbox, t, until="2025-06-01")
    runs = _runs_by_day(moved)
    accounts = {
        day: _call(sandbox, t, "GET", f"/v1/object/bill-run/{runs[day]}")["NumberOfAccounts"]
        for day in ("2025-04-14", "2025-04-15", "2025-04-30", "2025-05-30", "2025-05-31")
    }
    assert accounts == {
        "2025-04-14": 0,
        "2025-04-15": 1,
        "2025-04-30": 2,  # BCD 30 and BCD 31
        "2025-05-30": 1,
        "2025-05-31": 1,
    }
    assert _dates_and_amounts(sandbox, t, on_15) == [
        ("2025-04-15", 50, "2025-04-15"),
        ("2025-05-15", 50, "2025-05-15"),
    ]
    assert _dates_and_amounts(sandbox, t, on_30) == [
        ("2025-04-30", 50, "2025-04-30"),
        ("2025-05-30", 50, "2025-05-30"),
    ]
    # Mar 31 - Apr 29 and Apr 30 - May 30 on Apr 30; May 31 - Jun 29 on May 31.
    assert [r[:4] for r in invoices(sandbox, t, on_31)] == [
        ("2025-04-30", 100, "2025-03-31", "2025-05-30"),
        ("2025-05-31", 50, "2025-05-31", "2025-06-29"),
    ]
    assert moved["totals"]["invoices"] == 6


def test_batches_pick_the_accounts(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=CATALOG)
    first = customer(sandbox, t, name="First", batch="Batch1")
    seventh = customer(sandbox, t, name="Seventh", batch="Batch7")
    run = _call(
        sandbox,
        t,
        "POST",
        "/v1/bill-runs",
        json={"targetDate": "2025-01-01", "autoPost": True, "batches": ["Batch7"]},
    )
    advance(sandbox, t, days=1)
    assert _call(sandbox, t, "GET", f"/v1/object/bill-run/{run['id']}")["NumberOfAccounts"] == 1
    assert invoices(sandbox, t, first) == []
    assert len(invoices(sandbox, t, seventh)) == 1


def test_canceling_a_scheduled_run_stops_its_runs(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=CATALOG)
    customer(sandbox, t)
    scheduled = _call(
        sandbox,
        t,
        "POST",
        "/v1/bill-runs",
        json={
            "autoPost": True,
            "schedule": {"repeatFrom": "2025-01-01", "repeatType": "Daily", "runTime": 1},
        },
    )
    assert advance(sandbox, t, days=3)["totals"] == {"billRuns": 3, "invoices": 1}
    canceled = _call(sandbox, t, "PUT", f"/v1/bill-runs/{scheduled['id']}/cancel")
    assert (canceled["status"], canceled["scheduledExecutionTime"]) == ("Canceled", None)
    later = advance(sandbox, t, days=10)
    # The job of Jan 4 was already waiting: it finds its scheduled run canceled and stops.
    assert [(j["kind"], j["ranAt"]) for j in later["ran"]] == [
        ("scheduled_bill_run", "2025-01-04T01:00:00Z")
    ]
    assert "skipped" in later["ran"][0]["result"]
    assert later["totals"] == {}
    after = _call(sandbox, t, "GET", f"/v1/bill-runs/{scheduled['id']}")
    assert (after["status"], after["numberOfBillRuns"]) == ("Canceled", 3)
    # A scheduled run has no documents of its own to post.
    refused = sandbox.client.put(f"/v1/bill-runs/{scheduled['id']}/post", headers=t["headers"])
    assert refused.status_code == 400
    assert refused.json()["reasons"][0]["code"] == 54200130


def test_run_times_are_the_tenants_local_hours(sandbox: SandboxApi) -> None:
    """runTime 2 in New York is 07:00 UTC in winter and 06:00 UTC in summer; the run day
    is the tenant's date (its business date, T2)."""
    t = sandbox.new_tenant(now="2025-03-08T05:00:00Z", catalog=CATALOG, timeZone="America/New_York")
    account = customer(sandbox, t, start="2025-03-01")
    scheduled = _call(
        sandbox,
        t,
        "POST",
        "/v1/bill-runs",
        json={
            "autoPost": True,
            "schedule": {"repeatFrom": "2025-03-08", "repeatType": "Daily", "runTime": 2},
        },
    )
    assert scheduled["scheduledExecutionTime"] == "2025-03-08 02:00:00"
    moved = advance(sandbox, t, days=2)
    # Daylight saving time starts on Sunday 2025-03-09 in New York.
    assert [j["ranAt"] for j in moved["ran"] if j["kind"] == "scheduled_bill_run"] == [
        "2025-03-08T07:00:00Z",
        "2025-03-09T07:00:00Z",  # 02:00 does not exist that night: 03:00 EDT
    ]
    assert [r[:3] for r in invoices(sandbox, t, account)] == [("2025-03-08", 50, "2025-03-01")]
