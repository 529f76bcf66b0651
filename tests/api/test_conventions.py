"""Zuora's cross-cutting conventions (spec §1.3–1.7), through the HTTP stack."""

import gzip
import json
import logging

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session


def test_every_response_carries_a_fresh_request_id(client: TestClient, session: Session) -> None:
    responses = [
        client.get("/health"),
        client.get("/v1/test/version", headers=session.headers),
        client.get("/v1/test/version"),  # 401
        client.get("/v1/nowhere", headers=session.headers),  # 404
        client.delete("/v1/test/version", headers=session.headers),  # 405
        client.post("/v1/test/echo", headers=session.headers, json={}),  # 400
        client.get("/v1/test/boom", headers=session.headers),  # 500
    ]
    ids = [r.headers["zuora-request-id"] for r in responses]
    assert [r.status_code for r in responses] == [200, 200, 401, 404, 405, 400, 500]
    assert all(len(i) == 36 for i in ids)
    assert len(set(ids)) == len(ids)


def test_error_bodies_quote_their_request_id(client: TestClient, session: Session) -> None:
    response = client.get("/v1/nowhere", headers=session.headers)
    body = response.json()
    assert body["requestId"] == response.headers["zuora-request-id"]
    assert len(body["processId"]) == 16


def test_track_id_is_echoed(client: TestClient, session: Session) -> None:
    response = client.get(
        "/v1/test/version", headers=session.headers | {"Zuora-Track-Id": "trace-42/abc"}
    )
    assert response.headers["zuora-track-id"] == "trace-42/abc"
    assert "zuora-track-id" not in client.get("/health").headers
    # Echoed on errors too.
    denied = client.get("/v1/test/version", headers={"Zuora-Track-Id": "t1"})
    assert denied.status_code == 401
    assert denied.headers["zuora-track-id"] == "t1"


@pytest.mark.parametrize("bad", ["x" * 65, "a:b", "a;b", 'a"b', "a'b"])
def test_invalid_track_id_is_refused(client: TestClient, session: Session, bad: str) -> None:
    response = client.post("/v1/test/numbers", headers=session.headers | {"Zuora-Track-Id": bad})
    assert response.status_code == 400
    assert response.json()["reasons"][0]["code"] == 50001020
    assert "zuora-track-id" not in response.headers
    # Nothing ran: the tenant's first number is still free.
    assert client.post("/v1/test/numbers", headers=session.headers).json()["number"] == "A00000001"


def test_non_ascii_track_id_is_refused(client: TestClient, session: Session) -> None:
    response = client.get(
        "/v1/test/version",
        headers=session.headers | {"Zuora-Track-Id": "caf\xe9".encode("latin-1")},
    )
    assert response.status_code == 400
    assert response.json()["reasons"][0]["code"] == 50001020


def test_large_responses_are_gzipped_when_accepted(client: TestClient, session: Session) -> None:
    body = {"name": "n", "termType": "TERMED", "padding": 2000}
    big = client.post(
        "/v1/test/echo", headers=session.headers | {"Accept-Encoding": "gzip"}, json=body
    )
    assert big.status_code == 200
    assert big.headers["content-encoding"] == "gzip"
    assert big.json()["padding"] == "x" * 2000  # the client inflated it
    plain = client.post(
        "/v1/test/echo", headers=session.headers | {"Accept-Encoding": "identity"}, json=body
    )
    assert "content-encoding" not in plain.headers
    small = client.post(
        "/v1/test/echo",
        headers=session.headers | {"Accept-Encoding": "gzip"},
        json=body | {"padding": 10},
    )
    assert "content-encoding" not in small.headers


def test_gzip_request_bodies_are_read(client: TestClient, session: Session) -> None:
    payload = gzip.compress(json.dumps({"name": "zipped", "termType": "EVERGREEN"}).encode())
    response = client.post(
        "/v1/test/echo",
        headers=session.headers | {"Content-Encoding": "gzip", "Content-Type": "application/json"},
        content=payload,
    )
    assert response.status_code == 200
    assert response.json()["name"] == "zipped"


def test_broken_gzip_is_a_malformed_request(client: TestClient, session: Session) -> None:
    response = client.post(
        "/v1/test/echo",
        headers=session.headers | {"Content-Encoding": "gzip", "Content-Type": "application/json"},
        content=b"not gzip at all",
    )
    assert response.status_code == 400
    assert response.json()["reasons"][0]["code"] == 50000090


@pytest.mark.parametrize(
    ("header", "minor"),
    [(None, "186.0"), ("223.0", "223.0"), ("2025-08-12", "341.0"), ("999.0", "186.0")],
)
def test_zuora_version_reaches_the_routes(
    client: TestClient, session: Session, header: str | None, minor: str
) -> None:
    headers = session.headers | ({"Zuora-Version": header} if header else {})
    assert client.get("/v1/test/version", headers=headers).json() == {"minor": minor, "raw": header}


def test_malformed_json_is_category_90(client: TestClient, session: Session) -> None:
    response = client.post(
        "/v1/test/echo",
        headers=session.headers | {"Content-Type": "application/json"},
        content=b'{"name": "x",',
    )
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert [r["code"] for r in body["reasons"]] == [50000090]


def test_missing_and_invalid_fields(client: TestClient, session: Session) -> None:
    response = client.post(
        "/v1/test/echo", headers=session.headers, json={"termType": "FOREVER", "bogus": 1}
    )
    assert response.status_code == 400
    reasons = {(r["code"], r["message"]) for r in response.json()["reasons"]}
    assert reasons == {
        (50000022, "'name' may not be null"),
        (50000020, "'termType' value should be one of: TERMED, EVERGREEN"),
        (50000021, "'bogus' is not a recognized field"),
    }


def test_invalid_query_parameter(client: TestClient, session: Session) -> None:
    response = client.post("/v1/test/numbers?sleep=soon", headers=session.headers)
    assert response.status_code == 400
    assert response.json()["reasons"][0]["code"] == 50000027


def test_unknown_path_is_404(client: TestClient, session: Session) -> None:
    response = client.get("/v1/nowhere", headers=session.headers)
    assert response.status_code == 404
    body = response.json()
    assert body["success"] is False
    assert body["reasons"][0]["code"] == 50000040
    assert "/v1/nowhere" in body["reasons"][0]["message"]


def test_v2_paths_answer_in_the_v2_envelope(client: TestClient, session: Session) -> None:
    response = client.get("/v2/nowhere", headers=session.headers)
    assert response.status_code == 404
    body = response.json()
    assert body["type"] == "not_found"
    assert body["retryable"] is False
    assert body["errors"][0]["code"] == "not_found"


def test_wrong_method_is_405_category_45(client: TestClient, session: Session) -> None:
    response = client.put("/v1/test/numbers", headers=session.headers)
    assert response.status_code == 405
    assert response.json()["reasons"][0]["code"] == 50000045
    assert "POST" in response.headers["allow"]


def test_unexpected_errors_are_500_without_internals(
    client: TestClient, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="zorders.http"):
        response = client.get("/v1/test/boom", headers=session.headers)
    assert response.status_code == 500
    body = response.json()
    request_id = response.headers["zuora-request-id"]
    assert body["success"] is False
    assert body["reasons"][0]["code"] == 50000060
    assert request_id in body["reasons"][0]["message"]
    assert "secret internal detail" not in response.text
    assert "RuntimeError" not in response.text
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged, "the failure is logged"
    assert any("secret internal detail" in (r.exc_text or "") or r.exc_info for r in logged)


def test_access_log_carries_request_id_and_tenant(
    client: TestClient, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="zorders.http"):
        response = client.get("/v1/test/version", headers=session.headers)
    entries = [r for r in caplog.records if r.name == "zorders.http"]
    assert entries
    last = entries[-1]
    assert last.__dict__["tenant_id"] == session.tenant_id
    assert last.__dict__["status"] == 200
    from zorders.api.logs import JsonFormatter

    line = json.loads(JsonFormatter().format(last))
    assert line["path"] == "/v1/test/version"
    assert line["tenant_id"] == session.tenant_id
    assert last.__dict__["request_id"] == response.headers["zuora-request-id"]
