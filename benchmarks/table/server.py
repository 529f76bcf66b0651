"""The service as users run it: `zorders serve` and `zorders worker` as subprocesses of the
interpreter running the bench, on 127.0.0.1, stopped with SIGTERM like any deployment."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).parents[2]
CATALOG = ROOT / "examples" / "catalog.yaml"
# The default tenant's fixed credentials, so the load process knows them in advance.
CLIENT_ID = "b3c1a3f0-5e3c-4f4e-9d55-000000000015"
CLIENT_SECRET = "bench-secret-issue-15"
PG_BASE = os.environ.get("ZORDERS_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


@dataclass
class Service:
    base_url: str
    database_url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def service_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZORDERS_")}
    env |= {
        "ZORDERS_DATABASE_URL": database_url,
        "ZORDERS_DEFAULT_CLIENT_ID": CLIENT_ID,
        "ZORDERS_DEFAULT_CLIENT_SECRET": CLIENT_SECRET,
        "ZORDERS_LOG_LEVEL": "WARNING",
    }
    return env | extra


def spawn_serve(
    database_url: str, log_dir: Path, *args: str, env: dict[str, str] | None = None
) -> Service:
    port = free_port()
    log = log_dir / f"serve-{port}.log"
    command = [sys.executable, "-m", "zorders", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--demo-catalog", str(CATALOG), *args]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=service_env(database_url, **(env or {})), cwd=ROOT, stdout=out, stderr=out
        )
    return Service(f"http://127.0.0.1:{port}", database_url, process, log)


def wait_healthy(service: Service, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if service.process.poll() is not None:
            raise RuntimeError(f"zorders serve exited: {service.log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{service.base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("zorders serve did not become healthy")
        time.sleep(0.02)


def wait_api_processes(service: Service, count: int, timeout: float = 60.0) -> None:
    """Until each of `--workers N` processes has started its app (its own startup line;
    the load must not meet a process still importing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.log.read_text(errors="replace").count("Application startup complete") >= count:
            return
        time.sleep(0.05)
    raise RuntimeError(f"{count} API processes did not start")


def stop(process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def serving(database_url: str, log_dir: Path, *args: str, workers: int = 1) -> Iterator[Service]:
    """A healthy `zorders serve` (INFO logs, so the API processes' startup can be seen)."""
    extra = ("--workers", str(workers)) if workers > 1 else ()
    service = spawn_serve(database_url, log_dir, *args, *extra, env={"ZORDERS_LOG_LEVEL": "INFO"})
    try:
        wait_healthy(service)
        wait_api_processes(service, workers)
        yield service
    finally:
        stop(service.process)


@contextmanager
def job_workers(database_url: str, log_dir: Path, count: int) -> Iterator[list[int]]:
    """`count` `zorders worker` processes; yields their pids. They poll every 50 ms so a
    run's start is not a poll interval late (PF5)."""
    processes = []
    env = service_env(database_url, ZORDERS_WORKER_POLL_MS="50")
    try:
        for n in range(count):
            with (log_dir / f"worker-{n}.log").open("wb") as out:
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "zorders", "worker"],
                        env=env,
                        cwd=ROOT,
                        stdout=out,
                        stderr=out,
                    )
                )
        for n in range(count):
            _wait_for(log_dir / f"worker-{n}.log", "polling for due work")
        yield [p.pid for p in processes]
    finally:
        for p in processes:
            stop(p)


def _wait_for(log: Path, text: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{log.name}: no {text!r}")
        time.sleep(0.05)


def peak_rss_kb(pid: int) -> int:
    """The process's high-water resident set (VmHWM), in kB."""
    return _status_kb(pid, "VmHWM")


def rss_kb(pid: int) -> int:
    """The process's resident set now (VmRSS), in kB."""
    return _status_kb(pid, "VmRSS")


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def sqlite_file(directory: Path, name: str) -> str:
    return f"sqlite:///{directory / f'{name}.db'}"


def postgres_reachable() -> bool:
    try:
        with psycopg.connect(PG_BASE, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one part of the run, dropped after."""
    name = f"zorders_bench_{os.getpid()}_{int(time.time() * 1000) % 10**8}"
    with psycopg.connect(PG_BASE, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(PG_BASE).set(drivername="postgresql+psycopg", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(PG_BASE, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def scratch_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="zorders-bench-"))
