"""The `scheduled_order` job's payload, its due time and the staleness check (SO1, SO2),
and the unit of work's savepoint the execution rolls back to (SO5)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from zorders.bootstrap import Container
from zorders.domain.orders.model import Order, OrderStatus
from zorders.services import tenants
from zorders.services.orders.schedule import (
    ScheduledOrderJob,
    run_at,
    schedule_stranded_orders,
    stale_reason,
)

DAY = date(2025, 3, 1)
ORDER = Order(
    id="o1",
    number="O-00000001",
    account_id="a1",
    status=OrderStatus.SCHEDULED,
    order_date=date(2025, 1, 1),
    scheduled_date=DAY,
)
JOB = ScheduledOrderJob("o1", "O-00000001", DAY)


def test_the_payload_round_trips() -> None:
    assert JOB.payload() == {
        "order_id": "o1",
        "order_number": "O-00000001",
        "scheduled_date": "2025-03-01",
    }
    assert ScheduledOrderJob.from_payload(JOB.payload()) == JOB


def test_it_runs_at_the_start_of_the_day_in_the_tenants_zone() -> None:
    assert run_at(DAY, None) == datetime(2025, 3, 1, tzinfo=UTC)
    # Midnight in Los Angeles (PST, UTC-8) is 08:00 UTC.
    assert run_at(DAY, "America/Los_Angeles").astimezone(UTC) == datetime(2025, 3, 1, 8, tzinfo=UTC)


@pytest.mark.parametrize(
    ("order", "reason"),
    [
        (ORDER, None),
        (None, "order O-00000001 no longer exists"),
        # Deleted, and the number given to another order since.
        (replace(ORDER, id="o2"), "order O-00000001 no longer exists"),
        (replace(ORDER, status=OrderStatus.CANCELLED), "order O-00000001 is Cancelled"),
        (replace(ORDER, status=OrderStatus.COMPLETED), "order O-00000001 is Completed"),
        (replace(ORDER, status=OrderStatus.FAILED), "order O-00000001 is Failed"),
        (replace(ORDER, status=OrderStatus.DRAFT), "order O-00000001 is Draft"),
        (
            replace(ORDER, scheduled_date=date(2025, 4, 1)),
            "order O-00000001 was rescheduled from 2025-03-01 to 2025-04-01",
        ),
    ],
)
def test_a_stale_job_says_why(order: Order | None, reason: str | None) -> None:
    assert stale_reason(JOB, order) == reason


def test_a_savepoint_undoes_only_its_block(container: Container) -> None:
    tenant_id = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"sp-{uuid.uuid4().hex[:12]}"
    ).tenant_id
    with container.uow_factory() as uow:
        uow.tenants.set_time_zone(tenant_id, "Europe/Paris")
        with pytest.raises(RuntimeError), uow.savepoint():
            uow.tenants.set_time_zone(tenant_id, "Asia/Tokyo")
            raise RuntimeError("refused")
        with uow.savepoint():
            uow.tenants.set_settings(tenant_id, {"proration": "thirty"})
        uow.commit()
    with container.uow_factory(read_only=True) as uow:
        tenant = uow.tenants.get(tenant_id)
        assert tenant is not None and tenant.time_zone == "Europe/Paris"
        assert uow.tenants.get_settings(tenant_id) == {"proration": "thirty"}


def test_scheduled_orders_saved_before_their_jobs_get_one(container: Container) -> None:
    """SO8: a Scheduled order stored without a job (an older version) gets one from the
    upgrade `zorders migrate` runs; running it again records nothing more."""
    tenant_id = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"so-{uuid.uuid4().hex[:12]}"
    ).tenant_id
    stranded = replace(
        ORDER,
        id=uuid.uuid4().hex,
        number=f"O-{uuid.uuid4().hex[:8]}",
        created_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    with container.uow_factory() as uow:
        uow.tenants.set_time_zone(tenant_id, "America/Los_Angeles")
        uow.orders.add(tenant_id, stranded)
        uow.commit()
    assert schedule_stranded_orders(container.uow_factory) >= 1
    assert schedule_stranded_orders(container.uow_factory) == 0
    with container.uow_factory(read_only=True) as uow:
        [job] = uow.jobs.of_tenant(tenant_id)
    assert job.kind == "scheduled_order"
    assert job.payload == ScheduledOrderJob(stranded.id, stranded.number, DAY).payload()
    assert job.run_at is not None
    assert job.run_at.astimezone(UTC) == datetime(2025, 3, 1, 8, tzinfo=UTC)
