"""The integrator's kit (issue 18): what the pytest plugin costs a team's suite.

- Start: `zorders.testing.start()` (a `zorders serve` subprocess in test mode over a new
  SQLite file, until /health answers), STARTS times.
- Per test, as pytest counts it (setup + call + teardown, from its JUnit XML): a suite of
  N empty tests, run by pytest in a subprocess against the started server
  (ZORDERS_URL), once per fixture: no fixture, `zuora_tenant`, `zuora_tenant` with the
  demo catalog (examples/catalog.yaml, 3 products), `zuora_tenant` with the example
  suite's catalog (2 plans), and `zuora_client`. The overhead is the median less the
  no-fixture median.
- The official client's import (`import zuora_sdk`), once per session, in a new process.

`ZORDERS_BENCH_KIT_TESTS` sets N (default 40)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from zorders.testing import start

ROOT = Path(__file__).parents[1]
TESTS = int(os.environ.get("ZORDERS_BENCH_KIT_TESTS", "40"))
STARTS = 3
SUITES = {
    "no fixture": ("", ""),
    "zuora_tenant": ("zuora_tenant", ""),
    "zuora_tenant, demo catalog": ("zuora_tenant", str(ROOT / "examples" / "catalog.yaml")),
    "zuora_tenant, example catalog": (
        "zuora_tenant",
        str(ROOT / "examples" / "integration-tests" / "catalog.yaml"),
    ),
    "zuora_client (and its tenant)": ("zuora_client", ""),
}


def _suite(folder: Path, fixture: str, catalog: str) -> str:
    marker = f"@pytest.mark.zuora_tenant(catalog={catalog!r})\n" if catalog else ""
    tests = "".join(f"\n{marker}def test_{i}({fixture}):\n    pass\n" for i in range(TESTS))
    path = folder / "test_suite.py"
    path.write_text("import pytest\n" + tests)
    return str(path)


def _per_test_ms(url: str, fixture: str, catalog: str) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        suite = _suite(Path(folder), fixture, catalog)
        report = Path(folder) / "junit.xml"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-W",
                "ignore::DeprecationWarning",
                f"--junitxml={report}",
                suite,
            ],
            cwd=folder,
            env={**os.environ, "ZORDERS_URL": url},
            check=True,
            capture_output=True,
        )
        cases = ET.parse(report).getroot().iter("testcase")
        # The first test pays one-time costs (the client's import): left out.
        return sorted(float(case.attrib["time"]) * 1000 for case in list(cases)[1:])


def _import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import zuora_sdk; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    starts = []
    for _ in range(STARTS):
        began = time.perf_counter()
        server = start()
        starts.append(time.perf_counter() - began)
        server.stop()
    median = statistics.median(starts)
    print(f"server start (zorders.testing.start, {STARTS} times): median {median:.2f} s")
    with start() as server:
        rows = {name: _per_test_ms(server.base_url, *suite) for name, suite in SUITES.items()}
    base = statistics.median(rows["no fixture"])
    print(f"\nper test ({TESTS} tests a run, the first left out), ms:")
    print("| fixture | p50 | p95 | overhead p50 |")
    print("|---|---|---|---|")
    for name, times in rows.items():
        p50 = statistics.median(times)
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {p50 - base:.1f} |")
    print(f"\nimport zuora_sdk (once per session): {_import_seconds():.1f} s")


if __name__ == "__main__":
    main()
