"""JSON on the wire with exact decimals.

Amounts travel as JSON numbers, as Zuora sends them, but never through a float: request
bodies are parsed with `parse_float=Decimal`, and responses are written by simplejson with
`use_decimal=True`, so `146.67` stays `146.67` and a 20-digit amount keeps every digit.
Routes that return amounts answer with `ZuoraJSONResponse` directly (FastAPI's own
encoder would turn Decimals into floats).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import simplejson
from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_document


def to_wire(value: Any) -> Any:
    """Dates as ISO strings, enums as their values; Decimals are kept for the encoder."""
    if isinstance(value, Mapping):
        return {k: to_wire(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return (
            value.isoformat().replace("+00:00", "Z")
            if value.utcoffset() is not None
            else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return value if value.is_finite() else str(value)
    return value


class ZuoraJSONResponse(Response):
    media_type = "application/json; charset=utf-8"

    def render(self, content: Any) -> bytes:
        return simplejson.dumps(
            to_wire(content), use_decimal=True, separators=(",", ":"), ensure_ascii=False
        ).encode("utf-8")


class LimitViolation(HTTPException):
    """A body value outside the limits table. An HTTPException because FastAPI lets only
    those out of body decoding (any other error becomes a bare 400); `handlers` answers it
    with the DomainError it carries."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(status_code=400, detail=error.message)
        self.error = error


# A limit broken in the body of these resources answers with the resource's own code for
# an invalid field (as their specific checks do), elsewhere with VALUE_OUT_OF_RANGE.
_RESOURCE_CODES = (
    ("/v1/accounts", ErrorCode.INVALID_ACCOUNT_FIELD),
    ("/v1/payments", ErrorCode.INVALID_PAYMENT_FIELD),
    ("/v1/payment-methods", ErrorCode.INVALID_PAYMENT_METHOD_FIELD),
)
_CONTACTS = ("billToContact", "soldToContact", "shipToContact")


def _resource_error(path: str, error: DomainError) -> DomainError:
    for prefix, code in _RESOURCE_CODES:
        if path == prefix or path.startswith(prefix + "/"):
            field = error.field or ""
            if code is ErrorCode.INVALID_ACCOUNT_FIELD and field.startswith(_CONTACTS):
                code = ErrorCode.INVALID_CONTACT_FIELD
            return DomainError(code, error.message, error.field)
    return error


class DecimalJSONRequest(Request):
    """Bodies decoded with exact decimals and checked against the limits table
    (`zorders.domain.limits`): one check for every text, number and date of every route."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            document = json.loads(await self.body(), parse_float=Decimal)
            try:
                self._json = check_document(document)
            except DomainError as error:
                raise LimitViolation(_resource_error(self.url.path, error)) from None
        return self._json


class ZuoraRoute(APIRoute):
    """Every zorders route reads JSON numbers as Decimal."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def decimal_handler(request: Request) -> Response:
            return await handler(DecimalJSONRequest(request.scope, request.receive))

        return decimal_handler
