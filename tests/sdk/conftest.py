"""The official client against a real zorders server, with the demo catalog loaded."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from zuora_sdk import Configuration
from zuora_sdk.zuora_client import ZuoraClient

from tests.support.server import zorders_env, zorders_server

DEMO = str(Path(__file__).parents[2] / "examples" / "catalog.yaml")


@pytest.fixture(scope="module")
def sdk(database_url: str) -> Iterator[ZuoraClient]:
    """One server per test module, signed in with its own client id."""
    client_id, client_secret = str(uuid.uuid4()), f"sdk-secret-{uuid.uuid4().hex[:12]}"
    with zorders_server(
        database_url,
        ZORDERS_DEFAULT_CLIENT_ID=client_id,
        ZORDERS_DEFAULT_CLIENT_SECRET=client_secret,
    ) as server:
        # The default tenant may exist already (other modules share the database): load
        # the demo catalog into it explicitly, as an upsert.
        loaded = subprocess.run(
            [sys.executable, "-m", "zorders", "catalog", "load", DEMO],
            env=zorders_env(ZORDERS_DATABASE_URL=database_url),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert loaded.returncode == 0, loaded.stderr
        client = ZuoraClient(
            client_id, client_secret, env=None, config=Configuration(host=server.base_url)
        )
        # One token and no refresh thread: `initialize()`'s thread costs 5 s at
        # `stop_auto_auth()` (KT3); test_official_client covers initialize().
        client.refresh_token()
        assert client.token["access_token"]
        yield client
