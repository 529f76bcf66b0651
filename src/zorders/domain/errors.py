"""Domain errors: values with stable codes and no HTTP knowledge.

Every error the service can report has one `ErrorCode`. The API maps each code to an
8-digit Zuora code and an HTTP status in one table (`zorders.api.errors`); a test keeps
that table complete and its codes unique.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # Request-level problems (raised by the HTTP edge, listed here so one table covers all).
    MALFORMED_REQUEST = "MALFORMED_REQUEST"
    INVALID_VALUE = "INVALID_VALUE"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
    MISSING_FIELD = "MISSING_FIELD"
    MISSING_PARAMETER = "MISSING_PARAMETER"
    INVALID_QUERY_PARAMETER = "INVALID_QUERY_PARAMETER"
    RESOURCE_NOT_FOUND = "RESOURCE_NOT_FOUND"
    METHOD_NOT_SUPPORTED = "METHOD_NOT_SUPPORTED"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    LOCKING_CONTENTION = "LOCKING_CONTENTION"
    # Headers.
    INVALID_TRACK_ID = "INVALID_TRACK_ID"
    INVALID_IDEMPOTENCY_KEY = "INVALID_IDEMPOTENCY_KEY"
    IDEMPOTENCY_KEY_IN_USE = "IDEMPOTENCY_KEY_IN_USE"
    IDEMPOTENCY_KEY_MISMATCH = "IDEMPOTENCY_KEY_MISMATCH"
    # Authentication (OAuth).
    AUTHENTICATION_FAILED = "AUTHENTICATION_FAILED"
    INVALID_CLIENT_CREDENTIALS = "INVALID_CLIENT_CREDENTIALS"
    UNSUPPORTED_GRANT_TYPE = "UNSUPPORTED_GRANT_TYPE"
    # Tenants.
    TENANT_NAME_TAKEN = "TENANT_NAME_TAKEN"
    TENANT_NOT_FOUND = "TENANT_NOT_FOUND"
    CLIENT_ID_TAKEN = "CLIENT_ID_TAKEN"
    # Shared by accounts and catalog.
    INVALID_CURRENCY = "INVALID_CURRENCY"


class DomainError(Exception):
    """A failure the caller can act on; `field` names the offending input, if any."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __repr__(self) -> str:
        return f"DomainError({self.code.value}, {self.message!r}, field={self.field!r})"
