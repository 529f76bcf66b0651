"""The tenant's clock in test mode: GET / PUT /zorders/v1/clock, POST .../advance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_orders import NEW, create_subscription, new_account
from tests.conftest import Session
from tests.support.test_mode import SandboxApi

DEMO = (Path(__file__).parents[2] / "examples" / "catalog.yaml").read_text()


def _put(api: SandboxApi, tenant: dict[str, Any], now: Any) -> Any:
    return api.client.put("/zorders/v1/clock", headers=tenant["headers"], json={"now": now})


def _advance(api: SandboxApi, tenant: dict[str, Any], **body: Any) -> Any:
    return api.client.post("/zorders/v1/clock/advance", headers=tenant["headers"], json=body)


def _clock(api: SandboxApi, tenant: dict[str, Any]) -> dict[str, Any]:
    response = api.client.get("/zorders/v1/clock", headers=tenant["headers"])
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_new_tenant_clock_starts_where_it_is_told(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-31T10:30:00Z")
    assert t["now"] == "2025-01-31T10:30:00Z"
    assert _clock(sandbox, t) == {
        "now": "2025-01-31T10:30:00Z",
        "today": "2025-01-31",
        "timeZone": "UTC",
    }


def test_put_moves_the_clock_forward_only(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z")
    moved = _put(sandbox, t, "2025-03-15T08:00:00+02:00")
    assert moved.status_code == 200, moved.text
    assert moved.json()["now"] == "2025-03-15T06:00:00Z"
    assert moved.json()["previousNow"] == "2025-01-01T00:00:00Z"
    assert moved.json()["today"] == "2025-03-15"
    assert _clock(sandbox, t)["now"] == "2025-03-15T06:00:00Z"
    # The same instant is not backwards; one microsecond before it is.
    assert _put(sandbox, t, "2025-03-15T06:00:00Z").status_code == 200
    back = _put(sandbox, t, "2025-03-15T05:59:59Z")
    assert back.status_code == 400
    assert back.json()["success"] is False
    assert "only moves forward" in back.json()["reasons"][0]["message"]
    assert _clock(sandbox, t)["now"] == "2025-03-15T06:00:00Z"


def test_advance_by_days_months_and_until(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-31T12:00:00Z")
    # Jan 31 + 1 month clamps to Feb 28 (2025 is not a leap year).
    assert _advance(sandbox, t, months=1).json()["now"] == "2025-02-28T12:00:00Z"
    # Feb 28 + 1 month is Mar 28: the clamp does not stick.
    assert _advance(sandbox, t, months=1).json()["now"] == "2025-03-28T12:00:00Z"
    assert _advance(sandbox, t, days=4).json()["now"] == "2025-04-01T12:00:00Z"
    # 2025-04-01 + 365 days = 2026-04-01 (no Feb 29 in between).
    assert _advance(sandbox, t, days=365).json()["today"] == "2026-04-01"
    # A bare date is midnight of that day in the tenant's zone (UTC here).
    until = _advance(sandbox, t, until="2026-05-01")
    assert until.status_code == 200, until.text
    assert until.json()["now"] == "2026-05-01T00:00:00Z"
    assert _advance(sandbox, t, until="2026-05-02T09:15:00Z").json()["now"] == (
        "2026-05-02T09:15:00Z"
    )
    assert _advance(sandbox, t, months=12).json()["now"] == "2027-05-02T09:15:00Z"
    assert _clock(sandbox, t)["today"] == "2027-05-02"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"days": 1, "months": 1},
        {"days": 0},
        {"days": -1},
        {"months": 0},
        {"days": 36_526},
        {"months": 1_201},
        {"days": 1.5},
        {"days": "x"},
        {"until": "2024-12-31T00:00:00Z"},
        {"until": "not a date"},
        {"until": "2025-06-01T00:00:00"},
        {"until": "2126-01-01T00:00:00Z"},
        {"weeks": 1},
    ],
)
def test_invalid_advances_are_refused(sandbox: SandboxApi, body: dict[str, Any]) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z")
    response = _advance(sandbox, t, **body)
    assert response.status_code == 400, (body, response.text)
    assert response.json()["success"] is False
    assert _clock(sandbox, t)["now"] == "2025-01-01T00:00:00Z"


def test_hundred_years_is_the_longest_move(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z")
    assert _advance(sandbox, t, months=1_200).json()["now"] == "2125-01-01T00:00:00Z"
    assert _advance(sandbox, t, days=1).status_code == 200  # a move from the new today
    assert _put(sandbox, t, "9999-12-31T00:00:00Z").status_code == 400


@pytest.mark.parametrize(
    "body", [{}, {"now": "yesterday"}, {"now": "2026-01-01T00:00:00"}, {"now": 5}, {"x": 1}]
)
def test_invalid_puts_are_refused(sandbox: SandboxApi, body: dict[str, Any]) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z")
    response = sandbox.client.put("/zorders/v1/clock", headers=t["headers"], json=body)
    assert response.status_code == 400, (body, response.text)
    assert response.json()["success"] is False


def test_one_tenants_clock_never_moves_anothers(sandbox: SandboxApi) -> None:
    a = sandbox.new_tenant(now="2025-01-01T00:00:00Z")
    b = sandbox.new_tenant(now="2025-01-01T00:00:00Z")
    assert _advance(sandbox, a, months=6).status_code == 200
    assert _clock(sandbox, a)["now"] == "2025-07-01T00:00:00Z"
    assert _clock(sandbox, b)["now"] == "2025-01-01T00:00:00Z"
    assert _put(sandbox, b, "2025-02-01T00:00:00Z").status_code == 200
    assert _clock(sandbox, a)["now"] == "2025-07-01T00:00:00Z"


def test_the_clock_needs_a_token(sandbox: SandboxApi) -> None:
    assert sandbox.client.get("/zorders/v1/clock").status_code == 401


def test_an_order_after_a_clock_move_bills_on_the_tenants_today(sandbox: SandboxApi) -> None:
    t = sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=DEMO)
    assert _put(sandbox, t, "2031-03-10T12:00:00Z").status_code == 200
    response = sandbox.client.post(
        "/v1/orders",
        headers=t["headers"] | NEW,
        json={
            "orderDate": "2031-03-01",
            "newAccount": new_account(),
            "processingOptions": {"runBilling": True},
            "subscriptions": [{"orderActions": [create_subscription(start="2031-03-01")]}],
        },
    )
    assert response.status_code == 200, response.text
    number = response.json()["invoiceNumbers"][0]
    invoice = sandbox.client.get(f"/v1/invoices/{number}", headers=t["headers"]).json()
    # invoiceDate and postedDate default to today: the tenant's, not the machine's.
    assert invoice["invoiceDate"] == "2031-03-10"
    assert invoice["postedDate"] == "2031-03-10"
    # March in full: platform 29 + seats 3 x 12 = 36, onboarding 99 once.
    assert invoice["amount"] == 164


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/zorders/v1/clock", None),
        ("PUT", "/zorders/v1/clock", {"now": "2030-01-01T00:00:00Z"}),
        ("POST", "/zorders/v1/clock/advance", {"days": 1}),
    ],
)
def test_outside_test_mode_the_clock_is_not_there(
    client: TestClient, session: Session, method: str, path: str, body: Any
) -> None:
    response = client.request(method, path, headers=session.headers, json=body)
    unknown = client.request(method, "/zorders/v1/nothing", headers=session.headers, json=body)
    assert response.status_code == unknown.status_code == 404
    assert response.json()["success"] is False
    assert response.json()["reasons"][0]["code"] == unknown.json()["reasons"][0]["code"]


def test_a_request_reads_the_tenant_row_once(sandbox: SandboxApi) -> None:
    """The clock and time zone come with the token's tenant read: no query of their own."""
    from sqlalchemy import event

    t = sandbox.new_tenant(now="2025-01-01T05:00:00Z")
    with sandbox.container.uow_factory() as uow:
        uow.tenants.set_time_zone(t["tenantId"], "America/Los_Angeles")
        uow.commit()
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    engine = sandbox.container.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = sandbox.client.get("/v1/test/context", headers=t["headers"])
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200, response.text
    # 05:00 UTC on New Year's Day is 21:00 on New Year's Eve in Los Angeles.
    assert response.json() == {
        "now": "2025-01-01T05:00:00+00:00",
        "today": "2024-12-31",
        "zone": "America/Los_Angeles",
    }
    # The token check's one read: the token with its tenant row, whose clock columns and
    # settings come with it (PF21).
    reads = [s for s in statements if "tenants" in s]
    assert len(reads) == 1, reads
    assert "clock_frozen_at" in reads[0] and "access_tokens" in reads[0]


def test_a_move_runs_the_pending_work_first_and_says_what_ran(sandbox: SandboxApi) -> None:
    """No worker runs beside this client: the bill run's job waits for the clock move."""
    t = sandbox.new_tenant(now="2025-02-01T09:00:00Z", catalog=DEMO)
    created = sandbox.client.post(
        "/v1/orders",
        headers=t["headers"] | NEW,
        json={
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription()]}],
        },
    )
    assert created.status_code == 200, created.text
    run = sandbox.client.post(
        "/v1/bill-runs", headers=t["headers"], json={"targetDate": "2025-02-01"}
    ).json()
    pending = sandbox.client.get(f"/v1/bill-runs/{run['id']}", headers=t["headers"]).json()
    assert pending["status"] == "Pending"

    moved = _advance(sandbox, t, days=1)
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["now"] == "2025-02-02T09:00:00Z"
    assert [(j["kind"], j["state"], j["error"]) for j in body["ran"]] == [
        ("bill_run", "done", None)
    ]
    # The job ran at the tenant's time when the move began.
    assert body["ran"][0]["ranAt"] == "2025-02-01T09:00:00Z"
    assert body["summary"] == {"bill_run": {"done": 1}}
    done = sandbox.client.get(f"/v1/bill-runs/{run['id']}", headers=t["headers"]).json()
    assert done["status"] == "Completed"
    invoices = sandbox.client.get(
        f"/v1/transactions/invoices/accounts/{created.json()['accountNumber']}",
        headers=t["headers"],
    ).json()["invoices"]
    # January and February in full, onboarding once: 2 x (29 + 36) + 99 = 229.
    assert [i["amount"] for i in invoices] == [229]
    assert invoices[0]["invoiceDate"] == "2025-02-01"
    # Nothing is left: the next move runs nothing.
    assert _advance(sandbox, t, days=1).json()["ran"] == []
