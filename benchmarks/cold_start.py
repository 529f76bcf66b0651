"""Cold start: from starting `zorders serve` (SQLite, already migrated, default tenant
already made) to its first successful `POST /oauth/token`, measured from a subprocess over
loopback, as an integrator's CI starts it. Also the import of `zorders.cli.main` alone, in a
fresh interpreter. `ZORDERS_BENCH_COLD_STARTS` sets the rounds (default 5). Nothing is
asserted; each server is stopped (SIGTERM, then killed after 10 s)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx2 as httpx
from tests.support.live import free_port

ROUNDS = int(os.environ.get("ZORDERS_BENCH_COLD_STARTS", "5"))
# A start that has not answered a token request by then is reported as failed.
_DEADLINE_SECONDS = 30.0


def _env(database_url: str, client_id: str, secret: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZORDERS_")}
    return env | {
        "ZORDERS_DATABASE_URL": database_url,
        "ZORDERS_DEFAULT_CLIENT_ID": client_id,
        "ZORDERS_DEFAULT_CLIENT_SECRET": secret,
        "ZORDERS_LOG_LEVEL": "WARNING",
    }


def _stop(process: subprocess.Popen[bytes]) -> float:
    """Stop the server; the CPU seconds it used in all (a figure the machine's other load
    disturbs less than the wall clock)."""
    if process.returncode is not None:  # it exited on its own (and was reaped)
        return 0.0
    process.terminate()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pid, _, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = 0
            return usage.ru_utime + usage.ru_stime
        time.sleep(0.01)
    process.kill()
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = -9
    return usage.ru_utime + usage.ru_stime


def _first_token(env: dict[str, str], client_id: str, secret: str) -> tuple[float, float]:
    """Seconds from spawning `zorders serve` to its first 200 on /oauth/token, and the CPU
    seconds the server used from start to exit."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "zorders", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = None
    try:
        with httpx.Client(timeout=5.0) as client:
            while elapsed is None and time.perf_counter() - start < _DEADLINE_SECONDS:
                if process.poll() is not None:
                    raise RuntimeError(f"zorders serve exited with {process.returncode}")
                try:
                    if client.post(f"{base}/oauth/token", data=form).status_code == 200:
                        elapsed = time.perf_counter() - start
                except httpx.HTTPError:
                    time.sleep(0.005)
    finally:
        cpu = _stop(process)
    if elapsed is None:
        raise RuntimeError(f"no token within {_DEADLINE_SECONDS} s")
    return elapsed, cpu


def _import_seconds() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import zorders.cli.main"], check=True)
    return time.perf_counter() - start


def _row(label: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    print(f"{label:<26} {len(ms):>4} {ms[0]:>8.1f} {statistics.median(ms):>9.1f} {ms[-1]:>8.1f}")


def main() -> None:
    client_id, secret = str(uuid.uuid4()), uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix="zorders-cold-") as tmp:
        env = _env(f"sqlite:///{Path(tmp) / 'cold.db'}", client_id, secret)
        # The first start migrates and makes the default tenant; the measured ones do not.
        _first_token(env, client_id, secret)
        starts = [_first_token(env, client_id, secret) for _ in range(ROUNDS)]
    imports = [_import_seconds() for _ in range(ROUNDS)]
    print("Cold start: `zorders serve` on a migrated SQLite database, from spawn to the first")
    print("successful POST /oauth/token (target < 1 s); and `import zorders.cli.main` alone")
    print(f"{'case':<26} {'n':>4} {'min ms':>8} {'median ms':>9} {'max ms':>8}")
    _row("serve -> first token", [wall for wall, _ in starts])
    _row("  server CPU, start->exit", [cpu for _, cpu in starts])
    _row("import zorders.cli.main", imports)


if __name__ == "__main__":
    main()
