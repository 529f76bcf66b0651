"""The port of due work: jobs claimed by workers."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Protocol


class JobState(Enum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class JobRecord:
    """Due work (issue 11): `payload` is a serialized command, `run_at` tenant time (None:
    as soon as possible), `available_at` and `lease_until` wall time."""

    id: str
    tenant_id: str
    kind: str
    payload: dict[str, Any]
    run_at: datetime | None
    state: JobState
    attempts: int
    available_at: datetime
    lease_until: datetime | None
    last_error: str | None
    result: dict[str, Any] | None
    created_at: datetime
    finished_at: datetime | None


class JobRepository(Protocol):
    def add(self, job: JobRecord) -> None: ...
    def get(self, job_id: str) -> JobRecord | None: ...
    def of_tenant(self, tenant_id: str) -> list[JobRecord]: ...
    def frozen_at(self, tenant_id: str) -> datetime | None: ...
    def claim(
        self, wall_now: datetime, lease_until: datetime, limit: int, kinds: Collection[str]
    ) -> list[JobRecord]: ...
    def claim_next_for_tenant(
        self,
        tenant_id: str,
        until: datetime,
        lease_until: datetime,
        *,
        kinds: Collection[str],
        exclude: Collection[str] = (),
        wall_now: datetime,
    ) -> JobRecord | None: ...
    def running_for_tenant(
        self, tenant_id: str, until: datetime, *, kinds: Collection[str], wall_now: datetime
    ) -> int: ...
    def lock_claimed(self, job_id: str, attempt: int) -> bool: ...
    def unheld_among(self, job_ids: Collection[str], *, wall_now: datetime) -> list[str]: ...
    def take_unheld(
        self, job_id: str, *, finished_at: datetime, wall_now: datetime
    ) -> dict[str, Any] | None: ...
    def extend_lease(self, job_id: str, attempt: int, lease_until: datetime) -> bool: ...
    def finish(
        self,
        job_id: str,
        attempt: int,
        *,
        state: JobState,
        finished_at: datetime | None,
        result: dict[str, Any] | None = None,
        error: str | None = None,
        available_at: datetime | None = None,
    ) -> bool: ...
