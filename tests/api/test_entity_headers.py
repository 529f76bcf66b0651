"""`Zuora-Entity-Ids` and `Zuora-Org-Ids` (issue 9; decisions.md E1-E4).

A token is valid for its tenant's one entity and one org: naming them is fine, leaving
the headers out is fine, naming any other refuses the call with 403 (category 10) before
the route runs, on every route and in each family's envelope.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session, login
from zorders.bootstrap import Container
from zorders.services import tenants

ENTITY, ORG = "Zuora-Entity-Ids", "Zuora-Org-Ids"


def test_the_tenants_own_entity_and_org_are_accepted(client: TestClient, session: Session) -> None:
    creds = session.credentials
    assert str(uuid.UUID(creds.entity_id)) == creds.entity_id
    assert str(uuid.UUID(creds.org_id)) == creds.org_id
    for extra in (
        {},
        {ENTITY: creds.entity_id},
        {ENTITY: creds.entity_id.upper()},
        {ORG: creds.org_id},
        {ENTITY: creds.entity_id, ORG: f" {creds.org_id} , {creds.org_id}"},
        {ENTITY: ""},
    ):
        response = client.get("/v1/orders", headers=session.headers | extra)
        assert response.status_code == 200, (extra, response.text)


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/v1/orders", "GET"),
        ("/v1/orders", "POST"),
        ("/v1/accounts/A-NOPE", "GET"),
        ("/v1/no-such-route", "GET"),
    ],
)
def test_another_entity_is_refused_on_every_route(
    client: TestClient, new_session: Callable[[], Session], path: str, method: str
) -> None:
    mine, other = new_session(), new_session()
    response = client.request(
        method, path, headers=mine.headers | {ENTITY: other.credentials.entity_id}, json={}
    )
    assert response.status_code == 403, response.text
    body = response.json()
    assert body["success"] is False
    [reason] = body["reasons"]
    assert reason["code"] == 50001210
    assert "Zuora-Entity-Ids" in reason["message"]
    assert body["requestId"] == response.headers["zuora-request-id"]


def test_a_chosen_entity_id_is_the_one_accepted(client: TestClient, container: Container) -> None:
    """An integration that sends its Zuora entity id keeps working (decisions.md E9)."""
    entity = str(uuid.uuid4())
    creds = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"t-{uuid.uuid4().hex[:12]}", entity_id=entity
    )
    session = login(client, creds)
    assert client.get("/v1/orders", headers=session.headers | {ENTITY: entity}).status_code == 200
    own_form = str(uuid.UUID(hex=creds.tenant_id))
    refused = client.get("/v1/orders", headers=session.headers | {ENTITY: own_form})
    assert refused.status_code == 403
    token = client.post(
        "/oauth/token",
        data={
            "client_id": creds.client_id,
            "client_secret": creds.client_secret or "",
            "grant_type": "client_credentials",
        },
    )
    assert token.json()["scope"].startswith(f"entity.{entity} tenant.{creds.tenant_id} ")


def test_another_org_is_refused(client: TestClient, new_session: Callable[[], Session]) -> None:
    mine, other = new_session(), new_session()
    both = f"{mine.credentials.org_id},{other.credentials.org_id}"
    response = client.get("/v1/orders", headers=mine.headers | {ORG: both})
    assert response.status_code == 403, response.text
    assert response.json()["reasons"][0]["code"] == 50001310
    # An entity id is not an org id.
    response = client.get("/v1/orders", headers=mine.headers | {ORG: mine.credentials.entity_id})
    assert response.status_code == 403


def test_refusal_writes_nothing_and_is_not_an_idempotent_answer(
    client: TestClient, session: Session
) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    refused = client.post(
        "/v1/accounts",
        headers=session.headers | key | {ENTITY: str(uuid.uuid4())},
        json={"name": "Acme", "currency": "USD", "billCycleDay": 1},
    )
    assert refused.status_code == 403
    # The same key with the right entity runs the request: the refusal was not stored.
    accepted = client.post(
        "/v1/accounts",
        headers=session.headers | key,
        json={
            "name": "Acme",
            "currency": "USD",
            "billCycleDay": 1,
            "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
        },
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["success"] is True


def test_envelopes_of_the_other_families(client: TestClient, session: Session) -> None:
    wrong = {ENTITY: str(uuid.uuid4())}
    crud = client.get("/v1/object/product/" + "0" * 32, headers=session.headers | wrong)
    assert crud.status_code == 403
    assert crud.json()["Success"] is False
    v2 = client.get("/v2/orders", headers=session.headers | wrong)
    assert v2.status_code == 403
    assert v2.json()["type"] == "forbidden"


def test_without_a_token_the_answer_is_401(client: TestClient) -> None:
    response = client.get("/v1/orders", headers={ENTITY: str(uuid.uuid4())})
    assert response.status_code == 401
    token = client.post(
        "/oauth/token",
        data={"client_id": "x" * 36, "client_secret": "y", "grant_type": "client_credentials"},
        headers={ENTITY: str(uuid.uuid4())},
    )
    assert token.status_code == 401
