"""Bodies of the legacy subscription calls (Zuora's "Subscriptions" REST family: create,
update, cancel, renew, suspend, resume), in the official client's fields.

The schema checks shapes and types only; `api/v1/legacy_orders.py` turns each body into a
`POST /v1/orders` body, so every order rule is the order service's. Unknown fields are
ignored as on the order bodies (the client sends `__QT` / `__NS` fields we do not model);
`*__c` fields are the subscription's custom fields.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from zorders.api.schemas.orders import PeriodTypeName, TierIn, Wire


class LegacyBilling(Wire):
    """The billing switches every legacy call shares; which of them a request may use
    depends on its `Zuora-Version` (decision LG2, gates `legacy_*` in version_gates.py)."""

    run_billing: bool | None = None
    invoice: bool | None = None
    invoice_collect: bool | None = None
    collect: bool | None = None
    target_date: date | None = None
    invoice_target_date: date | None = None
    document_date: date | None = None
    apply_credit: bool | None = None
    credit_memo_reason_code: str | None = Field(default=None, max_length=25)

    def custom_fields(self) -> dict[str, Any]:
        return {k: v for k, v in (self.model_extra or {}).items() if k.endswith("__c")}


class LegacyChargeIn(Wire):
    """A charge override of a new rate plan (CreateSubscriptionComponent): one flat object,
    which the translator turns into v1's nested billing / dates / pricing blocks."""

    product_rate_plan_charge_id: str = Field(max_length=32)
    number: str | None = Field(default=None, max_length=50)
    description: str | None = Field(default=None, max_length=500)
    quantity: Decimal | None = Field(default=None, ge=0)
    price: Decimal | None = None
    tiers: list[TierIn] | None = None
    included_units: Decimal | None = None
    overage_price: Decimal | None = None
    discount_percentage: Decimal | None = None
    discount_amount: Decimal | None = None
    apply_discount_to: str | None = None
    discount_level: str | None = None
    list_price_base: str | None = None
    bill_cycle_day: int | None = Field(default=None, ge=0, le=31)
    bill_cycle_type: str | None = None
    billing_period: str | None = None
    billing_period_alignment: str | None = None
    billing_timing: str | None = None
    specific_billing_period: int | None = Field(default=None, ge=1)
    weekly_bill_cycle_day: str | None = None
    trigger_event: str | None = None
    trigger_date: date | None = None
    end_date_condition: str | None = None
    specific_end_date: date | None = None
    up_to_periods: int | None = Field(default=None, ge=1)
    up_to_periods_type: str | None = None


class LegacyRatePlanIn(Wire):
    product_rate_plan_id: str | None = Field(default=None, max_length=32)
    product_rate_plan_number: str | None = Field(default=None, max_length=100)
    charge_overrides: list[LegacyChargeIn] | None = None


class LegacyDatedIn(Wire):
    contract_effective_date: date
    service_activation_date: date | None = None
    customer_acceptance_date: date | None = None


class LegacyAddIn(LegacyRatePlanIn, LegacyDatedIn):
    pass


class LegacyChargeUpdateIn(Wire):
    rate_plan_charge_id: str = Field(min_length=1, max_length=32)
    quantity: Decimal | None = Field(default=None, ge=0)
    price: Decimal | None = None
    tiers: list[TierIn] | None = None
    included_units: Decimal | None = None
    overage_price: Decimal | None = None
    description: str | None = Field(default=None, max_length=500)
    trigger_event: str | None = None
    trigger_date: date | None = None


class LegacyPlanRefIn(LegacyDatedIn):
    rate_plan_id: str | None = Field(default=None, max_length=32)
    subscription_rate_plan_number: str | None = Field(default=None, max_length=50)


class LegacyUpdatePlanIn(LegacyPlanRefIn):
    charge_update_details: list[LegacyChargeUpdateIn] | None = None


TermTypeName = Literal["TERMED", "EVERGREEN"]
RenewalSettingName = Literal["RENEW_WITH_SPECIFIC_TERM", "RENEW_TO_EVERGREEN"]


class CreateSubscriptionIn(LegacyBilling):
    account_key: str = Field(max_length=70)
    invoice_owner_account_key: str | None = Field(default=None, max_length=70)
    contract_effective_date: date
    service_activation_date: date | None = None
    customer_acceptance_date: date | None = None
    term_start_date: date | None = None
    term_type: TermTypeName
    initial_term: int | None = Field(default=None, ge=1)
    initial_term_period_type: PeriodTypeName | None = None
    renewal_term: int | None = Field(default=None, ge=0)
    renewal_term_period_type: PeriodTypeName | None = None
    renewal_setting: RenewalSettingName | None = None
    auto_renew: bool | None = None
    subscribe_to_rate_plans: list[LegacyRatePlanIn]
    subscription_number: str | None = Field(default=None, max_length=100)
    notes: str | None = Field(default=None, max_length=1000)
    invoice_separately: bool | None = None
    last_booking_date: date | None = None
    externally_managed_by: Literal["Amazon", "Apple", "Google", "Roku"] | None = None


class UpdateSubscriptionIn(LegacyBilling):
    add: list[LegacyAddIn] | None = None
    update: list[LegacyUpdatePlanIn] | None = None
    remove: list[LegacyPlanRefIn] | None = None
    term_type: TermTypeName | None = None
    current_term: int | None = Field(default=None, ge=1)
    current_term_period_type: PeriodTypeName | None = None
    term_start_date: date | None = None
    renewal_term: int | None = Field(default=None, ge=0)
    renewal_term_period_type: PeriodTypeName | None = None
    renewal_setting: RenewalSettingName | None = None
    auto_renew: bool | None = None
    invoice_separately: bool | None = None
    notes: str | None = Field(default=None, max_length=1000)
    booking_date: date | None = None
    preview: bool | None = None


class DatedCallIn(LegacyBilling):
    """What cancel, renew, suspend and resume share: the order's date and the contract
    effective date of its action."""

    order_date: date | None = None
    booking_date: date | None = None
    contract_effective_date: date | None = None


class CancelSubscriptionIn(DatedCallIn):
    cancellation_policy: Literal["EndOfCurrentTerm", "EndOfLastInvoicePeriod", "SpecificDate"]
    cancellation_effective_date: date | None = None


class RenewSubscriptionIn(DatedCallIn):
    pass


ResumePolicyName = Literal[
    "Today",
    "FixedPeriodsFromSuspendDate",
    "FixedPeriodsFromToday",
    "SpecificDate",
    "SuspendDate",
]


class ResumeSubscriptionIn(DatedCallIn):
    resume_policy: ResumePolicyName
    # The client types the periods as strings ("2"); pydantic reads them as numbers.
    resume_periods: int | None = Field(default=None, ge=0)
    resume_periods_type: PeriodTypeName | None = None
    resume_specific_date: date | None = None
    extends_term: bool | None = None


class SuspendSubscriptionIn(DatedCallIn):
    suspend_policy: Literal[
        "Today", "EndOfLastInvoicePeriod", "FixedPeriodsFromToday", "SpecificDate"
    ]
    suspend_periods: int | None = Field(default=None, ge=0)
    suspend_periods_type: PeriodTypeName | None = None
    suspend_specific_date: date | None = None
    resume: bool | None = None
    resume_policy: ResumePolicyName | None = None
    resume_periods: int | None = Field(default=None, ge=0)
    resume_periods_type: PeriodTypeName | None = None
    resume_specific_date: date | None = None
    extends_term: bool | None = None


class ChargeCustomFieldsIn(Wire):
    charge_id: str | None = Field(default=None, max_length=32)
    charge_number: str | None = Field(default=None, max_length=50)
    custom_fields: dict[str, Any] | None = None


class RatePlanCustomFieldsIn(Wire):
    rate_plan_id: str = Field(min_length=1, max_length=32)
    custom_fields: dict[str, Any] | None = None
    charges: list[ChargeCustomFieldsIn] | None = None


class VersionCustomFieldsIn(Wire):
    custom_fields: dict[str, Any] | None = None
    rate_plans: list[RatePlanCustomFieldsIn] | None = None
