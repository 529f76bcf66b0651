"""OwnerTransfer (spec §3.14): new subscription owner and / or invoice owner."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.orders.builders import make_env, run, subscription
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import OwnerTransfer

JAN31 = date(2025, 1, 31)


@pytest.mark.parametrize(
    ("transfer", "owner", "invoice_owner"),
    [
        (OwnerTransfer("acc-2", "acc-3"), "acc-2", "acc-3"),
        (OwnerTransfer(destination_account_id="acc-2"), "acc-2", "acc-1"),
        (OwnerTransfer(destination_invoice_account_id="acc-3"), "acc-1", "acc-3"),
    ],
)
def test_owner_transfer(transfer: OwnerTransfer, owner: str, invoice_owner: str) -> None:
    sub = subscription()
    applied = run(sub, transfer, make_env(), date(2025, 5, 1))
    moved = applied.subscription
    assert applied.details == {}
    assert applied.pending is False
    assert (moved.account_id, moved.invoice_owner_account_id) == (owner, invoice_owner)
    assert moved.rate_plans == sub.rate_plans
    assert moved.terms == sub.terms
    assert moved.number == sub.number


def test_owner_transfer_needs_a_destination() -> None:
    with pytest.raises(DomainError) as raised:
        run(subscription(), OwnerTransfer(), make_env(), JAN31)
    assert raised.value.code is ErrorCode.MISSING_FIELD
    assert raised.value.field == "destinationAccountNumber"


def test_owner_transfer_needs_a_subscription() -> None:
    with pytest.raises(DomainError) as raised:
        run(None, OwnerTransfer("acc-2"), make_env(), JAN31)
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE
