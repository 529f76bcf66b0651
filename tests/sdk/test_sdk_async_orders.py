"""Async orders through the unchanged official client (zuora-sdk 3.21.0) against a real
server process, whose embedded worker runs the jobs: create, preview and delete
asynchronously, then poll the job.

The client cannot type a job's `result` (AO7): `GetAsyncOrderJobResponseResult` is a oneOf
of two schemas whose fields are all optional but `jobType`, so any result matches both and
the client raises "Multiple matches found". The answers without a result (Processing,
Failed) parse typed; a Completed one is read raw and its result parsed with the model of
its `jobType`."""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

import pytest
from zuora_sdk import (
    CreateOrderAsyncRequest,
    GetAsyncCreateOrderJobResponse,
    GetAsyncOrderJobResponse,
    GetAsyncPreviewOrderJobResponse,
    PreviewOrderAsyncRequest,
)
from zuora_sdk.zuora_client import ZuoraClient

POLL_SECONDS = 30
JAN_1 = date(2025, 1, 1)

ACTION: dict[str, Any] = {
    "type": "CreateSubscription",
    "triggerDates": [{"name": "ContractEffective", "triggerDate": JAN_1}],
    "createSubscription": {
        "terms": {
            "initialTerm": {"termType": "TERMED", "period": 12, "periodType": "Month"},
            "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
            "renewalTerms": [{"period": 12, "periodType": "Month"}],
            "autoRenew": True,
        },
        "subscribeToRatePlans": [{"productRatePlanNumber": "CLOUDDESK-BASIC"}],
    },
}
ACCOUNT: dict[str, Any] = {
    "name": "Async Co",
    "currency": "USD",
    "billCycleDay": 1,
    "billToContact": {"firstName": "Grace", "lastName": "Hopper"},
}


def _raw_job(sdk: ZuoraClient, job_id: str) -> dict[str, Any]:
    """The client's own request for the job (its serializer, auth and transport), without
    its typed deserialization of the result."""
    api = sdk.orders_api()
    params = api._get_job_status_and_response_serialize(job_id, *([None] * 9), 0)
    response = api.api_client.call_api(*params)
    response.read()
    answer: dict[str, Any] = json.loads(response.data)
    return answer


def _finished(sdk: ZuoraClient, job_id: str) -> dict[str, Any]:
    """Poll until the job is no longer Processing; the raw answer."""
    deadline = time.monotonic() + POLL_SECONDS
    while True:
        answer = _raw_job(sdk, job_id)
        if answer["status"] != "Processing" or time.monotonic() > deadline:
            return answer
        # Processing answers parse typed.
        typed = GetAsyncOrderJobResponse.from_dict(answer)
        assert typed is not None and typed.status == "Processing"
        time.sleep(0.1)


def test_async_create_preview_and_delete(sdk: ZuoraClient) -> None:
    api = sdk.orders_api()
    created = api.create_order_asynchronously(
        CreateOrderAsyncRequest.from_dict(
            {
                "orderDate": JAN_1,
                "newAccount": ACCOUNT,
                "subscriptions": [{"orderActions": [ACTION]}],
            }
        )
    )
    assert created.success is True
    assert created.job_id is not None and len(created.job_id) == 36
    answer = _finished(sdk, created.job_id)
    assert answer["status"] == "Completed", answer
    # The client's typed read of a Completed job fails on its own oneOf (AO7).
    with pytest.raises(ValueError, match="Multiple matches found"):
        api.get_job_status_and_response(created.job_id)
    result = GetAsyncCreateOrderJobResponse.from_dict(answer["result"])
    assert result is not None
    assert result.job_type == "AsyncCreateOrder"
    assert result.status == "Completed"
    assert result.order_number is not None and result.order_number.startswith("O-")
    [sub] = result.subscriptions or []
    assert sub.status == "Active"

    previewed = api.preview_order_asynchronously(
        PreviewOrderAsyncRequest.from_dict(
            {
                "orderDate": JAN_1,
                "existingAccountNumber": result.account_number,
                "previewOptions": {"previewTypes": ["ChargeMetrics"]},
                "subscriptions": [{"orderActions": [ACTION]}],
            }
        )
    )
    assert previewed.job_id is not None
    answer = _finished(sdk, previewed.job_id)
    preview = GetAsyncPreviewOrderJobResponse.from_dict(answer["result"])
    assert preview is not None and preview.job_type == "AsyncPreviewOrder"
    [metrics] = preview.charge_metrics or []
    assert metrics.subscription_number is not None

    deleted = api.delete_order_asynchronously(result.order_number)
    assert deleted.success is True and deleted.job_id is not None
    answer = _finished(sdk, deleted.job_id)
    assert answer["status"] == "Completed"
    assert answer["result"]["jobType"] == "AsyncDeleteOrder"

    failing = api.create_order_asynchronously(
        CreateOrderAsyncRequest.from_dict(
            {"orderDate": JAN_1, "existingAccountNumber": "NO-SUCH", "subscriptions": []}
        )
    )
    assert failing.job_id is not None
    answer = _finished(sdk, failing.job_id)
    typed = GetAsyncOrderJobResponse.from_dict(answer)
    assert typed is not None
    assert typed.status == "Failed"
    assert typed.errors is not None and "NO-SUCH" in typed.errors
    assert typed.reasons is not None and typed.reasons[0].code == 53000640
