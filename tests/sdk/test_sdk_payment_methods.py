"""Payment methods of every type through the unchanged official client (zuora-sdk 3.21.0),
issue 13: a UK Direct Debit (Bacs) with its mandate and an ACH account created, read back
masked, listed by type; a sign-up whose new account brings a Stripe-style card token,
billed and collected in one order (USD 164.00: 29 + 3 x 12 + 99); a scrub and a delete."""

from __future__ import annotations

from datetime import date

import pytest
from zuora_sdk import (
    CreateAccountPaymentMethod,
    CreateACHPaymentMethod,
    CreateBacsPaymentMethod,
    CreatePaymentMethodBankTransferAccountHolderInfo,
    CreatePaymentMethodRequest,
    OrderCreateAccount,
    OrderCreateAccountContact,
    PaymentMethodRequestMandateInfo,
    ProcessingOptionsWithDelayedCapturePayment,
)
from zuora_sdk.exceptions import ApiException
from zuora_sdk.zuora_client import ZuoraClient

from tests.sdk.test_sdk_payments import _account, _order


def test_payment_methods_of_every_type_with_the_official_client(sdk: ZuoraClient) -> None:
    _, account_number = _account(sdk)
    api = sdk.payment_methods_api()
    bacs = api.create_payment_method(
        CreatePaymentMethodRequest(
            CreateBacsPaymentMethod(
                type="Bacs",
                account_key=account_number,
                account_number="00012345",
                bank_code="108800",
                account_holder_info=CreatePaymentMethodBankTransferAccountHolderInfo(
                    account_holder_name="Grace Hopper", email="grace@example.com"
                ),
                mandate_info=PaymentMethodRequestMandateInfo(
                    mandate_id="MD-SDK-1", mandate_status="Active"
                ),
                make_default=True,
            )
        )
    )
    assert bacs.success is True
    ach = api.create_payment_method(
        CreatePaymentMethodRequest(
            CreateACHPaymentMethod(
                type="ACH",
                account_key=account_number,
                bank_aba_code="110000000",
                bank_account_number="000123456789",
                bank_account_type="Checking",
                bank_account_name="Grace Hopper",
            )
        )
    )
    read = api.get_payment_method(bacs.id)
    assert (read.type, read.bank_transfer_type, read.account_number, read.bank_code) == (
        "BankTransfer",
        "DirectDebitUK",
        "****2345",
        "108800",
    )
    assert read.mandate_info is not None and read.mandate_info.mandate_id == "MD-SDK-1"
    assert read.is_default is True
    ach_read = api.get_payment_method(ach.id)
    assert (ach_read.bank_account_number, ach_read.bank_account_type) == (
        "********6789",
        "Checking",
    )
    listed = sdk.accounts_api().get_account_payment_methods(account_number)
    assert listed.default_payment_method_id == bacs.id
    raw = listed.to_dict()
    assert [m["id"] for m in raw["banktransfer"]] == [bacs.id]
    assert [m["id"] for m in raw["ach"]] == [ach.id]

    # Scrub the ACH account, then delete it; the default cannot be deleted.
    assert api.scrub_payment_method(ach.id).success is True
    assert api.get_payment_method(ach.id).status == "Closed"
    assert api.delete_payment_method(ach.id).success is True
    with pytest.raises(ApiException):
        api.delete_payment_method(bacs.id)

    # A sign-up with a card token in one order: billed and collected.
    order = _order("unused", collect=True)
    order.existing_account_number = None
    order.processing_options = ProcessingOptionsWithDelayedCapturePayment(
        run_billing=True, collect_payment=True
    )
    order.new_account = OrderCreateAccount(
        name="SDK Token",
        currency="USD",
        bill_cycle_day=1,
        auto_pay=True,
        bill_to_contact=OrderCreateAccountContact(first_name="Ada", last_name="Byron"),
        payment_method=CreateAccountPaymentMethod(
            type="CreditCardReferenceTransaction",
            token_id="cus_SDK1",
            second_token_id="card_SDK1",
        ),
    )
    order.order_date = date(2025, 1, 1)
    ordered = sdk.orders_api().create_order(order)
    assert (ordered.payment_status, ordered.paid_amount) == ("Processed", "164.00")
    default = sdk.accounts_api().get_account_default_payment_method(ordered.account_number)
    assert (default.type, default.token_id, default.second_token_id) == (
        "CreditCardReferenceTransaction",
        "cus_SDK1",
        "card_SDK1",
    )
