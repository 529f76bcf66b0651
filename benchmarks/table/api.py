"""A small synchronous client of the running service, for the set-up calls around the
timed phases (tokens, accounts, a subscription to amend, bill runs, clock moves)."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx

from benchmarks.table.payloads import NEW
from benchmarks.table.server import CLIENT_ID, CLIENT_SECRET


def token(base_url: str, client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> str:
    response = httpx.post(
        f"{base_url}/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        timeout=30,
    )
    if response.status_code != 200:
        raise RuntimeError(f"token: {response.status_code} {response.text[:300]}")
    value: str = response.json()["access_token"]
    return value


class Api:
    def __init__(self, base_url: str, bearer: str | None = None) -> None:
        headers = NEW | ({"Authorization": f"Bearer {bearer}"} if bearer else {})
        self.base_url = base_url
        self.headers = headers
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=600)

    @classmethod
    def login(cls, base_url: str, client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> Api:
        return cls(base_url, token(base_url, client_id, secret))

    def call(self, method: str, path: str, body: Any = None) -> Any:
        response = self.http.request(method, path, json=body)
        if response.status_code != 200 or b'"success":false' in response.content:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:500]}")
        return response.json()

    def close(self) -> None:
        self.http.close()
