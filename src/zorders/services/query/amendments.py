"""Zuora's Amendment types of the order actions that change an existing subscription
(its SOAP Amendment object's `Type` values; the legacy amendment reads use the same)."""

from __future__ import annotations

from zorders.services.orders.amendments import AMENDMENT_TYPES as _BY_ACTION

# Order action (its stored type) -> Amendment type: the legacy amendment reads' table.
AMENDMENT_TYPES: dict[str, str] = {action.value: kind for action, kind in _BY_ACTION.items()}
# Every amendment is an action of an order already applied (ZQ17).
AMENDMENT_STATUS = "Completed"
