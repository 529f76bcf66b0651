"""Accounts through the unchanged official client (zuora-sdk 3.21.0) against `zorders serve`."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator

import pytest
from zuora_sdk import (
    AccountsApi,
    Configuration,
    CreateAccountContact,
    CreateAccountRequest,
    UpdateAccountContact,
    UpdateAccountRequest,
)
from zuora_sdk.exceptions import BadRequestException, NotFoundException
from zuora_sdk.zuora_client import ZuoraClient

from tests.support.server import RunningServer, zorders_server

CLIENT_ID = str(uuid.uuid4())
CLIENT_SECRET = "sdk-accounts-secret-0123456789"


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[RunningServer]:
    with zorders_server(
        database_url,
        ZORDERS_DEFAULT_CLIENT_ID=CLIENT_ID,
        ZORDERS_DEFAULT_CLIENT_SECRET=CLIENT_SECRET,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def accounts(server: RunningServer) -> Iterator[AccountsApi]:
    client = ZuoraClient(
        CLIENT_ID, CLIENT_SECRET, env=None, config=Configuration(host=server.base_url)
    )
    client.initialize()
    try:
        yield client.accounts_api()
    finally:
        client.stop_auto_auth()


def _request(number: str) -> CreateAccountRequest:
    return CreateAccountRequest(
        name="Analytical Engines Ltd",
        currency="EUR",
        account_number=number,
        bill_cycle_day=15,
        payment_term="Net 30",
        batch="Batch2",
        notes="Prefers email.",
        crm_id="crm-7",
        invoice_delivery_prefs_email=True,
        additional_email_addresses=["billing@example.com"],
        bill_to_contact=CreateAccountContact(
            first_name="Ada",
            last_name="Lovelace",
            city="London",
            country="United Kingdom",
            zip_code="SW1Y 4JH",
            work_email="ada@example.com",
            **{"Pet__c": "cat"},
        ),
        sold_to_contact=CreateAccountContact(first_name="Grace", last_name="Hopper", state="VA"),
        **{"Segment__c": "Enterprise"},
    )


def test_create_read_update_and_summarize(accounts: AccountsApi) -> None:
    number = f"SDK-{uuid.uuid4().hex[:12]}"
    created = accounts.create_account(_request(number))
    assert created.success is True
    assert created.account_number == number
    assert re.fullmatch(r"[0-9a-f]{32}", created.account_id)
    assert created.bill_to_contact_id != created.sold_to_contact_id

    account = accounts.get_account(number)
    assert account.success is True
    assert account.basic_info.id == created.account_id
    assert account.basic_info.name == "Analytical Engines Ltd"
    assert account.basic_info.account_number == number
    assert account.basic_info.status == "Active"
    assert account.basic_info.batch == "Batch2"
    assert account.basic_info.notes == "Prefers email."
    assert account.basic_info.crm_id == "crm-7"
    assert account.basic_info.additional_properties["Segment__c"] == "Enterprise"
    billing = account.billing_and_payment
    assert billing.bill_cycle_day == 15
    assert billing.bcd_setting_option == "ManualSet"
    assert billing.currency == "EUR"
    assert billing.payment_term == "Net 30"
    assert billing.auto_pay is False
    assert billing.invoice_delivery_prefs_email is True
    assert billing.invoice_delivery_prefs_print is False
    assert billing.additional_email_addresses == ["billing@example.com"]
    assert account.metrics.balance == 0
    assert account.metrics.currency == "EUR"
    assert account.bill_to_contact.id == created.bill_to_contact_id
    assert account.bill_to_contact.first_name == "Ada"
    assert account.bill_to_contact.zip_code == "SW1Y 4JH"
    assert account.bill_to_contact.work_email == "ada@example.com"
    assert account.bill_to_contact.additional_properties["Pet__c"] == "cat"
    assert account.sold_to_contact.last_name == "Hopper"
    assert account.sold_to_contact.state == "VA"

    updated = accounts.update_account(
        created.account_id,
        UpdateAccountRequest(
            notes="Now by post.",
            bill_cycle_day=1,
            bill_to_contact=UpdateAccountContact(first_name="Ada", last_name="King", city="Paris"),
        ),
    )
    assert updated.success is True
    again = accounts.get_account(created.account_id)
    assert again.basic_info.notes == "Now by post."
    assert again.billing_and_payment.bill_cycle_day == 1
    assert again.bill_to_contact.last_name == "King"
    assert again.bill_to_contact.city == "Paris"
    # Not sent, so unchanged.
    assert again.bill_to_contact.zip_code == "SW1Y 4JH"
    assert again.basic_info.crm_id == "crm-7"
    assert again.billing_and_payment.payment_term == "Net 30"

    summary = accounts.get_account_summary(number)
    assert summary.success is True
    assert summary.basic_info.id == created.account_id
    assert summary.basic_info.account_number == number
    assert summary.basic_info.currency == "EUR"
    assert summary.basic_info.bill_cycle_day == 1
    assert summary.bill_to_contact.city == "Paris"
    assert summary.sold_to_contact.first_name == "Grace"
    assert summary.subscriptions == []
    assert summary.invoices == []
    assert summary.payments == []
    assert summary.usage == []


def test_generated_numbers(accounts: AccountsApi) -> None:
    request = _request("unused")
    request.account_number = None
    first = accounts.create_account(request)
    second = accounts.create_account(request)
    assert re.fullmatch(r"A\d{8}", first.account_number)
    assert int(second.account_number[1:]) > int(first.account_number[1:])


def test_errors_reach_the_client_as_zuora_envelopes(accounts: AccountsApi) -> None:
    with pytest.raises(NotFoundException) as missing:
        accounts.get_account("NO-SUCH-ACCOUNT")
    assert missing.value.status == 404
    assert json.loads(missing.value.body)["reasons"][0]["code"] == 51000040

    request = _request(f"SDK-{uuid.uuid4().hex[:12]}")
    request.bill_cycle_day = 40
    with pytest.raises(BadRequestException) as bad:
        accounts.create_account(request)
    assert bad.value.status == 400
    body = json.loads(bad.value.body)
    assert body["success"] is False
    assert body["reasons"][0]["code"] == 51000320

    created = accounts.create_account(_request(f"SDK-{uuid.uuid4().hex[:12]}"))
    with pytest.raises(BadRequestException) as auto_pay:
        accounts.update_account(created.account_id, UpdateAccountRequest(auto_pay=True))
    assert json.loads(auto_pay.value.body)["reasons"][0]["code"] == 51000530
