"""Acme's bill run schedule, for the tests that move the clock past a bill day. The zorders
plugin itself needs no conftest: installing zorders gives every pytest run its fixtures
(`zuora_tenant`, `zuora_client`)."""

from __future__ import annotations

import pytest
from zorders.testing import ZuoraTenant
from zuora_sdk import BillRunSchedule, CreateBillRunRequest
from zuora_sdk.zuora_client import ZuoraClient


@pytest.fixture
def monthly_bill_run(zuora_client: ZuoraClient, zuora_tenant: ZuoraTenant) -> str:
    """Acme's bill run, as its finance team set it up in Zuora: every account, on the 1st
    of each month at 02:00 (tenant time) from the tenant's today, invoices posted at once,
    so that auto-pay accounts are charged. Answers the scheduled bill run's id."""
    created = zuora_client.bill_run_api().create_bill_run(
        CreateBillRunRequest(
            name="Monthly billing",
            batches=["AllBatches"],
            bill_cycle_day="AllBillCycleDays",
            auto_post=True,
            schedule=BillRunSchedule(
                repeat_from=zuora_tenant.clock.today, repeat_type="Monthly", run_time=2
            ),
        )
    )
    run_id: str = created.id
    return run_id
