"""Charge-model pricing: hand-computed tables, then properties that hold for any tiers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zorders.domain.catalog.enums import ChargeModel, PriceFormat
from zorders.domain.catalog.model import ChargeTier
from zorders.domain.catalog.pricing import discount_amount, price_for_quantity

D = Decimal


def row(
    tier: int,
    price: str,
    start: str | None = None,
    end: str | None = None,
    *,
    flat: bool = False,
    overage: bool = False,
    percentage: str | None = None,
) -> ChargeTier:
    return ChargeTier(
        currency="USD",
        tier=tier,
        price=D(price),
        price_format=PriceFormat.FLAT_FEE if flat else PriceFormat.PER_UNIT,
        starting_unit=None if start is None else D(start),
        ending_unit=None if end is None else D(end),
        is_overage_price=overage,
        discount_percentage=None if percentage is None else D(percentage),
    )


# 1-10 at 10.00, 11-50 at 8.00, 51+ at 5.00: the same rows for Tiered and Volume.
STEPS = (row(1, "10.00", "1", "10"), row(2, "8.00", "11", "50"), row(3, "5.00", "51"))
# A flat tier from 0 (prices zero usage), a per-unit tier, a flat tier at the top.
FLAT_FROM_ZERO = (
    row(1, "50.00", "0", "10", flat=True),
    row(2, "4.00", "11", "20"),
    row(3, "100.00", "21", flat=True),
)
FLAT_FROM_ONE = (row(1, "50.00", "1", "10", flat=True), row(2, "4.00", "11"))
PER_UNIT_FROM_ZERO = (row(1, "2.00", "0", "10"), row(2, "1.00", "11"))
VOLUME_FLAT = (
    row(1, "30.00", "1", "10", flat=True),
    row(2, "100.00", "11", "50", flat=True),
    row(3, "1.50", "51"),
)
VOLUME_FLAT_FROM_ZERO = (row(1, "25.00", "0", "10", flat=True), row(2, "2.00", "11"))
VOLUME_PER_UNIT_FROM_ZERO = (row(1, "3.00", "0", "10"), row(2, "2.00", "11"))
# 1-100 at 1.00, 101-500 at 0.80, then 0.50 a unit past 500.
WITH_OVERAGE = (
    row(1, "1.00", "1", "100"),
    row(2, "0.80", "101", "500"),
    row(3, "0.50", overage=True),
)

TIERED = ChargeModel.TIERED
VOLUME = ChargeModel.VOLUME
TWO = ChargeModel.TIERED_WITH_OVERAGE


@pytest.mark.parametrize(
    ("model", "tiers", "quantity", "expected"),
    [
        # Flat fee: the quantity does not matter.
        (ChargeModel.FLAT_FEE, (row(1, "49.99"),), "0", "49.99"),
        (ChargeModel.FLAT_FEE, (row(1, "49.99"),), "7", "49.99"),
        # Per unit, unrounded (3.125 stays 3.125 until the invoice item is rounded).
        (ChargeModel.PER_UNIT, (row(1, "12.50"),), "0", "0"),
        (ChargeModel.PER_UNIT, (row(1, "12.50"),), "3", "37.50"),
        (ChargeModel.PER_UNIT, (row(1, "12.50"),), "2.5", "31.25"),
        (ChargeModel.PER_UNIT, (row(1, "12.50"),), "0.25", "3.125"),
        # Tiered: each unit in its own tier.
        (TIERED, STEPS, "0", "0"),
        (TIERED, STEPS, "0.25", "2.50"),
        (TIERED, STEPS, "1", "10.00"),
        (TIERED, STEPS, "10", "100.00"),
        (TIERED, STEPS, "10.5", "104.00"),  # 100 + 0.5 * 8
        (TIERED, STEPS, "11", "108.00"),  # 100 + 8
        (TIERED, STEPS, "50", "420.00"),  # 100 + 40 * 8
        (TIERED, STEPS, "51", "425.00"),  # 420 + 5
        (TIERED, STEPS, "60", "470.00"),  # 100 + 320 + 10 * 5
        (TIERED, FLAT_FROM_ZERO, "0", "50.00"),  # zero usage still pays the 0-10 tier
        (TIERED, FLAT_FROM_ZERO, "5", "50.00"),
        (TIERED, FLAT_FROM_ZERO, "10", "50.00"),
        (TIERED, FLAT_FROM_ZERO, "11", "54.00"),
        (TIERED, FLAT_FROM_ZERO, "20", "90.00"),  # 50 + 10 * 4
        (TIERED, FLAT_FROM_ZERO, "20.5", "190.00"),  # half a unit reaches the flat 100
        (TIERED, FLAT_FROM_ZERO, "30", "190.00"),
        (TIERED, FLAT_FROM_ONE, "0", "0"),  # starts at 1: zero usage pays nothing
        (TIERED, FLAT_FROM_ONE, "0.25", "50.00"),
        (TIERED, FLAT_FROM_ONE, "12", "58.00"),  # 50 + 2 * 4
        (TIERED, PER_UNIT_FROM_ZERO, "0", "0"),
        (TIERED, PER_UNIT_FROM_ZERO, "10", "20.00"),
        (TIERED, PER_UNIT_FROM_ZERO, "15", "25.00"),  # 20 + 5 * 1
        # Volume: every unit at the tier holding the total.
        (VOLUME, STEPS, "0", "0"),
        (VOLUME, STEPS, "0.25", "2.50"),
        (VOLUME, STEPS, "1", "10.00"),
        (VOLUME, STEPS, "10", "100.00"),
        (VOLUME, STEPS, "10.5", "84.00"),  # 10.5 * 8
        (VOLUME, STEPS, "11", "88.00"),
        (VOLUME, STEPS, "50", "400.00"),
        (VOLUME, STEPS, "51", "255.00"),
        (VOLUME, STEPS, "60", "300.00"),
        (VOLUME, VOLUME_FLAT, "0", "0"),
        (VOLUME, VOLUME_FLAT, "5", "30.00"),
        (VOLUME, VOLUME_FLAT, "10", "30.00"),
        (VOLUME, VOLUME_FLAT, "10.5", "100.00"),
        (VOLUME, VOLUME_FLAT, "11", "100.00"),
        (VOLUME, VOLUME_FLAT, "50", "100.00"),
        (VOLUME, VOLUME_FLAT, "51", "76.50"),  # 51 * 1.50
        (VOLUME, VOLUME_FLAT_FROM_ZERO, "0", "25.00"),
        (VOLUME, VOLUME_FLAT_FROM_ZERO, "10", "25.00"),
        (VOLUME, VOLUME_FLAT_FROM_ZERO, "11", "22.00"),
        (VOLUME, VOLUME_PER_UNIT_FROM_ZERO, "0", "0"),
        (VOLUME, VOLUME_PER_UNIT_FROM_ZERO, "10", "30.00"),
        (VOLUME, VOLUME_PER_UNIT_FROM_ZERO, "11", "22.00"),
        # Tiered with overage: graduated to 500, then 0.50 a unit.
        (TWO, WITH_OVERAGE, "0", "0"),
        (TWO, WITH_OVERAGE, "50", "50.00"),
        (TWO, WITH_OVERAGE, "100", "100.00"),
        (TWO, WITH_OVERAGE, "101", "100.80"),
        (TWO, WITH_OVERAGE, "500", "420.00"),  # 100 + 400 * 0.80
        (TWO, WITH_OVERAGE, "500.5", "420.25"),
        (TWO, WITH_OVERAGE, "501", "420.50"),
        (TWO, WITH_OVERAGE, "600", "470.00"),  # 420 + 100 * 0.50
    ],
)
def test_price_for_quantity(
    model: ChargeModel, tiers: tuple[ChargeTier, ...], quantity: str, expected: str
) -> None:
    assert price_for_quantity(model, tiers, D(quantity)) == D(expected)


@pytest.mark.parametrize("model", [TIERED, VOLUME, TWO])
def test_tier_rows_in_any_order(model: ChargeModel) -> None:
    tiers = WITH_OVERAGE if model is TWO else STEPS
    assert price_for_quantity(model, tuple(reversed(tiers)), D(60)) == price_for_quantity(
        model, tiers, D(60)
    )


@pytest.mark.parametrize(
    ("tiers", "included", "quantity", "expected"),
    [
        ((row(1, "0.10", overage=True),), "1000", "0", "0"),
        ((row(1, "0.10", overage=True),), "1000", "999", "0"),
        ((row(1, "0.10", overage=True),), "1000", "1000", "0"),
        ((row(1, "0.10", overage=True),), "1000", "1000.5", "0.05"),
        ((row(1, "0.10", overage=True),), "1000", "1001", "0.10"),
        ((row(1, "0.10", overage=True),), "1000", "1500", "50.00"),
        ((row(1, "0.10"),), "0", "20", "2.00"),  # an unflagged only row is the overage price
    ],
)
def test_overage(
    tiers: tuple[ChargeTier, ...], included: str, quantity: str, expected: str
) -> None:
    amount = price_for_quantity(ChargeModel.OVERAGE, tiers, D(quantity), included_units=D(included))
    assert amount == D(expected)


def test_overage_included_units_default_to_zero() -> None:
    assert price_for_quantity(ChargeModel.OVERAGE, (row(1, "0.10"),), D(20)) == D("2.00")


@pytest.mark.parametrize(
    ("model", "tiers", "base", "expected"),
    [
        (ChargeModel.DISCOUNT_PERCENTAGE, (row(1, "0", percentage="15"),), "200.00", "-30.00"),
        (ChargeModel.DISCOUNT_PERCENTAGE, (row(1, "0", percentage="15"),), "0", "0"),
        # 12.5 % of 99.99 is 12.49875: kept whole until the invoice item is rounded.
        (ChargeModel.DISCOUNT_PERCENTAGE, (row(1, "0", percentage="12.5"),), "99.99", "-12.49875"),
        (ChargeModel.DISCOUNT_PERCENTAGE, (row(1, "0", percentage="100"),), "80.00", "-80.00"),
        (ChargeModel.DISCOUNT_FIXED_AMOUNT, (row(1, "20.00"),), "150.00", "-20.00"),
        (ChargeModel.DISCOUNT_FIXED_AMOUNT, (row(1, "20.00"),), "20.00", "-20.00"),
        (ChargeModel.DISCOUNT_FIXED_AMOUNT, (row(1, "20.00"),), "12.34", "-12.34"),  # capped
        (ChargeModel.DISCOUNT_FIXED_AMOUNT, (row(1, "20.00"),), "0", "0"),
    ],
)
def test_discount_amount(
    model: ChargeModel, tiers: tuple[ChargeTier, ...], base: str, expected: str
) -> None:
    amount = discount_amount(model, tiers, D(base))
    assert amount == D(expected)
    assert amount <= 0
    assert not (amount == 0 and amount.is_signed()), "no negative zero on an invoice"


@pytest.mark.parametrize(
    ("model", "tiers"),
    [
        (ChargeModel.FLAT_FEE, (row(1, "49.99"),)),
        (ChargeModel.PER_UNIT, (row(1, "12.50"),)),
        (TIERED, STEPS),
        (VOLUME, STEPS),
        (ChargeModel.OVERAGE, (row(1, "0.10"),)),
        (TWO, WITH_OVERAGE),
    ],
)
def test_negative_quantity_is_refused(model: ChargeModel, tiers: tuple[ChargeTier, ...]) -> None:
    with pytest.raises(ValueError, match="negative"):
        price_for_quantity(model, tiers, D("-1"))


@pytest.mark.parametrize(
    "model", [ChargeModel.DISCOUNT_PERCENTAGE, ChargeModel.DISCOUNT_FIXED_AMOUNT]
)
def test_discounts_are_not_priced_by_quantity(model: ChargeModel) -> None:
    with pytest.raises(ValueError, match="discount_amount"):
        price_for_quantity(model, (row(1, "20.00", percentage="10"),), D(1))


def test_only_discounts_have_a_discount_amount() -> None:
    with pytest.raises(ValueError, match="not a discount"):
        discount_amount(ChargeModel.PER_UNIT, (row(1, "20.00"),), D(100))


def test_negative_base_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        discount_amount(ChargeModel.DISCOUNT_FIXED_AMOUNT, (row(1, "20.00"),), D("-1"))


@pytest.mark.parametrize("model", [TIERED, VOLUME])
def test_quantity_past_a_closed_last_tier_is_refused(model: ChargeModel) -> None:
    closed = (row(1, "10.00", "1", "10"), row(2, "8.00", "11", "50"))
    assert price_for_quantity(model, closed, D(50)) == D("420.00" if model is TIERED else "400.00")
    with pytest.raises(ValueError, match="past the last tier"):
        price_for_quantity(model, closed, D("50.5"))


def test_single_row_models_need_exactly_one_row() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        price_for_quantity(ChargeModel.PER_UNIT, (row(1, "1"), row(2, "2")), D(1))


# -- properties ---------------------------------------------------------------------------

MONEY = st.decimals(min_value=0, max_value=1000, places=2)
QUANTITY = st.decimals(min_value=0, max_value=2000, places=2)


@st.composite
def tier_table(draw: st.DrawFn, *, per_unit_only: bool = False) -> tuple[ChargeTier, ...]:
    """1 to 5 contiguous tiers starting at 0 or 1, the last one open."""
    widths = draw(st.lists(st.integers(1, 100), min_size=0, max_size=4))
    start = D(draw(st.sampled_from([0, 1])))
    rows = []
    for number, width in enumerate([*widths, None], start=1):
        end = None if width is None else start + width - 1
        flat = False if per_unit_only else draw(st.booleans())
        rows.append(
            ChargeTier(
                currency="USD",
                tier=number,
                price=draw(MONEY),
                price_format=PriceFormat.FLAT_FEE if flat else PriceFormat.PER_UNIT,
                starting_unit=start,
                ending_unit=end,
            )
        )
        if end is not None:
            start = end + 1
    return tuple(rows)


@given(tier_table(), QUANTITY, QUANTITY)
def test_tiered_is_monotone(tiers: tuple[ChargeTier, ...], a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert price_for_quantity(TIERED, tiers, low) <= price_for_quantity(TIERED, tiers, high)


@given(tier_table(per_unit_only=True), QUANTITY)
def test_volume_prices_every_unit_at_the_containing_tier(
    tiers: tuple[ChargeTier, ...], quantity: Decimal
) -> None:
    # Ends are whole numbers, so the tier holding q is the first whose end reaches q.
    holding = next(t for t in tiers if t.ending_unit is None or quantity <= t.ending_unit)
    assert price_for_quantity(VOLUME, tiers, quantity) == holding.price * quantity


@given(MONEY, QUANTITY, QUANTITY)
def test_per_unit_is_linear(price: Decimal, a: Decimal, b: Decimal) -> None:
    tiers = (row(1, str(price)),)
    whole = price_for_quantity(ChargeModel.PER_UNIT, tiers, a + b)
    assert whole == price_for_quantity(ChargeModel.PER_UNIT, tiers, a) + price_for_quantity(
        ChargeModel.PER_UNIT, tiers, b
    )
    assert price_for_quantity(ChargeModel.PER_UNIT, tiers, 3 * a) == 3 * price_for_quantity(
        ChargeModel.PER_UNIT, tiers, a
    )


@given(MONEY, QUANTITY, QUANTITY)
def test_overage_is_free_up_to_the_included_units(
    price: Decimal, included: Decimal, quantity: Decimal
) -> None:
    tiers = (row(1, str(price), overage=True),)
    amount = price_for_quantity(ChargeModel.OVERAGE, tiers, quantity, included_units=included)
    if quantity <= included:
        assert amount == 0
    else:
        assert amount == (quantity - included) * price
