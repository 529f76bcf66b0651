"""Due work claimed by workers (issue 11)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)

from zorders.storage.tables.base import metadata
from zorders.storage.types import UTCDateTime

# Due work (issue 11, migration 0012): one row per job, claimed by workers with a lease
# (services/jobs.py; decisions.md W1-W8). `run_at` is tenant time (NULL: as soon as
# possible); `available_at` and `lease_until` are wall time.
jobs = Table(
    "jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("tenant_id", String(32), ForeignKey("tenants.id"), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("run_at", UTCDateTime(), nullable=True),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("available_at", UTCDateTime(), nullable=False),
    Column("lease_until", UTCDateTime(), nullable=True),
    Column("last_error", String(2000), nullable=True),
    Column("result", JSON, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime(), nullable=True),
    Index("ix_jobs_claim", "state", "available_at"),
    Index("ix_jobs_tenant_due", "tenant_id", "state", "run_at"),
)
