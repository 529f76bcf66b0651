"""Disposable tenants: the time to create one (POST /zorders/v1/tenants), get a token for
it (POST /oauth/token) and delete it (DELETE /zorders/v1/tenants/{id}), in process through
the ASGI app (no network), in test mode; with and without the demo catalog. Median and p95
of N rounds after 3 warm-up rounds, on SQLite and, when reachable, PostgreSQL.
`ZORDERS_BENCH_TENANTS` sets N (default 50)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from fastapi.testclient import TestClient
from tests.support import databases

from zorders.bootstrap import build
from zorders.settings import Settings

ROUNDS = int(os.environ.get("ZORDERS_BENCH_TENANTS", "50"))
WARM_UP = 3
DEMO = (Path(__file__).parents[1] / "examples" / "catalog.yaml").read_text()


def _round(client: TestClient, catalog: str | None) -> tuple[float, float, float]:
    body: dict[str, object] = {"name": f"bench-{uuid.uuid4().hex[:12]}"}
    if catalog is not None:
        body["catalog"] = catalog
    t0 = time.perf_counter()
    created = client.post("/zorders/v1/tenants", json=body)
    t1 = time.perf_counter()
    assert created.status_code == 200, created.text
    c = created.json()
    token = client.post(
        "/oauth/token",
        data={
            "client_id": c["clientId"],
            "client_secret": c["clientSecret"],
            "grant_type": "client_credentials",
        },
    )
    t2 = time.perf_counter()
    assert token.status_code == 200, token.text
    deleted = client.delete(f"/zorders/v1/tenants/{c['tenantId']}")
    t3 = time.perf_counter()
    assert deleted.status_code == 200, deleted.text
    return (t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000


def _run(backend: str, url: str) -> None:
    container = build(Settings(database_url=url, test_mode=True))
    container.migrate()
    try:
        with TestClient(container.app()) as client:
            for label, catalog in (("empty", None), ("demo catalog", DEMO)):
                for _ in range(WARM_UP):
                    _round(client, catalog)
                rounds = [_round(client, catalog) for _ in range(ROUNDS)]
                totals = sorted(sum(r) for r in rounds)
                medians = [statistics.median(r[i] for r in rounds) for i in range(3)]
                p95 = totals[max(0, int(len(totals) * 0.95) - 1)]
                print(
                    f"{backend:<11} {label:<13} {ROUNDS:>6} {medians[0]:>9.1f} {medians[1]:>9.1f}"
                    f" {medians[2]:>9.1f} {statistics.median(totals):>9.1f} {p95:>9.1f}"
                )
    finally:
        container.close()


def main() -> None:
    print("Disposable tenants: create + token + delete, ms per round (median; p95 of the total)")
    print(
        f"{'backend':<11} {'tenant':<13} {'rounds':>6} {'create':>9} {'token':>9}"
        f" {'delete':>9} {'total':>9} {'p95':>9}"
    )
    tmp = Path(tempfile.mkdtemp(prefix="zorders-bench-"))
    _run("sqlite", f"sqlite:///{tmp / 'tenants.db'}")
    if databases.postgres_unavailable_reason() is None:
        url = databases.create_postgres_database()
        try:
            _run("postgresql", url)
        finally:
            databases.drop_postgres_database(url)


if __name__ == "__main__":
    main()
