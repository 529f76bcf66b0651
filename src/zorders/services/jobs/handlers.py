"""The job kinds zorders ships, and their handlers."""

from __future__ import annotations

from zorders.services import bill_runs
from zorders.services.jobs.core import JobRegistry


def shipped_registry() -> JobRegistry:
    registry = JobRegistry()
    # A bill run commits account by account, and billing an account again for one target
    # date adds nothing: it is a staged handler, retried from where it stopped (W9).
    registry.register_staged(bill_runs.BILL_RUN_JOB, bill_runs.run_bill_run_job)
    return registry
