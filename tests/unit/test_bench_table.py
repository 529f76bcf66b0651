"""The bench table's bookkeeping (issue 15): targets and verdicts, sizes from the
environment, the JSON it writes and the table it keeps in docs/performance.md. No timing
is asserted anywhere: benchmarks are not tests."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from benchmarks.table import report
from benchmarks.table.load import Phase, run
from benchmarks.table.settings import FULL, QUICK, load
from benchmarks.table.verdict import TARGETS, Measured, shown, verdict

DOC = f"""# Performance

before
{report.START}
| old | table |
{report.END}
after
"""


def test_every_row_of_the_issue_has_a_target() -> None:
    assert list(TARGETS) == [
        "order_p50",
        "order_ratio",
        "pg_ratio",
        "order_50",
        "amend_ratio",
        "bill_rate",
        "bill_cost_ratio",
        "bill_memory_ratio",
        "clock_year",
        "cold_start",
    ]


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("order_p50", 5.0, "meets"),  # at most 5 ms: the limit itself meets
        ("order_p50", 5.01, "misses"),
        ("order_ratio", 0.25, "meets"),  # at least 0.25
        ("order_ratio", 0.2499, "misses"),
        ("bill_rate", 500.0, "meets"),
        ("bill_rate", 76.0, "misses"),
        ("cold_start", 1.0, "misses"),  # strictly under a second
        ("cold_start", 0.99, "meets"),
        ("amend_ratio", float("nan"), "not measured"),
        ("pg_ratio", None, "not measured"),
    ],
)
def test_verdicts(key: str, value: float | None, expected: str) -> None:
    assert verdict(key, Measured(value)) == expected


def test_an_unmeasured_row_shows_a_dash() -> None:
    assert verdict("clock_year", None) == "not measured"
    assert shown("clock_year", None) == "—"
    assert shown("order_p50", Measured(14.43)) == "14.4 ms"
    assert shown("bill_rate", Measured(512.3)) == "512 invoices/s"


def test_the_table_is_replaced_between_its_markers_only() -> None:
    updated = report.replace_between_markers(DOC, "| new | table |\n")
    assert updated == DOC.replace("| old | table |", "| new | table |")
    # Again: the same document, not a second table.
    assert report.replace_between_markers(updated, "| new | table |") == updated


def test_a_document_without_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="markers"):
        report.replace_between_markers("# Performance\n", "| t |")


def test_sizes_come_from_the_environment_over_the_mode_defaults() -> None:
    assert load({}) == FULL
    assert load({"ZORDERS_BENCH_QUICK": "1"}) == QUICK
    assert load({"ZORDERS_BENCH_QUICK": "1", "ZORDERS_BENCH_BILL_LARGE": "5000"}) == replace(
        QUICK, bill_large=5000
    )
    assert load({"ZORDERS_BENCH_SECONDS": "2.5"}).seconds == 2.5
    with pytest.raises(SystemExit, match="ZORDERS_BENCH_CLIENTS"):
        load({"ZORDERS_BENCH_CLIENTS": "many"})


def _write(tmp_path: Path, quick: bool) -> tuple[Path, Path]:
    results, doc = tmp_path / "results" / "latest.json", tmp_path / "performance.md"
    doc.write_text(DOC)
    figures = {"order_p50": Measured(3.2, "p99 4 ms"), "bill_rate": Measured(None, "failed: x")}
    about = {"cores": "2", "python": "3.11"}
    report.write(figures, QUICK if quick else FULL, about, 12.0, results=results, doc=doc)
    return results, doc


def test_a_full_run_writes_the_json_and_the_documents_table(tmp_path: Path) -> None:
    results, doc = _write(tmp_path, quick=False)
    written = json.loads(results.read_text())
    assert written["mode"] == "full"
    assert written["machine"] == {"cores": "2", "python": "3.11"}
    rows = {r["key"]: r for r in written["rows"]}
    assert len(rows) == len(TARGETS)
    assert (rows["order_p50"]["value"], rows["order_p50"]["verdict"]) == (3.2, "meets")
    assert rows["bill_rate"]["verdict"] == "not measured"
    assert rows["clock_year"]["now"] == "—"
    text = doc.read_text()
    assert "| old | table |" not in text
    assert "| simple order p50, one client, SQLite | 14.4 ms | 3.20 ms | ≤ 5 ms | meets |" in text
    assert "Machine: cores 2, python 3.11." in text
    assert text.startswith("# Performance\n\nbefore\n") and text.endswith("after\n")


def test_a_quick_run_leaves_the_document_alone(tmp_path: Path) -> None:
    results, doc = _write(tmp_path, quick=True)
    assert json.loads(results.read_text())["mode"] == "quick"
    assert doc.read_text() == DOC


def test_the_load_generator_targets_only_the_loopback_address() -> None:
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        run([Phase(name="x", url="http://example.com/health")])
