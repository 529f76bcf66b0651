"""Request bodies of `/v2/products`, `/v2/plans` and `/v2/prices` (Zuora's Quickstart
`ProductCreateRequest`, `PlanCreateRequest`, `PriceCreateRequest` and their Patch twins).

Unknown fields are refused (`unknown_parameter`). Fields Zuora defines that nothing here
stores yet are listed in `UNSUPPORTED_PRICE_FIELDS` and refused with `invalid_parameter`
rather than dropped (QC5). Amounts are Decimal: bodies are parsed without floats.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class V2Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    custom_fields: dict[str, Any] | None = None


class ProductBody(V2Body):
    name: str | None = Field(default=None, max_length=100)
    type: str | None = None
    sku: str | None = Field(default=None, max_length=50)
    description: str | None = Field(default=None, max_length=500)
    start_date: date | None = None
    end_date: date | None = None


class PlanBody(V2Body):
    name: str | None = Field(default=None, max_length=255)
    product_id: str | None = None
    plan_number: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=500)
    active_currencies: list[str] | None = None
    start_date: date | None = None
    end_date: date | None = None


class RecurringBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    interval: str | None = None
    interval_count: int | None = Field(default=None, ge=1)
    on: str | None = None
    recurring_on: str | None = None
    alignment_behavior: str | None = None
    timing: str | None = None
    usage: bool | None = None
    duration_interval: str | None = None
    duration_interval_count: int | None = Field(default=None, ge=1)
    rating_group: str | None = None


class TierBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    up_to: Decimal | None = None
    amounts: dict[str, Decimal] | None = None
    unit_amounts: dict[str, Decimal] | None = None


class OverageBody(BaseModel):
    """Only `included_units` is stored (an Overage price); smoothing is not modelled."""

    model_config = ConfigDict(extra="forbid")

    included_units: Decimal | None = Field(default=None, ge=0)
    interval_count: int | None = None
    type: str | None = None
    credit_unused_units: bool | None = None
    apply_at_end_of_smoothing_period: bool | None = None


UNSUPPORTED_PRICE_FIELDS = (
    "recognized_revenue_accounting_code",
    "deferred_revenue_accounting_code",
    "accounting_code",
    "revenue_recognition_rule",
    "stacked_discount",
    "tax_inclusive",
    "revenue",
    "prepayment",
    "drawdown",
)


class PriceBody(V2Body):
    name: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=500)
    plan_id: str | None = None
    plan_number: str | None = None
    recurring: RecurringBody | None = None
    start_event: str | None = None
    tiers_mode: str | None = None
    tiers: list[TierBody] | None = None
    amounts: dict[str, Decimal] | None = None
    unit_amounts: dict[str, Decimal] | None = None
    discount_amounts: dict[str, Decimal] | None = None
    discount_percent: Decimal | None = None
    unit_of_measure: str | None = Field(default=None, max_length=25)
    quantity: Decimal | None = None
    min_quantity: Decimal | None = None
    max_quantity: Decimal | None = None
    price_base_interval: str | None = None
    overage: OverageBody | None = None
    apply_discount_to: list[str] | None = None
    discount_level: str | None = None
    tax_code: str | None = None
    taxable: bool | None = None
    # Zuora's, not stored here yet (refused when given a value).
    recognized_revenue_accounting_code: Any = None
    deferred_revenue_accounting_code: Any = None
    accounting_code: Any = None
    revenue_recognition_rule: Any = None
    stacked_discount: Any = None
    tax_inclusive: Any = None
    revenue: Any = None
    prepayment: Any = None
    drawdown: Any = None
