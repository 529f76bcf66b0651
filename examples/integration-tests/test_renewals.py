"""A year of billing and a renewal in one clock jump.

Starter (10.00 a month, in advance, bill cycle day 1) from 2025-01-01 on a 12-month term
that renews for 12 months; the account pays automatically by card; Acme's bill run runs on
the 1st of each month at 02:00. Worked out by hand:
- the sign-up invoices January 2025 (10.00) and collects it;
- the clock jumps 13 months, 2025-01-01 00:00 -> 2026-02-01 00:00: the bill run runs 13
  times (the 1st of 2025-01 ... 2026-01; 2026-02-01 02:00 is past the jump). The first
  run finds January already invoiced and makes nothing; the 12 others each invoice one
  month, 10.00, dated its run day, and collect it: 12 invoices, 12 payments;
- at 2026-01-01 00:00 the term ends and renews (before that day's run): version 2, term
  2026-01-01 to 2027-01-01, still Active, so the 2026-01-01 run bills January 2026.
So: 13 invoices of 10.00 (2025-01-01 ... 2026-01-01), each paid, 13 payments of 10.00
(130.00 in all), balance 0.
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

FIRST_DAYS = [date(2025, m, 1) for m in range(1, 13)] + [date(2026, 1, 1)]


@pytest.mark.usefixtures("monthly_bill_run")
def test_a_year_of_renewals_in_one_jump(
    zuora_client: ZuoraClient, zuora_tenant: ZuoraTenant
) -> None:
    signed = acme.sign_up(zuora_client, ADA, "starter", VISA, on=zuora_tenant.clock.today)

    moved = zuora_tenant.clock.advance(months=13)

    assert moved.today == date(2026, 2, 1)
    assert moved.failed() == ()
    assert moved.totals == {
        "billRuns": 13,
        "invoices": 12,
        "payments": 12,
        "subscriptionsRenewed": 1,
    }
    invoices = acme.invoices(zuora_client, signed.account_number)
    assert [(i.invoice_date, i.amount, i.balance, i.status) for i in invoices] == [
        (day, Decimal("10.00"), Decimal("0.00"), "Posted") for day in FIRST_DAYS
    ]
    # Each invoice is for the month it is dated in.
    last = acme.invoice_lines(zuora_client, invoices[-1].number)
    assert last == [
        acme.Line("Starter monthly fee", date(2026, 1, 1), date(2026, 1, 31), Decimal("10.00"))
    ]
    february = acme.invoice_lines(zuora_client, invoices[1].number)
    assert [(x.service_start, x.service_end) for x in february] == [
        (date(2025, 2, 1), date(2025, 2, 28))
    ]
    payments = acme.payments(zuora_client, signed.account_number)
    assert [(p.effective_date, p.amount, p.status) for p in payments] == [
        (day, Decimal("10.00"), "Processed") for day in FIRST_DAYS
    ]
    assert sum(p.amount for p in payments) == Decimal("130.00")
    assert acme.balance(zuora_client, signed.account_number) == 0

    renewed = zuora_client.subscriptions_api().get_subscription_by_key(signed.subscription_number)
    assert (
        renewed.version,
        renewed.status,
        str(renewed.term_start_date),
        str(renewed.term_end_date),
        renewed.current_term,
        renewed.auto_renew,
    ) == (2, "Active", "2026-01-01", "2027-01-01", 12, True)
