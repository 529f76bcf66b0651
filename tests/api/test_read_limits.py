"""Values of a read's path and query that the database could not hold (issue 16, found by
the fuzz suite): a 400, never a 500 (decisions.md OA6)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Session


def test_a_page_past_the_limit_is_refused_on_every_v1_list(
    client: TestClient, session: Session
) -> None:
    """A page whose row offset would overflow a database integer (found by the fuzz suite:
    `GET /v1/orders?page=24440914785863221248` answered 500) is a 400, on every list."""
    for path in ("/v1/orders", "/v1/catalog/products", "/v1/payments"):
        bad = client.get(f"{path}?page=24440914785863221248", headers=session.headers)
        assert bad.status_code == 400, (path, bad.text)
        assert bad.json()["reasons"][0] == {
            "code": 50000027,
            "message": "'page' must be 1,000,000 or less",
        }
        assert client.get(f"{path}?page=1000000", headers=session.headers).status_code == 200


def test_a_version_past_a_database_integer_is_refused(client: TestClient, session: Session) -> None:
    """Found by the fuzz suite: `GET /v1/subscriptions/X/versions/3351107438048` answered
    500 on PostgreSQL (integer out of range). Versions are 1 to 2,147,483,647."""
    for version in ("3351107438048", "0"):
        bad = client.get(f"/v1/subscriptions/S-1/versions/{version}", headers=session.headers)
        assert bad.status_code == 400, bad.text
        assert bad.json()["reasons"][0]["code"] == 50000020
        bad = client.put(
            f"/v1/subscriptions/S-1/versions/{version}/customFields",
            headers=session.headers,
            json={"customFields": {}},
        )
        assert bad.status_code == 400, bad.text
    missing = client.get("/v1/subscriptions/S-1/versions/2147483647", headers=session.headers)
    assert missing.status_code == 404, missing.text
