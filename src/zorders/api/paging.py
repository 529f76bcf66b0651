"""Classic v1 pagination (spec §1.10): `page` from 1, `pageSize` capped, `nextPage` a URL."""

from __future__ import annotations

from fastapi import Request

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import MAX_PAGE

# Larger page sizes are treated as the maximum.
MAX_PAGE_SIZE = 40


def page_params(page: int, page_size: int) -> tuple[int, int]:
    if page < 1:
        raise DomainError(ErrorCode.INVALID_QUERY_PARAMETER, "'page' must be 1 or greater", "page")
    if page > MAX_PAGE:
        raise DomainError(
            ErrorCode.INVALID_QUERY_PARAMETER, f"'page' must be {MAX_PAGE:,} or less", "page"
        )
    if page_size < 1:
        raise DomainError(
            ErrorCode.INVALID_QUERY_PARAMETER, "'pageSize' must be 1 or greater", "pageSize"
        )
    return page, min(page_size, MAX_PAGE_SIZE)


def next_page_url(request: Request, page: int, page_size: int) -> str:
    return str(request.url.include_query_params(page=page + 1, pageSize=page_size))
