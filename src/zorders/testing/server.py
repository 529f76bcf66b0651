"""The zorders server a test session talks to: `zorders serve` started in a subprocess on a
free port over a throwaway SQLite file in test mode, or one already running, named by
`ZORDERS_URL` (a CI service, a shared dev server)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from zorders.testing.http import ZordersError, call

# How long a started server may take to answer /health.
START_TIMEOUT_S = 60.0


@dataclass
class ZordersServer:
    """A zorders server in test mode: disposable tenants and movable clocks."""

    base_url: str
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    _workdir: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)

    @property
    def started_here(self) -> bool:
        return self.process is not None

    def log(self) -> str:
        """What the server started here printed (empty for a server given by URL)."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

    def __enter__(self) -> ZordersServer:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()


def connect(url: str) -> ZordersServer:
    """A server that is already running: checked with /health, never stopped by the kit.
    It must be in test mode (ZORDERS_TEST_MODE=1), or its tenants' clocks cannot move."""
    server = ZordersServer(url.rstrip("/"))
    try:
        health = call("GET", f"{server.base_url}/health", timeout=10)
    except ZordersError as error:
        raise ZordersError(f"the zorders server at {url} does not answer: {error}") from None
    if not isinstance(health, dict) or health.get("testMode") is not True:
        raise ZordersError(
            f"the zorders server at {url} is not in test mode: start it with"
            " ZORDERS_TEST_MODE=1 (its tenants' clocks cannot move otherwise)"
        )
    return server


def start(
    *,
    workdir: Path | None = None,
    extra_env: dict[str, str] | None = None,
    python: str = sys.executable,
) -> ZordersServer:
    """`zorders serve` in test mode on a free port of 127.0.0.1, over a new SQLite file in
    `workdir` (a temporary directory, removed on stop, when none is given). The
    environment's own ZORDERS_* variables are not passed on: the server is the kit's."""
    owned = None
    if workdir is None:
        owned = tempfile.TemporaryDirectory(prefix="zorders-")
        workdir = Path(owned.name)
    workdir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZORDERS_")}
    env.update(
        ZORDERS_DATABASE_URL=f"sqlite:///{workdir / 'zorders.db'}",
        ZORDERS_TEST_MODE="1",
        ZORDERS_LOG_LEVEL="WARNING",
        **(extra_env or {}),
    )
    log_path = workdir / "zorders-serve.log"
    last_error = ""
    # A free port can be taken between our check and the server's bind: try again then.
    for _attempt in range(3):
        port = _free_port()
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [python, "-m", "zorders", "serve", "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                cwd=workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        server = ZordersServer(
            f"http://127.0.0.1:{port}", process=process, log_path=log_path, _workdir=owned
        )
        if _wait_healthy(server):
            return server
        server._workdir = None
        server.stop()
        last_error = server.log()
    if owned is not None:
        owned.cleanup()
    raise ZordersError(f"zorders serve did not start; it printed:\n{last_error[-4000:]}")


def _wait_healthy(server: ZordersServer) -> bool:
    assert server.process is not None
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            call("GET", f"{server.base_url}/health", timeout=2)
            return True
        except ZordersError:
            time.sleep(0.05)
    return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
