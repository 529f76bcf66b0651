"""An order as stored: its status, its subscriptions and their actions (spec §7.2, §10.1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from zorders.domain.orders.actions import OrderActionType


class OrderStatus(StrEnum):
    DRAFT = "Draft"
    PENDING = "Pending"
    COMPLETED = "Completed"
    CANCELLED = "Cancelled"
    SCHEDULED = "Scheduled"
    EXECUTING = "Executing"
    FAILED = "Failed"


class OrderCategory(StrEnum):
    NEW_SALES = "NewSales"
    RETURN = "Return"


# Order status moves the endpoints may make (spec §10.1); anything else is refused.
UPDATABLE = frozenset({OrderStatus.DRAFT, OrderStatus.SCHEDULED})
ACTIVATABLE = frozenset({OrderStatus.DRAFT})
CANCELLABLE = frozenset({OrderStatus.DRAFT, OrderStatus.SCHEDULED})
TRIGGER_DATES_UPDATABLE = frozenset({OrderStatus.PENDING})


@dataclass(frozen=True)
class OrderActionRecord:
    id: str
    sequence: int
    type: OrderActionType
    # Resolved trigger dates by name (`ContractEffective`, ...); absent = not known yet.
    trigger_dates: dict[str, date]
    change_reason: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    # The action object as requested (camelCase JSON), echoed by GET order.
    request: dict[str, Any] = field(default_factory=dict)
    # What applying it computed (suspendDate, resumeDate, ids...).
    result: dict[str, Any] = field(default_factory=dict)
    pending: bool = False


@dataclass(frozen=True)
class OrderSubscription:
    subscription_number: str
    sequence: int
    actions: tuple[OrderActionRecord, ...]
    # The version before this order (None for a subscription the order created) and after.
    base_version: int | None = None
    new_version: int | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    notes: str | None = None


@dataclass(frozen=True)
class Order:
    id: str
    number: str
    account_id: str
    status: OrderStatus
    order_date: date
    category: OrderCategory = OrderCategory.NEW_SALES
    description: str | None = None
    reason_code: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    subscriptions: tuple[OrderSubscription, ...] = ()
    scheduled_date: date | None = None
    cancel_reason: str | None = None
    # Draft and Scheduled orders: the validated command they execute when activated (a
    # value the service layer defines, opaque here; issue 9, K4). None once executed.
    command: object | None = None
    # Orders stored before issue 9 kept their request body here instead; `zorders
    # migrate` turns those of Draft and Scheduled orders into commands (K7).
    request: dict[str, Any] = field(default_factory=dict)
    created_by: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def subscription_numbers(self) -> tuple[str, ...]:
        return tuple(s.subscription_number for s in self.subscriptions)
