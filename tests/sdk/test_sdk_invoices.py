"""Invoices through the unchanged official client: an order billed with runBilling, read
back with InvoicesApi; billing documents generated for an account."""

from __future__ import annotations

from datetime import date

from zuora_sdk.zuora_client import ZuoraClient

from tests.sdk.builders import basic_subscription_order


def test_invoices_with_the_official_client(sdk: ZuoraClient) -> None:
    created = sdk.orders_api().create_order(
        basic_subscription_order("Invoice Co", date(2025, 1, 15), run_billing=True)
    )
    assert created.success is True
    [number] = created.invoice_numbers
    invoice = sdk.invoices_api().get_invoice(number)
    # 29 x 17/31 = 15.90 + 36 x 17/31 = 19.74 + 99 = 134.64
    assert str(invoice.amount) == "134.64"
    assert invoice.status == "Posted"
    items = sdk.invoices_api().get_invoice_items(number).invoice_items
    assert sorted(i.charge_amount for i in items) == ["15.90", "19.74", "99.00"]
    assert {str(i.service_end_date) for i in items if i.charge_type == "Recurring"} == {
        "2025-01-31"
    }
