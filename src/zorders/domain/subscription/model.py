"""A subscription version and what it holds (spec §10.3, §13.4).

A version is an immutable value. Orders never change a version: they make the next one.
End dates are exclusive everywhere (a charge segment, a term and a subscription end at
midnight before their end date). Ids (`id`) are per version; `original_id`s and numbers
are stable across versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from zorders.domain.calendar import PeriodType
from zorders.domain.catalog.enums import (
    ApplyDiscountTo,
    BillCycleType,
    BillingPeriod,
    BillingPeriodAlignment,
    BillingTiming,
    ChargeModel,
    ChargeType,
    DiscountLevel,
    EndDateCondition,
    ListPriceBase,
    UpToPeriodsType,
    WeeklyBillCycleDay,
)
from zorders.domain.catalog.model import ChargeTier


class ExternallyManagedBy(StrEnum):
    """The in-app stores whose subscriptions Zuora can mirror (CreateSubscription)."""

    AMAZON = "Amazon"
    APPLE = "Apple"
    GOOGLE = "Google"
    ROKU = "Roku"


class SubscriptionStatus(StrEnum):
    DRAFT = "Draft"
    PENDING_ACTIVATION = "Pending Activation"
    PENDING_ACCEPTANCE = "Pending Acceptance"
    ACTIVE = "Active"
    CANCELLED = "Cancelled"
    EXPIRED = "Expired"
    SUSPENDED = "Suspended"


class TermType(StrEnum):
    TERMED = "TERMED"
    EVERGREEN = "EVERGREEN"


class RenewalSetting(StrEnum):
    RENEW_WITH_SPECIFIC_TERM = "RENEW_WITH_SPECIFIC_TERM"
    RENEW_TO_EVERGREEN = "RENEW_TO_EVERGREEN"


class ChangeType(StrEnum):
    """`lastChangeType` of a rate plan (decisions.md #9)."""

    ADD = "Add"
    UPDATE = "Update"
    REMOVE = "Remove"


class TriggerEvent(StrEnum):
    """When a subscription charge starts: one of the action's trigger dates, or its own date."""

    CONTRACT_EFFECTIVE = "ContractEffective"
    SERVICE_ACTIVATION = "ServiceActivation"
    CUSTOMER_ACCEPTANCE = "CustomerAcceptance"
    SPECIFIC_DATE = "SpecificDate"


class PendingState(StrEnum):
    """A subscription waiting for a trigger date (spec §3.5)."""

    ACTIVATION = "Pending Activation"
    ACCEPTANCE = "Pending Acceptance"


@dataclass(frozen=True)
class TermLength:
    period: int
    period_type: PeriodType


@dataclass(frozen=True)
class Terms:
    term_type: TermType
    term_start_date: date
    # Exclusive end of the current term; None for EVERGREEN.
    term_end_date: date | None
    initial_term: TermLength | None
    current_term: TermLength | None
    renewal_setting: RenewalSetting = RenewalSetting.RENEW_WITH_SPECIFIC_TERM
    renewal_terms: tuple[TermLength, ...] = ()
    auto_renew: bool = False
    # How many renewals happened: picks the next entry of renewal_terms (the last repeats).
    renewals: int = 0

    def next_renewal_term(self) -> TermLength | None:
        if not self.renewal_terms:
            return self.initial_term
        return self.renewal_terms[min(self.renewals, len(self.renewal_terms) - 1)]


@dataclass(frozen=True)
class Segment:
    """One price/quantity period of a charge, from `start` to `end` (exclusive, None = open).

    `price` is the flat fee or per-unit list price (the amount of a fixed discount);
    `tiers` hold the tiered / volume / tiered-with-overage rows (subscription currency);
    `overage_price` and `included_units` price Overage charges.
    """

    segment: int
    start: date
    end: date | None
    quantity: Decimal | None = None
    price: Decimal | None = None
    tiers: tuple[ChargeTier, ...] = ()
    included_units: Decimal | None = None
    overage_price: Decimal | None = None
    discount_percentage: Decimal | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Charge:
    id: str
    original_id: str
    number: str
    product_rate_plan_charge_id: str
    name: str
    charge_type: ChargeType
    charge_model: ChargeModel
    segments: tuple[Segment, ...]
    trigger_event: TriggerEvent = TriggerEvent.CONTRACT_EFFECTIVE
    specific_trigger_date: date | None = None
    # The resolved start; None while the trigger date is not known (pending).
    trigger_date: date | None = None
    description: str = ""
    uom: str | None = None
    bill_cycle_type: BillCycleType = BillCycleType.DEFAULT_FROM_CUSTOMER
    bill_cycle_day: int | None = None
    weekly_bill_cycle_day: WeeklyBillCycleDay | None = None
    billing_period: BillingPeriod = BillingPeriod.MONTH
    specific_billing_period: int | None = None
    billing_period_alignment: BillingPeriodAlignment = BillingPeriodAlignment.ALIGN_TO_CHARGE
    billing_timing: BillingTiming = BillingTiming.IN_ADVANCE
    list_price_base: ListPriceBase = ListPriceBase.PER_BILLING_PERIOD
    specific_list_price_base: int | None = None
    end_date_condition: EndDateCondition = EndDateCondition.SUBSCRIPTION_END
    up_to_periods: int | None = None
    up_to_periods_type: UpToPeriodsType = UpToPeriodsType.BILLING_PERIODS
    specific_end_date: date | None = None
    apply_discount_to: ApplyDiscountTo | None = None
    discount_level: DiscountLevel | None = None
    # Billing bookkeeping (decisions.md #6: exclusive, the first day not yet billed).
    charged_through_date: date | None = None
    processed_through_date: date | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    # Order-scoped handle (`uniqueToken`), not persisted beyond the order.
    unique_token: str | None = None
    # Price and quantity of a charge whose trigger date is not known yet: its first
    # segment once the date comes (PUT /v1/orders/{n}/triggerDates).
    pending_values: Segment | None = None

    @property
    def effective_start_date(self) -> date | None:
        return self.segments[0].start if self.segments else None

    @property
    def effective_end_date(self) -> date | None:
        return self.segments[-1].end if self.segments else None

    @property
    def last_segment(self) -> Segment:
        return self.segments[-1]

    def segment_on(self, day: date) -> Segment | None:
        return next((s for s in self.segments if s.covers(day)), None)


@dataclass(frozen=True)
class RatePlan:
    id: str
    original_id: str
    product_id: str
    product_name: str
    product_sku: str
    product_rate_plan_id: str
    product_rate_plan_number: str | None
    name: str
    charges: tuple[Charge, ...]
    subscription_rate_plan_number: str | None = None
    last_change_type: ChangeType | None = None
    removed_date: date | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    unique_token: str | None = None
    # Every id this rate plan had in any version: actions may name it by any of them.
    known_ids: tuple[str, ...] = ()

    @property
    def is_removed(self) -> bool:
        return self.removed_date is not None


@dataclass(frozen=True)
class Suspension:
    suspend_date: date
    resume_date: date | None = None


@dataclass(frozen=True)
class Subscription:
    """One version of a subscription."""

    id: str
    number: str
    version: int
    account_id: str
    invoice_owner_account_id: str
    currency: str
    contract_effective_date: date
    service_activation_date: date | None
    customer_acceptance_date: date | None
    subscription_start_date: date
    terms: Terms
    rate_plans: tuple[RatePlan, ...] = ()
    pending: PendingState | None = None
    # Set by CancelSubscription: the exclusive end of the subscription.
    cancelled_date: date | None = None
    cancel_reason: str | None = None
    suspensions: tuple[Suspension, ...] = ()
    invoice_separately: bool = False
    notes: str | None = None
    # The store that bills it (Zuora's `externallyManagedBy`); None: Zuora itself.
    externally_managed_by: ExternallyManagedBy | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    order_number: str | None = None

    @property
    def subscription_end_date(self) -> date | None:
        """Exclusive; the cancellation date once cancelled, else the term end (None when
        EVERGREEN)."""
        if self.cancelled_date is not None:
            return self.cancelled_date
        return self.terms.term_end_date

    @property
    def open_suspension(self) -> Suspension | None:
        if self.suspensions and self.suspensions[-1].resume_date is None:
            return self.suspensions[-1]
        return None

    def status_on(self, day: date) -> SubscriptionStatus:
        """The status as of `day`: dated changes take effect when their date comes
        (decisions.md #15), so future cancellations and suspensions show then."""
        if self.pending is PendingState.ACTIVATION:
            return SubscriptionStatus.PENDING_ACTIVATION
        if self.pending is PendingState.ACCEPTANCE:
            return SubscriptionStatus.PENDING_ACCEPTANCE
        if self.cancelled_date is not None and self.cancelled_date <= day:
            return SubscriptionStatus.CANCELLED
        for suspension in self.suspensions:
            resumed = suspension.resume_date
            if suspension.suspend_date <= day and (resumed is None or day < resumed):
                return SubscriptionStatus.SUSPENDED
        end = self.terms.term_end_date
        if (
            self.terms.term_type is TermType.TERMED
            and end is not None
            and end <= day
            and not self.terms.auto_renew
        ):
            return SubscriptionStatus.EXPIRED
        return SubscriptionStatus.ACTIVE

    def rate_plan(self, original_id: str) -> RatePlan | None:
        return next((p for p in self.rate_plans if p.original_id == original_id), None)

    def all_charges(self) -> tuple[Charge, ...]:
        return tuple(c for p in self.rate_plans for c in p.charges)
