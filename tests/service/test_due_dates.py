"""An order's version records its dated jobs in the order's own unit of work (TE1, TE2)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from tests.service.fakes import FakeUnitOfWork, FakeUnitOfWorkFactory
from tests.service.test_order_commands import CTX, TENANT, order
from tests.unit.orders.builders import BASIC, BASIC_CHARGES, PRODUCT
from zorders.domain.accounts import Account, AccountDraft, ContactInfo
from zorders.domain.orders.actions import (
    CancellationPolicy,
    CancelSubscription,
    OrderActionType,
    RenewSubscription,
)
from zorders.services.accounts import create_account
from zorders.services.orders.commands import (
    ActionCommand,
    CreateOrder,
    RequestedDates,
    SubscriptionCommand,
)
from zorders.services.orders.create import create_order


@pytest.fixture
def uows() -> FakeUnitOfWorkFactory:
    factory = FakeUnitOfWorkFactory()
    factory.state.catalog.load(TENANT, PRODUCT, BASIC, BASIC_CHARGES)
    return factory


@pytest.fixture
def account(uows: FakeUnitOfWorkFactory) -> Account:
    with uows() as uow:
        draft = AccountDraft("Acme", "USD", ContactInfo("Ada", "Lovelace"), bill_cycle_day=1)
        created = create_account(uow, CTX, draft)
        uow.commit()
    return created


@pytest.fixture
def uow(uows: FakeUnitOfWorkFactory) -> Iterator[FakeUnitOfWork]:
    with uows() as opened:
        yield opened


def _jobs(uow: FakeUnitOfWork) -> list[tuple[str, datetime | None, dict[str, object]]]:
    return [(j.kind, j.run_at, j.payload) for j in uow.jobs.records]


def _amend(account: Account, number: str, action: ActionCommand) -> CreateOrder:
    return order(account, SubscriptionCommand((action,), subscription_number=number))


def test_a_termed_subscription_records_its_term_end_with_the_order(
    uow: FakeUnitOfWork, account: Account
) -> None:
    create_order(uow, CTX, order(account))
    assert _jobs(uow) == [
        (
            "term_end",
            datetime(2026, 1, 1, tzinfo=UTC),
            {"subscription_number": "A-S00000001", "version": 1, "date": "2026-01-01"},
        )
    ]


def test_only_new_dates_get_a_job(uow: FakeUnitOfWork, account: Account) -> None:
    create_order(uow, CTX, order(account))
    cancel = ActionCommand(
        type=OrderActionType.CANCEL_SUBSCRIPTION,
        payload=CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 6, 1)),
        trigger_dates=RequestedDates(contract_effective=date(2025, 1, 1)),
    )
    create_order(uow, CTX, _amend(account, "A-S00000001", cancel))
    # The term end is the same in version 2: only the cancellation is new.
    assert [(k, p["version"], p["date"]) for k, _, p in _jobs(uow)] == [
        ("term_end", 1, "2026-01-01"),
        ("subscription_cancellation", 2, "2025-06-01"),
    ]


def test_a_term_that_ended_before_the_order_gets_no_job(
    uows: FakeUnitOfWorkFactory, account: Account
) -> None:
    late = replace(CTX, now=datetime(2026, 3, 1, tzinfo=UTC))
    with uows() as opened:
        create_order(opened, late, order(account))
        renew = ActionCommand(
            type=OrderActionType.RENEW_SUBSCRIPTION,
            payload=RenewSubscription(),
            trigger_dates=RequestedDates(contract_effective=date(2026, 3, 1)),
        )
        create_order(opened, late, _amend(account, "A-S00000001", renew))
        # Backdated: the first term ended on 2026-01-01, before today; the renewed one
        # ends on 2027-01-01.
        assert [(k, p["version"], p["date"]) for k, _, p in _jobs(opened)] == [
            ("term_end", 2, "2027-01-01")
        ]
