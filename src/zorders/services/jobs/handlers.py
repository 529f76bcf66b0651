"""The job kinds zorders ships, and their handlers."""

from __future__ import annotations

from functools import partial

from zorders.services import bill_runs, scheduled_bill_runs
from zorders.services.clock import Clock
from zorders.services.jobs.core import JobRegistry
from zorders.services.orders import async_orders, due_dates, renewals, run_scheduled, schedule
from zorders.services.ports import PaymentGateway
from zorders.services.query import batch as batch_query


def shipped_registry(
    *,
    payment_gateway: PaymentGateway | None = None,
    bill_run_batch_size: int | None = None,
    wall_clock: Clock | None = None,
) -> JobRegistry:
    """`payment_gateway` charges the payments jobs collect (the composition root gives
    it); without one, a job that must collect a payment fails (a bill run's autoPay
    account: its billing rolls back and is the run's account error, SB7). `wall_clock`
    judges leases (the system's unless given)."""
    registry = JobRegistry()
    # A bill run is cut into batch jobs once, and billing an account again for one target
    # date adds nothing: it is a staged handler, retried from where it stopped (W9, PF43).
    registry.register_staged(
        bill_runs.BILL_RUN_JOB,
        partial(
            bill_runs.run_bill_run_job,
            gateway=payment_gateway,
            batch_size=bill_run_batch_size,
            wall_clock=wall_clock,
        ),
    )
    # Plain: one batch of a run's accounts commits with the job's end (PF44).
    registry.register(
        bill_runs.BILL_RUN_BATCH_JOB, partial(bill_runs.run_bill_run_batch, gateway=payment_gateway)
    )
    # One run day of a scheduled bill run: its run and the next day's job, together (SB1).
    registry.register(
        scheduled_bill_runs.SCHEDULED_BILL_RUN_JOB, scheduled_bill_runs.run_scheduled_bill_run_job
    )
    # Plain: an async order's effects commit with the job's completion (AO2).
    registry.register(async_orders.ASYNC_CREATE_JOB, async_orders.create_handler(payment_gateway))
    registry.register(async_orders.ASYNC_PREVIEW_JOB, async_orders.run_preview)
    registry.register(async_orders.ASYNC_DELETE_JOB, async_orders.run_delete)
    # Plain: the execution and the order's outcome commit with the job (SO1, SO5).
    registry.register(
        schedule.SCHEDULED_ORDER_JOB, run_scheduled.scheduled_order_handler(payment_gateway)
    )
    # A subscription's dated changes (TE1-TE5): renewal or expiry, status flips.
    registry.register(due_dates.TERM_END_JOB, renewals.run_term_end)
    registry.register(due_dates.CANCELLATION_JOB, renewals.run_cancellation)
    registry.register(due_dates.SUSPENSION_JOB, renewals.run_suspension)
    registry.register(due_dates.RESUMPTION_JOB, renewals.run_resumption)
    # Plain: an aggregate query's files commit with the job (ZQ7).
    registry.register(batch_query.BATCH_QUERY_JOB, batch_query.run_batch_query)
    return registry
