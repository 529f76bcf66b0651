"""Upgrading with proration, downgrading at the next period start, cancelling at period
end: what each bills, and when, with the clock moved through the bill days.

Catalog (catalog.yaml): Starter 10.00 and Growth 30.00 a month, flat fees billed in
advance on the account's bill cycle day, 1. Proration (tenant default, "actual days",
docs/decisions.md B4): a part of a month counts its days over that month's days. Every
figure below is worked out by hand.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from zorders.testing import ZuoraTenant
from zuora_sdk.zuora_client import ZuoraClient

import acme_billing as acme
from acme_testdata import ADA, VISA

pytestmark = pytest.mark.zuora_tenant(catalog="catalog.yaml", now="2025-01-01T00:00:00Z")


def _invoiced(client: ZuoraClient, account: str) -> list[tuple[date, Decimal, Decimal]]:
    return [(i.invoice_date, i.amount, i.balance) for i in acme.invoices(client, account)]


def _plan(client: ZuoraClient, subscription: str) -> tuple[int, str, list[str]]:
    """(version, status, the names of the rate plans in force)."""
    read = client.subscriptions_api().get_subscription_by_key(subscription)
    names = [p.rate_plan_name for p in read.rate_plans if p.last_change_type != "Remove"]
    return read.version, read.status, names


@pytest.mark.usefixtures("monthly_bill_run")
def test_upgrade_mid_month_is_prorated(
    zuora_client: ZuoraClient, zuora_tenant: ZuoraTenant
) -> None:
    """Starter from 2025-01-01 (January paid: 10.00), Growth from 2025-01-16. January has
    31 days; 2025-01-16 to 2025-01-31 is 16 of them:
      Growth   30.00 x 16/31 = 15.483... -> 15.48
      Starter  10.00 x 16/31 =  5.161... -> -5.16 (the unused days credited)
      invoice of 2025-01-16: 15.48 - 5.16 = 10.32, collected at once.
    The 2025-02-01 bill run then bills Growth in full: 30.00, paid by auto-pay."""
    signed = acme.sign_up(zuora_client, ADA, "starter", VISA, on=zuora_tenant.clock.today)
    today = zuora_tenant.clock.advance(until=date(2025, 1, 16)).today

    change = acme.upgrade(zuora_client, signed.subscription_number, "growth", on=today)

    assert (change.status, change.effective_date, change.payment_status) == (
        "Completed",
        date(2025, 1, 16),
        "Processed",
    )
    [prorated] = change.invoice_numbers
    lines = acme.invoice_lines(zuora_client, prorated)
    assert sorted(lines, key=lambda line: line.amount) == [
        acme.Line("Starter monthly fee", date(2025, 1, 16), date(2025, 1, 31), Decimal("-5.16")),
        acme.Line("Growth monthly fee", date(2025, 1, 16), date(2025, 1, 31), Decimal("15.48")),
    ]
    assert _invoiced(zuora_client, signed.account_number) == [
        (date(2025, 1, 1), Decimal("10.00"), Decimal("0.00")),
        (date(2025, 1, 16), Decimal("10.32"), Decimal("0.00")),
    ]
    assert _plan(zuora_client, signed.subscription_number) == (2, "Active", ["Growth"])

    moved = zuora_tenant.clock.advance(until=date(2025, 2, 2))

    assert moved.totals == {"billRuns": 1, "invoices": 1, "payments": 1}
    february = acme.invoices(zuora_client, signed.account_number)[-1]
    assert (february.invoice_date, february.amount, february.balance) == (
        date(2025, 2, 1),
        Decimal("30.00"),
        Decimal("0.00"),
    )
    assert acme.invoice_lines(zuora_client, february.number) == [
        acme.Line("Growth monthly fee", date(2025, 2, 1), date(2025, 2, 28), Decimal("30.00"))
    ]
    assert [p.amount for p in acme.payments(zuora_client, signed.account_number)] == [
        Decimal("10.00"),
        Decimal("10.32"),
        Decimal("30.00"),
    ]
    assert acme.balance(zuora_client, signed.account_number) == 0


@pytest.mark.usefixtures("monthly_bill_run")
def test_scheduled_downgrade_takes_effect_at_the_next_period_start(
    zuora_client: ZuoraClient, zuora_tenant: ZuoraTenant
) -> None:
    """Growth from 2025-01-01 (January paid: 30.00); on 2025-01-20 the customer asks for
    Starter. January is paid through 2025-01-31, so the change is scheduled for
    2025-02-01: until then the subscription is Growth, unchanged (version 1); at 00:00
    that day the Scheduled order runs (version 2, Starter), and the 02:00 bill run bills
    Starter in full, 10.00 for February, then 10.00 for March. No credit: nothing billed
    was taken back. Invoices: 30.00, 10.00, 10.00, all paid."""
    signed = acme.sign_up(zuora_client, ADA, "growth", VISA, on=zuora_tenant.clock.today)
    today = zuora_tenant.clock.advance(until=date(2025, 1, 20)).today

    change = acme.schedule_downgrade(zuora_client, signed.subscription_number, "starter", on=today)

    assert (change.status, change.effective_date, change.invoice_numbers) == (
        "Scheduled",
        date(2025, 2, 1),
        [],
    )
    eve = zuora_tenant.clock.advance(until=date(2025, 1, 31))
    assert eve.totals == {}
    assert _plan(zuora_client, signed.subscription_number) == (1, "Active", ["Growth"])

    first_day = zuora_tenant.clock.advance(until=date(2025, 2, 2))

    assert [job.kind for job in first_day.ran] == [
        "scheduled_order",
        "scheduled_bill_run",
        "bill_run",
    ]
    assert first_day.totals == {"ordersExecuted": 1, "billRuns": 1, "invoices": 1, "payments": 1}
    assert _plan(zuora_client, signed.subscription_number) == (2, "Active", ["Starter"])
    order = zuora_client.orders_api().get_order(change.order_number).order
    assert order.status == "Completed"

    zuora_tenant.clock.advance(until=date(2025, 3, 2))

    assert _invoiced(zuora_client, signed.account_number) == [
        (date(2025, 1, 1), Decimal("30.00"), Decimal("0.00")),
        (date(2025, 2, 1), Decimal("10.00"), Decimal("0.00")),
        (date(2025, 3, 1), Decimal("10.00"), Decimal("0.00")),
    ]
    march = acme.invoices(zuora_client, signed.account_number)[-1]
    assert acme.invoice_lines(zuora_client, march.number) == [
        acme.Line("Starter monthly fee", date(2025, 3, 1), date(2025, 3, 31), Decimal("10.00"))
    ]


@pytest.mark.usefixtures("monthly_bill_run")
def test_a_scheduled_downgrade_called_off_keeps_the_plan(
    zuora_client: ZuoraClient, zuora_tenant: ZuoraTenant
) -> None:
    """The same downgrade, called off on 2025-01-25: on 2025-02-01 nothing changes (the
    subscription stays at version 1, Growth) and February bills Growth, 30.00."""
    signed = acme.sign_up(zuora_client, ADA, "growth", VISA, on=zuora_tenant.clock.today)
    today = zuora_tenant.clock.advance(until=date(2025, 1, 20)).today
    change = acme.schedule_downgrade(zuora_client, signed.subscription_number, "starter", on=today)
    zuora_tenant.clock.advance(until=date(2025, 1, 25))

    acme.keep_current_plan(zuora_client, change.order_number)

    moved = zuora_tenant.clock.advance(until=date(2025, 2, 2))
    assert moved.totals == {"billRuns": 1, "invoices": 1, "payments": 1}
    assert _plan(zuora_client, signed.subscription_number) == (1, "Active", ["Growth"])
    assert _invoiced(zuora_client, signed.account_number) == [
        (date(2025, 1, 1), Decimal("30.00"), Decimal("0.00")),
        (date(2025, 2, 1), Decimal("30.00"), Decimal("0.00")),
    ]
    assert zuora_client.orders_api().get_order(change.order_number).order.status == "Cancelled"


@pytest.mark.usefixtures("monthly_bill_run")
def test_cancel_at_period_end(zuora_client: ZuoraClient, zuora_tenant: ZuoraTenant) -> None:
    """Growth from 2025-01-01 (January paid: 30.00), cancelled on 2025-01-10 at the end of
    the invoiced period: January is invoiced through 2025-01-31, so the subscription ends
    on 2025-02-01. It stays Active through 2025-01-31, is Cancelled from 2025-02-01, and
    the bill runs of 2025-02-01 and 2025-03-01 bill nothing: one invoice in all, 30.00,
    paid; no credit (nothing was billed past the end)."""
    signed = acme.sign_up(zuora_client, ADA, "growth", VISA, on=zuora_tenant.clock.today)
    today = zuora_tenant.clock.advance(until=date(2025, 1, 10)).today

    change = acme.cancel_at_period_end(zuora_client, signed.subscription_number, on=today)

    assert (change.status, change.effective_date, change.invoice_numbers) == (
        "Completed",
        date(2025, 2, 1),
        [],
    )
    zuora_tenant.clock.advance(until=date(2025, 1, 31))
    assert _plan(zuora_client, signed.subscription_number)[1] == "Active"

    moved = zuora_tenant.clock.advance(until=date(2025, 3, 2))

    assert moved.totals == {"subscriptionsCancelled": 1, "billRuns": 2}
    assert _plan(zuora_client, signed.subscription_number)[1] == "Cancelled"
    assert _invoiced(zuora_client, signed.account_number) == [
        (date(2025, 1, 1), Decimal("30.00"), Decimal("0.00"))
    ]
    assert len(acme.payments(zuora_client, signed.account_number)) == 1
    assert acme.balance(zuora_client, signed.account_number) == 0
