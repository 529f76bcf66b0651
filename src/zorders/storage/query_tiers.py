"""RatePlanChargeTier (ZQ14): the price rows of each subscription version's charges, out
of the version's document. A tiered, volume or overage charge's rows are its segments'
`tiers`; a flat-fee or per-unit charge, whose price is kept on the segment, answers one
row per segment (Tier 1, as Zuora keeps one tier for such charges)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Integer, Numeric, String, case, cast, literal, null, select, true
from sqlalchemy import type_coerce as coerce

from zorders.domain.catalog.enums import ChargeModel, PriceFormat
from zorders.storage.query_base import Source
from zorders.storage.query_json import Element, elements
from zorders.storage.tables import subscription_versions as SV
from zorders.storage.types import DecimalType

_PRICED_ON_SEGMENT = {
    ChargeModel.FLAT_FEE.value: PriceFormat.FLAT_FEE.value,
    ChargeModel.PER_UNIT.value: PriceFormat.PER_UNIT.value,
}
_ATTRS = (
    "id",
    "tenant_id",
    "rate_plan_charge_id",
    "currency",
    "tier",
    "starting_unit",
    "ending_unit",
    "price",
    "price_format",
    "is_overage_price",
    "discount_percentage",
    "created_at",
)


def _no_amount(dialect: str) -> Any:
    if dialect == "sqlite":
        return coerce(null(), DecimalType())
    return cast(null(), Numeric(asdecimal=True))


def rate_plan_charge_tier(dialect: str) -> Source:
    plans = elements(dialect, SV.c.document, "rate_plans", "rp")
    charges = elements(dialect, plans.c.value, "charges", "rpc")
    charge = Element(charges.c.value)
    segments = elements(dialect, charges.c.value, "segments", "rps")
    segment = Element(segments.c.value)
    tiers = elements(dialect, segments.c.value, "tiers", "rpt")
    tier = Element(tiers.c.value)
    to_segment = SV.join(plans, true()).join(charges, true()).join(segments, true())
    place = SV.c.id + ":" + charge.text("id") + ":" + cast(segment.integer("segment"), String)
    tiered = select(
        (place + ":" + cast(tier.integer("tier"), String)).label("id"),
        SV.c.tenant_id,
        charge.text("id"),
        tier.text("currency"),
        tier.integer("tier"),
        tier.decimal(dialect, "starting_unit"),
        tier.decimal(dialect, "ending_unit"),
        tier.decimal(dialect, "price"),
        tier.text("price_format"),
        tier.boolean("is_overage_price"),
        tier.decimal(dialect, "discount_percentage"),
        SV.c.created_at,
    ).select_from(to_segment.join(tiers, true()))
    model = charge.text("charge_model")
    priced = (
        select(
            (place + ":1").label("id"),
            SV.c.tenant_id,
            charge.text("id"),
            SV.c.currency,
            literal(1, Integer),
            _no_amount(dialect),
            _no_amount(dialect),
            segment.decimal(dialect, "price"),
            case(_PRICED_ON_SEGMENT, value=model),
            literal(False, Boolean),
            _no_amount(dialect),
            SV.c.created_at,
        )
        .select_from(to_segment)
        .where(model.in_(tuple(_PRICED_ON_SEGMENT)), segment.text("price").is_not(None))
    )
    rows = tiered.union_all(priced).subquery("rpct")
    columns = dict(zip(_ATTRS, rows.c, strict=True))
    return Source(
        rows, columns["id"], rows.c[1], {a: c for a, c in columns.items() if a != "tenant_id"}
    )
