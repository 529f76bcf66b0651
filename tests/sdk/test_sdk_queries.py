"""ZOQL and AQuA through the unchanged official client (zuora-sdk 3.21.0) against a real
server process, whose embedded worker runs the aggregate query job (issue 14)."""

from __future__ import annotations

import time
import uuid

from zuora_sdk import (
    CreateAccountContact,
    CreateAccountRequest,
    CreateBatchQueryJobRequest,
    CreateBatchQueryRequest,
    ProxyActionqueryMoreRequest,
    ProxyActionqueryMoreRequestConf,
    ProxyActionqueryRequest,
)
from zuora_sdk.zuora_client import ZuoraClient

POLL_SECONDS = 30


def test_query_query_more_and_an_aggregate_query(sdk: ZuoraClient) -> None:
    tag = uuid.uuid4().hex[:8]
    numbers = set()
    for i in range(3):
        made = sdk.accounts_api().create_account(
            CreateAccountRequest(
                name=f"Q{tag} {i}",
                currency="USD",
                bill_cycle_day=i + 1,
                bill_to_contact=CreateAccountContact(first_name="Ada", last_name="Lovelace"),
            )
        )
        numbers.add(made.account_number)
    text = f"select AccountNumber, Name, BillCycleDay from Account where Name like 'Q{tag}%'"
    first = sdk.actions_api().action_post_query(
        ProxyActionqueryRequest(
            query_string=text, conf=ProxyActionqueryMoreRequestConf(batch_size=2)
        )
    )
    assert (first.size, first.done) == (2, False)
    assert first.query_locator
    more = sdk.actions_api().action_postquery_more(
        ProxyActionqueryMoreRequest(query_locator=first.query_locator)
    )
    assert (more.size, more.done, more.query_locator) == (1, True, None)
    records = (first.records or []) + (more.records or [])
    assert {r["AccountNumber"] for r in records} == numbers
    assert sorted(r["BillCycleDay"] for r in records) == [1, 2, 3]

    job = sdk.aggregate_queries_api().create_batch_query(
        CreateBatchQueryJobRequest(
            format="csv",
            version="1.1",
            name=f"job {tag}",
            queries=[CreateBatchQueryRequest(name="accounts", query=text, type="zoqlexport")],
        )
    )
    assert job.id and job.status == "submitted"
    deadline = time.monotonic() + POLL_SECONDS
    found = sdk.aggregate_queries_api().get_batch_query_job(job.id)
    while found.status != "completed" and time.monotonic() < deadline:
        time.sleep(0.2)
        found = sdk.aggregate_queries_api().get_batch_query_job(job.id)
    assert found.status == "completed"
    [batch] = found.batches or []
    assert (batch.record_count, batch.batch_type, batch.status) == (3, "zoqlexport", "completed")
    assert batch.file_id
    content = sdk.files_api().get_files(batch.file_id)
    lines = bytes(content).decode().splitlines()
    assert lines[0] == "Account.AccountNumber,Account.Name,Account.BillCycleDay"
    assert {line.split(",")[0] for line in lines[1:]} == numbers
