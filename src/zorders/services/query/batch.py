"""Aggregate queries (AQuA, issue 14): a job of several queries, each answered as a CSV
file. The dialect compiles each query when the job is submitted (a query it refuses is
kept with its message and ends as an error batch); the worker runs them, page by page,
and keeps each CSV in the job's result, in the database (decision ZQ7)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.context import CommandContext
from zorders.services.jobs.core import Payload, Result, enqueue
from zorders.services.ports import JobRecord, UnitOfWork
from zorders.services.query.model import Value, query_from_json

BATCH_QUERY_JOB = "batch_query"
# Rows read per round trip while a file is written.
_PAGE_ROWS = 5000


def submit(uow: UnitOfWork, ctx: CommandContext, job: dict[str, Any]) -> str:
    """Recorded in the caller's transaction; `job` holds the queries as compiled
    (`plan`: a query_to_json, or `error`: why it was refused) and their columns."""
    return enqueue(uow, ctx, BATCH_QUERY_JOB, {**job, "time_zone": ctx.time_zone})


def get(uow: UnitOfWork, ctx: CommandContext, job_id: str) -> JobRecord:
    job = uow.jobs.get(job_id)
    if job is None or job.tenant_id != ctx.tenant_id or job.kind != BATCH_QUERY_JOB:
        raise DomainError(
            ErrorCode.RESOURCE_NOT_FOUND, f"The batch query job '{job_id}' does not exist.", "id"
        )
    return job


def run_batch_query(uow: UnitOfWork, ctx: CommandContext, payload: Payload) -> Result:
    zone = ZoneInfo(payload.get("time_zone") or "UTC")
    null = payload.get("null_replacement") or ""
    batches: list[dict[str, Any]] = []
    for entry in payload["queries"]:
        if entry.get("error"):
            batches.append({"status": "error", "message": entry["error"], "record_count": 0})
            continue
        text, count = _csv(uow, ctx, entry, zone, null)
        batches.append({"status": "completed", "record_count": count, "csv": text})
    return {"batches": batches}


def _csv(
    uow: UnitOfWork, ctx: CommandContext, entry: dict[str, Any], zone: ZoneInfo, null: str
) -> tuple[str, int]:
    query = query_from_json(entry["plan"])
    columns: list[dict[str, Any]] = entry["columns"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c["header"] for c in columns])
    after: str | None = None
    count = 0
    while True:
        page = uow.queries.page(
            ctx.tenant_id, query, after=after, limit=_PAGE_ROWS, today=ctx.today
        )
        for row in page.rows:
            writer.writerow([_cell(row[c["attr"]], c, zone, null) for c in columns])
        count += len(page.rows)
        if page.next_after is None:
            return out.getvalue(), count
        after = page.next_after


def _cell(value: Value, column: dict[str, Any], zone: ZoneInfo, null: str) -> str:
    if value is None:
        return null
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        local = value.astimezone(zone)
        offset = local.strftime("%z")
        return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{offset[:3]}:{offset[3:]}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        spelling: dict[str, str] = column.get("spelling") or {}
        return spelling.get(value, value)
    return str(value)
