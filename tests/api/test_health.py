from fastapi.testclient import TestClient

from zorders import __version__


def test_health_needs_no_token_and_checks_the_database(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "UP"
    assert body["version"] == __version__
    assert body["database"]["status"] == "up"
    assert body["database"]["backend"] in ("sqlite", "postgresql")
    assert len(response.headers["zuora-request-id"]) == 36
