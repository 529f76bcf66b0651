"""`zorders serve --workers N` (issue 15): N API processes on one port, set up once by the
parent, which also runs the only embedded job worker (PF1); on SQLite and PostgreSQL."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_serve_worker import _call, _status, _token
from tests.support import databases
from tests.support.server import zorders_server


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database nobody has migrated yet: `serve` must set it up before its processes fork."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workers.db'}"
        return
    reason = databases.postgres_unavailable_reason()
    if reason is not None:
        if databases.postgres_required():
            pytest.fail(reason)
        pytest.skip(reason)
    url = databases.create_postgres_database()
    try:
        yield url
    finally:
        databases.drop_postgres_database(url)


def _api_processes(pid: int) -> list[str]:
    """Command lines of the server's children that serve requests (not the resource
    tracker multiprocessing also starts)."""
    children: list[str] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "spawn_main" in cmdline:
                children.append(cmdline)
    return children


def test_two_api_processes_answer_authenticated_requests(fresh_database: str) -> None:
    client_id, secret = str(uuid.uuid4()), "serve-workers-secret"
    creds = {"ZORDERS_DEFAULT_CLIENT_ID": client_id, "ZORDERS_DEFAULT_CLIENT_SECRET": secret}
    with zorders_server(fresh_database, "--workers", "2", "--pool-size", "3", **creds) as server:
        assert len(_api_processes(server.process.pid)) == 2
        token = _token(server, client_id, secret)
        numbers = []
        for i in range(6):  # new connections each: the kernel spreads them over both
            account = {
                "name": f"Workers {i}",
                "currency": "USD",
                "billCycleDay": 1,
                "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
            }
            numbers.append(_call(server, "POST", "/v1/accounts", token, account)["accountNumber"])
        assert len(set(numbers)) == 6
        for number in numbers:
            assert _call(server, "GET", f"/v1/accounts/{number}", token)["basicInfo"]["name"]
        # The parent's embedded worker executes due work.
        run = _call(server, "POST", "/v1/bill-runs", token, {"targetDate": "2025-01-01"})
        deadline = time.monotonic() + 30
        while _status(server, token, run["id"]) != "Completed":
            assert time.monotonic() < deadline, "the bill run was not executed"
            time.sleep(0.1)
    assert server.process.returncode == 0
    assert "2 API processes" in server.stdout
    assert server.stdout.count("zorders worker stopped") == 1
