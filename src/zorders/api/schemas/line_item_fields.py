"""`orderLineItems[]` of POST /v1/orders, /v1/orders/preview and PUT /v1/orders/{n}
(spec §8.2): every field of the official client's CreateOrderOrderLineItem, with Zuora's
enums and the lengths of `domain/limits.LINE_ITEM_TEXT_LIMITS`. Which fields are acted
upon is the translator's and the services' business (`api/v1/line_items.py`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from zorders.domain.limits import LINE_ITEM_TEXT_LIMITS


def _text(name: str, **extra: Any) -> Any:
    return Field(default=None, max_length=LINE_ITEM_TEXT_LIMITS[name], **extra)


_CODE = LINE_ITEM_TEXT_LIMITS["accounting_code"]


class _Wire(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")


class BillingScheduleItemIn(_Wire):
    amount: Decimal | None = Field(default=None, ge=0)
    name: str | None = Field(default=None, max_length=255)
    percentage: Decimal | None = Field(default=None, ge=0, lt=1)
    run_date: date | None = None


class BillingScheduleIn(_Wire):
    items: list[BillingScheduleItemIn] | None = Field(default=None, max_length=100)


class OrderLineItemIn(_Wire):
    item_type: Literal["Product", "Fee", "Services", "Prepayment"] | None = None
    item_category: Literal["Sales", "Return"] | None = None
    item_state: Literal["Executing", "Booked", "SentToBilling", "Complete", "Canceled"] | None = (
        None
    )
    item_name: str | None = _text("item_name")
    item_number: str | None = _text("item_number")
    product_rate_plan_charge_id: str | None = _text("product_rate_plan_charge_id", min_length=32)
    product_code: str | None = _text("product_code")
    quantity: Decimal | None = Field(default=None, ge=0)
    list_price_per_unit: Decimal | None = None
    inline_discount_type: Literal["Percentage", "FixedAmount", "None"] | None = None
    inline_discount_per_unit: Decimal | None = None
    amount_per_unit: Decimal | None = None
    bill_target_date: date | None = None
    billing_rule: Literal["TriggerWithoutFulfillment", "TriggerAsFulfillmentOccurs"] | None = None
    transaction_start_date: date | None = None
    transaction_end_date: date | None = None
    related_subscription_number: str | None = _text("related_subscription_number")
    unique_token: str | None = _text("unique_token")
    original_order_number: str | None = _text("original_order_number")
    original_order_line_item_number: str | None = _text("original_order_line_item_number")
    owner_account_number: str | None = _text("owner_account_number")
    bill_to: str | None = _text("bill_to", pattern=r"^[0-9a-fA-F]{32}$")
    ship_to: str | None = _text("ship_to", pattern=r"^[0-9a-fA-F]{32}$")
    sold_to: str | None = _text("sold_to", min_length=32)
    tax_code: str | None = _text("tax_code")
    tax_mode: Literal["TaxInclusive", "TaxExclusive"] | None = None
    uom: str | None = _text("uom", alias="UOM")
    currency: str | None = _text("currency", min_length=3)
    payment_term: str | None = _text("payment_term")
    invoice_template_id: str | None = _text("invoice_template_id")
    sequence_set_id: str | None = _text("sequence_set_id")
    invoice_group_number: str | None = _text("invoice_group_number", min_length=1)
    communication_profile_id: str | None = _text("communication_profile_id")
    purchase_order_number: str | None = _text("purchase_order_number")
    description: str | None = _text("description")
    custom_fields: dict[str, Any] | None = None
    # Accepted and kept, not acted upon (decision OS2).
    accounting_code: str | None = Field(default=None, max_length=_CODE)
    adjustment_liability_accounting_code: str | None = Field(default=None, max_length=_CODE)
    adjustment_revenue_accounting_code: str | None = Field(default=None, max_length=_CODE)
    contract_asset_accounting_code: str | None = Field(default=None, max_length=_CODE)
    contract_liability_accounting_code: str | None = Field(default=None, max_length=_CODE)
    contract_recognized_revenue_accounting_code: str | None = Field(default=None, max_length=_CODE)
    deferred_revenue_accounting_code: str | None = Field(default=None, max_length=_CODE)
    recognized_revenue_accounting_code: str | None = Field(default=None, max_length=_CODE)
    unbilled_receivables_accounting_code: str | None = Field(default=None, max_length=_CODE)
    revenue_recognition_rule: str | None = _text("revenue_recognition_rule")
    exclude_item_billing_from_revenue_accounting: bool | None = None
    exclude_item_booking_from_revenue_accounting: bool | None = None
    is_allocation_eligible: bool | None = None
    is_unbilled: bool | None = None
    billing_schedule: BillingScheduleIn | None = None
    prepaid_quantity: Decimal | None = Field(default=None, gt=0)
    prepaid_uom: str | None = _text("prepaid_uom")
    drawdown_priority: int | None = Field(default=None, ge=0)
    prepayment_unit_type: Literal["UNIT", "CURRENCY"] | None = None
    drawdown_scope: Literal["SUBSCRIPTION", "ACCOUNT"] | None = None
    fund_support_account_hierarchy: bool | None = None
    validity_period_type: (
        Literal[
            "ANNUAL", "SEMI_ANNUAL", "QUARTER", "MONTH", "SPECIFIC_DAYS", "SPECIFIC_WEEKS",
            "SPECIFIC_MONTHS",
        ]
        | None
    ) = None  # fmt: skip
    specific_validity_period_length: int | None = Field(default=None, ge=1)
    number_of_validity_periods: int | None = Field(default=None, ge=1)
