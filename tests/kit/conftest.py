"""The integrator's kit (zorders.testing) tested with pytest's own `pytester`: inner test
runs in a temporary directory that use the plugin as a team would, against a real
`zorders serve` (given by ZORDERS_URL, on each backend) or one the plugin starts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.server import RunningServer, zorders_server
from zorders.testing.http import ZordersError, call

DEMO_CATALOG = Path(__file__).parents[2] / "examples" / "catalog.yaml"


@pytest.fixture(scope="module")
def kit_server(database_url: str) -> Iterator[RunningServer]:
    """A test-mode server over the suite's database, shared by a module's inner runs."""
    with zorders_server(database_url, ZORDERS_TEST_MODE="1") as server:
        yield server


@pytest.fixture
def inner(
    pytester: pytest.Pytester, kit_server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> pytest.Pytester:
    """A pytester whose runs find the shared server in ZORDERS_URL, as a CI service's."""
    monkeypatch.setenv("ZORDERS_URL", kit_server.base_url)
    monkeypatch.delenv("ZORDERS_ADMIN_TOKEN", raising=False)
    return pytester


def records(pytester: pytest.Pytester) -> list[dict[str, Any]]:
    """What the inner tests wrote with `record(...)` (see RECORD), in the order they ran."""
    path = pytester.path / "records.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


# Source for inner test files: `record(tenant, **extra)` appends a tenant's facts to
# records.jsonl, for the outer test to check after the run (e.g. that it was deleted).
RECORD = """
import json, os, pathlib

def record(tenant, **extra):
    line = {"tenantId": tenant.tenant_id, "clientId": tenant.client_id,
            "clientSecret": tenant.client_secret, "baseUrl": tenant.base_url, **extra}
    with (pathlib.Path(__file__).parent / "records.jsonl").open("a") as f:
        f.write(json.dumps(line, default=str) + "\\n")
"""


def can_sign_in(record: dict[str, Any]) -> bool:
    """Whether the recorded tenant's credentials still give a token (a deleted tenant's
    do not: 401)."""
    try:
        call(
            "POST",
            f"{record['baseUrl']}/oauth/token",
            form={
                "client_id": record["clientId"],
                "client_secret": record["clientSecret"],
                "grant_type": "client_credentials",
            },
        )
    except ZordersError as error:
        if error.status == 401:
            return False
        raise
    return True
