"""A Scheduled order's due work (issue 11): the `scheduled_order` job recorded with the
order, and the check that tells a stale job from a live one (decisions SO1, SO2).

The job's payload names the order (id and number) and the date it was saved for. A job
whose order is gone, was cancelled or executed, or was rescheduled to another date is
stale: its handler does nothing. A PUT that moves the date records a new job; the old
one finds the date changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from zorders.domain.orders.model import Order, OrderStatus
from zorders.services.clock import zone
from zorders.services.context import CommandContext
from zorders.services.jobs import enqueue
from zorders.services.ports import JobState, UnitOfWork, UnitOfWorkFactory

SCHEDULED_ORDER_JOB = "scheduled_order"


@dataclass(frozen=True)
class ScheduledOrderJob:
    order_id: str
    order_number: str
    scheduled_date: date

    def payload(self) -> dict[str, Any]:
        return {
            "order_id": self.order_id,
            "order_number": self.order_number,
            "scheduled_date": self.scheduled_date.isoformat(),
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> ScheduledOrderJob:
        return cls(
            order_id=str(payload["order_id"]),
            order_number=str(payload["order_number"]),
            scheduled_date=date.fromisoformat(str(payload["scheduled_date"])),
        )


def run_at(day: date, time_zone: str | None) -> datetime:
    """Work due on a business date runs at the start of that date in the tenant's zone."""
    return datetime.combine(day, time()).replace(tzinfo=zone(time_zone))


def schedule_execution(uow: UnitOfWork, ctx: CommandContext, order: Order) -> str:
    """Record, in the caller's transaction, the job that executes `order` (Scheduled) on
    its scheduled date."""
    assert order.status is OrderStatus.SCHEDULED and order.scheduled_date is not None
    job = ScheduledOrderJob(order.id, order.number, order.scheduled_date)
    return enqueue(
        uow,
        ctx,
        SCHEDULED_ORDER_JOB,
        job.payload(),
        run_at=run_at(order.scheduled_date, ctx.time_zone),
    )


def stale_reason(job: ScheduledOrderJob, order: Order | None) -> str | None:
    """Why `job` no longer applies to the order as it is now; None when it is due."""
    if order is None or order.id != job.order_id:
        return f"order {job.order_number} no longer exists"
    if order.status is not OrderStatus.SCHEDULED:
        return f"order {order.number} is {order.status.value}"
    if order.scheduled_date != job.scheduled_date:
        return (
            f"order {order.number} was rescheduled from {job.scheduled_date} "
            f"to {order.scheduled_date}"
        )
    return None


_PAGE = 200
_OPEN = frozenset({JobState.PENDING, JobState.RUNNING})


def schedule_stranded_orders(uow_factory: UnitOfWorkFactory) -> int:
    """A one-off upgrade (SO8): Scheduled orders saved before their execution became a job
    get the job they lack. Idempotent: an order with an open job for its date is left
    alone. Returns how many jobs were recorded."""
    recorded = 0
    with uow_factory() as uow:
        for tenant in uow.tenants.list():
            scheduled = _scheduled_orders(uow, tenant.id)
            if not scheduled:
                continue
            open_jobs = {
                (str(j.payload.get("order_id")), str(j.payload.get("scheduled_date")))
                for j in uow.jobs.of_tenant(tenant.id)
                if j.kind == SCHEDULED_ORDER_JOB and j.state in _OPEN
            }
            for order in scheduled:
                day = order.scheduled_date
                if day is None or (order.id, day.isoformat()) in open_jobs:
                    continue
                job = ScheduledOrderJob(order.id, order.number, day)
                due = run_at(day, tenant.time_zone)
                enqueue(uow, tenant.id, SCHEDULED_ORDER_JOB, job.payload(), run_at=due)
                recorded += 1
        uow.commit()
    return recorded


def _scheduled_orders(uow: UnitOfWork, tenant_id: str) -> list[Order]:
    found: list[Order] = []
    while True:
        page = uow.orders.list(
            tenant_id,
            offset=len(found),
            limit=_PAGE,
            statuses=frozenset({OrderStatus.SCHEDULED}),
        )
        found += page
        if len(page) < _PAGE:
            return found
