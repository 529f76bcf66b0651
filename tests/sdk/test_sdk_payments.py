"""Payments through the unchanged official client (zuora-sdk 3.21.0): a card as the
account's default payment method, an order that bills and collects, payments created,
read, listed and applied, and a decline as the client's BadRequestException."""

from __future__ import annotations

from datetime import date

import pytest
from zuora_sdk import (
    ApplyPaymentInvoiceApplication,
    ApplyPaymentRequest,
    CreateAccountContact,
    CreateAccountRequest,
    CreateCreditCardPaymentMethod,
    CreateOrderAction,
    CreateOrderCreateSubscription,
    CreateOrderRatePlanOverride,
    CreateOrderRequest,
    CreateOrderSubscription,
    CreatePaymentInvoiceApplication,
    CreatePaymentMethodCardholderInfo,
    CreatePaymentMethodRequest,
    CreatePaymentRequest,
    InitialTerm,
    OrderActionCreateSubscriptionTerms,
    ProcessingOptionsWithDelayedCapturePayment,
    RenewalTerm,
    TriggerDate,
)
from zuora_sdk.exceptions import BadRequestException
from zuora_sdk.zuora_client import ZuoraClient


def _account(sdk: ZuoraClient) -> tuple[str, str]:
    created = sdk.accounts_api().create_account(
        CreateAccountRequest(
            name="SDK Payments",
            currency="USD",
            bill_cycle_day=1,
            bill_to_contact=CreateAccountContact(first_name="Grace", last_name="Hopper"),
        )
    )
    assert created.success is True
    return created.account_id, created.account_number


def _card(sdk: ZuoraClient, account_key: str, number: str, card_type: str) -> str:
    created = sdk.payment_methods_api().create_payment_method(
        CreatePaymentMethodRequest(
            CreateCreditCardPaymentMethod(
                type="CreditCard",
                account_key=account_key,
                card_number=number,
                card_type=card_type,
                expiration_month=12,
                expiration_year=2099,
                security_code="123",
                card_holder_info=CreatePaymentMethodCardholderInfo(card_holder_name="G Hopper"),
                make_default=True,
            )
        )
    )
    assert created.success is True
    method_id: str = created.id
    return method_id


def _order(account_number: str, *, collect: bool) -> CreateOrderRequest:
    return CreateOrderRequest(
        order_date=date(2025, 1, 1),
        existing_account_number=account_number,
        processing_options=ProcessingOptionsWithDelayedCapturePayment(
            run_billing=True, collect_payment=collect
        ),
        subscriptions=[
            CreateOrderSubscription(
                order_actions=[
                    CreateOrderAction(
                        type="CreateSubscription",
                        trigger_dates=[
                            TriggerDate(name="ContractEffective", trigger_date=date(2025, 1, 1))
                        ],
                        create_subscription=CreateOrderCreateSubscription(
                            terms=OrderActionCreateSubscriptionTerms(
                                initial_term=InitialTerm(
                                    term_type="TERMED", period=12, period_type="Month"
                                ),
                                renewal_setting="RENEW_WITH_SPECIFIC_TERM",
                                renewal_terms=[RenewalTerm(period=12, period_type="Month")],
                                auto_renew=True,
                            ),
                            subscribe_to_rate_plans=[
                                CreateOrderRatePlanOverride(
                                    product_rate_plan_number="CLOUDDESK-BASIC"
                                )
                            ],
                        ),
                    )
                ]
            )
        ],
    )


def test_payments_with_the_official_client(sdk: ZuoraClient) -> None:
    account_id, account_number = _account(sdk)
    method_id = _card(sdk, account_number, "4111111111111111", "Visa")
    default = sdk.accounts_api().get_account_default_payment_method(account_number)
    assert (default.id, default.credit_card_type, default.card_number) == (
        method_id,
        "Visa",
        "************1111",
    )
    assert default.is_default is True

    # An order that bills January in full (USD 164) and collects it on the card.
    ordered = sdk.orders_api().create_order(_order(account_number, collect=True), return_ids=True)
    assert ordered.success is True
    assert ordered.payment_status == "Processed"
    assert ordered.paid_amount == "164.00"
    assert ordered.payment_number is not None and ordered.payment_number.startswith("P-")
    collected = sdk.payments_api().get_payment(ordered.payment_id)
    assert (collected.number, collected.type, collected.status) == (
        ordered.payment_number,
        "Electronic",
        "Processed",
    )
    assert (collected.amount, collected.applied_amount, collected.unapplied_amount) == (164, 164, 0)
    assert collected.payment_method_id == method_id
    [paid_id] = ordered.invoice_ids
    paid = sdk.invoices_api().get_invoice(paid_id)
    assert (paid.balance, paid.payment_amount) == (0, 164)

    # A second order bills without collecting: USD 164 owed.
    billed = sdk.orders_api().create_order(_order(account_number, collect=False), return_ids=True)
    assert billed.payment_number is None
    [owed_id] = billed.invoice_ids

    # An external payment, unapplied, then applied in part.
    payment = sdk.payments_api().create_payment(
        CreatePaymentRequest(
            type="External",
            account_id=account_id,
            amount=50.25,
            currency="USD",
            effective_date="2025-01-02",
        )
    )
    assert (payment.status, payment.amount, payment.unapplied_amount) == ("Processed", 50.25, 50.25)
    read = sdk.payments_api().get_payment(payment.number)
    assert (read.id, read.account_number, read.effective_date) == (
        payment.id,
        account_number,
        "2025-01-02",
    )
    applied = sdk.payments_api().apply_payment(
        payment.number,
        ApplyPaymentRequest(
            invoices=[ApplyPaymentInvoiceApplication(invoice_id=owed_id, amount=50.25)]
        ),
    )
    assert (applied.applied_amount, applied.unapplied_amount) == (50.25, 0)
    owed = sdk.invoices_api().get_invoice(owed_id)
    assert (owed.balance, owed.payment_amount) == (113.75, 50.25)
    with pytest.raises(BadRequestException) as refused:
        sdk.payments_api().create_payment(
            CreatePaymentRequest(
                type="External",
                account_id=account_id,
                amount=10,
                currency="USD",
                invoices=[CreatePaymentInvoiceApplication(invoice_id=paid_id, amount=10)],
            )
        )
    assert "more than its balance" in str(refused.value.body)

    listed = sdk.payments_api().get_retrieve_all_payments(account_id=account_id)
    assert [p.number for p in listed.payments] == [ordered.payment_number, payment.number]

    # A declining default card: the client raises, and nothing is kept.
    _card(sdk, account_id, "4000000000000002", "Visa")
    with pytest.raises(BadRequestException) as declined:
        sdk.payments_api().create_payment(
            CreatePaymentRequest(
                type="Electronic", account_id=account_id, amount=10, currency="USD"
            )
        )
    assert "card_declined" in str(declined.value.body)
    again = sdk.payments_api().get_retrieve_all_payments(account_id=account_id)
    assert len(again.payments) == 2
