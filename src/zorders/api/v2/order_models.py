"""The body of `POST /v2/orders` (spec §12.2) as pydantic models: snake_case, unknown
fields refused (`unknown_parameter`), amounts Decimal, dates ISO dates.

Only the shape is checked here; `order_commands` decides what the fields mean (the action
a subscription item's fields imply, the terms, the trigger dates)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from zorders.api.v2.accounts import AccountCreate

CustomFields = dict[str, Any]
Interval = Literal["day", "week", "month", "year"]


class V2Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TermIn(V2Body):
    """`{type: termed|evergreen, interval, interval_count}`."""

    type: Literal["termed", "evergreen"] = "termed"
    interval: Interval | None = None
    interval_count: int | None = Field(default=None, ge=1)
    start_date: date | None = None
    end_date: date | None = None


class StartOn(V2Body):
    contract_effective: date | None = None
    service_activation: date | None = None
    customer_acceptance: date | None = None


class TierIn(V2Body):
    up_to: Decimal | None = None
    amount: Decimal | None = None
    unit_amount: Decimal | None = None


class RecurringIn(V2Body):
    interval: Literal["month", "year", "week", "term", "day", "quarter", "semi_annual"] | None = (
        None
    )
    interval_count: int | None = Field(default=None, ge=1)
    on: str | None = None
    recurring_on: str | None = None
    alignment_behavior: Literal["subscription_start", "term_start", "term_end", "none"] | None = (
        None
    )
    timing: Literal["in_advance", "in_arrears"] | None = None


class OverageIn(V2Body):
    """Only `included_units` is stored; smoothing is not modelled (QL4)."""

    included_units: Decimal | None = Field(default=None, ge=0)
    interval_count: int | None = None
    type: str | None = None
    credit_unused_units: StrictBool | None = None
    apply_at_end_of_smoothing_period: StrictBool | None = None


class PriceOverrideIn(V2Body):
    price_id: str
    quantity: Decimal | None = None
    amount: Decimal | None = None
    unit_amount: Decimal | None = None
    discount_amount: Decimal | None = None
    discount_percent: Decimal | None = None
    tiers: list[TierIn] | None = None
    recurring: RecurringIn | None = None
    start_event: (
        Literal["contract_effective", "service_activation", "customer_acceptance", "specific_date"]
        | None
    ) = None
    start_date: date | None = None
    end_date: date | None = None
    subscription_item_number: str | None = None
    description: str | None = Field(default=None, max_length=500)
    unique_token: str | None = Field(default=None, max_length=50)
    custom_fields: CustomFields | None = None
    apply_discount_to: list[Literal["one_time", "recurring", "usage"]] | None = Field(
        default=None, min_length=1
    )
    discount_level: Literal["plan", "subscription", "account"] | None = None
    price_base_interval: Literal["billing_period", "month", "week"] | None = None
    overage: OverageIn | None = None
    # Zuora's, nothing behind them here: refused when given a value (QL4).
    prepayment: Any = None
    drawdown: Any = None


class SubscriptionPlanIn(V2Body):
    plan_id: str | None = None
    plan_number: str | None = None
    prices: list[PriceOverrideIn] | None = None
    unique_token: str | None = None
    custom_fields: CustomFields | None = None


class AddPlanIn(V2Body):
    subscription_plan: SubscriptionPlanIn
    start_on: StartOn | None = None


class ItemUpdateIn(V2Body):
    """A subscription item (rate plan charge) of an updated plan, by number."""

    subscription_item_number: str | None = None
    unique_token: str | None = None
    price_id: str | None = None
    quantity: Decimal | None = None
    amount: Decimal | None = None
    unit_amount: Decimal | None = None
    discount_amount: Decimal | None = None
    discount_percent: Decimal | None = None
    description: str | None = None
    custom_fields: CustomFields | None = None


class PlanUpdateIn(V2Body):
    subscription_plan_id: str | None = None
    unique_token: str | None = None
    subscription_items: list[ItemUpdateIn] | None = None
    custom_fields: CustomFields | None = None


class UpdatePlanIn(V2Body):
    subscription_plan: PlanUpdateIn
    start_on: StartOn | None = None
    start_date: date | None = None


class RemovePlanIn(V2Body):
    subscription_plan_id: str | None = None
    unique_token: str | None = None
    start_on: StartOn | None = None


class ReplacePlanIn(V2Body):
    subscription_plan_id: str | None = None
    unique_token: str | None = None
    previous_plan_id: str | None = None
    subscription_plan: SubscriptionPlanIn
    replace_at: Literal["now", "end_of_billing_period", "specific_date"] | None = None
    replacement_type: Literal["upgrade", "downgrade", "crossgrade", "other"] | None = None
    start_on: StartOn | None = None


class RenewIn(V2Body):
    start_on: StartOn | None = None


class BillingDocumentSettingsIn(V2Body):
    """Zuora's `FlexibleBillingDocumentSettings` of a subscription."""

    template_id: str | None = None
    sequence_set_id: str | None = None


class SubscriptionProcessingIn(V2Body):
    """Zuora's `ProcessingOptions` of one subscription item (QL2)."""

    collection_method: (
        Literal["run_billing", "create_invoice", "collect_payment", "process_refund"] | None
    ) = None
    target_date: date | None = None
    document_date: date | None = None
    draft_invoice: StrictBool | None = None
    payment_method_id: str | None = None
    payment_gateway_id: str | None = None
    refund_reason_code: str | None = None


class TermsIn(V2Body):
    current_term: TermIn | None = None
    renewal_term: TermIn | None = None
    auto_renew: StrictBool | None = None
    start_on: StartOn | None = None
    # Subscription-level contacts and documents: nothing behind them here (QL3).
    bill_to_id: str | None = None
    sold_to_id: str | None = None
    payment_terms: str | None = None
    billing_document_settings: BillingDocumentSettingsIn | None = None


class CancelIn(V2Body):
    cancel_date: date | None = None
    cancel_at: Literal["invoice_period_end", "subscription_term_end"] | None = None
    start_on: StartOn | None = None
    custom_fields: CustomFields | None = None
    # The order's processing options, given on its one cancel (QL2).
    processing_options: SubscriptionProcessingIn | None = None
    # Zuora's, nothing behind them here: refused when given a value (QL8).
    refund_amount: Decimal | None = None
    write_off: StrictBool | None = None
    write_off_behavior: Any = None


class ResumeIn(V2Body):
    resume_date: date | None = None
    resume_at: Literal["pause_date"] | None = None
    extend_term: StrictBool = False
    start_on: StartOn | None = None
    custom_fields: CustomFields | None = None


class PauseIn(V2Body):
    pause_date: date | None = None
    pause_at: Literal["invoice_period_end"] | None = None
    pause_interval_count: int | None = Field(default=None, ge=1)
    pause_interval: Interval | None = None
    start_on: StartOn | None = None
    custom_fields: CustomFields | None = None
    # How it resumes: a Resume action after the pause, in the same order (QL8).
    resume_behavior: ResumeIn | None = None


class SubscriptionIn(V2Body):
    subscription_number: str | None = None
    # create_subscription
    subscription_plans: list[SubscriptionPlanIn] | None = None
    account_number: str | None = None
    account_id: str | None = None
    invoice_owner_account_number: str | None = None
    invoice_owner_account_id: str | None = None
    initial_term: TermIn | None = None
    renewal_term: TermIn | None = None
    auto_renew: StrictBool | None = None
    start_on: StartOn | None = None
    currency: str | None = None
    invoice_separately: StrictBool | None = None
    description: str | None = None
    unique_token: str | None = None
    # Subscription-level contacts and documents: nothing behind them here (QL3).
    bill_to_id: str | None = None
    sold_to_id: str | None = None
    payment_terms: str | None = None
    billing_document_settings: BillingDocumentSettingsIn | None = None
    # The order's processing options, given on its one subscription (QL2).
    processing_options: SubscriptionProcessingIn | None = None
    # amendments
    add_subscription_plans: list[AddPlanIn] | None = None
    update_subscription_plans: list[UpdatePlanIn] | None = None
    remove_subscription_plans: list[RemovePlanIn] | None = None
    replace_subscription_plans: list[ReplacePlanIn] | None = None
    renew: RenewIn | None = None
    renewals: list[RenewIn] | None = None
    terms: TermsIn | None = None
    cancel: CancelIn | None = None
    pause: PauseIn | None = None
    resume: ResumeIn | None = None
    custom_fields: CustomFields | None = None


class LineItemIn(V2Body):
    name: str
    type: Literal["product", "fee", "services"] = "product"
    category: Literal["sale", "return"] = "sale"
    state: Literal["pending", "booked", "sent_to_billing", "complete", "canceled"] | None = None
    item_number: str | None = None
    price_id: str | None = None
    product_code: str | None = None
    quantity: Decimal | None = None
    list_unit_price: Decimal | None = None
    unit_amount: Decimal | None = None
    discount_unit_amount: Decimal | None = None
    discount_percent: Decimal | None = None
    start_date: date | None = None
    end_date: date | None = None
    target_date: date | None = None
    billing_rule: Literal["trigger_without_fulfillment", "trigger_on_fulfillment"] | None = None
    related_subscription_number: str | None = None
    sold_to_id: str | None = None
    tax_code: str | None = None
    tax_inclusive: StrictBool | None = None
    unit_of_measure: str | None = None
    purchase_order_number: str | None = None
    description: str | None = None
    original_order_number: str | None = None
    original_order_line_item_number: str | None = None
    custom_fields: CustomFields | None = None


class ProcessingOptionsIn(V2Body):
    run_billing: StrictBool = False
    collect_payment: StrictBool = False
    apply_credit: StrictBool = False
    refund: StrictBool = False
    billing_options: dict[str, Any] | None = None
    payment_method_id: str | None = None
    allow_payment_failure: StrictBool = False


class SchedulingOptionsIn(V2Body):
    scheduled_date: date


class CreateOrderIn(V2Body):
    order_date: date
    order_number: str | None = None
    description: str | None = None
    category: Literal["sale", "return"] = "sale"
    state: (
        Literal["pending", "complete", "draft", "canceled", "scheduled", "executing", "failed"]
        | None
    ) = None
    account_number: str | None = None
    account_id: str | None = None
    # The same body as POST /v2/accounts (QO8).
    account_data: AccountCreate | None = None
    custom_fields: CustomFields | None = None
    processing_options: ProcessingOptionsIn | None = None
    scheduling_options: SchedulingOptionsIn | None = None
    subscriptions: list[SubscriptionIn] | None = Field(default=None, max_length=50)
    line_items: list[LineItemIn] | None = Field(default=None, max_length=100)
