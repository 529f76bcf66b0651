"""AQuA (issue 14, decisions ZQ7-ZQ9): `POST /v1/batch-query/` records a job, the worker
runs its queries into CSV files, `GET /v1/batch-query/jobs/{id}` follows it and
`GET /v1/file/{fileId}` answers each file."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_zoql import make_account
from tests.conftest import Session, app_for
from zorders.api.response_keys import keys_of
from zorders.bootstrap import Container
from zorders.services.jobs import Worker


@pytest.fixture
def lazy(container: Container) -> Iterator[TestClient]:
    """A client whose requests leave the jobs they record to `work()`."""
    with TestClient(app_for(container), raise_server_exceptions=False) as c:
        yield c


def work(container: Container) -> None:
    Worker(container.uow_factory, container.wall_clock).run_until_idle()


def submit(client: TestClient, session: Session, **body: Any) -> dict[str, Any]:
    response = client.post("/v1/batch-query/", headers=session.headers, json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def job(client: TestClient, session: Session, job_id: str) -> dict[str, Any]:
    response = client.get(f"/v1/batch-query/jobs/{job_id}", headers=session.headers)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_a_job_end_to_end(lazy: TestClient, container: Container, session: Session) -> None:
    first = make_account(lazy, session, "Acme, Inc.", notes='say "hi"')
    second = make_account(lazy, session, "Beta", billCycleDay=5)
    submitted = submit(
        lazy,
        session,
        format="csv",
        version="1.1",
        name="Nightly",
        queries=[
            {
                "name": "accounts",
                "query": "select AccountNumber, Name, BillCycleDay, Notes from Account "
                "where BillCycleDay >= 1",
                "type": "zoqlexport",
            },
            {"name": "fives", "query": "select Name from Account where BillCycleDay = 5"},
        ],
    )
    assert submitted["status"] == "submitted"
    assert [b["status"] for b in submitted["batches"]] == ["pending", "pending"]
    assert submitted["format"] == "CSV" and submitted["version"] == "1.1"
    assert submitted["name"] == "Nightly"
    assert job(lazy, session, submitted["id"])["status"] == "submitted"
    work(container)
    done = job(lazy, session, submitted["id"])
    assert done["status"] == "completed"
    # Every key of the client's model, null when empty.
    assert set(keys_of("GetBatchQueryJobResponse")) <= set(done)
    assert (done["partner"], done["localizedStatus"]) == (None, "completed")
    accounts, fives = done["batches"]
    assert (accounts["status"], accounts["recordCount"], accounts["batchType"]) == (
        "completed",
        2,
        "zoqlexport",
    )
    assert (fives["recordCount"], fives["batchType"], fives["name"]) == (1, "zoql", "fives")
    response = lazy.get(f"/v1/file/{accounts['fileId']}", headers=session.headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = sorted(response.text.splitlines()[1:])
    assert response.text.splitlines()[0] == (
        "Account.AccountNumber,Account.Name,Account.BillCycleDay,Account.Notes"
    )
    assert lines == sorted(
        [
            f'{first["accountNumber"]},"Acme, Inc.",1,"say ""hi"""',
            f"{second['accountNumber']},Beta,5,",
        ]
    )
    fives_file = lazy.get(f"/v1/file/{fives['fileId']}", headers=session.headers)
    assert fives_file.text == "Name\nBeta\n"
    # The official client's path.
    assert lazy.get(f"/v1/files/{fives['fileId']}", headers=session.headers).text == fives_file.text


def test_zip_and_gzip_files_and_null_replacement(client: TestClient, session: Session) -> None:
    make_account(client, session, "Acme")
    text = "select Name, Notes from Account"
    zipped = submit(
        client,
        session,
        format="zip",
        nullReplacement="NULL",
        queries=[{"name": "a", "query": text}],
    )
    done = job(client, session, zipped["id"])
    assert done["status"] == "completed"
    raw = client.get(f"/v1/file/{done['batches'][0]['fileId']}", headers=session.headers)
    with zipfile.ZipFile(io.BytesIO(raw.content)) as archive:
        assert archive.read("a.csv").decode() == "Name,Notes\nAcme,NULL\n"
    gzipped = submit(client, session, format="gzip", queries=[{"query": text}])
    done = job(client, session, gzipped["id"])
    raw = client.get(f"/v1/file/{done['batches'][0]['fileId']}", headers=session.headers)
    assert gzip.decompress(raw.content).decode() == "Name,Notes\nAcme,\n"


def test_a_refused_query_is_an_error_batch(client: TestClient, session: Session) -> None:
    submitted = submit(
        client,
        session,
        queries=[
            {"name": "good", "query": "select Id from Account"},
            {"name": "bad", "query": "select Nope from Account"},
        ],
    )
    done = job(client, session, submitted["id"])
    assert done["status"] == "error"
    good, bad = done["batches"]
    assert (good["status"], good["recordCount"]) == ("completed", 0)
    assert bad["status"] == "error"
    assert bad["message"] == "invalid field for query: Account.Nope"
    assert bad["fileId"] is None


def test_bad_bodies_and_other_tenants(
    client: TestClient, session: Session, new_session: Callable[[], Session]
) -> None:
    for body in (
        {},
        {"queries": []},
        {"queries": [{"query": "select Id from Account"}], "format": "xml"},
        {"queries": [{"query": "select Id from Account", "type": "sql"}]},
        {"queries": [{"query": ""}]},
        {"queries": [{"query": "select Id from Account"}], "name": "x" * 33},
    ):
        response = client.post("/v1/batch-query/", headers=session.headers, json=body)
        assert response.status_code == 400, body
        assert response.json()["success"] is False
    make_account(client, session, "Mine")
    submitted = submit(client, session, queries=[{"query": "select Name from Account"}])
    file_id = job(client, session, submitted["id"])["batches"][0]["fileId"]
    other = new_session()
    assert (
        client.get(f"/v1/batch-query/jobs/{submitted['id']}", headers=other.headers).status_code
        == 404
    )
    assert client.get(f"/v1/file/{file_id}", headers=other.headers).status_code == 404
    assert client.get("/v1/file/nothing", headers=session.headers).status_code == 404
    # The other tenant's own job sees only its rows.
    theirs = submit(client, other, queries=[{"query": "select Name from Account"}])
    their_file = job(client, other, theirs["id"])["batches"][0]["fileId"]
    assert client.get(f"/v1/file/{their_file}", headers=other.headers).text == "Name\n"
