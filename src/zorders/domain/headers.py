"""Validation rules for Zuora's request headers (spec §1.3, §1.5)."""

from __future__ import annotations

from zorders.domain.errors import DomainError, ErrorCode

TRACK_ID_MAX_LENGTH = 64
IDEMPOTENCY_KEY_MAX_LENGTH = 255
_TRACK_ID_FORBIDDEN = frozenset(":;\"'")


def validate_track_id(value: str) -> str:
    """A Zuora-Track-Id is at most 64 US-ASCII characters, none of `: ; " '`."""
    if len(value) > TRACK_ID_MAX_LENGTH:
        raise DomainError(
            ErrorCode.INVALID_TRACK_ID,
            f"Zuora-Track-Id must be at most {TRACK_ID_MAX_LENGTH} characters.",
            "Zuora-Track-Id",
        )
    if not value.isascii() or any(ch in _TRACK_ID_FORBIDDEN for ch in value):
        raise DomainError(
            ErrorCode.INVALID_TRACK_ID,
            "Zuora-Track-Id must use US-ASCII characters and must not contain"
            " colon, semicolon, double quote or quote.",
            "Zuora-Track-Id",
        )
    return value


def validate_idempotency_key(value: str) -> str:
    if not value or len(value) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise DomainError(
            ErrorCode.INVALID_IDEMPOTENCY_KEY,
            f"Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX_LENGTH} characters.",
            "Idempotency-Key",
        )
    return value
