"""The Object Query dialect of the selection machinery (decisions OQ2–OQ5)."""

from __future__ import annotations

from dataclasses import replace

from zorders.api.selection.dialect import Dialect
from zorders.domain.errors import DomainError, ErrorCode


def _error(code: str, parameter: str | None, message: str) -> Exception:
    """A bad query parameter: 400 in the v1 envelope, code 5xxxxx27 (invalid query
    parameter), the message naming the parameter."""
    return DomainError(
        ErrorCode.INVALID_QUERY_PARAMETER,
        f"{parameter}: {message}" if parameter else message,
        parameter,
    )


OBJECT_QUERY = Dialect(
    name="object-query",
    error=_error,
    page_size_parameter="pageSize",
    default_page_size=10,
    max_page_size=50,
    next_page_key="nextPage",
    field_chars="A-Za-z_0-9.",
    fold_case=True,
)


def for_object(singular: str) -> Dialect:
    """`account.fields[]` selects the top-level fields of /object-query/accounts too."""
    return replace(OBJECT_QUERY, self_fields=(f"{singular}.fields[]",))
