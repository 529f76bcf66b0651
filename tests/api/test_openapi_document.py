"""`/openapi.json` tells the truth (issue 16): every route is described, with the answers
it really gives. The fuzz suite (`tests/fuzz`) checks the answers against it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from zorders.api.app import create_app
from zorders.api.openapi.document import DEVIATIONS, sdk_responses
from zorders.bootstrap import build
from zorders.settings import Settings

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def app() -> Any:
    container = build(Settings(database_url="sqlite://"))
    yield create_app(container.api_dependencies())
    container.close()


@pytest.fixture(scope="module")
def document(app: Any) -> dict[str, Any]:
    with TestClient(app) as client:
        answer = client.get("/openapi.json")
    assert answer.status_code == 200
    return answer.json()  # type: ignore[no-any-return]


def _routes(app: Any) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    pending = list(app.router.routes)
    while pending:
        route = pending.pop()
        if isinstance(route, APIRoute):
            if route.include_in_schema:
                found.update((m.lower(), route.path) for m in route.methods)
            continue
        inner = getattr(getattr(route, "original_router", None), "routes", None)
        pending.extend(inner or ())
    return found


def test_every_route_is_described(app: Any, document: dict[str, Any]) -> None:
    described = {(m, p) for p, item in document["paths"].items() for m in item}
    assert _routes(app) - described == set()
    assert len(described) >= 140


def test_no_operation_declares_an_answer_the_service_never_gives(
    document: dict[str, Any],
) -> None:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            assert "500" not in statuses and "405" not in statuses, (method, path)
            for status, answer in operation["responses"].items():
                for content in answer.get("content", {}).values():
                    assert content["schema"] != {"type": "string"} or path == "/v1/file/{file_id}"
                if status.startswith("2") and status != "204":
                    assert answer["content"], (method, path)
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_error_answers_are_in_each_familys_envelope(document: dict[str, Any]) -> None:
    paths = document["paths"]
    ref = "#/components/schemas/"

    def schema(path: str, method: str, status: str) -> Any:
        return paths[path][method]["responses"][status]["content"]["application/json"]["schema"]

    assert schema("/v1/orders", "post", "400") == {"$ref": ref + "ZuoraError"}
    assert schema("/v1/orders", "post", "401") == {"$ref": ref + "AuthenticationError"}
    assert schema("/v1/orders/{order_number}", "get", "404") == {"$ref": ref + "ZuoraError"}
    assert schema("/v2/orders", "post", "400") == {"$ref": ref + "V2Error"}
    assert schema("/v2/orders", "post", "401") == {"$ref": ref + "V2Error"}
    assert schema("/v1/object/product/{id}", "get", "404") == {"$ref": ref + "CrudError"}
    assert schema("/oauth/token", "post", "429") == {"$ref": ref + "OAuthError"}
    assert schema("/v1/orders", "post", "429") == {"$ref": ref + "ZuoraError"}


def test_the_client_s_operations_answer_the_client_s_models(document: dict[str, Any]) -> None:
    ok = document["paths"]["/v1/orders/{order_number}"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/GetOrderResponse"
    }
    schemas = document["components"]["schemas"]
    order = schemas["GetOrderResponse"]["properties"]
    assert set(order) >= {"order", "success", "processId", "reasons"}
    # Every model an answer refers to is in the document.
    text = str(document)
    for name in sdk_responses()["schemas"]:
        assert name in schemas
    assert "#/components/schemas/" in text
    for model, key in DEVIATIONS:
        assert "description" in schemas[model]["properties"][key]


def test_security_and_the_token_form(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The access_token of `POST /oauth/token`.",
    }
    assert schemes["oauth2"]["flows"]["clientCredentials"]["tokenUrl"] == "/oauth/token"
    token = document["paths"]["/oauth/token"]["post"]
    assert token["security"] == []
    form = token["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert form["required"] == ["client_id", "client_secret", "grant_type"]
    assert form["properties"]["grant_type"]["enum"] == ["client_credentials"]
    assert document["paths"]["/health"]["get"]["security"] == []
    assert {"bearerAuth": []} in document["paths"]["/v1/orders"]["post"]["security"]


def test_the_client_s_models_are_what_the_tool_makes() -> None:
    made = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "openapi_responses.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert made.returncode == 0, "src/zorders/api/openapi/responses.json is stale: " + (
        made.stdout + made.stderr
    )
