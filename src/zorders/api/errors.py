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

from zorders.api.error_table import ERRORS, Category, ErrorSpec
from zorders.api.v2 import errors as v2
from zorders.domain.errors import ErrorCode

__all__ = [
    "AUTHENTICATION_ERROR_MESSAGE",
    "ERRORS",
    "Category",
    "ErrorSpec",
    "Reason",
    "api_family",
    "crud_code",
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


# Codes that name a failure more precisely than their category (Zuora's SOAP error codes).
_CRUD_CODE_OF = {ErrorCode.PAYMENT_DECLINED: "TRANSACTION_FAILED"}


def crud_code(reason: Reason) -> str:
    """The CRUD and Actions families' word for a reason (`Errors[].Code`)."""
    return _CRUD_CODE_OF.get(reason.error) or _CRUD_CODES.get(reason.spec.category, "INVALID_VALUE")


def error_status(reasons: Sequence[Reason], path: str = "") -> int:
    """The HTTP status; /v2 paths answer by the v2 table (`api/v2/errors.py`)."""
    if api_family(path) == "v2":
        return v2_answers(reasons)[0].status
    return reasons[0].spec.status


def v2_answers(reasons: Sequence[Reason]) -> list[v2.V2Answer]:
    return [v2.answer(r.error, r.message, r.field) for r in reasons]


def error_body(
    path: str, reasons: Sequence[Reason], *, request_id: str, process_id: str
) -> dict[str, Any]:
    """The JSON body for `reasons` in the envelope of the API family of `path`."""
    family = api_family(path)
    if family == "v2":
        return v2.v2_body(v2_answers(reasons))
    status = error_status(reasons)
    if status == 401:
        return {"message": AUTHENTICATION_ERROR_MESSAGE}
    if family == "crud":
        return {
            "Success": False,
            "Errors": [{"Code": crud_code(r), "Message": r.message} for r in reasons],
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
