"""The v2 account translator against the account services' fake unit of work (no HTTP):
v2 bodies become the same AccountDraft / AccountUpdate the v1 routes give the services."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from tests.service.fakes import FakeUnitOfWorkFactory
from zorders.api.v2.account_views import account_view
from zorders.api.v2.accounts import AccountCreate, AccountPatch
from zorders.api.v2.errors import V2Error
from zorders.domain.accounts import UNSET, ContactInfo, PaymentTerm
from zorders.services import account_signup
from zorders.services import accounts as account_service
from zorders.services.context import CommandContext

CTX = CommandContext("tenant-1", datetime(2025, 1, 1, 12, tzinfo=UTC), "req")
BILL_TO = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@home.example",
    "address": {"line1": "12 Square", "postal_code": "SW1Y", "country": "GB"},
}


def test_create_body_to_draft() -> None:
    draft = AccountCreate.model_validate(
        {
            "name": "AE",
            "currency": "EUR",
            "bill_to": BILL_TO,
            "bill_cycle_day": 7,
            "payment_terms": "Net 30",
            "description": "notes here",
            "billing_document_settings": {"email_documents": True, "additional_email": ["a@x"]},
            "custom_fields": {"Region__c": "EMEA"},
        }
    ).to_draft()
    assert draft.name == "AE" and draft.currency == "EUR"
    assert draft.bill_to == ContactInfo(
        first_name="Ada",
        last_name="Lovelace",
        personal_email="ada@home.example",
        address1="12 Square",
        zip_code="SW1Y",
        country="GB",
    )
    assert draft.sold_to is None and draft.sold_to_same_as_bill_to is True
    assert (draft.bill_cycle_day, draft.payment_term, draft.notes) == (7, "Net 30", "notes here")
    assert draft.invoice_delivery_prefs_email is True
    assert draft.additional_email_addresses == ("a@x",)
    assert draft.custom_fields == {"Region__c": "EMEA"}


def test_create_defaults() -> None:
    draft = AccountCreate.model_validate(
        {"name": "AE", "currency": "USD", "bill_to": BILL_TO}
    ).to_draft()
    assert (draft.bill_cycle_day, draft.payment_term, draft.batch, draft.auto_pay) == (
        0,
        PaymentTerm.DUE_UPON_RECEIPT,
        "Batch1",
        False,
    )


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        AccountCreate.model_validate({"name": "A", "currency": "USD", "bill_to": BILL_TO, "x": 1})
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


def test_unsupported_zuora_fields_are_refused_by_name() -> None:
    body = AccountCreate.model_validate(
        {"name": "A", "currency": "USD", "bill_to": BILL_TO, "sequence_set_id": "s"}
    )
    with pytest.raises(V2Error) as caught:
        body.to_draft()
    assert caught.value.answer.problem is not None
    assert caught.value.answer.problem.parameter == "sequence_set_id"


def test_patch_body_to_update() -> None:
    update = AccountPatch.model_validate(
        {"name": "B", "bill_to": {"address": {"city": "Paris"}, "work_phone": None}}
    ).to_update()
    assert update.name == "B"
    assert update.bill_cycle_day is UNSET
    assert update.bill_to is not None
    assert dict(update.bill_to.values) == {"city": "Paris", "work_phone": None}
    assert update.sold_to is None


def test_a_v2_account_through_the_services_and_back() -> None:
    uow_factory = FakeUnitOfWorkFactory()
    draft = AccountCreate.model_validate(
        {"name": "AE", "currency": "USD", "bill_to": BILL_TO, "account_number": "AE-9"}
    ).to_draft()
    made = account_signup.create_with_card(uow_factory, CTX, None, draft, None)  # type: ignore[arg-type]
    listed = account_service.list_accounts(uow_factory, CTX)
    assert [a.id for a in listed] == [made.id]
    view = account_view(account_service.get(uow_factory, CTX, "AE-9"))
    assert view["account_number"] == "AE-9"
    assert view["bill_to"]["email"] == "ada@home.example"
    assert view["sold_to_id"] == view["bill_to_id"]
    assert view["created_time"] == "2025-01-01T12:00:00+00:00"  # CTX.now, ISO-8601 (QO10)
