"""A v2 price body -> product rate plan charge values (the v1 charge fields), through the
vocabulary of `catalog_words`. Creation and PATCH both go through the catalog services'
`create_charge` / `update_charge`, which validate the charge as v1 does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zorders.api.v2.catalog_bodies import UNSUPPORTED_PRICE_FIELDS, PriceBody, RecurringBody
from zorders.api.v2.catalog_in import bad, custom_fields, find_plan, one_of, v2_parameter
from zorders.api.v2.catalog_words import (
    ALIGNMENT,
    APPLY_DISCOUNT_WORDS,
    DISCOUNT_LEVEL,
    DURATION_INTERVAL,
    INTERVALS,
    PRICE_BASE_INTERVAL,
    RECURRING_ON,
    START_EVENT,
    TIERS_MODE,
    TIMING,
    WEEKDAYS,
    apply_discount_to,
    billing_period,
)
from zorders.api.v2.errors import V2Error
from zorders.domain.catalog.enums import (
    BillCycleType,
    BillingPeriodAlignment,
    BillingTiming,
    ChargeModel,
    ChargeType,
    EndDateCondition,
    PriceFormat,
    UpToPeriodsType,
)
from zorders.domain.catalog.model import ChargeTier, ProductRatePlan, ProductRatePlanCharge
from zorders.services import catalog
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

_PRICING = ("amounts", "unit_amounts", "discount_amounts", "discount_percent", "tiers")
_PLAIN = {
    "name": "name",
    "unit_of_measure": "uom",
    "quantity": "default_quantity",
    "min_quantity": "min_quantity",
    "max_quantity": "max_quantity",
    "tax_code": "tax_code",
}


def _refuse_unsupported(body: PriceBody) -> None:
    for name in UNSUPPORTED_PRICE_FIELDS:
        if name in body.model_fields_set and getattr(body, name) not in (None, False):
            bad(name, f"'{name}' is not supported yet")


def _recurring(rec: RecurringBody | None) -> dict[str, Any]:
    """charge_type and the billing period settings; one-time when `recurring` is absent."""
    if rec is None:
        return {"charge_type": ChargeType.ONE_TIME}
    if not rec.interval:
        bad("recurring.interval", "'recurring.interval' may not be null", "missing_parameter")
    interval = one_of({i: i for i in INTERVALS}, rec.interval, "recurring.interval")
    period, specific = billing_period(interval, rec.interval_count or 1)
    values: dict[str, Any] = {
        "charge_type": ChargeType.USAGE if rec.usage else ChargeType.RECURRING,
        "billing_period": period,
        "specific_billing_period": specific,
        "billing_timing": one_of(TIMING, rec.timing, "recurring.timing")
        if rec.timing
        else BillingTiming.IN_ADVANCE,
        "billing_period_alignment": one_of(
            ALIGNMENT, rec.alignment_behavior, "recurring.alignment_behavior"
        )
        if rec.alignment_behavior
        else BillingPeriodAlignment.ALIGN_TO_CHARGE,
        "bill_cycle_type": BillCycleType.DEFAULT_FROM_CUSTOMER,
        "bill_cycle_day": None,
        "weekly_bill_cycle_day": None,
        "end_date_condition": EndDateCondition.SUBSCRIPTION_END,
        "up_to_periods": None,
        "up_to_periods_type": UpToPeriodsType.BILLING_PERIODS,
    }
    on = rec.on or rec.recurring_on
    if on:
        if on.startswith("_") and on[1:].isdigit() and 1 <= int(on[1:]) <= 31:
            values["bill_cycle_type"] = BillCycleType.SPECIFIC_DAY_OF_MONTH
            values["bill_cycle_day"] = int(on[1:])
        elif on in WEEKDAYS:
            values["bill_cycle_type"] = BillCycleType.SPECIFIC_DAY_OF_WEEK
            values["weekly_bill_cycle_day"] = WEEKDAYS[on]
        elif on in RECURRING_ON:
            values["bill_cycle_type"] = RECURRING_ON[on]
        else:
            bad(
                "recurring.on",
                "'recurring.on' must be _1.._31, a weekday (monday..sunday) "
                "or one of: " + ", ".join(RECURRING_ON),
            )
    if rec.duration_interval and rec.duration_interval != "subscription_term":
        values["end_date_condition"] = EndDateCondition.FIXED_PERIOD
        values["up_to_periods_type"] = one_of(
            DURATION_INTERVAL, rec.duration_interval, "recurring.duration_interval"
        )
        values["up_to_periods"] = rec.duration_interval_count or 1
    elif rec.rating_group:
        bad("recurring.rating_group", "'recurring.rating_group' is not supported yet")
    return values


def _money_rows(
    amounts: dict[str, Decimal],
    fmt: PriceFormat,
    parameter: str,
    plan: ProductRatePlan,
    tier: int = 1,
    **extra: Any,
) -> list[ChargeTier]:
    """One row per currency of a money map: amounts not negative, in the plan's currencies."""
    if not amounts:
        bad(parameter, f"'{parameter}' may not be empty", "missing_parameter")
    for currency, amount in amounts.items():
        if amount < 0:
            bad(f"{parameter}.{currency}", f"'{parameter}' amounts may not be negative")
        if currency.upper() not in plan.active_currencies:
            bad(
                f"{parameter}.{currency}",
                f"{currency} is not an active currency of the plan "
                f"(active_currencies: {', '.join(plan.active_currencies)})",
            )
    return [
        ChargeTier(currency=c.upper(), tier=tier, price=p, price_format=fmt, **extra)
        for c, p in amounts.items()
    ]


def _check_overage(body: PriceBody, kind: str) -> None:
    """`overage{included_units}` with `unit_amounts` is an Overage price (usage past the
    included units at the unit amount); its smoothing fields are not modelled (QC5)."""
    overage = body.overage
    assert overage is not None
    if kind != "unit_amounts":
        bad("overage", "'overage' goes with 'unit_amounts' (the overage unit price)")
    for name in ("interval_count", "type", "credit_unused_units",
                 "apply_at_end_of_smoothing_period"):  # fmt: skip
        if getattr(overage, name) not in (None, False):
            bad(f"overage.{name}", f"'overage.{name}' is not supported yet")


def _pricing(body: PriceBody, plan: ProductRatePlan) -> tuple[ChargeModel, tuple[ChargeTier, ...]]:
    """The charge model and tier rows from the one money map the body gives."""
    given = [name for name in _PRICING if getattr(body, name) is not None]
    if len(given) > 1:
        bad(given[1], f"'{given[0]}' and '{given[1]}' are exclusive", "parameters_exclusive")
    if not given:
        bad("amounts", "a price needs one of: " + ", ".join(_PRICING), "missing_parameter")
    if body.tiers_mode is not None and given[0] != "tiers":
        bad("tiers", "'tiers_mode' needs 'tiers'", "missing_parameter")
    if body.overage is not None:
        _check_overage(body, given[0])
    kind = given[0]
    if kind == "amounts":
        rows = _money_rows(body.amounts or {}, PriceFormat.FLAT_FEE, kind, plan)
        return ChargeModel.FLAT_FEE, tuple(rows)
    if kind == "unit_amounts":
        rows = _money_rows(body.unit_amounts or {}, PriceFormat.PER_UNIT, kind, plan)
        return ChargeModel.OVERAGE if body.overage else ChargeModel.PER_UNIT, tuple(rows)
    if kind == "discount_amounts":
        rows = _money_rows(body.discount_amounts or {}, PriceFormat.FLAT_FEE, kind, plan)
        return ChargeModel.DISCOUNT_FIXED_AMOUNT, tuple(rows)
    if kind == "discount_percent":
        # One percentage for every currency the plan is active in.
        rows = [
            ChargeTier(
                currency=c,
                tier=1,
                price=Decimal(0),
                price_format=PriceFormat.PER_UNIT,
                discount_percentage=body.discount_percent,
            )
            for c in plan.active_currencies
        ]
        return ChargeModel.DISCOUNT_PERCENTAGE, tuple(rows)
    if not body.tiers_mode:
        bad("tiers_mode", "'tiers' needs 'tiers_mode'", "missing_parameter")
    model: ChargeModel = one_of(TIERS_MODE, body.tiers_mode, "tiers_mode")
    return model, _tiers(body, model, plan)


def _tiers(body: PriceBody, model: ChargeModel, plan: ProductRatePlan) -> tuple[ChargeTier, ...]:
    """tiers[{up_to, amounts | unit_amounts}] -> rows per currency numbered from 1: the
    first starts at 0, each next one after the previous `up_to` (QC4). Under
    graduated_with_overage the open last tier is the overage price."""
    tiers = body.tiers or []
    if not tiers:
        bad("tiers", "'tiers' may not be empty", "missing_parameter")
    rows: list[ChargeTier] = []
    start = Decimal(0)
    for index, tier in enumerate(tiers):
        where = f"tiers[{index}]"
        if tier.amounts and tier.unit_amounts:
            bad(
                f"{where}.unit_amounts",
                "a tier has amounts or unit_amounts, not both",
                "parameters_exclusive",
            )
        if not (tier.amounts or tier.unit_amounts):
            bad(f"{where}.amounts", "a tier needs amounts or unit_amounts", "missing_parameter")
        if tier.up_to is None and index != len(tiers) - 1:
            bad(f"{where}.up_to", "only the last tier may leave 'up_to' out", "missing_parameter")
        overage = model is ChargeModel.TIERED_WITH_OVERAGE and tier.up_to is None
        fmt = PriceFormat.FLAT_FEE if tier.amounts else PriceFormat.PER_UNIT
        prices = tier.amounts or tier.unit_amounts or {}
        money = f"{where}.{'amounts' if tier.amounts else 'unit_amounts'}"
        rows += _money_rows(
            prices,
            fmt,
            money,
            plan,
            index + 1,
            starting_unit=None if overage else start,
            ending_unit=tier.up_to,
            is_overage_price=overage,
        )
        if tier.up_to is not None:
            start = tier.up_to + 1
    return tuple(rows)


def price_values(
    body: PriceBody, plan: ProductRatePlan, current: ProductRatePlanCharge | None
) -> dict[str, Any]:
    """Values for `create_charge` (current None) or the changes for `update_charge`."""
    _refuse_unsupported(body)
    sent = body.model_fields_set
    values: dict[str, Any] = {d: getattr(body, w) for w, d in _PLAIN.items() if w in sent}
    if current is None:
        values["product_rate_plan_id"] = plan.id
    if "description" in sent:
        values["description"] = body.description or ""
    if "taxable" in sent:
        values["taxable"] = bool(body.taxable)
    if current is None or "recurring" in sent:
        values.update(_recurring(body.recurring))
    if current is None or any(n in sent for n in (*_PRICING, "tiers_mode", "overage")):
        values["charge_model"], values["tiers"] = _pricing(body, plan)
        overage = body.overage
        values["included_units"] = overage.included_units or Decimal(0) if overage else None
    if current is None or "start_event" in sent:
        values["trigger_event"] = one_of(
            START_EVENT, body.start_event or "contract_effective", "start_event"
        )
    if "price_base_interval" in sent and body.price_base_interval:
        values["list_price_base"] = one_of(
            PRICE_BASE_INTERVAL, body.price_base_interval, "price_base_interval"
        )
    if "apply_discount_to" in sent:
        words = body.apply_discount_to or []
        for word in words:
            one_of(APPLY_DISCOUNT_WORDS, word, "apply_discount_to")
        values["apply_discount_to"] = apply_discount_to(words) if words else None
    if "discount_level" in sent:
        level = body.discount_level
        values["discount_level"] = (
            one_of(DISCOUNT_LEVEL, level, "discount_level") if level else None
        )
    if body.custom_fields:
        values["custom_fields"] = custom_fields(body.custom_fields)
    model = values.get("charge_model", current.charge_model if current else None)
    quantity = values.get("default_quantity", current.default_quantity if current else None)
    if model is ChargeModel.PER_UNIT and quantity is None:
        values["default_quantity"] = Decimal(1)  # QC4: a per-unit price sells one by default
    if current is None and not (body.name or "").strip():
        bad("name", "'name' may not be null", "missing_parameter")
    return values


def plan_of_body(uow: UnitOfWork, ctx: CommandContext, body: PriceBody) -> ProductRatePlan:
    """The plan named by `plan_id` or `plan_number`: an unknown one is a bad request."""
    if body.plan_id and body.plan_number:
        bad("plan_number", "'plan_id' and 'plan_number' are exclusive", "parameters_exclusive")
    key, parameter = (
        (body.plan_id, "plan_id") if body.plan_id else (body.plan_number, "plan_number")
    )
    if not key:
        bad("plan_id", "'plan_id' or 'plan_number' is required", "missing_parameter")
    plan = find_plan(uow, ctx, key)
    if plan is None:
        bad(parameter, f"Plan '{key}' could not be found", "resource_not_found")
    return plan


def create_price(uow: UnitOfWork, ctx: CommandContext, body: PriceBody) -> ProductRatePlanCharge:
    plan = plan_of_body(uow, ctx, body)
    values = price_values(body, plan, None)
    with v2_parameter():
        return catalog.create_charge(uow, ctx, **values)


def update_price(
    uow: UnitOfWork, ctx: CommandContext, price: ProductRatePlanCharge, body: PriceBody
) -> ProductRatePlanCharge:
    if {"plan_id", "plan_number"} & body.model_fields_set:
        bad("plan_id", "a price does not move to another plan")
    plan = catalog.get_plan(uow, ctx, price.product_rate_plan_id)
    values = price_values(body, plan, price)
    with v2_parameter():
        return catalog.update_charge(uow, ctx, price.id, values)


def price_in_path(uow: UnitOfWork, ctx: CommandContext, price_id: str) -> ProductRatePlanCharge:
    price = uow.catalog.get_charge(ctx.tenant_id, price_id)
    if price is None:
        raise V2Error(
            "not_found",
            "resource_not_found",
            "price_id",
            f"Price '{price_id}' could not be found",
            404,
        )
    return price
