"""Catalog values: product -> product rate plan -> product rate plan charge -> tiers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

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
    PriceFormat,
    ProductCategory,
    TriggerEvent,
    UpToPeriodsType,
    WeeklyBillCycleDay,
)


@dataclass(frozen=True)
class ChargeTier:
    """One price row of a charge in one currency (Zuora's ProductRatePlanChargeTier).

    `tier` numbers the rows of a currency from 1. Ranges follow decisions.md #19:
    `starting_unit`/`ending_unit` inclusive, the last tier's end open (None). For flat-fee
    and per-unit charges there is one row per currency; `price` is the list price, or for
    Discount-Fixed Amount the discount amount; Discount-Percentage uses
    `discount_percentage`. `is_overage_price` marks the overage row of Overage and Tiered
    with Overage charges.
    """

    currency: str
    tier: int
    price: Decimal
    price_format: PriceFormat = PriceFormat.PER_UNIT
    starting_unit: Decimal | None = None
    ending_unit: Decimal | None = None
    is_overage_price: bool = False
    discount_percentage: Decimal | None = None
    id: str = ""


@dataclass(frozen=True)
class ProductRatePlanCharge:
    id: str
    product_rate_plan_id: str
    name: str
    charge_type: ChargeType
    charge_model: ChargeModel
    tiers: tuple[ChargeTier, ...]
    bill_cycle_type: BillCycleType = BillCycleType.DEFAULT_FROM_CUSTOMER
    billing_period: BillingPeriod = BillingPeriod.MONTH
    trigger_event: TriggerEvent = TriggerEvent.CONTRACT_EFFECTIVE
    billing_timing: BillingTiming = BillingTiming.IN_ADVANCE
    billing_period_alignment: BillingPeriodAlignment = BillingPeriodAlignment.ALIGN_TO_CHARGE
    bill_cycle_day: int | None = None
    weekly_bill_cycle_day: WeeklyBillCycleDay | None = None
    specific_billing_period: int | None = None
    list_price_base: ListPriceBase = ListPriceBase.PER_BILLING_PERIOD
    specific_list_price_base: int | None = None
    end_date_condition: EndDateCondition = EndDateCondition.SUBSCRIPTION_END
    up_to_periods: int | None = None
    up_to_periods_type: UpToPeriodsType = UpToPeriodsType.BILLING_PERIODS
    default_quantity: Decimal | None = None
    min_quantity: Decimal | None = None
    max_quantity: Decimal | None = None
    included_units: Decimal | None = None
    uom: str | None = None
    apply_discount_to: ApplyDiscountTo | None = None
    discount_level: DiscountLevel | None = None
    description: str = ""
    product_rate_plan_charge_number: str | None = None
    taxable: bool = False
    tax_code: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def tiers_in(self, currency: str) -> tuple[ChargeTier, ...]:
        return tuple(
            sorted((t for t in self.tiers if t.currency == currency), key=lambda t: t.tier)
        )

    @property
    def currencies(self) -> frozenset[str]:
        return frozenset(t.currency for t in self.tiers)


@dataclass(frozen=True)
class ProductRatePlan:
    id: str
    product_id: str
    name: str
    active_currencies: tuple[str, ...]
    effective_start_date: date | None = None
    effective_end_date: date | None = None
    description: str = ""
    product_rate_plan_number: str | None = None
    grade: int | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    sku: str
    effective_start_date: date
    effective_end_date: date
    category: ProductCategory | None = None
    description: str = ""
    product_number: str | None = None
    allow_feature_changes: bool = False
    custom_fields: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None
