"""A tenant's data is never visible to another tenant."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.conftest import Session


def test_each_tenant_has_its_own_numbers(
    client: TestClient, new_session: Callable[[], Session]
) -> None:
    a, b = new_session(), new_session()
    assert client.post("/v1/test/numbers", headers=a.headers).json()["number"] == "A00000001"
    assert client.post("/v1/test/numbers", headers=a.headers).json()["number"] == "A00000002"
    assert client.post("/v1/test/numbers", headers=b.headers).json()["number"] == "A00000001"


def test_idempotency_keys_belong_to_one_tenant(
    client: TestClient, new_session: Callable[[], Session]
) -> None:
    a, b = new_session(), new_session()
    key = {"Idempotency-Key": "shared-key"}
    first = client.post("/v1/test/numbers", headers=a.headers | key)
    assert first.json()["number"] == "A00000001"
    # Another tenant's request with the same key is a request of its own, not a replay.
    other = client.post("/v1/test/numbers", headers=b.headers | key)
    assert other.status_code == 200
    assert other.json()["requestId"] != first.json()["requestId"]
    assert client.post("/v1/test/numbers", headers=b.headers).json()["number"] == "A00000002"
