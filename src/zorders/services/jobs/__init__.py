"""Due work: the jobs table, its handlers, the worker (issue 11; decisions.md W1-W9)."""

from zorders.services.jobs.core import (
    FinalJobError,
    Handler,
    JobOutcome,
    JobPolicy,
    JobRegistry,
    StagedHandler,
    default_registry,
    enqueue,
    run_job,
)
from zorders.services.jobs.worker import EmbeddedWorker, Worker, run_due_for_tenant

__all__ = [
    "EmbeddedWorker",
    "FinalJobError",
    "Handler",
    "JobOutcome",
    "JobPolicy",
    "JobRegistry",
    "StagedHandler",
    "Worker",
    "default_registry",
    "enqueue",
    "run_due_for_tenant",
    "run_job",
]
