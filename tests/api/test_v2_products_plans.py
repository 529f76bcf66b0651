"""`/v2/products` and `/v2/plans`: create, read by id / SKU / number, list, patch, delete,
and the same objects read through the v1 catalog and the reverse."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from tests.conftest import Session
from tests.support import catalog as v1
from tests.support import v2_catalog as v2


def test_product_create_answers_the_v2_product(client: TestClient, session: Session) -> None:
    created = v2.product(
        client,
        session,
        sku="CD-1",
        type="base",
        description="Help desk",
        custom_fields={"Region__c": "EMEA"},
    )
    assert created["name"] == "CloudDesk"
    assert created["sku"] == "CD-1"
    assert created["type"] == "base"
    assert created["description"] == "Help desk"
    assert (created["start_date"], created["end_date"]) == ("2020-01-01", "2099-12-31")
    assert created["active"] is True
    assert created["custom_fields"] == {"Region__c": "EMEA"}
    assert created["created_time"].endswith("+00:00")  # ISO-8601 with its offset (QO10)
    # By id and by SKU.
    for key in (created["id"], "CD-1"):
        read = client.get(f"/v2/products/{key}", headers=session.headers)
        assert read.status_code == 200
        assert v2.body(read) == created


def test_product_defaults(client: TestClient, session: Session) -> None:
    created = v2.create(client, session, "/v2/products", {"name": "Bare"})
    assert created["sku"] == "SKU-00000001"
    assert created["start_date"] == datetime.now(UTC).date().isoformat()
    assert created["end_date"] == "2099-12-31"
    assert created["type"] is None
    assert created["description"] == ""
    assert created["custom_fields"] == {}


def test_product_patch_and_delete(client: TestClient, session: Session) -> None:
    created = v2.product(client, session, description="old", custom_fields={"Tier__c": "gold"})
    patched = client.patch(
        f"/v2/products/{created['id']}",
        headers=session.headers,
        json={"description": "new", "type": "add_on", "custom_fields": {"Owner__c": "ops"}},
    )
    assert patched.status_code == 200, patched.text
    after = v2.body(patched)
    assert (after["description"], after["type"], after["name"]) == ("new", "add_on", "CloudDesk")
    assert after["custom_fields"] == {"Tier__c": "gold", "Owner__c": "ops"}
    deleted = client.delete(f"/v2/products/{created['id']}", headers=session.headers)
    assert deleted.status_code == 204
    assert deleted.content == b""
    gone = v2.error(client.get(f"/v2/products/{created['id']}", headers=session.headers), 404)
    assert gone["type"] == "not_found"
    assert (gone["code"], gone["parameter"]) == ("resource_not_found", "product_id")


def test_v2_product_reads_in_v1_and_v1_product_in_v2(client: TestClient, session: Session) -> None:
    made_in_v2 = v2.product(client, session, sku="V2-1", type="other")
    listed = client.get("/v1/catalog/products", headers=session.headers).json()
    [row] = [p for p in listed["products"] if p["id"] == made_in_v2["id"]]
    assert (row["sku"], row["name"], row["category"]) == (
        "V2-1",
        "CloudDesk",
        "Miscellaneous Products",
    )
    assert (row["effectiveStartDate"], row["effectiveEndDate"]) == ("2020-01-01", "2099-12-31")
    made_in_v1 = v1.product(
        client, session, SKU="V1-1", Category="Add On Services", Description="From v1", Seats__c=5
    )
    read = v2.body(client.get(f"/v2/products/{made_in_v1}", headers=session.headers))
    assert (read["sku"], read["type"], read["description"]) == ("V1-1", "add_on", "From v1")
    assert read["custom_fields"] == {"Seats__c": 5}


def test_plan_create_read_patch_delete(client: TestClient, session: Session) -> None:
    product = v2.product(client, session)
    created = v2.plan(
        client,
        session,
        product["id"],
        plan_number="PLAN-1",
        description="Monthly",
        start_date="2021-01-01",
    )
    assert created["name"] == "Basic"
    assert created["product_id"] == product["id"]
    assert created["plan_number"] == "PLAN-1"
    assert created["active_currencies"] == ["USD", "EUR"]
    assert (created["start_date"], created["end_date"]) == ("2021-01-01", None)
    assert created["active"] is True
    for key in (created["id"], "PLAN-1"):
        assert v2.body(client.get(f"/v2/plans/{key}", headers=session.headers)) == created
    patched = client.patch(
        "/v2/plans/PLAN-1",
        headers=session.headers,
        json={"name": "Basic+", "end_date": "2021-06-01"},
    )
    assert patched.status_code == 200, patched.text
    assert (v2.body(patched)["name"], v2.body(patched)["active"]) == ("Basic+", False)
    # The v1 plan is the same object.
    crud = client.get(f"/v1/object/product-rate-plan/{created['id']}", headers=session.headers)
    assert crud.json()["Name"] == "Basic+"
    assert crud.json()["ProductRatePlanNumber"] == "PLAN-1"
    assert client.delete("/v2/plans/PLAN-1", headers=session.headers).status_code == 204
    assert v2.error(client.get("/v2/plans/PLAN-1", headers=session.headers), 404)["parameter"] == (
        "plan_id"
    )


def test_v1_plan_reads_in_v2_with_its_prices(client: TestClient, session: Session) -> None:
    product_id = v1.product(client, session)
    plan_id = v1.plan(client, session, product_id, ProductRatePlanNumber="P-9")
    charge_id = v1.charge(client, session, plan_id)
    read = v2.body(
        client.get(f"/v2/plans/{plan_id}?expand[]=prices&expand[]=product", headers=session.headers)
    )
    assert read["plan_number"] == "P-9"
    assert read["product"]["id"] == product_id
    [price] = read["prices"]["data"]
    assert price["id"] == charge_id
    assert price["charge_model"] == "per_unit"


def test_unknown_product_id_in_a_plan_body(client: TestClient, session: Session) -> None:
    response = client.post(
        "/v2/plans", headers=session.headers, json={"name": "Lost", "product_id": "nope"}
    )
    problem = v2.error(response, 400)
    assert problem["type"] == "bad_request"
    assert (problem["code"], problem["parameter"]) == ("resource_not_found", "product_id")
    assert v2.body(client.get("/v2/plans", headers=session.headers))["data"] == []


def test_bad_product_and_plan_bodies(client: TestClient, session: Session) -> None:
    cases = [
        ("/v2/products", {"sku": "X"}, "missing_parameter", "name"),
        ("/v2/products", {"name": "X", "colour": "red"}, "unknown_parameter", "colour"),
        ("/v2/products", {"name": "X", "type": "gadget"}, "invalid_parameter", "type"),
        (
            "/v2/products",
            {"name": "X", "start_date": "2021-01-02", "end_date": "2021-01-01"},
            "invalid_parameter",
            "end_date",
        ),
        (
            "/v2/products",
            {"name": "X", "custom_fields": {"Region": "EMEA"}},
            "invalid_parameter",
            "custom_fields.Region",
        ),
        ("/v2/plans", {"name": "X"}, "missing_parameter", "product_id"),
    ]
    for path, payload, code, parameter in cases:
        problem = v2.error(client.post(path, headers=session.headers, json=payload), 400)
        assert (problem["code"], problem["parameter"]) == (code, parameter), payload
    assert v2.body(client.get("/v2/products", headers=session.headers))["data"] == []
    product = v2.product(client, session)
    bad_currency = client.post(
        "/v2/plans",
        headers=session.headers,
        json={"name": "X", "product_id": product["id"], "active_currencies": ["DOLLARS"]},
    )
    assert v2.error(bad_currency, 400)["parameter"] == "active_currencies"
    v2.plan(client, session, product["id"], plan_number="DUP")
    duplicate = client.post(
        "/v2/plans",
        headers=session.headers,
        json={"name": "X", "product_id": product["id"], "plan_number": "DUP"},
    )
    problem = v2.error(duplicate, 409)
    assert (problem["type"], problem["code"], problem["parameter"]) == (
        "conflict",
        "in_use",
        "plan_number",
    )


def test_product_list_pages_filters_sorts_and_expands(client: TestClient, session: Session) -> None:
    ids = [
        v2.product(client, session, name=name, sku=f"S-{name}")["id"]
        for name in ("Beta", "Alpha", "Gamma")
    ]
    plan = v2.plan(client, session, ids[0])
    v2.price(client, session, plan["id"])
    first = v2.body(client.get("/v2/products?page_size=2", headers=session.headers))
    assert [p["id"] for p in first["data"]] == [ids[2], ids[1]]  # newest first
    assert first["next_page"]
    second = v2.body(
        client.get(f"/v2/products?page_size=2&cursor={first['next_page']}", headers=session.headers)
    )
    assert ([p["id"] for p in second["data"]], second["next_page"]) == ([ids[0]], None)
    by_name = v2.body(
        client.get("/v2/products?sort[]=name.asc&fields[]=name,sku", headers=session.headers)
    )
    assert by_name["data"] == [
        {"id": ids[1], "name": "Alpha", "sku": "S-Alpha"},
        {"id": ids[0], "name": "Beta", "sku": "S-Beta"},
        {"id": ids[2], "name": "Gamma", "sku": "S-Gamma"},
    ]
    filtered = v2.body(
        client.get(
            "/v2/products?filter[]=sku.EQ:S-Beta&expand[]=plans.prices"
            "&plans.fields[]=name&prices.fields[]=name,unit_amounts",
            headers=session.headers,
        )
    )
    [beta] = filtered["data"]
    assert beta["id"] == ids[0]
    [plan_view] = beta["plans"]["data"]
    assert plan_view["name"] == "Basic"
    assert set(plan_view) == {"id", "name", "prices"}
    [price_view] = plan_view["prices"]["data"]
    assert set(price_view) == {"id", "name", "unit_amounts"}
    assert price_view["unit_amounts"] == {"EUR": 11, "USD": 12.5}


def test_bad_list_queries(client: TestClient, session: Session) -> None:
    for query, parameter in (
        ("page_size=0", "page_size"),
        ("page_size=100", "page_size"),
        ("fields[]=colour", "fields[]"),
        ("filter[]=colour.EQ:red", "filter[]"),
        ("cursor=not-a-cursor", "cursor"),
        ("expand[]=subscriptions", "expand[]"),
    ):
        problem = v2.error(client.get(f"/v2/products?{query}", headers=session.headers), 400)
        assert problem["parameter"] == parameter, query


def test_plan_list_filters_by_product(client: TestClient, session: Session) -> None:
    one, two = v2.product(client, session), v2.product(client, session)
    a = v2.plan(client, session, one["id"], name="A")
    v2.plan(client, session, two["id"], name="B")
    listed = v2.body(
        client.get(f"/v2/plans?filter[]=product_id.EQ:{one['id']}", headers=session.headers)
    )
    assert [p["id"] for p in listed["data"]] == [a["id"]]


def test_idempotency_key_replays_a_create(client: TestClient, session: Session) -> None:
    headers = {**session.headers, "idempotency-key": "make-product-1"}
    first = client.post("/v2/products", headers=headers, json={"name": "Once"})
    again = client.post("/v2/products", headers=headers, json={"name": "Once"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    listed = v2.body(client.get("/v2/products", headers=session.headers))
    assert [p["id"] for p in listed["data"]] == [first.json()["id"]]


def test_a_taken_sku_is_a_conflict(client: TestClient, session: Session) -> None:
    v2.product(client, session, sku="ONE")
    again = client.post("/v2/products", headers=session.headers, json={"name": "X", "sku": "ONE"})
    problem = v2.error(again, 409)
    assert (problem["type"], problem["code"], problem["parameter"]) == ("conflict", "in_use", "sku")
    renamed = client.patch("/v2/products/ONE", headers=session.headers, json={"name": None})
    assert v2.error(renamed, 400)["parameter"] == "name"


def test_related_filters_on_a_single_plan(client: TestClient, session: Session) -> None:
    product = v2.product(client, session)
    plan = v2.plan(client, session, product["id"])
    seats = v2.price(client, session, plan["id"])
    v2.create(client, session, "/v2/prices",
              {"name": "Setup", "plan_id": plan["id"], "amounts": {"USD": 10}})  # fmt: skip
    read = v2.body(
        client.get(
            f"/v2/plans/{plan['id']}?expand[]=prices&filter[]=prices[charge_type].EQ:recurring",
            headers=session.headers,
        )
    )
    assert [p["id"] for p in read["prices"]["data"]] == [seats["id"]]


def test_a_priced_currency_stays_and_a_deleted_product_takes_its_plans(
    client: TestClient, session: Session
) -> None:
    product = v2.product(client, session)
    plan = v2.plan(client, session, product["id"])
    price = v2.price(client, session, plan["id"])
    dropped = client.patch(
        f"/v2/plans/{plan['id']}", headers=session.headers, json={"active_currencies": ["USD"]}
    )
    problem = v2.error(dropped, 409)
    assert (problem["code"], problem["parameter"]) == ("in_use", "active_currencies")
    assert (
        client.delete(f"/v2/products/{product['id']}", headers=session.headers).status_code == 204
    )
    assert client.get(f"/v2/plans/{plan['id']}", headers=session.headers).status_code == 404
    assert client.get(f"/v2/prices/{price['id']}", headers=session.headers).status_code == 404


def test_a_product_filters_its_plans(client: TestClient, session: Session) -> None:
    product = v2.product(client, session)
    v2.plan(client, session, product["id"], name="Old")
    new = v2.plan(client, session, product["id"], name="New")
    v2.price(client, session, new["id"])
    read = v2.body(
        client.get(
            f"/v2/products/{product['id']}?expand[]=plans.prices&filter[]=plans[name].EQ:New"
            "&plans.fields[]=name",
            headers=session.headers,
        )
    )
    [plan] = read["plans"]["data"]
    assert (plan["id"], plan["name"]) == (new["id"], "New")
    assert [p["name"] for p in plan["prices"]["data"]] == ["Seats"]


def test_headers_on_v2_catalog_routes(client: TestClient, session: Session) -> None:
    """zuora-track-id is echoed, a gzipped body is read and a large answer gzipped."""
    raw = gzip.compress(json.dumps({"name": "Zipped", "description": "d" * 400}).encode())
    created = client.post(
        "/v2/products",
        headers=session.headers
        | {"zuora-track-id": "v2-cat-1", "content-encoding": "gzip",
           "content-type": "application/json"},
        content=raw,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    assert created.headers["zuora-track-id"] == "v2-cat-1"
    for index in range(5):
        v2.product(client, session, name=f"P{index}", description="x" * 300)
    listed = client.get("/v2/products", headers=session.headers | {"accept-encoding": "gzip"})
    assert listed.headers["content-encoding"] == "gzip"
    assert len(listed.json()["data"]) == 6


def test_service_messages_speak_v2(client: TestClient, session: Session) -> None:
    response = client.post(
        "/v2/products",
        headers=session.headers,
        json={"name": "X", "start_date": "2021-01-02", "end_date": "2021-01-01"},
    )
    problem = v2.error(response, 400)
    assert problem["message"] == "end_date 2021-01-01 is before start_date 2021-01-02."
