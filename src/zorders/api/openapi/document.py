"""`/openapi.json`: FastAPI's document of the routes (request models, parameters, enums,
required fields), completed with what the routes' signatures cannot tell (issue 16):

- the 200 answer of every operation the official client calls, as the client's own model
  (`responses.json`, written by `tools/openapi_responses.py` from zuora-sdk);
- the error answers each family really gives, in its envelope, with the statuses of the
  error table (`api/error_table.py`): never FastAPI's 422 `HTTPValidationError`, which the
  service does not answer (its validation errors are Zuora's 400s);
- the security schemes (the OAuth bearer token, Zuora's legacy key headers) and the form
  of `POST /oauth/token`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from zorders.api.error_table import ERRORS
from zorders.api.errors import api_family
from zorders.api.middleware.auth import PUBLIC_PATHS

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
REF = "#/components/schemas/"

# The answers of a batch query's file (`GET /v1/file/{file_id}`), by the job's format.
FILE_TYPES = ("text/csv", "application/zip", "application/gzip")

_REASON = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
}

ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    "ZuoraError": {
        "type": "object",
        "description": "A v1 error: `success` false and Zuora's 8-digit reason codes.",
        "required": ["success", "reasons"],
        "properties": {
            "success": {"type": "boolean", "const": False},
            "processId": {"type": ["string", "null"]},
            "requestId": {"type": ["string", "null"]},
            "reasons": {"type": "array", "minItems": 1, "items": _REASON},
        },
    },
    "AuthenticationError": {
        "type": "object",
        "description": "A 401: missing, unknown or expired credentials.",
        "required": ["message"],
        "properties": {"message": {"type": "string"}},
    },
    "CrudError": {
        "type": "object",
        "description": "An error of the CRUD and Actions families (`/v1/object`, `/v1/action`).",
        "required": ["Success", "Errors"],
        "properties": {
            "Success": {"type": "boolean", "const": False},
            "Errors": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["Code", "Message"],
                    "properties": {"Code": {"type": "string"}, "Message": {"type": "string"}},
                },
            },
        },
    },
    "ActionFault": {
        "type": "object",
        "description": "A query the Actions API cannot run (`/v1/action/query`, `queryMore`).",
        "required": ["faultcode", "faultstring"],
        "properties": {"faultcode": {"type": "string"}, "faultstring": {"type": "string"}},
    },
    "OAuthError": {
        "type": "object",
        "description": "An error of `POST /oauth/token`.",
        "required": ["code", "message"],
        "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
    },
    "V2Error": {
        "type": "object",
        "description": "An error of the v2 dialect.",
        "required": ["type", "errors", "retryable"],
        "properties": {
            "type": {"type": "string"},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": {"type": "string"},
                        "parameter": {"type": ["string", "null"]},
                        "message": {"type": "string"},
                    },
                },
            },
            "retryable": {"type": "boolean"},
        },
    },
}

SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "The access_token of `POST /oauth/token`.",
    },
    "oauth2": {
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": {}}},
    },
    "apiAccessKeyId": {"type": "apiKey", "in": "header", "name": "apiAccessKeyId"},
    "apiSecretAccessKey": {"type": "apiKey", "in": "header", "name": "apiSecretAccessKey"},
}
SECURITY: list[dict[str, list[str]]] = [
    {"bearerAuth": []},
    {"oauth2": []},
    {"apiAccessKeyId": [], "apiSecretAccessKey": []},
]

TOKEN_FORM = {
    "type": "object",
    "required": ["client_id", "client_secret", "grant_type"],
    "properties": {
        "client_id": {"type": "string", "minLength": 1},
        "client_secret": {"type": "string", "minLength": 1},
        "grant_type": {"type": "string", "enum": ["client_credentials"]},
    },
}

_NUMBER = {"anyOf": [{"type": "number"}, {"type": "null"}]}

# Where the service's answer is not of the type the client's model declares, and why
# (decisions.md OA2). The client reads both: its models are not validated strictly.
DEVIATIONS: dict[tuple[str, str], tuple[dict[str, Any], str]] = {
    ("Product", "productRatePlans"): (
        {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]},
        "an array of plans below Zuora-Version 230.0, the plans' URL from it",
    ),
    ("GetProductResponse", "productRatePlans"): (
        {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]},
        "an array of plans below Zuora-Version 230.0, the plans' URL from it",
    ),
    ("AccountSummaryBasicInfo", "balance"): (_NUMBER, "an amount: a JSON number"),
    ("AccountSummaryBasicInfo", "lastPaymentAmount"): (_NUMBER, "an amount: a JSON number"),
    ("GetSubscriptionRatePlanChargesWithAllSegments", "dmrc"): (_NUMBER, "an amount"),
    ("GetSubscriptionRatePlanChargesWithAllSegments", "dtcv"): (_NUMBER, "an amount"),
    ("AccountSummaryPaymentInvoice", "appliedPaymentAmount"): (_NUMBER, "an amount"),
    ("GetProductRatePlanChargeResponse", "BillingPeriod"): (
        {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "every billing period of the catalog (`Two Years`, ...), more than the client's enum",
    ),
    ("OrderActionAddProduct", "productRatePlanId"): (
        {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "the order's echo: null when the order named the plan by its number",
    ),
    ("FailedReason", "code"): (
        {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        "Zuora's 8-digit code, a JSON number (under `--business-errors http-200`)",
    ),
    ("GetChargeOverride", "productRateplanChargeId"): (
        {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "the order's echo: null when the order named the charge by its number",
    ),
    ("RatePlanOverride", "productRatePlanId"): (
        {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "the order's echo: null when the order named the plan by its number",
    ),
}

# Statuses no operation documents: 405 is an answer for a method a path does not have,
# and a 500 is a bug.
UNDOCUMENTED = frozenset({405, 500})

_DESCRIPTIONS = {
    400: "Bad request: a value is missing, malformed or breaks a rule.",
    401: "Authentication error.",
    403: "Not allowed for this tenant.",
    404: "No such object.",
    409: "A conflicting request holds the object, or an idempotency key is in use.",
    413: "The request body is too large.",
    422: "The idempotency key was used with another request.",
    429: "Too many requests: past a rate or concurrency limit of Zuora's (a tenant held to"
    " them), or too many failed token requests.",
}


@cache
def sdk_responses() -> dict[str, Any]:
    text = resources.files("zorders.api.openapi").joinpath("responses.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def operation_key(method: str, path: str) -> str:
    """How `responses.json` names an operation: parameters unnamed."""
    return f"{method.upper()} {re.sub(r'{[^}]+}', '{}', path)}"


def error_statuses(family: str) -> list[int]:
    if family == "oauth":
        return [400, 401, 413, 429]
    table = {spec.status for spec in ERRORS.values()}
    # 429: a tenant held to Zuora's limits (ZL1).
    return sorted((table | {401, 404, 413, 429}) - UNDOCUMENTED)


def _error_schema(family: str, status: int) -> str:
    if family == "v2":
        return "V2Error"
    if status == 401:
        return "AuthenticationError"
    return {"crud": "CrudError", "oauth": "OAuthError"}.get(family, "ZuoraError")


# Paths whose 400 is also the Actions API's fault body.
FAULT_PATHS = frozenset({"/v1/action/query", "/v1/action/queryMore"})


def _error_content(family: str, status: int, path: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"$ref": REF + _error_schema(family, status)}
    if status == 400 and path in FAULT_PATHS:
        schema = {"anyOf": [schema, {"$ref": REF + "ActionFault"}]}
    return _json(schema)


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {JSON: {"schema": schema}}


def _success(method: str, path: str, responses: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    model = sdk_responses()["operations"].get(operation_key(method, path))
    for status, answer in responses.items():
        if not status.startswith("2"):
            continue
        if status == "204":
            out[status] = {"description": "No content."}
        elif path == "/v1/file/{file_id}":
            body = {"type": "string", "format": "binary"}
            out[status] = {
                "description": "The query's file, in the job's format.",
                "content": {kind: {"schema": body} for kind in FILE_TYPES},
            }
        else:
            schema = SHAPES.get(operation_key(method, path), {"type": "object"})
            if model and status == "200":
                schema = {"$ref": REF + model}
            out[status] = {"description": answer.get("description", "OK"), "content": _json(schema)}
    return out


def _complete_operation(method: str, path: str, operation: dict[str, Any]) -> None:
    family = api_family(path)
    responses = _success(method, path, operation.get("responses", {}))
    if path not in PUBLIC_PATHS or family == "oauth":
        for status in error_statuses(family):
            responses[str(status)] = {
                "description": _DESCRIPTIONS[status],
                "content": _error_content(family, status, path),
            }
    operation["responses"] = responses
    if path in PUBLIC_PATHS:
        operation["security"] = []
    else:
        operation["security"] = SECURITY
    if path == "/oauth/token":
        operation["requestBody"] = {
            "required": True,
            "content": {FORM: {"schema": TOKEN_FORM}},
        }


def build(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    for path, item in document["paths"].items():
        for method, operation in item.items():
            _complete_operation(method, path, operation)
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    added = {**sdk_responses()["schemas"], **ERROR_SCHEMAS}
    clash = sorted(set(added) & set(schemas))
    if clash:
        raise RuntimeError(f"schema names both ours and the client's: {clash}")
    schemas.update(added)
    _deviate(schemas)
    components["securitySchemes"] = SECURITY_SCHEMES
    return document


# Custom fields hold scalars (the client's models say objects of objects).
CUSTOM_FIELDS = {"anyOf": [{"type": "object"}, {"type": "null"}]}

# The 200 answer of operations the client does not call, where it is not an object.
SHAPES: dict[str, dict[str, Any]] = {
    # The Actions API answers one result per subscribe item.
    "POST /v1/action/subscribe": {"type": "array", "items": {"type": "object"}},
}


def _deviate(schemas: dict[str, Any]) -> None:
    for schema in schemas.values():
        if "customFields" in schema.get("properties", {}):
            schema["properties"]["customFields"] = CUSTOM_FIELDS
    for (model, key), (schema, reason) in DEVIATIONS.items():
        target = schemas[model]
        target["properties"][key] = {**schema, "description": reason}
        if key in target.get("required", []):
            target["required"] = [k for k in target["required"] if k != key]


def install(app: FastAPI) -> None:
    """Serve `build(app)` at /openapi.json (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
