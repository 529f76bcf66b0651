"""The clock answer's `totals`: the counters of the jobs' results, summed (T9)."""

from __future__ import annotations

from datetime import UTC, datetime

from zorders.api.routes.clock import move_body
from zorders.services.clock_moves import ClockMove, ClockReading
from zorders.services.jobs import JobOutcome
from zorders.services.ports import JobState

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _reading(day: int) -> ClockReading:
    now = NOW.replace(day=day)
    return ClockReading(now, now.date(), "UTC")


def _job(kind: str, result: object, state: JobState = JobState.DONE) -> JobOutcome:
    return JobOutcome("j", "t", kind, state, 1, NOW, result=result)  # type: ignore[arg-type]


def test_totals_sum_the_counts_of_every_job() -> None:
    move = ClockMove(
        _reading(1),
        _reading(3),
        (
            _job("bill_run", {"counts": {"bill_runs": 1, "invoices": 2}}),
            _job("bill_run", {"counts": {"bill_runs": 1, "invoices": 3, "payments": 1}}),
            _job("scheduled_order", {"counts": {"orders_failed": 1}}),
            _job("other", None),
            _job("broken", {"counts": {"invoices": "many"}}, JobState.FAILED),
        ),
    )
    body = move_body(move)
    assert body["totals"] == {"billRuns": 2, "invoices": 5, "payments": 1, "ordersFailed": 1}
    assert body["summary"] == {
        "bill_run": {"done": 2},
        "scheduled_order": {"done": 1},
        "other": {"done": 1},
        "broken": {"failed": 1},
    }


def test_no_job_no_totals() -> None:
    assert move_body(ClockMove(_reading(1), _reading(2)))["totals"] == {}
