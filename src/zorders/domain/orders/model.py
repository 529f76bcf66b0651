"""An order as stored: its status, its subscriptions and their actions (spec §7.2, §10.1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from zorders.domain.errors import ErrorCode
from zorders.domain.orders.actions import OrderActionType
from zorders.domain.payments import PaymentStatus


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
class ExecutedSubscription:
    subscription_number: str
    # The subscription's status on the day the order executed (`Active`, `Pending ...`).
    status: str


@dataclass(frozen=True)
class ScheduledExecution:
    """What running a Scheduled order on its date did (spec §7.2,
    `scheduledOrderActivationResponse`): the facts of its create answer, or the business
    error that failed it (decision SO3)."""

    executed_at: datetime
    # Completed or Pending on success, Failed otherwise.
    status: OrderStatus
    subscriptions: tuple[ExecutedSubscription, ...] = ()
    invoice_numbers: tuple[str, ...] = ()
    credit_memo_numbers: tuple[str, ...] = ()
    payment_number: str | None = None
    payment_status: PaymentStatus | None = None
    paid_amount: Decimal | None = None
    payment_error_code: str | None = None
    payment_error_message: str | None = None
    error_code: ErrorCode | None = None
    error_message: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.error_code is None


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
    # A Scheduled order once its date came: how its execution ended (SO3).
    execution: ScheduledExecution | None = None

    def subscription_numbers(self) -> tuple[str, ...]:
        return tuple(s.subscription_number for s in self.subscriptions)
