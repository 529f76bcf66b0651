"""The unchanged official client (PyPI zuora-sdk 3.21.0) against a real `zorders serve`."""

from __future__ import annotations

import json
import uuid

import pytest
from zuora_sdk import ApiClient, Configuration, OrdersApi
from zuora_sdk.exceptions import NotFoundException, UnauthorizedException
from zuora_sdk.zuora_client import ZuoraClient

from tests.support.server import zorders_server

CLIENT_ID = str(uuid.uuid4())
CLIENT_SECRET = "sdk-test-secret-0123456789"


@pytest.fixture(scope="module")
def server(database_url: str):  # type: ignore[no-untyped-def]
    with zorders_server(
        database_url,
        ZORDERS_DEFAULT_CLIENT_ID=CLIENT_ID,
        ZORDERS_DEFAULT_CLIENT_SECRET=CLIENT_SECRET,
    ) as running:
        yield running


def test_official_client_logs_in_and_calls_the_api(server) -> None:  # type: ignore[no-untyped-def]
    client = ZuoraClient(
        CLIENT_ID, CLIENT_SECRET, env=None, config=Configuration(host=server.base_url)
    )
    try:
        client.initialize()
        token = client.token["access_token"]
        assert token is not None and len(token) == 32
        assert not client.is_token_expired()
        # An authenticated call: the token is accepted (no 401), and the answer is
        # Zuora's 404 envelope for an order that does not exist.
        with pytest.raises(NotFoundException) as info:
            client.orders_api().get_order("O-00000001")
        assert info.value.status == 404
        body = json.loads(info.value.body)
        assert body["success"] is False
        assert body["reasons"][0]["code"] == 53000040
        assert "O-00000001" in body["reasons"][0]["message"]
        assert len(info.value.headers["Zuora-Request-Id"]) == 36
    finally:
        client.stop_auto_auth()


def test_official_client_without_a_token_is_refused(server) -> None:  # type: ignore[no-untyped-def]
    api = OrdersApi(ApiClient(Configuration(host=server.base_url)))
    with pytest.raises(UnauthorizedException) as info:
        api.get_order("O-00000001")
    assert info.value.status == 401
    assert json.loads(info.value.body) == {"message": "Authentication error"}


def test_official_client_with_a_wrong_secret_gets_no_token(server) -> None:  # type: ignore[no-untyped-def]
    client = ZuoraClient(
        CLIENT_ID, "not-the-secret", env=None, config=Configuration(host=server.base_url)
    )
    client.set_retry_config(1, 1)
    try:
        client.initialize()
        assert client.token["access_token"] is None
    finally:
        client.stop_auto_auth()
