"""Errors on the wire: the envelope of each API family, built from the table from ErrorCode
to (8-digit Zuora code, HTTP status) in `api/error_table.py` (re-exported here).

HTTP status: business errors of the Orders family answer 400 with `success: false`, as
Zuora's OpenAPI declares and the official client expects (decisions.md #1); 401, 404,
405, 409, 422 and 500 keep their HTTP meaning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from zorders.api.error_table import ERRORS, RETRYABLE_CATEGORIES, Category, ErrorSpec
from zorders.domain.errors import ErrorCode

__all__ = [
    "AUTHENTICATION_ERROR_MESSAGE",
    "ERRORS",
    "Category",
    "ErrorSpec",
    "Reason",
    "api_family",
    "error_body",
    "error_headers",
    "error_status",
    "validation_reasons",
]


@dataclass(frozen=True)
class Reason:
    error: ErrorCode
    message: str
    field: str | None = None

    @property
    def spec(self) -> ErrorSpec:
        return ERRORS[self.error]


# Value of WWW-Authenticate on every 401 (spec §1.4).
WWW_AUTHENTICATE = "Basic realm=Zuora API, ZSession realm=Zuora API, Bearer realm=Zuora API"
AUTHENTICATION_ERROR_MESSAGE = "Authentication error"


def api_family(path: str) -> str:
    """Which envelope a path speaks: 'v1', 'v2', 'crud' (/v1/object, /v1/action) or 'oauth'."""
    if path == "/v2" or path.startswith("/v2/"):
        return "v2"
    if path.startswith(("/v1/object/", "/v1/action/")):
        return "crud"
    if path.startswith("/oauth/"):
        return "oauth"
    return "v1"


_V2_TYPES = {
    400: "bad_request",
    401: "unauthorized",
    402: "request_failed",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    409: "conflict",
    413: "payload_too_large",
    422: "unprocessable_entity",
    429: "too_many_requests",
    500: "internal_server_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}

_V2_CODES = {
    Category.INVALID_VALUE: "invalid_parameter",
    Category.UNKNOWN_FIELD: "unknown_parameter",
    Category.MISSING_FIELD: "missing_parameter",
    Category.MISSING_PARAMETER: "missing_parameter",
    Category.INVALID_QUERY_PARAMETER: "invalid_parameter",
    Category.NOT_FOUND: "not_found",
    Category.MALFORMED_REQUEST: "invalid_request",
}

# The CRUD family names its error codes with words (ProxyBadRequestResponse.Errors[].Code).
_CRUD_CODES = {
    Category.INVALID_VALUE: "INVALID_VALUE",
    Category.UNKNOWN_FIELD: "INVALID_FIELD",
    Category.MISSING_FIELD: "MISSING_REQUIRED_VALUE",
    Category.MISSING_PARAMETER: "MISSING_REQUIRED_VALUE",
    Category.NOT_FOUND: "INVALID_ID",
    Category.RULE_RESTRICTION: "INVALID_VALUE",
    Category.MALFORMED_REQUEST: "MALFORMED_QUERY",
    Category.LOCKING_CONTENTION: "LOCK_COMPETITION",
    Category.INTERNAL_ERROR: "UNKNOWN_ERROR",
    Category.REQUEST_EXCEEDED_LIMIT: "REQUEST_EXCEEDED_LIMIT",
}


# Codes v2 names per error rather than per category (spec §12.1).
_V2_ERROR_CODES = {
    ErrorCode.ORDER_DELETE_NOT_ALLOWED: "delete_not_allowed",
}


def _v2_code(reason: Reason) -> str:
    if reason.error in _V2_ERROR_CODES:
        return _V2_ERROR_CODES[reason.error]
    if reason.spec.category is Category.NOT_FOUND and reason.spec.status == 404:
        return "resource_not_found"
    return _V2_CODES.get(reason.spec.category, "invalid_request")


def error_status(reasons: Sequence[Reason]) -> int:
    return reasons[0].spec.status


def error_body(
    path: str, reasons: Sequence[Reason], *, request_id: str, process_id: str
) -> dict[str, Any]:
    """The JSON body for `reasons` in the envelope of the API family of `path`."""
    status = error_status(reasons)
    family = api_family(path)
    if status == 401:
        if family == "v2":
            return {"type": "unauthorized", "errors": [], "retryable": False}
        return {"message": AUTHENTICATION_ERROR_MESSAGE}
    if family == "v2":
        return {
            "type": _V2_TYPES.get(status, "bad_request"),
            "errors": [
                {
                    "code": _v2_code(r),
                    "parameter": r.field,
                    "message": r.message,
                }
                for r in reasons
            ],
            "retryable": reasons[0].spec.category in RETRYABLE_CATEGORIES,
        }
    if family == "crud":
        return {
            "Success": False,
            "Errors": [
                {"Code": _CRUD_CODES.get(r.spec.category, "INVALID_VALUE"), "Message": r.message}
                for r in reasons
            ],
        }
    if family == "oauth":
        return {"code": reasons[0].spec.code, "message": reasons[0].message}
    return {
        "success": False,
        "processId": process_id,
        "requestId": request_id,
        "reasons": [{"code": r.spec.code, "message": r.message} for r in reasons],
    }


def error_headers(status: int) -> dict[str, str]:
    return {"WWW-Authenticate": WWW_AUTHENTICATE} if status == 401 else {}


# -- pydantic validation errors -> reasons ---------------------------------------------

_EXPECTED_SPLIT = re.compile(r", | or ")


def _field_path(loc: Sequence[int | str]) -> str:
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "body"


def validation_reasons(errors: Sequence[Any]) -> list[Reason]:
    """Pydantic/FastAPI errors in Zuora's words: categories 90, 22, 21, 27 or 20."""
    reasons: list[Reason] = []
    for err in errors:
        kind = err.get("type", "")
        loc = err.get("loc", ())
        field = _field_path(loc)
        in_query = bool(loc) and loc[0] == "query"
        if kind == "json_invalid":
            detail = (err.get("ctx") or {}).get("error", "invalid JSON")
            reasons.append(
                Reason(ErrorCode.MALFORMED_REQUEST, f"Malformed JSON in request body: {detail}")
            )
        elif kind == "missing":
            code = ErrorCode.MISSING_PARAMETER if in_query else ErrorCode.MISSING_FIELD
            reasons.append(Reason(code, f"'{field}' may not be null", field))
        elif kind == "extra_forbidden":
            reasons.append(
                Reason(ErrorCode.UNKNOWN_FIELD, f"'{field}' is not a recognized field", field)
            )
        elif kind in ("enum", "literal_error"):
            expected = str((err.get("ctx") or {}).get("expected", ""))
            values = [v.strip().strip("'") for v in _EXPECTED_SPLIT.split(expected) if v.strip()]
            code = ErrorCode.INVALID_QUERY_PARAMETER if in_query else ErrorCode.INVALID_VALUE
            reasons.append(
                Reason(code, f"'{field}' value should be one of: {', '.join(values)}", field)
            )
        else:
            code = ErrorCode.INVALID_QUERY_PARAMETER if in_query else ErrorCode.INVALID_VALUE
            message = str(err.get("msg", "invalid value"))
            reasons.append(Reason(code, f"'{field}': {message}", field))
    # A malformed body makes every other complaint moot.
    malformed = [r for r in reasons if r.error is ErrorCode.MALFORMED_REQUEST]
    return malformed[:1] or reasons or [Reason(ErrorCode.INVALID_VALUE, "Invalid request")]
