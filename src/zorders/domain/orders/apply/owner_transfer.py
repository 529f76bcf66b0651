"""OwnerTransfer (spec §3.14): a new subscription owner and/or invoice owner."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.errors import ErrorCode
from zorders.domain.orders.actions import OrderAction, OwnerTransfer
from zorders.domain.orders.apply.common import (
    ActionEnv,
    Applied,
    ensure_not_suspended,
    fail,
    require,
)
from zorders.domain.subscription.model import Subscription


def apply(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    payload = action.payload
    assert isinstance(payload, OwnerTransfer)
    current = require(subscription, action)
    ensure_not_suspended(current, action)
    if payload.destination_account_id is None and payload.destination_invoice_account_id is None:
        raise fail(
            ErrorCode.MISSING_FIELD,
            "OwnerTransfer needs destinationAccountNumber or destinationInvoiceAccountNumber.",
            "destinationAccountNumber",
        )
    return Applied(
        replace(
            current,
            account_id=payload.destination_account_id or current.account_id,
            invoice_owner_account_id=payload.destination_invoice_account_id
            or current.invoice_owner_account_id,
        )
    )
