"""A card that declines at a monthly collection: what Acme's code sees, and how the
customer pays once they have a new card. (A card that declines at sign-up is in
test_sign_up.py: nothing is kept.)

Starter (10.00 a month, in advance, bill cycle day 1) from 2025-01-01, paid by a Visa
that approves; on 2025-01-15 the customer replaces it with 4000000000000002, which the
test gateway declines (`card_declined`). Worked out by hand:
- 2025-02-01 02:00, the bill run invoices February, 10.00, and auto-pay charges the new
  default card: declined. Zuora keeps the attempt as a payment in status Error (10.00,
  nothing applied); the invoice stays open, balance 10.00; the account owes 10.00.
  Paying it again on that card is declined again;
- 2025-02-03 the customer adds a MasterCard that approves; paying the open invoices
  charges 10.00 to it: Processed, invoice balance 0, account balance 0.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from zorders.testing import ZuoraTenant
from zuora_sdk.zuora_client import ZuoraClient

import acme_billing as acme
from acme_testdata import ADA, DECLINING_VISA, MASTERCARD, VISA

pytestmark = pytest.mark.zuora_tenant(catalog="catalog.yaml", now="2025-01-01T00:00:00Z")


@pytest.mark.usefixtures("monthly_bill_run")
def test_a_declined_renewal_payment_leaves_the_invoice_open(
    zuora_client: ZuoraClient, zuora_tenant: ZuoraTenant
) -> None:
    signed = acme.sign_up(zuora_client, ADA, "starter", VISA, on=zuora_tenant.clock.today)
    zuora_tenant.clock.advance(until=date(2025, 1, 15))
    acme.replace_card(zuora_client, signed.account_number, DECLINING_VISA)

    moved = zuora_tenant.clock.advance(until=date(2025, 2, 2))

    # The bill run did its work; the decline is an outcome, not a failed job.
    assert moved.failed() == ()
    assert moved.totals == {"billRuns": 1, "invoices": 1, "paymentsFailed": 1}
    first, declined = acme.payments(zuora_client, signed.account_number)
    assert (first.amount, first.status) == (Decimal("10.00"), "Processed")
    assert (declined.effective_date, declined.amount, declined.status) == (
        date(2025, 2, 1),
        Decimal("10.00"),
        "Error",
    )
    assert declined.gateway_response_code == "card_declined"
    january, february = acme.invoices(zuora_client, signed.account_number)
    assert (february.invoice_date, february.amount, february.balance, february.status) == (
        date(2025, 2, 1),
        Decimal("10.00"),
        Decimal("10.00"),
        "Posted",
    )
    assert january.balance == 0
    assert acme.balance(zuora_client, signed.account_number) == Decimal("10.00")

    # Trying again on the same card: declined again, the invoice still open.
    with pytest.raises(acme.PaymentDeclined) as again:
        acme.pay_open_invoices(zuora_client, signed.account_number)
    assert "card_declined" in again.value.message
    assert acme.invoices(zuora_client, signed.account_number)[-1].balance == Decimal("10.00")

    # A new card, and the customer pays what is owed.
    zuora_tenant.clock.advance(until=date(2025, 2, 3))
    acme.replace_card(zuora_client, signed.account_number, MASTERCARD)
    paid = acme.pay_open_invoices(zuora_client, signed.account_number)

    assert (paid.effective_date, paid.amount, paid.status) == (
        date(2025, 2, 3),
        Decimal("10.00"),
        "Processed",
    )
    assert acme.invoices(zuora_client, signed.account_number)[-1].balance == 0
    assert acme.balance(zuora_client, signed.account_number) == 0
