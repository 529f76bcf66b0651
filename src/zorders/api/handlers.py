"""Exception handlers: DomainError, validation errors and routing errors in Zuora's envelope."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from zorders.api.errors import Reason, error_body, error_headers, error_status, validation_reasons
from zorders.api.wire import LimitViolation
from zorders.domain.errors import DomainError, ErrorCode


def error_response(request: Request, reasons: Sequence[Reason]) -> JSONResponse:
    status = error_status(reasons)
    body = error_body(
        request.url.path,
        reasons,
        request_id=getattr(request.state, "request_id", ""),
        process_id=getattr(request.state, "process_id", ""),
    )
    return JSONResponse(body, status_code=status, headers=error_headers(status))


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return error_response(request, [Reason(exc.code, exc.message, exc.field)])


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(request, validation_reasons(exc.errors()))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
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
    response = error_response(request, [reason])
    if exc.status_code == 405 and exc.headers and "Allow" in exc.headers:
        response.headers["Allow"] = exc.headers["Allow"]
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
