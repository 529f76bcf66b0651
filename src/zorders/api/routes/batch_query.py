"""AQuA (issue 14): `POST /v1/batch-query/`, `GET /v1/batch-query/jobs/{id}` and
`GET /v1/file/{fileId}` (decisions ZQ7-ZQ9). Each query is compiled here, when the job
is submitted; the worker writes its CSV file."""

from __future__ import annotations

import gzip
import io
import zipfile
from typing import Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import Response

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.response_keys import complete
from zorders.api.routes.query import query_text
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.api.zoql.compile import ZoqlError, compile_zoql
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import QUERY_LIMITS
from zorders.services.context import CommandContext
from zorders.services.ports import JobRecord, JobState
from zorders.services.query import batch
from zorders.services.query.model import query_to_json

router = APIRouter(route_class=ZuoraRoute, tags=["Aggregate Queries"])

MAX_QUERIES = QUERY_LIMITS.max_job_queries
MAX_NAME = QUERY_LIMITS.max_job_name_chars
_FORMATS = {"csv": "CSV", "zip": "ZIP", "gzip": "GZIP"}
_TYPES = ("zoql", "zoqlexport")
# A file id is its job's id and the query's place in it (ZQ8).
_INDEX_DIGITS = 3


def _invalid(message: str, field: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_VALUE, message, field)


def _entry(ctx: CommandContext, index: int, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _invalid("Each query must be an object.", f"queries[{index}]")
    kind = raw.get("type", "zoql")
    if kind not in _TYPES:
        raise _invalid(f"type must be one of {', '.join(_TYPES)}.", f"queries[{index}].type")
    try:
        text = query_text(raw.get("query"))
    except ZoqlError as error:
        raise _invalid(error.message, f"queries[{index}].query") from error
    name = raw.get("name")
    entry: dict[str, Any] = {"name": name if isinstance(name, str) else None, "query": text}
    entry["type"] = kind
    try:
        compiled = compile_zoql(text, time_zone=ctx.time_zone)
    except ZoqlError as error:
        return {**entry, "error": error.message}
    entry["plan"] = query_to_json(compiled.query)
    # zoqlexport writes `Object.Field` headers, zoql the field names (ZQ9).
    prefix = f"{compiled.zobject.name}." if kind == "zoqlexport" else ""
    entry["columns"] = [
        {"header": prefix + f.name, "attr": f.attr, "spelling": f.spelling} for f in compiled.fields
    ]
    return entry


@router.post("/v1/batch-query", include_in_schema=False)
@router.post("/v1/batch-query/", summary="Submit an aggregate query job")
def submit_batch_query(
    request: Request,
    body: dict[str, Any] = Body(...),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    queries = body.get("queries")
    if not isinstance(queries, list) or not 1 <= len(queries) <= MAX_QUERIES:
        raise _invalid(f"queries must list 1 to {MAX_QUERIES} queries.", "queries")
    fmt = str(body.get("format") or "csv").lower()
    if fmt not in _FORMATS:
        raise _invalid("format must be csv, zip or gzip.", "format")
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > MAX_NAME):
        raise _invalid(f"name is at most {MAX_NAME} characters.", "name")
    null = body.get("nullReplacement")
    job = {
        "name": name,
        "format": _FORMATS[fmt],
        "version": str(body.get("version") or "1.0"),
        "null_replacement": null if isinstance(null, str) else None,
        "queries": [_entry(ctx, i, q) for i, q in enumerate(queries)],
    }
    with unit_of_work(request) as uow:
        job_id = batch.submit(uow, ctx, job)
        record = batch.get(uow, ctx, job_id)
    return ZuoraJSONResponse(_job_body(record))


@router.get("/v1/batch-query/jobs/{job_id}", summary="Retrieve an aggregate query job")
def get_batch_query(
    job_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        record = batch.get(uow, ctx, job_id)
    return ZuoraJSONResponse(complete(_job_body(record), "GetBatchQueryJobResponse"))


# `/v1/file/{fileId}` as Zuora's AQuA pages write it, `/v1/files/{file-id}` as the
# official client calls it.
@router.get("/v1/files/{file_id}", include_in_schema=False)
@router.get("/v1/file/{file_id}", summary="Retrieve a file")
def get_file(
    file_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> Response:
    missing = DomainError(
        ErrorCode.RESOURCE_NOT_FOUND, f"The file '{file_id}' does not exist.", "fileId"
    )
    job_id, index = file_id[:-_INDEX_DIGITS], file_id[-_INDEX_DIGITS:]
    if not index.isdigit():
        raise missing
    with dependencies(request).uow_factory(read_only=True) as uow:
        try:
            record = batch.get(uow, ctx, job_id)
        except DomainError as error:
            raise missing from error
    batches = (record.result or {}).get("batches") or []
    position = int(index)
    if position >= len(batches) or "csv" not in batches[position]:
        raise missing
    return _file(record, position, batches[position]["csv"])


def _file(record: JobRecord, position: int, text: str) -> Response:
    """The CSV as the job's format asks: plain, zipped (one member) or gzipped."""
    fmt = record.payload["format"]
    name = record.payload["queries"][position]["name"] or f"query{position}"
    if fmt == "ZIP":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{name}.csv", text)
        return Response(buffer.getvalue(), media_type="application/zip")
    if fmt == "GZIP":
        return Response(gzip.compress(text.encode()), media_type="application/gzip")
    return Response(text, media_type="text/csv; charset=utf-8")


def _job_status(record: JobRecord) -> str:
    if record.state is JobState.PENDING:
        return "submitted"
    if record.state is JobState.RUNNING:
        return "executing"
    if record.state is JobState.FAILED:
        return "error"
    batches = (record.result or {}).get("batches") or []
    return "error" if any(b["status"] == "error" for b in batches) else "completed"


def _job_body(record: JobRecord) -> dict[str, Any]:
    job = record.payload
    done = (record.result or {}).get("batches")
    status = _job_status(record)
    batches = []
    for i, entry in enumerate(job["queries"]):
        outcome = done[i] if done else None
        wire: dict[str, Any] = {
            "batchId": f"{record.id}{i:0{_INDEX_DIGITS}d}",
            "batchType": entry["type"],
            "full": True,
            "name": entry["name"],
            "query": entry["query"],
            "apiVersion": job["version"],
            "recordCount": outcome["record_count"] if outcome else 0,
            "status": outcome["status"]
            if outcome
            else ("error" if status == "error" else "pending"),
        }
        if outcome and "csv" in outcome:
            wire["fileId"] = wire["batchId"]
        if outcome and outcome.get("message"):
            wire["message"] = outcome["message"]
        wire["localizedStatus"] = wire["status"]
        batches.append(wire)
    body: dict[str, Any] = {
        "id": record.id,
        "name": job["name"],
        "status": status,
        "localizedStatus": status,
        "version": job["version"],
        "format": job["format"],
        "encrypted": "none",
        "sourceData": "LIVE",
        "startTime": record.created_at.strftime("%Y-%m-%d %H:%M:%S"),
        "batches": batches,
    }
    if record.state is JobState.FAILED:
        body["errorCode"] = "UNEXPECTED"
        body["message"] = "The job failed with an unexpected error."
    return body
