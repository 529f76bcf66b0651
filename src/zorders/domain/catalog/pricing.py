"""What a charge costs for a quantity, per Zuora's standard charge models (spec §13.2).

Pure functions over one currency's tier rows. Nothing here rounds: an invoice item is
rounded to the currency's minor unit once its amount is fixed (decisions.md #4), so the
amounts returned keep full precision. Tier ranges follow decisions.md #19: inclusive
`StartingUnit`/`EndingUnit`, the first tier starting at 1 (or 0 to price zero usage), the
last tier's end open.

The functions assume a charge that `rules.validate_charge` accepts; on rows they cannot
price (no row, an open end before the last tier, a quantity past a closed last tier) they
raise ValueError rather than guess an amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import (
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

from zorders.domain.catalog.enums import ChargeModel, PriceFormat
from zorders.domain.catalog.model import ChargeTier

_ZERO = Decimal(0)

# Sums and products of realistic amounts are exact in 60 digits; trapping Inexact turns
# any rounding into an error, so results never depend on the caller's decimal context.
_EXACT = Context(prec=60, traps=[InvalidOperation, DivisionByZero, Overflow, Inexact])


@dataclass(frozen=True)
class _Band:
    """A tier row with the quantity range (lower, upper] it prices; upper None = open."""

    row: ChargeTier
    lower: Decimal
    upper: Decimal | None

    @property
    def is_flat(self) -> bool:
        return self.row.price_format is PriceFormat.FLAT_FEE

    def contains(self, quantity: Decimal) -> bool:
        return quantity > self.lower and (self.upper is None or quantity <= self.upper)


def price_for_quantity(
    model: ChargeModel,
    tiers: Sequence[ChargeTier],
    quantity: Decimal,
    *,
    included_units: Decimal = _ZERO,
) -> Decimal:
    """The amount of one billing period (or occurrence) of a charge in one currency.

    `tiers` are that currency's rows in any order. `included_units` is used by Overage
    only. Discount models are priced against a base amount by `discount_amount`.
    """
    if quantity < 0:
        raise ValueError(f"quantity must not be negative: {quantity}")
    rows = sorted(tiers, key=lambda t: t.tier)
    with localcontext(_EXACT):
        if model is ChargeModel.FLAT_FEE:
            return _only(rows).price
        if model is ChargeModel.PER_UNIT:
            return _only(rows).price * quantity
        if model is ChargeModel.TIERED:
            bands = _bands(rows)
            _within_last(bands, quantity)
            return _graduated(bands, quantity)
        if model is ChargeModel.VOLUME:
            bands = _bands(rows)
            _within_last(bands, quantity)
            return _volume(bands, quantity)
        if model is ChargeModel.OVERAGE:
            if included_units < 0:
                raise ValueError(f"included units must not be negative: {included_units}")
            return max(_ZERO, quantity - included_units) * _overage_row(rows).price
        if model is ChargeModel.TIERED_WITH_OVERAGE:
            return _tiered_with_overage(rows, quantity)
    raise ValueError(f"{model.value} is a discount: price it with discount_amount")


def discount_amount(
    model: ChargeModel, tiers: Sequence[ChargeTier], base_amount: Decimal
) -> Decimal:
    """The adjustment (negative or zero) a discount charge makes to `base_amount`.

    `base_amount` is the amount of the charges the discount applies to. A fixed-amount
    discount is capped at it, so a discount never turns a total negative.
    """
    if base_amount < 0:
        raise ValueError(f"base amount must not be negative: {base_amount}")
    row = _only(tiers)
    with localcontext(_EXACT):
        if model is ChargeModel.DISCOUNT_PERCENTAGE:
            if row.discount_percentage is None:
                raise ValueError("a Discount-Percentage row needs discount_percentage")
            return _ZERO - base_amount * row.discount_percentage / 100
        if model is ChargeModel.DISCOUNT_FIXED_AMOUNT:
            if row.price < 0:
                raise ValueError(f"discount amount must not be negative: {row.price}")
            return _ZERO - min(row.price, base_amount)
    raise ValueError(f"{model.value} is not a discount: price it with price_for_quantity")


def _only(rows: Sequence[ChargeTier]) -> ChargeTier:
    if len(rows) != 1:
        raise ValueError(f"expected exactly one tier row, got {len(rows)}")
    return rows[0]


def _overage_row(rows: Sequence[ChargeTier]) -> ChargeTier:
    """The row flagged as overage price, or the only row if none is flagged."""
    flagged = [r for r in rows if r.is_overage_price]
    return _only(flagged or rows)


def _starts_at_zero(row: ChargeTier) -> bool:
    return row.starting_unit is not None and row.starting_unit == 0


def _bands(rows: Sequence[ChargeTier]) -> list[_Band]:
    """Rows (sorted by tier) as contiguous ranges: each starts where the previous ended.

    The first tier's range starts below its StartingUnit (units 1..10 are (0, 10]); a
    first tier starting at 0 also covers (0, end], and prices zero usage when flat.
    """
    if not rows:
        raise ValueError("no tier rows")
    first = rows[0].starting_unit
    lower = first - 1 if first is not None and first >= 1 else _ZERO
    bands: list[_Band] = []
    for index, row in enumerate(rows):
        if row.ending_unit is None and index != len(rows) - 1:
            raise ValueError(f"only the last tier may have an open end (tier {row.tier})")
        bands.append(_Band(row, lower, row.ending_unit))
        if row.ending_unit is not None:
            lower = row.ending_unit
    return bands


def _within_last(bands: Sequence[_Band], quantity: Decimal) -> None:
    """Units past a closed last tier have no price; refuse rather than bill them as free."""
    upper = bands[-1].upper
    if upper is not None and quantity > upper:
        raise ValueError(f"quantity {quantity} is past the last tier's ending unit {upper}")


def _graduated(bands: Sequence[_Band], quantity: Decimal) -> Decimal:
    """Tiered ("graduated"): each unit at its own tier's price; a flat tier once if reached."""
    total = _ZERO
    for index, band in enumerate(bands):
        top = quantity if band.upper is None else min(quantity, band.upper)
        units = max(_ZERO, top - band.lower)
        if band.is_flat:
            if units > 0 or (index == 0 and _starts_at_zero(band.row)):
                total += band.row.price
        else:
            total += units * band.row.price
    return total


def _volume(bands: Sequence[_Band], quantity: Decimal) -> Decimal:
    """Volume: every unit at the price of the one tier holding the total quantity."""
    if quantity == 0:
        first = bands[0]
        return first.row.price if first.is_flat and _starts_at_zero(first.row) else _ZERO
    for band in bands:
        if band.contains(quantity):
            return band.row.price if band.is_flat else band.row.price * quantity
    return _ZERO  # below a first tier starting past 1: no tier prices it


def _tiered_with_overage(rows: Sequence[ChargeTier], quantity: Decimal) -> Decimal:
    """Graduated tiers up to the last tier's end, then the overage price per unit beyond it."""
    bands = _bands([r for r in rows if not r.is_overage_price])
    last_end = bands[-1].upper
    if last_end is None:
        raise ValueError("the last tier of Tiered with Overage needs an ending unit")
    overage = _only([r for r in rows if r.is_overage_price])
    return (
        _graduated(bands, min(quantity, last_end)) + max(_ZERO, quantity - last_end) * overage.price
    )
