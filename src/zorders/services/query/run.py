"""Run a query one page at a time (issue 14): `POST /v1/action/query` and `queryMore`."""

from __future__ import annotations

from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork
from zorders.services.query.model import Query, QueryPage


def run_query(
    uow: UnitOfWork, ctx: CommandContext, query: Query, *, after: str | None, limit: int
) -> QueryPage:
    """At most `limit` rows of the tenant's, past the key `after`, as of the tenant's
    today."""
    return uow.queries.page(ctx.tenant_id, query, after=after, limit=limit, today=ctx.today)
