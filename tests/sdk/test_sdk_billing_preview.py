"""Billing preview through the unchanged official client (decisions SU2-SU4): the client
reads the answer into its CreateBillingPreviewResponse, amounts as the strings it declares."""

from __future__ import annotations

from datetime import date

from zuora_sdk import (
    CreateBillingPreviewRequest,
)
from zuora_sdk.zuora_client import ZuoraClient

from tests.sdk.builders import basic_subscription_order


def test_billing_preview_with_the_official_client(sdk: ZuoraClient) -> None:
    created = sdk.orders_api().create_order(
        basic_subscription_order("Preview Co", date(2025, 1, 15), run_billing=True)
    )
    assert created.success is True
    preview = sdk.operations_api().create_billing_preview(
        CreateBillingPreviewRequest(
            account_number=created.account_number,
            target_date=date(2025, 3, 1),
            charge_type_to_exclude="OneTime,Usage",
        )
    )
    assert preview.success is True
    assert preview.account_id
    # January was billed by the order; February and March 1: 29 and 36 each, in full.
    rows = sorted(
        (i.charge_name, str(i.service_start_date), str(i.service_end_date), i.charge_amount)
        for i in preview.invoice_items or []
    )
    assert rows == [
        ("Basic platform fee", "2025-02-01", "2025-02-28", "29.00"),
        ("Basic platform fee", "2025-03-01", "2025-03-31", "29.00"),
        ("Basic seats", "2025-02-01", "2025-02-28", "36.00"),
        ("Basic seats", "2025-03-01", "2025-03-31", "36.00"),
    ]
    assert {i.quantity for i in preview.invoice_items or [] if i.charge_name == "Basic seats"} == {
        "3"
    }
    assert preview.credit_memo_items == []
