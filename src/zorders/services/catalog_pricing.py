"""A Zuora REST charge's `pricing` (one entry per currency: `price`, `tiers[]`,
`overagePrice`, `includedUnits`, `discountAmount`, `discountPercentage`) as the charge's
tier rows (the Zuora catalog import, services/catalog_import.py)."""

from __future__ import annotations

from decimal import Decimal

from zorders.domain.catalog.enums import ChargeModel, PriceFormat
from zorders.domain.catalog.model import ChargeTier
from zorders.services.catalog_nodes import Node, fail


def tiers_from_pricing(
    node: Node, model: ChargeModel
) -> tuple[tuple[ChargeTier, ...], Decimal | None]:
    """The tier rows of every currency, and the included units an Overage charge's pricing
    gives (None when no entry gives more than 0)."""
    rows: list[ChargeTier] = []
    included: Decimal | None = None
    seen: set[str] = set()
    for index, raw in enumerate(node.items("pricing")):
        entry = Node(raw, f"{node.path}.pricing[{index}]", None)
        currency = entry.text("currency", required=True) or ""
        entry.path = f"{entry.path} ({currency})"
        if currency in seen:
            raise fail(entry.at("currency"), f"{currency} is priced twice")
        seen.add(currency)
        rows.extend(_rows(entry, model, currency))
        units = entry.decimal("includedUnits")
        if model is ChargeModel.OVERAGE and units and included is None:
            included = units
    if not rows:
        raise fail(node.at("pricing"), f"a {model.value} charge needs a price in a currency")
    return tuple(rows), included


def _required(entry: Node, key: str, model: ChargeModel) -> Decimal:
    value = entry.decimal(key)
    if value is None:
        raise fail(entry.at(key), f"is required for a {model.value} charge")
    return value


def _rows(entry: Node, model: ChargeModel, currency: str) -> list[ChargeTier]:
    if model is ChargeModel.DISCOUNT_PERCENTAGE:
        # No percentage: a 0 % default, set per subscription (decisions.md CI3).
        percentage = entry.decimal("discountPercentage")
        return [
            ChargeTier(
                currency=currency,
                tier=1,
                price=Decimal(0),
                discount_percentage=percentage if percentage is not None else Decimal(0),
            )
        ]
    if model is ChargeModel.DISCOUNT_FIXED_AMOUNT:
        return [ChargeTier(currency, 1, _required(entry, "discountAmount", model))]
    if model is ChargeModel.OVERAGE:
        return [ChargeTier(currency, 1, _required(entry, "overagePrice", model))]
    if not model.is_tiered:
        flat = PriceFormat.FLAT_FEE if model is ChargeModel.FLAT_FEE else PriceFormat.PER_UNIT
        return [ChargeTier(currency, 1, _required(entry, "price", model), price_format=flat)]
    tiers = entry.items("tiers")
    if not tiers:
        raise fail(entry.at("tiers"), f"are required for a {model.value} charge")
    rows = []
    for index, raw in enumerate(tiers):
        tier = Node(raw, f"{entry.at('tiers')}[{index}]", None)
        rows.append(
            ChargeTier(
                currency=currency,
                tier=index + 1,
                price=_required(tier, "price", model),
                price_format=tier.enum(PriceFormat, "priceFormat") or PriceFormat.PER_UNIT,
                starting_unit=tier.decimal("startingUnit"),
                ending_unit=tier.decimal("endingUnit"),
                id=tier.text("id") or "",
            )
        )
    if model is ChargeModel.TIERED_WITH_OVERAGE:
        overage = _required(entry, "overagePrice", model)
        rows.append(ChargeTier(currency, len(rows) + 1, overage, is_overage_price=True))
    return rows
