"""What the pages share: the read-only unit of work, paging, numbers from the path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from starlette.requests import Request

from zorders.console.viewer import Viewer
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.ports import UnitOfWork

# Rows a list on a page shows before it offers the next page.
PAGE_SIZE = 50


@contextmanager
def reading(viewer: Viewer) -> Iterator[UnitOfWork]:
    with viewer.deps.uow_factory(read_only=True) as uow:
        yield uow


def page_number(request: Request, name: str = "page") -> int:
    raw = request.query_params.get(name, "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        return 1
    return int(raw)


def not_found(what: str) -> DomainError:
    return DomainError(ErrorCode.RESOURCE_NOT_FOUND, f"No {what} here.")
