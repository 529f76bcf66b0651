"""Billing through the unchanged official client: a bill run (its request sends
`includeSubscriptions` and `includeOrderLineItems`, both true by default) and order line
items billed by `runBilling`, a sale on an invoice and its partial return on a credit memo,
read back with InvoicesApi and CreditMemosApi (issue 10)."""

from __future__ import annotations

import time
from datetime import date

from zuora_sdk import (
    BillRunFilter,
    BillRunSchedule,
    CancelBillRunRequest,
    CreateBillRunRequest,
    CreateOrderOrderLineItem,
    CreateOrderRequest,
    OrderCategory,
    OrderLineItemCategory,
    ProcessingOptionsWithDelayedCapturePayment,
)
from zuora_sdk.zuora_client import ZuoraClient

from tests.sdk.builders import basic_subscription_order, new_account, widgets


def _subscribe(sdk: ZuoraClient) -> str:
    created = sdk.orders_api().create_order(
        basic_subscription_order("Bill Run Co", date(2025, 1, 1))
    )
    number: str = created.account_number
    return number


def test_a_bill_run_with_the_official_client(sdk: ZuoraClient) -> None:
    number = _subscribe(sdk)
    account_id = sdk.accounts_api().get_account(number).basic_info.id
    api = sdk.bill_run_api()
    request = CreateBillRunRequest(
        target_date=date(2025, 1, 1),
        auto_post=True,
        bill_run_filters=[BillRunFilter(filter_type="Account", account_id=account_id)],
    )
    assert request.to_dict()["includeOrderLineItems"] is True  # what the client sends
    created = api.create_bill_run(request)
    run = api.get_bill_run(created.id)
    for _ in range(100):  # executed right after the answer, in the server process
        if run.status not in ("Pending", "Processing"):
            break
        time.sleep(0.05)
        run = api.get_bill_run(created.id)
    assert run.status == "Posted"
    assert (run.include_order_line_items, run.include_subscriptions) == (True, True)
    documents = sdk.billing_documents_api().get_billing_documents(account_id=account_id)
    [document] = documents.documents
    # January in full: platform 29 + seats 3 x 12 + onboarding 99 = 164.
    assert document.amount == 164
    items = sdk.invoices_api().get_invoice_items(document.document_number).invoice_items
    assert sorted(i.charge_amount for i in items) == ["29.00", "36.00", "99.00"]
    assert all(i.subscription_name for i in items)


def test_line_items_billed_by_run_billing_with_the_official_client(sdk: ZuoraClient) -> None:
    orders = sdk.orders_api()
    run_billing = ProcessingOptionsWithDelayedCapturePayment(run_billing=True)
    sold = orders.create_order(
        CreateOrderRequest(
            order_date=date(2025, 7, 1),
            new_account=new_account("SDK Billing Shop"),
            order_line_items=[
                widgets(item_state="SentToBilling", bill_target_date=date(2025, 7, 1))
            ],
            processing_options=run_billing,
        )
    )
    [invoice_number] = sold.invoice_numbers
    [line] = sold.order_line_items
    invoice = sdk.invoices_api().get_invoice(invoice_number)
    # 5 x 19.99 at 10 % off: 89.955 -> 89.96.
    assert (invoice.amount, invoice.includes_one_time) == (89.96, True)
    [item] = sdk.invoices_api().get_invoice_items(invoice_number).invoice_items
    assert (item.charge_amount, item.subscription_name, item.charge_type) == (
        "89.96",
        None,
        "OneTime",
    )
    returned = orders.create_order(
        CreateOrderRequest(
            order_date=date(2025, 7, 20),
            existing_account_number=sold.account_number,
            category=OrderCategory.RETURN,
            reason_code="Damaged",
            order_line_items=[
                CreateOrderOrderLineItem(
                    item_type="Product",
                    item_category=OrderLineItemCategory.RETURN,
                    quantity=2,
                    original_order_number=sold.order_number,
                    original_order_line_item_number="1",
                    item_state="SentToBilling",
                    bill_target_date=date(2025, 7, 20),
                )
            ],
            processing_options=run_billing,
        )
    )
    assert not returned.invoice_numbers
    [memo_number] = returned.credit_memo_numbers
    memo = sdk.credit_memos_api().get_credit_memo(memo_number)
    # round(89.96 x 2/5 = 35.984) = 35.98, shown positive.
    assert (memo.amount, memo.unapplied_amount) == (35.98, 35.98)
    [row] = sdk.credit_memos_api().get_credit_memo_items(memo_number).items
    [back] = returned.order_line_items
    assert (row.order_line_item_id, row.amount, row.subscription_id) == (back.id, 35.98, None)
    assert back.id != line.id
    states = [i.item_state for i in orders.get_order(sold.order_number).order.order_line_items]
    assert states == ["Complete"]


def test_a_scheduled_bill_run_with_the_official_client(sdk: ZuoraClient) -> None:
    """The client's schedule model, sent and read back (SB2): the dates given for the first
    run come back as offsets, with the next run time."""
    api = sdk.bill_run_api()
    request = CreateBillRunRequest(
        name="Month ends",
        batches=["AllBatches"],
        bill_cycle_day="AsRunDay",
        auto_post=True,
        target_date=date(2090, 2, 28),
        schedule=BillRunSchedule(
            repeat_from=date(2090, 1, 31),
            repeat_type="Monthly",
            run_time=4,
            monthly_on_end_of_month=True,
        ),
    )
    created = api.create_bill_run(request)
    run = api.get_bill_run(created.id)
    assert (run.status, run.bill_cycle_day, run.scheduled_execution_time) == (
        "Pending",
        "AsRunDay",
        "2090-01-31 04:00:00",
    )
    assert (run.schedule.repeat_type, run.schedule.monthly_on_end_of_month) == ("Monthly", True)
    assert (run.target_date_offset, run.invoice_date_offset) == (28, 0)
    canceled = api.cancel_bill_run(created.id, CancelBillRunRequest())
    assert canceled.status == "Canceled"
