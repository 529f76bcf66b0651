"""CRUD (`/v1/object/...`) request bodies for the catalog, in Zuora's PascalCase words.

Unknown fields are ignored, as Zuora's CRUD API does (the official client sends several
defaults we do not model, e.g. `UseDiscountSpecificAccountingCode`), unless the request
says `rejectUnknownFields=true`. `*__c` fields are custom fields.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from zorders.domain.errors import DomainError, ErrorCode


class CrudBody(BaseModel):
    model_config = ConfigDict(extra="allow")

    def custom_fields(self) -> dict[str, Any]:
        return {k: v for k, v in (self.model_extra or {}).items() if k.endswith("__c")}

    def reject_unknown(self) -> None:
        unknown = [k for k in (self.model_extra or {}) if not k.endswith("__c")]
        if unknown:
            raise DomainError(
                ErrorCode.UNKNOWN_FIELD,
                f"'{unknown[0]}' is not a recognized field",
                unknown[0],
            )


def check_custom_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Custom fields hold strings, numbers, booleans or null (type-checked no further)."""
    for key, value in values.items():
        if value is not None and not isinstance(value, str | int | float | Decimal | bool):
            raise DomainError(
                ErrorCode.INVALID_VALUE,
                f"'{key}' must be a string, a number, a boolean or null",
                key,
            )
    return values


class ProductBody(CrudBody):
    Name: str | None = Field(default=None, max_length=100)
    SKU: str | None = Field(default=None, max_length=50)
    ProductNumber: str | None = Field(default=None, max_length=100)
    Category: str | None = None
    Description: str | None = Field(default=None, max_length=500)
    EffectiveStartDate: date | None = None
    EffectiveEndDate: date | None = None
    AllowFeatureChanges: bool | None = None


class ProductRatePlanBody(CrudBody):
    Name: str | None = Field(default=None, max_length=255)
    ProductId: str | None = Field(default=None, max_length=32)
    Description: str | None = Field(default=None, max_length=500)
    EffectiveStartDate: date | None = None
    EffectiveEndDate: date | None = None
    ActiveCurrencies: list[str] | None = None
    ProductRatePlanNumber: str | None = Field(default=None, max_length=100)
    Grade: int | None = None


class TierBody(CrudBody):
    Currency: str | None = None
    Price: Decimal | None = None
    StartingUnit: Decimal | None = None
    EndingUnit: Decimal | None = None
    PriceFormat: str | None = None
    DiscountAmount: Decimal | None = None
    DiscountPercentage: Decimal | None = None
    IsOveragePrice: bool | None = None


class TierData(BaseModel):
    ProductRatePlanChargeTier: list[TierBody] = Field(default_factory=list)


class ProductRatePlanChargeBody(CrudBody):
    ProductRatePlanId: str | None = Field(default=None, max_length=32)
    Name: str | None = Field(default=None, max_length=100)
    ChargeType: str | None = None
    ChargeModel: str | None = None
    BillCycleType: str | None = None
    BillingPeriod: str | None = None
    TriggerEvent: str | None = None
    ProductRatePlanChargeTierData: TierData | None = None
    BillCycleDay: int | None = None
    WeeklyBillCycleDay: str | None = None
    BillingPeriodAlignment: str | None = None
    BillingTiming: str | None = None
    SpecificBillingPeriod: int | None = None
    ListPriceBase: str | None = None
    SpecificListPriceBase: int | None = None
    EndDateCondition: str | None = None
    UpToPeriods: int | None = None
    UpToPeriodsType: str | None = None
    DefaultQuantity: Decimal | None = None
    MinQuantity: Decimal | None = None
    MaxQuantity: Decimal | None = None
    IncludedUnits: Decimal | None = None
    UOM: str | None = Field(default=None, max_length=25)
    ApplyDiscountTo: str | None = None
    DiscountLevel: str | None = None
    Description: str | None = Field(default=None, max_length=500)
    ProductRatePlanChargeNumber: str | None = Field(default=None, max_length=100)
    Taxable: bool | None = None
    TaxCode: str | None = Field(default=None, max_length=64)


class TierUpdateBody(CrudBody):
    Price: Decimal | None = None
    StartingUnit: Decimal | None = None
    EndingUnit: Decimal | None = None
    PriceFormat: str | None = None
    DiscountAmount: Decimal | None = None
    DiscountPercentage: Decimal | None = None
    IsOveragePrice: bool | None = None
