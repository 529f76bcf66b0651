"""The order use cases' inputs: typed, dialect-free commands (issue 9, decisions K1-K3).

A dialect's translator (the v1 one is `zorders.api.v1.orders`) turns a request body into
one of these; the services never read a request body. References are unresolved keys
(an account by number or id, a catalog plan by id or number, a rate plan of the
subscription by `RatePlanRef`): the services resolve them inside the unit of work.
Action payloads are the domain's own values (`domain/orders/actions.py`) wherever those
hold no resolved reference; the four that do (create subscription, add product, change
plan, owner transfer) have a command twin here.

A Draft or Scheduled order stores its `CreateOrder`, validated and with its order
action ids assigned, and executes that same value on activation (K4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zorders.domain.accounts import AccountDraft
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.orders.actions import (
    CancelSubscription,
    ChangePlanEffectivePolicy,
    ChangePlanSubType,
    ChargeOverride,
    InitialTerms,
    OrderActionType,
    RatePlanRef,
    RemoveProduct,
    RenewSubscription,
    Resume,
    Suspend,
    TermsAndConditions,
    UpdateProduct,
)
from zorders.domain.orders.model import OrderCategory, OrderStatus
from zorders.domain.subscription.model import ExternallyManagedBy
from zorders.services.line_items.commands import LineItemCommand

CustomFields = dict[str, Any]


@dataclass(frozen=True)
class PlanKey:
    """A catalog rate plan by id or by number (one of them)."""

    id: str | None = None
    number: str | None = None


@dataclass(frozen=True)
class RatePlanCommand:
    """A catalog plan to subscribe to, with its charge overrides."""

    plan: PlanKey
    charge_overrides: tuple[ChargeOverride, ...] = ()
    unique_token: str | None = None
    subscription_rate_plan_number: str | None = None
    custom_fields: CustomFields = field(default_factory=dict)


@dataclass(frozen=True)
class CreateSubscriptionCommand:
    terms: InitialTerms
    rate_plans: tuple[RatePlanCommand, ...] = ()
    # Account keys (number or id); None: the order's account.
    owner_account: str | None = None
    invoice_owner_account: str | None = None
    currency: str | None = None
    subscription_number: str | None = None
    invoice_separately: bool = False
    notes: str | None = None
    externally_managed_by: ExternallyManagedBy | None = None
    # Names the new subscription for the order's line items (`uniqueToken`).
    unique_token: str | None = None


@dataclass(frozen=True)
class AddProductCommand:
    rate_plan: RatePlanCommand


@dataclass(frozen=True)
class ChangePlanCommand:
    target: RatePlanRef
    new_rate_plan: RatePlanCommand
    effective_policy: ChangePlanEffectivePolicy | None = None
    effective_date: date | None = None
    sub_type: ChangePlanSubType | None = None
    reset_bcd: bool = False


@dataclass(frozen=True)
class OwnerTransferCommand:
    # Account keys (number or id).
    destination_account: str | None = None
    destination_invoice_account: str | None = None


PayloadCommand = (
    CreateSubscriptionCommand
    | AddProductCommand
    | UpdateProduct
    | RemoveProduct
    | RenewSubscription
    | CancelSubscription
    | Suspend
    | Resume
    | TermsAndConditions
    | OwnerTransferCommand
    | ChangePlanCommand
)


@dataclass(frozen=True)
class RequestedDates:
    """Trigger dates as asked; a missing contract-effective date is the order date."""

    contract_effective: date | None = None
    service_activation: date | None = None
    customer_acceptance: date | None = None


@dataclass(frozen=True)
class ActionCommand:
    type: OrderActionType
    payload: PayloadCommand
    trigger_dates: RequestedDates = RequestedDates()
    change_reason: str | None = None
    custom_fields: CustomFields = field(default_factory=dict)
    # Assigned when a Draft or Scheduled order is saved and kept from then on (K4); an
    # update names the actions it keeps by it.
    id: str | None = None
    # The action object as its dialect wrote it, echoed back by GET order in that
    # dialect. Opaque to the services: stored, never read (K5).
    echo: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SubscriptionCommand:
    actions: tuple[ActionCommand, ...]
    # None: the order's CreateSubscription action makes a new subscription.
    subscription_number: str | None = None
    custom_fields: CustomFields = field(default_factory=dict)
    clearing_custom_fields: tuple[str, ...] = ()
    # None keeps the subscription's notes.
    notes: str | None = None


@dataclass(frozen=True)
class BillingOptions:
    target_date: date | None = None
    document_date: date | None = None
    generate_draft_invoice: bool = False
    charge_types_to_exclude: tuple[ChargeType, ...] = ()
    credit_memo_reason_code: str | None = None


@dataclass(frozen=True)
class PaymentOptions:
    payment_method_id: str | None = None
    allow_failure: bool = False


@dataclass(frozen=True)
class ProcessingOptions:
    """What to do after the order executes, in its transaction (spec §11)."""

    run_billing: bool = False
    billing: BillingOptions = BillingOptions()
    collect_payment: bool = False
    apply_credit: bool = False
    payment: PaymentOptions = PaymentOptions()
    refund: bool = False

    @property
    def given(self) -> bool:
        return self != ProcessingOptions()


@dataclass(frozen=True)
class CreateOrder:
    order_date: date
    # Exactly one of: an existing account (number or id), a new account.
    existing_account: str | None = None
    new_account: AccountDraft | None = None
    order_number: str | None = None
    category: OrderCategory = OrderCategory.NEW_SALES
    description: str | None = None
    reason_code: str | None = None
    custom_fields: CustomFields = field(default_factory=dict)
    # Draft or Scheduled to save without executing; None executes (the outcome is
    # Completed or Pending).
    status: OrderStatus | None = None
    scheduled_date: date | None = None
    subscriptions: tuple[SubscriptionCommand, ...] = ()
    processing: ProcessingOptions = ProcessingOptions()
    # Order line items (issue 10), in the order of the request; a Draft or Scheduled
    # order holds none.
    line_items: tuple[LineItemCommand, ...] = ()

    @property
    def saved_only(self) -> bool:
        return self.status in (OrderStatus.DRAFT, OrderStatus.SCHEDULED)


@dataclass(frozen=True)
class PreviewOrder:
    """An order run in a transaction that is never committed."""

    order: CreateOrder


@dataclass(frozen=True)
class UpdateOrder:
    """A full replacement of a Draft or Scheduled order (seed 001)."""

    number: str
    order: CreateOrder


@dataclass(frozen=True)
class UpdateOrderAction:
    """Seed 000: the change reason (when given) and custom fields (merged) of one action."""

    action_id: str
    change_reason: str | None = None
    change_reason_given: bool = False
    custom_fields: CustomFields = field(default_factory=dict)


@dataclass(frozen=True)
class ActionTriggerDates:
    sequence: int
    service_activation: date | None = None
    customer_acceptance: date | None = None


@dataclass(frozen=True)
class SubscriptionTriggerDates:
    subscription_number: str
    actions: tuple[ActionTriggerDates, ...]


@dataclass(frozen=True)
class UpdateTriggerDates:
    number: str
    subscriptions: tuple[SubscriptionTriggerDates, ...]


@dataclass(frozen=True)
class ActionCustomFields:
    custom_fields: CustomFields
    sequence: int | None = None
    action_id: str | None = None


@dataclass(frozen=True)
class SubscriptionCustomFields:
    subscription_number: str
    custom_fields: CustomFields = field(default_factory=dict)
    actions: tuple[ActionCustomFields, ...] = ()


@dataclass(frozen=True)
class UpdateCustomFields:
    number: str
    custom_fields: CustomFields = field(default_factory=dict)
    subscriptions: tuple[SubscriptionCustomFields, ...] = ()
