"""Order actions as validated values (spec §3.5–3.15).

The API parses a request into these; catalog plans arrive already resolved
(`CatalogPlan`), so applying an action needs no I/O. One module per action type applies it
(`zorders.domain.orders.apply`).
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
    DiscountLevel,
    EndDateCondition,
    ListPriceBase,
    UpToPeriodsType,
    WeeklyBillCycleDay,
)
from zorders.domain.catalog.model import ChargeTier, Product, ProductRatePlan, ProductRatePlanCharge
from zorders.domain.subscription.model import (
    ExternallyManagedBy,
    RenewalSetting,
    TermLength,
    TermType,
    TriggerEvent,
)


class OrderActionType(StrEnum):
    CREATE_SUBSCRIPTION = "CreateSubscription"
    TERMS_AND_CONDITIONS = "TermsAndConditions"
    ADD_PRODUCT = "AddProduct"
    UPDATE_PRODUCT = "UpdateProduct"
    REMOVE_PRODUCT = "RemoveProduct"
    RENEW_SUBSCRIPTION = "RenewSubscription"
    CANCEL_SUBSCRIPTION = "CancelSubscription"
    OWNER_TRANSFER = "OwnerTransfer"
    SUSPEND = "Suspend"
    RESUME = "Resume"
    CHANGE_PLAN = "ChangePlan"


class CancellationPolicy(StrEnum):
    END_OF_CURRENT_TERM = "EndOfCurrentTerm"
    END_OF_LAST_INVOICE_PERIOD = "EndOfLastInvoicePeriod"
    SPECIFIC_DATE = "SpecificDate"


class SuspendPolicy(StrEnum):
    TODAY = "Today"
    END_OF_LAST_INVOICE_PERIOD = "EndOfLastInvoicePeriod"
    FIXED_PERIODS_FROM_TODAY = "FixedPeriodsFromToday"
    SPECIFIC_DATE = "SpecificDate"


class ResumePolicy(StrEnum):
    TODAY = "Today"
    FIXED_PERIODS_FROM_SUSPEND_DATE = "FixedPeriodsFromSuspendDate"
    FIXED_PERIODS_FROM_TODAY = "FixedPeriodsFromToday"
    SPECIFIC_DATE = "SpecificDate"
    SUSPEND_DATE = "SuspendDate"


class ChangePlanEffectivePolicy(StrEnum):
    EFFECTIVE_IMMEDIATELY = "EffectiveImmediately"
    EFFECTIVE_END_OF_BILLING_PERIOD = "EffectiveEndOfBillingPeriod"
    SPECIFIC_DATE = "SpecificDate"


class ChangePlanSubType(StrEnum):
    UPGRADE = "Upgrade"
    DOWNGRADE = "Downgrade"
    CROSSGRADE = "Crossgrade"
    PLAN_CHANGED = "PlanChanged"


@dataclass(frozen=True)
class TriggerDates:
    """The action's dates; ContractEffective defaults to the order date (spec §3.5)."""

    contract_effective: date
    service_activation: date | None = None
    customer_acceptance: date | None = None


@dataclass(frozen=True)
class PricingOverride:
    """The pricing block of a charge override or charge update; None = keep."""

    quantity: Decimal | None = None
    list_price: Decimal | None = None
    tiers: tuple[ChargeTier, ...] | None = None
    included_units: Decimal | None = None
    overage_price: Decimal | None = None
    discount_percentage: Decimal | None = None
    discount_amount: Decimal | None = None
    list_price_base: ListPriceBase | None = None
    specific_list_price_base: int | None = None
    apply_discount_to: ApplyDiscountTo | None = None
    discount_level: DiscountLevel | None = None


@dataclass(frozen=True)
class BillingOverride:
    bill_cycle_day: int | None = None
    bill_cycle_type: BillCycleType | None = None
    billing_period: BillingPeriod | None = None
    billing_period_alignment: BillingPeriodAlignment | None = None
    billing_timing: BillingTiming | None = None
    specific_billing_period: int | None = None
    weekly_bill_cycle_day: WeeklyBillCycleDay | None = None


@dataclass(frozen=True)
class ChargeOverride:
    product_rate_plan_charge_id: str
    charge_number: str | None = None
    unique_token: str | None = None
    description: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    billing: BillingOverride = BillingOverride()
    trigger_event: TriggerEvent | None = None
    specific_trigger_date: date | None = None
    end_date_condition: EndDateCondition | None = None
    specific_end_date: date | None = None
    up_to_periods: int | None = None
    up_to_periods_type: UpToPeriodsType | None = None
    pricing: PricingOverride | None = None


@dataclass(frozen=True)
class CatalogPlan:
    """A catalog rate plan as the order found it (resolved by the service layer)."""

    product: Product
    plan: ProductRatePlan
    charges: tuple[ProductRatePlanCharge, ...]


@dataclass(frozen=True)
class NewRatePlan:
    catalog: CatalogPlan
    charge_overrides: tuple[ChargeOverride, ...] = ()
    unique_token: str | None = None
    subscription_rate_plan_number: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RatePlanRef:
    """Which subscription rate plan an action means: by any version's rate plan id, its
    subscription rate plan number, an order-scoped unique token, or its catalog plan."""

    rate_plan_id: str | None = None
    subscription_rate_plan_number: str | None = None
    unique_token: str | None = None
    product_rate_plan_id: str | None = None
    product_rate_plan_number: str | None = None


@dataclass(frozen=True)
class ChargeRef:
    charge_number: str | None = None
    unique_token: str | None = None
    product_rate_plan_charge_id: str | None = None


@dataclass(frozen=True)
class ChargeUpdate:
    ref: ChargeRef
    pricing: PricingOverride | None = None
    # When the new segment starts: one of the action's trigger dates or a specific date.
    trigger_event: TriggerEvent | None = None
    specific_trigger_date: date | None = None
    description: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    billing_period_alignment: BillingPeriodAlignment | None = None


@dataclass(frozen=True)
class InitialTerms:
    term_type: TermType
    initial_term: TermLength | None = None
    start_date: date | None = None
    renewal_setting: RenewalSetting = RenewalSetting.RENEW_WITH_SPECIFIC_TERM
    renewal_terms: tuple[TermLength, ...] = ()
    auto_renew: bool = False


@dataclass(frozen=True)
class CreateSubscription:
    terms: InitialTerms
    rate_plans: tuple[NewRatePlan, ...]
    account_id: str
    invoice_owner_account_id: str
    currency: str
    subscription_number: str | None = None
    invoice_separately: bool = False
    notes: str | None = None
    externally_managed_by: ExternallyManagedBy | None = None


@dataclass(frozen=True)
class AddProduct:
    rate_plan: NewRatePlan


@dataclass(frozen=True)
class UpdateProduct:
    target: RatePlanRef
    charge_updates: tuple[ChargeUpdate, ...] = ()
    custom_fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RemoveProduct:
    target: RatePlanRef


@dataclass(frozen=True)
class RenewSubscription:
    pass


@dataclass(frozen=True)
class CancelSubscription:
    policy: CancellationPolicy
    effective_date: date | None = None


@dataclass(frozen=True)
class Suspend:
    policy: SuspendPolicy
    periods: int | None = None
    periods_type: PeriodType | None = None
    specific_date: date | None = None


@dataclass(frozen=True)
class Resume:
    policy: ResumePolicy
    periods: int | None = None
    periods_type: PeriodType | None = None
    specific_date: date | None = None
    extends_term: bool = False


@dataclass(frozen=True)
class LastTerm:
    term_type: TermType
    period: int | None = None
    period_type: PeriodType | None = None
    start_date: date | None = None


@dataclass(frozen=True)
class TermsAndConditions:
    last_term: LastTerm | None = None
    renewal_setting: RenewalSetting | None = None
    renewal_terms: tuple[TermLength, ...] | None = None
    auto_renew: bool | None = None
    invoice_separately: bool | None = None


@dataclass(frozen=True)
class OwnerTransfer:
    destination_account_id: str | None = None
    destination_invoice_account_id: str | None = None


@dataclass(frozen=True)
class ChangePlan:
    target: RatePlanRef
    new_rate_plan: NewRatePlan
    effective_policy: ChangePlanEffectivePolicy | None = None
    effective_date: date | None = None
    sub_type: ChangePlanSubType | None = None
    reset_bcd: bool = False
    # Grade of the catalog plan being replaced (resolved by the service layer).
    old_grade: int | None = None


ActionPayload = (
    CreateSubscription
    | AddProduct
    | UpdateProduct
    | RemoveProduct
    | RenewSubscription
    | CancelSubscription
    | Suspend
    | Resume
    | TermsAndConditions
    | OwnerTransfer
    | ChangePlan
)


@dataclass(frozen=True)
class OrderAction:
    type: OrderActionType
    payload: ActionPayload
    trigger_dates: TriggerDates
    sequence: int = 0
    change_reason: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
