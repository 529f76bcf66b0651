"""A real uvicorn server in a background thread, for tests that need true concurrency."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_in_thread(app: FastAPI) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def bearer(http: Any, client_id: str, client_secret: str | None) -> dict[str, str]:
    """The Authorization header of a fresh token from a live server (`http` has its base
    URL)."""
    token = http.post(
        "/oauth/token",
        data={
            "client_id": client_id,
            "client_secret": client_secret or "",
            "grant_type": "client_credentials",
        },
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}
