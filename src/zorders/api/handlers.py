"""Exception handlers: DomainError, validation errors and routing errors in Zuora's envelope.

The HTTP status of a business error is the one switch of the tenant's `--business-errors`
setting (decisions.md E5, E6): under `http-200` a v1 REST business error (a 400 or 404
raised by a route: DomainError, body validation, a value outside the limits) answers
HTTP 200 with the same body, as Zuora's error-handling guide shows order creation doing.
Never switched: 401, malformed JSON or gzip, unknown routes, 405, 409, 413, 422, 500, the
header checks of the middleware, and the CRUD (`/v1/object`, `/v1/action`), `/oauth` and
`/v2` families.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from zorders.api.errors import (
    Reason,
    api_family,
    error_body,
    error_headers,
    error_status,
    validation_reasons,
)
from zorders.api.v2.errors import V2Error, v2_body, v2_status, validation_answers
from zorders.api.wire import LimitViolation
from zorders.domain.errors import DomainError, ErrorCode, Throttled
from zorders.services.tenants import BusinessErrors

# Statuses of business errors: the request's content is wrong, or names what is not there.
BUSINESS_STATUSES = frozenset({400, 404})


def answered_status(request: Request, status: int, reasons: Sequence[Reason]) -> int:
    """The status a business error is answered with under the tenant's setting."""
    if (
        getattr(request.state, "business_errors", None) is BusinessErrors.HTTP_200
        and status in BUSINESS_STATUSES
        and api_family(request.url.path) == "v1"
        and reasons[0].error is not ErrorCode.MALFORMED_REQUEST
    ):
        return 200
    return status


def error_response(
    request: Request, reasons: Sequence[Reason], *, business: bool = True
) -> JSONResponse:
    status = error_status(reasons, request.url.path)
    body = error_body(
        request.url.path,
        reasons,
        request_id=getattr(request.state, "request_id", ""),
        process_id=getattr(request.state, "process_id", ""),
    )
    answered = answered_status(request, status, reasons) if business else status
    return JSONResponse(body, status_code=answered, headers=error_headers(status))


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    response = error_response(request, [Reason(exc.code, exc.message, exc.field)])
    if isinstance(exc, Throttled):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    if api_family(request.url.path) == "v2":
        answers = validation_answers(exc.errors())
        return JSONResponse(v2_body(answers), status_code=v2_status(answers))
    return error_response(request, validation_reasons(exc.errors()))


async def _v2_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, V2Error)
    return JSONResponse(v2_body([exc.answer]), status_code=exc.answer.status)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    """Routing and framework errors: not business errors, except a value outside the
    limits (raised as an HTTPException only because of where FastAPI lets it be raised)."""
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc, LimitViolation):
        return error_response(request, [Reason(exc.error.code, exc.error.message, exc.error.field)])
    if exc.status_code == 404:
        reason = Reason(
            ErrorCode.RESOURCE_NOT_FOUND,
            str(exc.detail)
            if exc.detail and exc.detail != "Not Found"
            else f"The requested resource {request.method} {request.url.path} does not exist.",
        )
    elif exc.status_code == 405:
        reason = Reason(
            ErrorCode.METHOD_NOT_SUPPORTED,
            f"The method {request.method} is not supported on {request.url.path}.",
        )
    else:
        # Other framework errors (a 400 from body parsing, for example) are bad requests.
        reason = Reason(ErrorCode.MALFORMED_REQUEST, str(exc.detail))
    response = error_response(request, [reason], business=False)
    if exc.status_code == 405 and exc.headers and "Allow" in exc.headers:
        response.headers["Allow"] = exc.headers["Allow"]
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(V2Error, _v2_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
