"""The catalog's charges and tiers through Zuora's CRUD object API (spec §13.2):
`/v1/object/product-rate-plan-charge` and `/v1/object/product-rate-plan-charge-tier`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.response_keys import complete
from zorders.api.routes.catalog_crud import crud_enum, deleted, fields_filter, ok, prepare
from zorders.api.schemas.catalog import (
    ProductRatePlanChargeBody,
    TierBody,
    TierUpdateBody,
    check_custom_fields,
)
from zorders.api.views import catalog as views
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
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
    TriggerEvent,
    UpToPeriodsType,
    WeeklyBillCycleDay,
    _DualEnum,
)
from zorders.domain.catalog.model import ChargeTier
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import catalog
from zorders.services.context import CommandContext

router = APIRouter(route_class=ZuoraRoute, tags=["Catalog (CRUD)"])


# -- charges ------------------------------------------------------------------------------

_CHARGE_PLAIN = {
    "ProductRatePlanId": "product_rate_plan_id",
    "Name": "name",
    "BillCycleDay": "bill_cycle_day",
    "SpecificBillingPeriod": "specific_billing_period",
    "SpecificListPriceBase": "specific_list_price_base",
    "UpToPeriods": "up_to_periods",
    "DefaultQuantity": "default_quantity",
    "MinQuantity": "min_quantity",
    "MaxQuantity": "max_quantity",
    "IncludedUnits": "included_units",
    "UOM": "uom",
    "Description": "description",
    "ProductRatePlanChargeNumber": "product_rate_plan_charge_number",
    "Taxable": "taxable",
    "TaxCode": "tax_code",
}

_CHARGE_ENUMS: dict[str, tuple[str, type[_DualEnum]]] = {
    "ChargeType": ("charge_type", ChargeType),
    "ChargeModel": ("charge_model", ChargeModel),
    "BillCycleType": ("bill_cycle_type", BillCycleType),
    "BillingPeriod": ("billing_period", BillingPeriod),
    "TriggerEvent": ("trigger_event", TriggerEvent),
    "BillingPeriodAlignment": ("billing_period_alignment", BillingPeriodAlignment),
    "BillingTiming": ("billing_timing", BillingTiming),
    "WeeklyBillCycleDay": ("weekly_bill_cycle_day", WeeklyBillCycleDay),
    "ListPriceBase": ("list_price_base", ListPriceBase),
    "EndDateCondition": ("end_date_condition", EndDateCondition),
    "UpToPeriodsType": ("up_to_periods_type", UpToPeriodsType),
    "ApplyDiscountTo": ("apply_discount_to", ApplyDiscountTo),
    "DiscountLevel": ("discount_level", DiscountLevel),
}

# Fields whose absence means "the default", not "no value".
_DEFAULTED = {"description": "", "taxable": False}
_REQUIRED_ENUMS = {
    "charge_type",
    "charge_model",
    "bill_cycle_type",
    "billing_period",
    "trigger_event",
}


def charge_values(body: ProductRatePlanChargeBody, model: ChargeModel | None) -> dict[str, Any]:
    sent = body.model_fields_set
    values: dict[str, Any] = {
        domain: getattr(body, wire) for wire, domain in _CHARGE_PLAIN.items() if wire in sent
    }
    for key, default in _DEFAULTED.items():
        if key in values and values[key] is None:
            values[key] = default
    for wire, (domain, cls) in _CHARGE_ENUMS.items():
        if wire in sent:
            raw = getattr(body, wire)
            if raw is None:
                if domain not in _REQUIRED_ENUMS:
                    values[domain] = None
                continue
            values[domain] = crud_enum(cls, raw, wire)
    # Optional enums left out take their defaults, not None.
    for domain in ("billing_period_alignment", "billing_timing", "list_price_base",
                   "end_date_condition", "up_to_periods_type"):  # fmt: skip
        if domain in values and values[domain] is None:
            del values[domain]
    model = values.get("charge_model", model)
    if "ProductRatePlanChargeTierData" in sent and body.ProductRatePlanChargeTierData is not None:
        rows = body.ProductRatePlanChargeTierData.ProductRatePlanChargeTier
        values["tiers"] = tiers_from_wire(rows, model)
    custom = check_custom_fields(body.custom_fields())
    if custom:
        values["custom_fields"] = custom
    return values


def tiers_from_wire(rows: list[TierBody], model: ChargeModel | None) -> tuple[ChargeTier, ...]:
    """CRUD tier rows -> tiers numbered 1..n per currency in the order given."""
    counters: dict[str, int] = {}
    tiers = []
    for index, row in enumerate(rows):
        if not row.Currency:
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                f"'ProductRatePlanChargeTier[{index}].Currency' may not be null",
                "Currency",
            )
        counters[row.Currency] = counters.get(row.Currency, 0) + 1
        tiers.append(_tier_from_wire(row, model, counters[row.Currency], index))
    return tuple(tiers)


def _tier_from_wire(
    row: TierBody, model: ChargeModel | None, number: int, index: int
) -> ChargeTier:
    price_format = (
        crud_enum(PriceFormat, row.PriceFormat, "PriceFormat")
        if row.PriceFormat
        else (PriceFormat.FLAT_FEE if model is ChargeModel.FLAT_FEE else PriceFormat.PER_UNIT)
    )
    price = row.Price
    if model is ChargeModel.DISCOUNT_FIXED_AMOUNT and row.DiscountAmount is not None:
        price = row.DiscountAmount
    if model is ChargeModel.DISCOUNT_PERCENTAGE:
        price = price if price is not None else Decimal(0)
    if price is None:
        raise DomainError(
            ErrorCode.MISSING_FIELD,
            f"'ProductRatePlanChargeTier[{index}].Price' may not be null",
            "Price",
        )
    return ChargeTier(
        currency=row.Currency or "",
        tier=number,
        price=price,
        price_format=price_format,
        starting_unit=row.StartingUnit,
        ending_unit=row.EndingUnit,
        is_overage_price=bool(row.IsOveragePrice),
        discount_percentage=row.DiscountPercentage,
    )


@router.post(
    "/v1/object/product-rate-plan-charge", summary="CRUD: Create a product rate plan charge"
)
def create_charge(
    body: ProductRatePlanChargeBody,
    request: Request,
    rejectUnknownFields: bool = False,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    prepare(body, rejectUnknownFields)
    with unit_of_work(request) as uow:
        charge = catalog.create_charge(uow, ctx, **charge_values(body, None))
    return ok(charge.id)


@router.get(
    "/v1/object/product-rate-plan-charge/{id}", summary="CRUD: Retrieve a product rate plan charge"
)
def get_charge(
    id: str,
    request: Request,
    fields: str | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        charge = catalog.get_charge(uow, ctx, id)
    # Every key of the client's model (null when empty), then `fields` narrows them.
    body = complete(views.crud_charge(charge), "GetProductRatePlanChargeResponse")
    return ZuoraJSONResponse(fields_filter(body, fields))


@router.put(
    "/v1/object/product-rate-plan-charge/{id}", summary="CRUD: Update a product rate plan charge"
)
def update_charge(
    id: str,
    body: ProductRatePlanChargeBody,
    request: Request,
    rejectUnknownFields: bool = False,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    prepare(body, rejectUnknownFields)
    with unit_of_work(request) as uow:
        current = catalog.get_charge(uow, ctx, id)
        values = charge_values(body, current.charge_model)
        values.pop("product_rate_plan_id", None)  # a charge does not move between plans
        catalog.update_charge(uow, ctx, id, values)
    return ok(id)


@router.delete(
    "/v1/object/product-rate-plan-charge/{id}", summary="CRUD: Delete a product rate plan charge"
)
def delete_charge(
    id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        catalog.delete_charge(uow, ctx, id)
    return deleted(id)


# -- tiers --------------------------------------------------------------------------------


@router.get(
    "/v1/object/product-rate-plan-charge-tier/{id}",
    summary="CRUD: Retrieve a product rate plan charge tier",
)
def get_tier(
    id: str,
    request: Request,
    fields: str | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        tier, charge = catalog.get_tier(uow, ctx, id)
    body = complete(views.crud_tier(tier, charge), "GetProductRatePlanChargeTierResponse")
    return ZuoraJSONResponse(fields_filter(body, fields))


@router.put(
    "/v1/object/product-rate-plan-charge-tier/{id}",
    summary="CRUD: Update a product rate plan charge tier",
)
def update_tier(
    id: str,
    body: TierUpdateBody,
    request: Request,
    rejectUnknownFields: bool = False,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    prepare(body, rejectUnknownFields)
    sent = body.model_fields_set
    with unit_of_work(request) as uow:
        _, charge = catalog.get_tier(uow, ctx, id)
        changes: dict[str, Any] = {}
        for wire, domain in (
            ("Price", "price"),
            ("StartingUnit", "starting_unit"),
            ("EndingUnit", "ending_unit"),
            ("DiscountPercentage", "discount_percentage"),
            ("IsOveragePrice", "is_overage_price"),
        ):
            if wire in sent:
                changes[domain] = getattr(body, wire)
        if "DiscountAmount" in sent and charge.charge_model is ChargeModel.DISCOUNT_FIXED_AMOUNT:
            changes["price"] = body.DiscountAmount
        if "PriceFormat" in sent and body.PriceFormat:
            changes["price_format"] = crud_enum(PriceFormat, body.PriceFormat, "PriceFormat")
        if changes.get("price", Decimal(0)) is None:
            raise DomainError(ErrorCode.MISSING_FIELD, "'Price' may not be null", "Price")
        if "is_overage_price" in changes:
            changes["is_overage_price"] = bool(changes["is_overage_price"])
        catalog.update_tier(uow, ctx, id, changes)
    return ok(id)
