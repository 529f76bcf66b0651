"""POST /v1/orders bodies (spec §3, Appendix A): shapes, types and enums.

The schema checks what a field may hold; the order rules (which account, which action
fits the subscription) are the services'. Unknown fields are ignored (spec §18.12 leaves
Zuora's strictness open; the official client sends fields we do not model). The checked
body goes to the v1 translator (`api/v1/`) as camelCase JSON, which makes the command.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from zorders.api.schemas.line_item_fields import OrderLineItemIn

TriggerName = Literal["ContractEffective", "ServiceActivation", "CustomerAcceptance"]
ChargeTrigger = Literal[
    "ContractEffective", "ServiceActivation", "CustomerAcceptance", "SpecificDate"
]
PeriodTypeName = Literal["Day", "Week", "Month", "Year"]
BillingPeriodName = Literal[
    "Month", "Quarter", "Semi_Annual", "Annual", "Eighteen_Months", "Two_Years", "Three_Years",
    "Five_Years", "Specific_Months", "Subscription_Term", "Week", "Specific_Weeks",
    "Specific_Days",
]  # fmt: skip
BillCycleTypeName = Literal[
    "DefaultFromCustomer", "SpecificDayofMonth", "SubscriptionStartDay", "ChargeTriggerDay",
    "SpecificDayofWeek", "TermStartDay", "TermEndDay",
]  # fmt: skip
OrderActionTypeName = Literal[
    "CreateSubscription", "TermsAndConditions", "AddProduct", "UpdateProduct", "RemoveProduct",
    "RenewSubscription", "CancelSubscription", "OwnerTransfer", "Suspend", "Resume", "ChangePlan",
]  # fmt: skip


class Wire(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")


class TriggerDateIn(Wire):
    name: TriggerName
    trigger_date: date | None = None


class TierIn(Wire):
    tier: int | None = Field(default=None, ge=1)
    starting_unit: Decimal | None = None
    ending_unit: Decimal | None = None
    price: Decimal
    price_format: Literal["FlatFee", "PerUnit"] | None = None


class PricingBlockIn(Wire):
    list_price: Decimal | None = None
    quantity: Decimal | None = Field(default=None, ge=0)
    tiers: list[TierIn] | None = None
    list_price_base: (
        Literal["Per_Billing_Period", "Per_Month", "Per_Week", "Per_Year", "Per_Specific_Months"]
        | None
    ) = None
    specific_list_price_base: int | None = Field(default=None, ge=1, le=200)
    included_units: Decimal | None = None
    overage_price: Decimal | None = None
    discount_percentage: Decimal | None = None
    discount_amount: Decimal | None = None
    apply_discount_to: (
        Literal[
            "ONETIME",
            "RECURRING",
            "USAGE",
            "ONETIMERECURRING",
            "ONETIMEUSAGE",
            "RECURRINGUSAGE",
            "ONETIMERECURRINGUSAGE",
        ]
        | None
    ) = None
    discount_level: Literal["rateplan", "subscription", "account"] | None = None


class PricingIn(Wire):
    recurring_flat_fee: PricingBlockIn | None = None
    recurring_per_unit: PricingBlockIn | None = None
    recurring_tiered: PricingBlockIn | None = None
    recurring_volume: PricingBlockIn | None = None
    one_time_flat_fee: PricingBlockIn | None = None
    one_time_per_unit: PricingBlockIn | None = None
    one_time_tiered: PricingBlockIn | None = None
    one_time_volume: PricingBlockIn | None = None
    usage_flat_fee: PricingBlockIn | None = None
    usage_per_unit: PricingBlockIn | None = None
    usage_overage: PricingBlockIn | None = None
    usage_tiered: PricingBlockIn | None = None
    usage_volume: PricingBlockIn | None = None
    usage_tiered_with_overage: PricingBlockIn | None = None
    discount: PricingBlockIn | None = None


class BillingIn(Wire):
    bill_cycle_day: int | None = Field(default=None, ge=0, le=31)
    bill_cycle_type: BillCycleTypeName | None = None
    billing_period: BillingPeriodName | None = None
    billing_period_alignment: (
        Literal["AlignToCharge", "AlignToSubscriptionStart", "AlignToTermStart", "AlignToTermEnd"]
        | None
    ) = None
    billing_timing: Literal["IN_ADVANCE", "IN_ARREARS"] | None = None
    specific_billing_period: int | None = Field(default=None, ge=1)
    weekly_bill_cycle_day: (
        Literal["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] | None
    ) = None


class StartDateIn(Wire):
    trigger_event: ChargeTrigger | None = None
    specific_trigger_date: date | None = None


class EndDateIn(Wire):
    end_date_condition: (
        Literal["Subscription_End", "Fixed_Period", "Specific_End_Date", "One_Time"] | None
    ) = None
    specific_end_date: date | None = None
    up_to_periods: int | None = Field(default=None, ge=1)
    up_to_periods_type: Literal["Days", "Weeks", "Months", "Years", "Billing_Periods"] | None = None


class ChargeOverrideIn(Wire):
    product_rate_plan_charge_id: str = Field(max_length=32)
    charge_number: str | None = Field(default=None, max_length=50)
    unique_token: str | None = Field(default=None, max_length=50)
    description: str | None = Field(default=None, max_length=500)
    custom_fields: dict[str, Any] | None = None
    billing: BillingIn | None = None
    start_date: StartDateIn | None = None
    end_date: EndDateIn | None = None
    pricing: PricingIn | None = None


class RatePlanIn(Wire):
    product_rate_plan_id: str | None = Field(default=None, max_length=32)
    product_rate_plan_number: str | None = Field(default=None, max_length=100)
    charge_overrides: list[ChargeOverrideIn] | None = None
    unique_token: str | None = Field(default=None, max_length=50)
    subscription_rate_plan_number: str | None = Field(default=None, max_length=50)
    custom_fields: dict[str, Any] | None = None


class InitialTermIn(Wire):
    term_type: Literal["TERMED", "EVERGREEN"]
    period: int | None = Field(default=None, ge=0)
    period_type: PeriodTypeName | None = None
    start_date: date | None = None
    end_date: date | None = None


class RenewalTermIn(Wire):
    period: int = Field(ge=1)
    period_type: PeriodTypeName | None = None


class TermsIn(Wire):
    initial_term: InitialTermIn
    renewal_setting: Literal["RENEW_WITH_SPECIFIC_TERM", "RENEW_TO_EVERGREEN"] | None = None
    renewal_terms: list[RenewalTermIn] | None = None
    auto_renew: bool | None = None


class CreateSubscriptionIn(Wire):
    terms: TermsIn
    subscribe_to_rate_plans: list[RatePlanIn] | None = None
    subscribe_to_products: list[RatePlanIn] | None = None
    subscription_number: str | None = Field(default=None, max_length=100)
    subscription_owner_account_number: str | None = Field(default=None, max_length=70)
    invoice_owner_account_number: str | None = Field(default=None, max_length=70)
    invoice_separately: bool | None = None
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    notes: str | None = Field(default=None, max_length=1000)
    externally_managed_by: Literal["Amazon", "Apple", "Google", "Roku"] | None = None
    unique_token: str | None = Field(default=None, max_length=50)


class RatePlanRefIn(Wire):
    rate_plan_id: str | None = Field(default=None, max_length=32)
    subscription_rate_plan_number: str | None = Field(default=None, max_length=50)
    unique_token: str | None = Field(default=None, max_length=50)
    product_rate_plan_id: str | None = Field(default=None, max_length=32)
    product_rate_plan_number: str | None = Field(default=None, max_length=100)


class ChargeUpdateIn(Wire):
    charge_number: str | None = Field(default=None, max_length=50)
    unique_token: str | None = Field(default=None, max_length=50)
    product_rate_plan_charge_id: str | None = Field(default=None, max_length=32)
    pricing: PricingIn | None = None
    effective_date: StartDateIn | None = None
    description: str | None = Field(default=None, max_length=500)
    custom_fields: dict[str, Any] | None = None
    billing: BillingIn | None = None


class UpdateProductIn(RatePlanRefIn):
    charge_updates: list[ChargeUpdateIn] | None = None
    custom_fields: dict[str, Any] | None = None


class RemoveProductIn(RatePlanRefIn):
    custom_fields: dict[str, Any] | None = None


class CancelSubscriptionIn(Wire):
    cancellation_policy: Literal["EndOfCurrentTerm", "EndOfLastInvoicePeriod", "SpecificDate"]
    cancellation_effective_date: date | None = None


class SuspendIn(Wire):
    suspend_policy: Literal[
        "Today", "EndOfLastInvoicePeriod", "FixedPeriodsFromToday", "SpecificDate"
    ]
    suspend_periods: int | None = Field(default=None, ge=0)
    suspend_periods_type: PeriodTypeName | None = None
    suspend_specific_date: date | None = None


class ResumeIn(Wire):
    resume_policy: Literal[
        "Today", "FixedPeriodsFromSuspendDate", "FixedPeriodsFromToday", "SpecificDate",
        "SuspendDate",
    ]  # fmt: skip
    resume_periods: int | None = Field(default=None, ge=0)
    resume_periods_type: PeriodTypeName | None = None
    resume_specific_date: date | None = None
    extends_term: bool | None = None


class LastTermIn(Wire):
    term_type: Literal["TERMED", "EVERGREEN"]
    period: int | None = Field(default=None, ge=0)
    period_type: PeriodTypeName | None = None
    start_date: date | None = None


class TermsAndConditionsIn(Wire):
    last_term: LastTermIn | None = None
    renewal_setting: Literal["RENEW_WITH_SPECIFIC_TERM", "RENEW_TO_EVERGREEN"] | None = None
    renewal_terms: list[RenewalTermIn] | None = None
    auto_renew: bool | None = None
    invoice_separately: bool | None = None


class OwnerTransferIn(Wire):
    destination_account_number: str | None = Field(default=None, max_length=70)
    destination_invoice_account_number: str | None = Field(default=None, max_length=70)


class ChangePlanIn(RatePlanRefIn):
    new_product_rate_plan: RatePlanIn
    effective_policy: (
        Literal["EffectiveImmediately", "EffectiveEndOfBillingPeriod", "SpecificDate"] | None
    ) = None
    effective_date: date | None = None
    sub_type: Literal["Upgrade", "Downgrade", "Crossgrade", "PlanChanged"] | None = None
    reset_bcd: bool | None = None


class OrderActionIn(Wire):
    # An update (PUT /v1/orders/{n}) names the actions it keeps by their id (K11).
    id: str | None = Field(default=None, max_length=32)
    type: OrderActionTypeName
    trigger_dates: list[TriggerDateIn] | None = None
    change_reason: str | None = Field(default=None, max_length=255)
    custom_fields: dict[str, Any] | None = None
    create_subscription: CreateSubscriptionIn | None = None
    add_product: RatePlanIn | None = None
    update_product: UpdateProductIn | None = None
    remove_product: RemoveProductIn | None = None
    renew_subscription: dict[str, Any] | None = None
    cancel_subscription: CancelSubscriptionIn | None = None
    suspend: SuspendIn | None = None
    resume: ResumeIn | None = None
    terms_and_conditions: TermsAndConditionsIn | None = None
    owner_transfer: OwnerTransferIn | None = None
    change_plan: ChangePlanIn | None = None


class OrderSubscriptionIn(Wire):
    order_actions: list[OrderActionIn]
    subscription_number: str | None = Field(default=None, max_length=100)
    custom_fields: dict[str, Any] | None = None
    clearing_custom_fields: list[str] | None = None
    notes: str | None = Field(default=None, max_length=1000)


class SchedulingOptionsIn(Wire):
    scheduled_date: date | None = None
    scheduled_date_policy: Literal["SpecificDate"] | None = None


class ProcessingOptionsIn(Wire):
    run_billing: bool | None = None
    collect_payment: bool | None = None
    apply_credit: bool | None = None
    billing_options: dict[str, Any] | None = None


class CreateOrderIn(Wire):
    order_date: date
    existing_account_number: str | None = Field(default=None, max_length=70)
    new_account: dict[str, Any] | None = None
    order_number: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=500)
    category: Literal["NewSales", "Return"] | None = None
    reason_code: str | None = Field(default=None, max_length=255)
    custom_fields: dict[str, Any] | None = None
    status: Literal["Draft", "Scheduled", "Pending", "Completed"] | None = None
    scheduling_options: SchedulingOptionsIn | None = None
    subscriptions: list[OrderSubscriptionIn] | None = None
    order_line_items: list[OrderLineItemIn] | None = None
    processing_options: ProcessingOptionsIn | None = None

    def to_body(self) -> dict[str, Any]:
        """camelCase JSON (dates as strings, amounts as Decimals), as stored for Draft
        orders."""
        # Amounts stay Decimals (answered as JSON numbers, as sent); dates become text.
        body: dict[str, Any] = _dates_as_text(
            self.model_dump(by_alias=True, exclude_none=True, exclude={"new_account"})
        )
        if body.get("status") in ("Pending", "Completed"):
            del body["status"]  # outputs, not requests: the order decides
        return body


class PreviewOptionsIn(Wire):
    preview_types: list[Literal[
        "ChargeMetrics", "BillingDocs", "OrderDeltaMetrics", "OrderMetrics", "RampMetrics",
        "RampDeltaMetrics", "Funds",
    ]]  # fmt: skip
    preview_thru_type: Literal["SpecificDate", "TermEnd", "NumberOfPeriods"] | None = None
    specific_preview_thru_date: date | None = None
    preview_number_of_periods: int | None = Field(default=None, ge=1)


class PreviewOrderIn(CreateOrderIn):
    preview_options: PreviewOptionsIn
    preview_account_info: dict[str, Any] | None = None


class TriggerDatesUpdateActionIn(Wire):
    sequence: int
    trigger_dates: list[TriggerDateIn] | None = None


class TriggerDatesUpdateSubscriptionIn(Wire):
    subscription_number: str
    order_actions: list[TriggerDatesUpdateActionIn]


class TriggerDatesUpdateIn(Wire):
    subscriptions: list[TriggerDatesUpdateSubscriptionIn]


class OrderActionCustomFieldsIn(Wire):
    sequence: int | None = None
    order_action_id: str | None = None
    custom_fields: dict[str, Any] | None = None


class SubscriptionCustomFieldsIn(Wire):
    subscription_number: str
    custom_fields: dict[str, Any] | None = None
    order_actions: list[OrderActionCustomFieldsIn] | None = None


class OrderCustomFieldsIn(Wire):
    custom_fields: dict[str, Any] | None = None
    subscriptions: list[SubscriptionCustomFieldsIn] | None = None


class UpdateOrderActionIn(Wire):
    change_reason: str | None = Field(default=None, max_length=255)
    custom_fields: dict[str, Any] | None = None


class CancelOrderIn(Wire):
    cancel_reason: str | None = Field(default=None, max_length=255)


def _dates_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value
