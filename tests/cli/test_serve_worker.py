"""`zorders serve` runs a worker in its process unless `--no-worker` (issue 11)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from tests.support.server import RunningServer, zorders_env, zorders_server


def _call(server: RunningServer, method: str, path: str, token: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        server.base_url + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _token(server: RunningServer, client_id: str, secret: str) -> str:
    form = urllib.parse.urlencode(
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    ).encode()
    with urllib.request.urlopen(server.base_url + "/oauth/token", data=form, timeout=10) as r:
        token: str = json.loads(r.read())["access_token"]
    return token


def _status(server: RunningServer, token: str, run_id: str) -> str:
    status: str = _call(server, "GET", f"/v1/bill-runs/{run_id}", token)["status"]
    return status


def test_serve_executes_bill_runs_and_no_worker_leaves_them_to_a_worker(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    client_id, secret = str(uuid.uuid4()), "serve-worker-secret"
    creds = {"ZORDERS_DEFAULT_CLIENT_ID": client_id, "ZORDERS_DEFAULT_CLIENT_SECRET": secret}
    with zorders_server(url, "--no-worker", **creds) as server:
        token = _token(server, client_id, secret)
        idle = _call(server, "POST", "/v1/bill-runs", token, {"targetDate": "2025-01-01"})
        time.sleep(1.5)  # three poll intervals of a worker, had there been one
        assert _status(server, token, idle["id"]) == "Pending"
    assert "worker stopped" not in server.stdout
    ran = subprocess.run(
        [sys.executable, "-m", "zorders", "worker", "--once"],
        env=zorders_env(ZORDERS_DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[-1] == "1 job(s) run"
    with zorders_server(url, **creds, ZORDERS_WORKER_POLL_MS="50") as server:
        token = _token(server, client_id, secret)
        assert _status(server, token, idle["id"]) == "Completed"
        run = _call(server, "POST", "/v1/bill-runs", token, {"targetDate": "2025-02-01"})
        deadline = time.monotonic() + 20
        while _status(server, token, run["id"]) == "Pending" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _status(server, token, run["id"]) == "Completed"
    # Stopped (uvicorn re-raises the SIGTERM it handled), its worker first.
    assert server.stdout.rstrip().endswith("zorders worker stopped")
