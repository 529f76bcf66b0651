"""`zorders serve` as a real subprocess, for tests through the official client."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tests.support.live import free_port


@dataclass
class RunningServer:
    base_url: str
    process: subprocess.Popen[str]
    # What the process printed on stdout, filled in when it has stopped.
    output: list[str]

    @property
    def stdout(self) -> str:
        return "".join(self.output)


def zorders_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZORDERS_")}
    env.update(values)
    return env


@contextmanager
def zorders_server(database_url: str, *serve_args: str, **settings: str) -> Iterator[RunningServer]:
    port = free_port()
    env = zorders_env(ZORDERS_DATABASE_URL=database_url, **settings)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zorders",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *serve_args,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    running = RunningServer(base_url, process, [])
    deadline = time.monotonic() + 30
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"zorders serve exited with {process.returncode}")
            try:
                with urllib.request.urlopen(f"{base_url}/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("zorders serve did not become healthy in 30 s")
            time.sleep(0.1)
        yield running
    finally:
        process.terminate()
        try:
            out, _ = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
        running.output.append(out or "")
