"""Signing up: the first invoice billed and paid in the same call, or nothing kept.

Every expected figure is worked out by hand from catalog.yaml (Starter 10.00 a month, in
advance, on bill cycle day 1), never copied from an answer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from zorders.testing import ZuoraTenant
from zuora_sdk.zuora_client import ZuoraClient

import acme_billing as acme
from acme_testdata import ADA, DECLINING_VISA, VISA

pytestmark = pytest.mark.zuora_tenant(catalog="catalog.yaml", now="2025-01-01T00:00:00Z")


def test_sign_up_bills_and_collects_the_first_month(zuora_client: ZuoraClient) -> None:
    """Starter from 2025-01-01, the account billed on the 1st: January in full, 10.00,
    for 2025-01-01 to 2025-01-31, paid at once on the card: balance 0."""
    signed = acme.sign_up(zuora_client, ADA, "starter", VISA, on=date(2025, 1, 1))

    assert (signed.payment_status, signed.paid_amount) == ("Processed", Decimal("10.00"))
    [invoice] = acme.invoices(zuora_client, signed.account_number)
    assert invoice == acme.Invoice(
        signed.invoice_number, date(2025, 1, 1), Decimal("10.00"), Decimal("0.00"), "Posted"
    )
    assert acme.invoice_lines(zuora_client, invoice.number) == [
        acme.Line("Starter monthly fee", date(2025, 1, 1), date(2025, 1, 31), Decimal("10.00"))
    ]
    [payment] = acme.payments(zuora_client, signed.account_number)
    assert (payment.number, payment.effective_date, payment.amount, payment.status) == (
        signed.payment_number,
        date(2025, 1, 1),
        Decimal("10.00"),
        "Processed",
    )
    assert acme.balance(zuora_client, signed.account_number) == 0

    # The card is the account's default payment method, and the account pays automatically.
    account = zuora_client.accounts_api().get_account(signed.account_number)
    assert (account.basic_info.status, account.billing_and_payment.auto_pay) == ("Active", True)
    assert account.billing_and_payment.bill_cycle_day == 1
    card = zuora_client.accounts_api().get_account_default_payment_method(signed.account_number)
    assert (card.type, card.credit_card_type, card.card_number) == (
        "CreditCard",
        "Visa",
        "************1111",
    )
    subscription = zuora_client.subscriptions_api().get_subscription_by_key(
        signed.subscription_number
    )
    assert (subscription.status, subscription.version, str(subscription.term_end_date)) == (
        "Active",
        1,
        "2026-01-01",
    )


@pytest.mark.parametrize(
    "business_errors",
    [
        pytest.param(
            mode,
            marks=pytest.mark.zuora_tenant(
                catalog="catalog.yaml", now="2025-01-01T00:00:00Z", business_errors=mode
            ),
        )
        for mode in ("http-4xx", "http-200")
    ],
)
def test_a_declined_card_at_sign_up_keeps_nothing(
    zuora_client: ZuoraClient, zuora_tenant: ZuoraTenant, business_errors: str
) -> None:
    """The card declines (`card_declined`): the order is all or nothing (spec §11), so the
    integrator's code sees an error, and no account, subscription, invoice or payment is
    left. Zuora answers such a refusal with HTTP 400 (the SDK raises) or HTTP 200 and
    `success: false` (the SDK returns it): the tenant's `business_errors` setting plays
    both, and acme_billing turns both into PaymentDeclined."""
    with pytest.raises(acme.PaymentDeclined) as declined:
        acme.sign_up(zuora_client, ADA, "starter", DECLINING_VISA, on=date(2025, 1, 1))

    assert declined.value.code.endswith("99")  # category 99: the gateway's refusal
    assert "card_declined" in declined.value.message

    counted = {
        kind: zuora_tenant.request(
            "POST", "/v1/action/query", json={"queryString": f"select Id from {kind}"}
        )["size"]
        for kind in ("Account", "Subscription", "Invoice", "Payment")
    }
    assert counted == {"Account": 0, "Subscription": 0, "Invoice": 0, "Payment": 0}
