"""Catalog enums, each with its two wire vocabularies (spec Appendix C; decisions.md #10).

`.value` is the REST/Orders spelling (`FlatFee`, `IN_ADVANCE`, `Semi_Annual`); `.crud` is the
CRUD object API's (`Flat Fee Pricing`, `In Advance`, `Semi-Annual`). `from_crud` / `from_rest`
read either and raise ValueError on anything else.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class _DualEnum(StrEnum):
    """An enum whose members also have a CRUD spelling (by default the same as the value)."""

    @classmethod
    def _crud_names(cls) -> dict[str, str]:
        return {}

    @property
    def crud(self) -> str:
        return self._crud_names().get(self.value, self.value)

    @classmethod
    def from_crud(cls, text: str) -> Self:
        for member in cls:
            if member.crud == text:
                return member
        raise ValueError(text)

    @classmethod
    def from_rest(cls, text: str) -> Self:
        return cls(text)

    @classmethod
    def crud_values(cls) -> list[str]:
        return [m.crud for m in cls]


class ChargeType(_DualEnum):
    ONE_TIME = "OneTime"
    RECURRING = "Recurring"
    USAGE = "Usage"


class ChargeModel(_DualEnum):
    FLAT_FEE = "FlatFee"
    PER_UNIT = "PerUnit"
    TIERED = "Tiered"
    VOLUME = "Volume"
    OVERAGE = "Overage"
    TIERED_WITH_OVERAGE = "TieredWithOverage"
    DISCOUNT_FIXED_AMOUNT = "DiscountFixedAmount"
    DISCOUNT_PERCENTAGE = "DiscountPercentage"

    @classmethod
    def _crud_names(cls) -> dict[str, str]:
        return {
            "FlatFee": "Flat Fee Pricing",
            "PerUnit": "Per Unit Pricing",
            "Tiered": "Tiered Pricing",
            "Volume": "Volume Pricing",
            "Overage": "Overage Pricing",
            "TieredWithOverage": "Tiered with Overage Pricing",
            "DiscountFixedAmount": "Discount-Fixed Amount",
            "DiscountPercentage": "Discount-Percentage",
        }

    @property
    def is_discount(self) -> bool:
        return self in (ChargeModel.DISCOUNT_FIXED_AMOUNT, ChargeModel.DISCOUNT_PERCENTAGE)

    @property
    def is_tiered(self) -> bool:
        """Priced from several tiers per currency."""
        return self in (ChargeModel.TIERED, ChargeModel.VOLUME, ChargeModel.TIERED_WITH_OVERAGE)

    @property
    def needs_uom(self) -> bool:
        """Charge models priced by quantity need a unit of measure."""
        return self in (
            ChargeModel.PER_UNIT,
            ChargeModel.TIERED,
            ChargeModel.VOLUME,
            ChargeModel.OVERAGE,
            ChargeModel.TIERED_WITH_OVERAGE,
        )


class BillingPeriod(_DualEnum):
    MONTH = "Month"
    QUARTER = "Quarter"
    SEMI_ANNUAL = "Semi_Annual"
    ANNUAL = "Annual"
    EIGHTEEN_MONTHS = "Eighteen_Months"
    TWO_YEARS = "Two_Years"
    THREE_YEARS = "Three_Years"
    FIVE_YEARS = "Five_Years"
    SPECIFIC_MONTHS = "Specific_Months"
    SUBSCRIPTION_TERM = "Subscription_Term"
    WEEK = "Week"
    SPECIFIC_WEEKS = "Specific_Weeks"
    SPECIFIC_DAYS = "Specific_Days"

    @classmethod
    def _crud_names(cls) -> dict[str, str]:
        return {
            "Semi_Annual": "Semi-Annual",
            "Eighteen_Months": "Eighteen Months",
            "Two_Years": "Two Years",
            "Three_Years": "Three Years",
            "Five_Years": "Five Years",
            "Specific_Months": "Specific Months",
            "Subscription_Term": "Subscription Term",
            "Specific_Weeks": "Specific Weeks",
            "Specific_Days": "Specific Days",
        }

    @property
    def months(self) -> int | None:
        """Length in months for month-based periods (None for weeks, days, term, specific)."""
        return {
            BillingPeriod.MONTH: 1,
            BillingPeriod.QUARTER: 3,
            BillingPeriod.SEMI_ANNUAL: 6,
            BillingPeriod.ANNUAL: 12,
            BillingPeriod.EIGHTEEN_MONTHS: 18,
            BillingPeriod.TWO_YEARS: 24,
            BillingPeriod.THREE_YEARS: 36,
            BillingPeriod.FIVE_YEARS: 60,
        }.get(self)

    @property
    def needs_specific_length(self) -> bool:
        return self in (
            BillingPeriod.SPECIFIC_MONTHS,
            BillingPeriod.SPECIFIC_WEEKS,
            BillingPeriod.SPECIFIC_DAYS,
        )


class BillingTiming(_DualEnum):
    IN_ADVANCE = "IN_ADVANCE"
    IN_ARREARS = "IN_ARREARS"

    @classmethod
    def _crud_names(cls) -> dict[str, str]:
        return {"IN_ADVANCE": "In Advance", "IN_ARREARS": "In Arrears"}


class BillCycleType(_DualEnum):
    DEFAULT_FROM_CUSTOMER = "DefaultFromCustomer"
    SPECIFIC_DAY_OF_MONTH = "SpecificDayofMonth"
    SUBSCRIPTION_START_DAY = "SubscriptionStartDay"
    CHARGE_TRIGGER_DAY = "ChargeTriggerDay"
    SPECIFIC_DAY_OF_WEEK = "SpecificDayofWeek"
    TERM_START_DAY = "TermStartDay"
    TERM_END_DAY = "TermEndDay"


class BillingPeriodAlignment(_DualEnum):
    ALIGN_TO_CHARGE = "AlignToCharge"
    ALIGN_TO_SUBSCRIPTION_START = "AlignToSubscriptionStart"
    ALIGN_TO_TERM_START = "AlignToTermStart"
    ALIGN_TO_TERM_END = "AlignToTermEnd"


class TriggerEvent(_DualEnum):
    CONTRACT_EFFECTIVE = "ContractEffective"
    SERVICE_ACTIVATION = "ServiceActivation"
    CUSTOMER_ACCEPTANCE = "CustomerAcceptance"


class ListPriceBase(_DualEnum):
    PER_BILLING_PERIOD = "Per_Billing_Period"
    PER_MONTH = "Per_Month"
    PER_WEEK = "Per_Week"
    PER_YEAR = "Per_Year"
    PER_SPECIFIC_MONTHS = "Per_Specific_Months"

    @classmethod
    def _crud_names(cls) -> dict[str, str]:
        return {m.value: m.value.replace("_", " ") for m in cls}


class EndDateCondition(_DualEnum):
    SUBSCRIPTION_END = "Subscription_End"
    FIXED_PERIOD = "Fixed_Period"
    ONE_TIME = "One_Time"

    @classmethod
    def _crud_names(cls) -> dict[str, str]:
        return {
            "Subscription_End": "SubscriptionEnd",
            "Fixed_Period": "FixedPeriod",
            "One_Time": "OneTime",
        }


class UpToPeriodsType(_DualEnum):
    BILLING_PERIODS = "Billing_Periods"
    DAYS = "Days"
    WEEKS = "Weeks"
    MONTHS = "Months"
    YEARS = "Years"

    @classmethod
    def _crud_names(cls) -> dict[str, str]:
        return {"Billing_Periods": "Billing Periods"}


class PriceFormat(_DualEnum):
    FLAT_FEE = "FlatFee"
    PER_UNIT = "PerUnit"

    @classmethod
    def _crud_names(cls) -> dict[str, str]:
        return {"FlatFee": "Flat Fee", "PerUnit": "Per Unit"}


class WeeklyBillCycleDay(_DualEnum):
    SUNDAY = "Sunday"
    MONDAY = "Monday"
    TUESDAY = "Tuesday"
    WEDNESDAY = "Wednesday"
    THURSDAY = "Thursday"
    FRIDAY = "Friday"
    SATURDAY = "Saturday"


class ProductCategory(_DualEnum):
    BASE_PRODUCTS = "Base Products"
    ADD_ON_SERVICES = "Add On Services"
    MISCELLANEOUS_PRODUCTS = "Miscellaneous Products"


class ApplyDiscountTo(_DualEnum):
    ONETIME = "ONETIME"
    RECURRING = "RECURRING"
    USAGE = "USAGE"
    ONETIMERECURRING = "ONETIMERECURRING"
    ONETIMEUSAGE = "ONETIMEUSAGE"
    RECURRINGUSAGE = "RECURRINGUSAGE"
    ONETIMERECURRINGUSAGE = "ONETIMERECURRINGUSAGE"

    def applies_to(self, charge_type: ChargeType) -> bool:
        word = {
            ChargeType.ONE_TIME: "ONETIME",
            ChargeType.RECURRING: "RECURRING",
            ChargeType.USAGE: "USAGE",
        }[charge_type]
        return word in self.value


class DiscountLevel(_DualEnum):
    RATEPLAN = "rateplan"
    SUBSCRIPTION = "subscription"
    ACCOUNT = "account"
