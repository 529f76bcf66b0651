"""An API in test mode over the suite's database, and disposable tenants made through it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from zorders.bootstrap import Container


def new_tenant(http: httpx.Client, **body: Any) -> dict[str, Any]:
    """POST /zorders/v1/tenants through `http` (a TestClient or a client of a running
    server), and a token for the tenant: the answer, with `headers` carrying the token."""
    body.setdefault("name", f"t-{uuid.uuid4().hex[:12]}")
    response = http.post("/zorders/v1/tenants", json=body)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    token = http.post(
        "/oauth/token",
        data={
            "client_id": created["clientId"],
            "client_secret": created["clientSecret"],
            "grant_type": "client_credentials",
        },
    )
    assert token.status_code == 200, token.text
    created["headers"] = {"Authorization": f"Bearer {token.json()['access_token']}"}
    return created


@dataclass
class SandboxApi:
    container: Container
    client: TestClient

    def new_tenant(self, **body: Any) -> dict[str, Any]:
        """POST /zorders/v1/tenants, and a token for the tenant (`headers`)."""
        return new_tenant(self.client, **body)


@pytest.fixture
def sandbox(container: Container, make_container: Any) -> Iterator[SandboxApi]:
    from tests.conftest import app_for

    c = make_container(test_mode=True)
    with TestClient(app_for(c), raise_server_exceptions=False) as client:
        yield SandboxApi(c, client)
