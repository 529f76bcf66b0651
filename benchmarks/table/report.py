"""The table: printed, written to bench/results/latest.json, and (for a full run) kept
between the markers of docs/performance.md with the machine it was measured on."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.table.settings import BenchSettings
from benchmarks.table.verdict import TARGETS, Measured, shown, verdict

ROOT = Path(__file__).parents[2]
RESULTS = ROOT / "bench" / "results" / "latest.json"
DOC = ROOT / "docs" / "performance.md"
START = "<!-- bench:table:start -->"
END = "<!-- bench:table:end -->"


def machine(postgres_version: str | None) -> dict[str, str]:
    return {
        "cores": str(os.cpu_count()),
        "memory": _memory(),
        "cpu": _cpu(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version or "not reachable",
    }


def rows(figures: dict[str, Measured]) -> list[dict[str, Any]]:
    out = []
    for key, target in TARGETS.items():
        m = figures.get(key)
        out.append(
            {
                "key": key,
                "figure": target.label,
                "before": target.before,
                "now": shown(key, m),
                "value": None if m is None else m.value,
                "target": target.text(),
                "verdict": verdict(key, m),
                "note": "" if m is None else m.note,
            }
        )
    return out


def markdown(table: list[dict[str, Any]]) -> str:
    lines = [
        "| figure | before (issue) | now | target | verdict | measured as |",
        "|---|---|---|---|---|---|",
    ]
    for r in table:
        cells = [r["figure"], r["before"], r["now"], r["target"], r["verdict"], r["note"]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def text(table: list[dict[str, Any]]) -> str:
    width = max(len(r["figure"]) for r in table)
    lines = [f"{'figure':<{width}}  {'now':>16}  {'target':<24} verdict"]
    for r in table:
        lines.append(
            f"{r['figure']:<{width}}  {r['now']:>16}  {r['target']:<24} {r['verdict']}"
            + (f"\n{'':<{width}}    {r['note']}" if r["note"] else "")
        )
    return "\n".join(lines)


def replace_between_markers(document: str, block: str) -> str:
    """`document` with what lies between the table markers replaced by `block` (the markers
    are kept; without them the document is refused, not appended to)."""
    start, end = document.find(START), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the document has no {START} ... {END} markers")
    return document[: start + len(START)] + "\n" + block.strip() + "\n" + document[end:]


def doc_block(
    table: list[dict[str, Any]], about: dict[str, str], settings: BenchSettings, took: float
) -> str:
    mode = "QUICK" if settings.quick else "full"
    machine_line = ", ".join(f"{k} {v}" for k, v in about.items())
    return (
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC ({mode} mode, {took:.0f} s;"
        f" small/large bill runs {settings.bill_small}/{settings.bill_large} accounts,"
        f" amendments to {settings.amend_versions} versions).\n"
        f"Machine: {machine_line}.\n\n" + markdown(table)
    )


def write(
    figures: dict[str, Measured],
    settings: BenchSettings,
    about: dict[str, str],
    took: float,
    *,
    results: Path = RESULTS,
    doc: Path = DOC,
) -> list[dict[str, Any]]:
    table = rows(figures)
    print(text(table))
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "mode": "quick" if settings.quick else "full",
                "seconds": round(took, 1),
                "machine": about,
                "settings": asdict(settings),
                "rows": table,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {results.relative_to(ROOT) if results.is_relative_to(ROOT) else results}")
    # The document keeps the last full table; a quick one goes there only when asked (PF8).
    if not settings.quick or os.environ.get("ZORDERS_BENCH_DOCS") == "1":
        doc.write_text(
            replace_between_markers(doc.read_text(), doc_block(table, about, settings, took))
        )
        print(f"updated {doc.relative_to(ROOT) if doc.is_relative_to(ROOT) else doc}")
    sys.stdout.flush()
    return table


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
