"""The derived amounts of a line item and what a return credits (decisions LI2, LI3), as
tables worked out by hand (not copied from the code's output)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zorders.domain.line_items.amounts import PriceError, derive, returned_amount
from zorders.domain.line_items.model import InlineDiscountType, Price

D = Decimal
P, F, N = InlineDiscountType.PERCENTAGE, InlineDiscountType.FIXED_AMOUNT, InlineDiscountType.NONE


# quantity, list price per unit, discount type, discount per unit, client amount per unit,
# currency -> amount per unit, list price, amount, discount
TABLE = [
    # 19.99 x 0.9 = 17.991; 5 x 19.99 = 99.95; 5 x 17.991 = 89.955 -> 89.96 (half up).
    ("5", "19.99", P, "10", None, "USD", "17.991", "99.95", "89.96", "9.99"),
    # 2 x 17.991 = 35.982 -> 35.98; 2 x 19.99 = 39.98.
    ("2", "19.99", P, "10", None, "USD", "17.991", "39.98", "35.98", "4.00"),
    # 12.50 - 2.25 = 10.25; x 4 = 41.00 against 50.00.
    ("4", "12.50", F, "2.25", None, "USD", "10.25", "50.00", "41.00", "9.00"),
    # No discount: the list price per unit, or the amount per unit the client sent.
    ("3", "10", N, None, None, "USD", "10", "30.00", "30.00", "0.00"),
    ("3", "10", N, None, "8.50", "USD", "8.50", "30.00", "25.50", "4.50"),
    # 33 % off: 9.99 x 0.67 = 6.6933 exactly; 7 x 6.6933 = 46.8531 -> 46.85;
    # 7 x 9.99 = 69.93.
    ("7", "9.99", P, "33", None, "USD", "6.6933", "69.93", "46.85", "23.08"),
    # Yen has no minor unit: 3 x 333.5 = 1000.5 -> 1001 (half up); list 3 x 333.5 the same.
    ("3", "333.5", N, None, None, "JPY", "333.5", "1001", "1001", "0"),
    # 100 % off is free; 0 units cost nothing.
    ("2", "5", P, "100", None, "USD", "0", "10.00", "0.00", "10.00"),
    ("0", "5", P, "10", None, "USD", "4.5", "0.00", "0.00", "0.00"),
    # A fixed discount equal to the price.
    ("1", "5", F, "5", None, "USD", "0", "5.00", "0.00", "5.00"),
]


@pytest.mark.parametrize(
    ("quantity", "list_per_unit", "kind", "discount", "client", "currency", "per_unit",
     "list_price", "amount", "discount_total"),
    TABLE,
)  # fmt: skip
def test_derived_amounts(
    quantity: str,
    list_per_unit: str,
    kind: InlineDiscountType,
    discount: str | None,
    client: str | None,
    currency: str,
    per_unit: str,
    list_price: str,
    amount: str,
    discount_total: str,
) -> None:
    price = Price(
        quantity=D(quantity),
        list_price_per_unit=D(list_per_unit),
        discount_type=kind,
        discount_per_unit=D(discount) if discount else None,
        amount_per_unit=D(client) if client else None,
    )
    derived = derive(price, currency)
    assert derived.amount_per_unit == D(per_unit)
    assert str(derived.list_price) == list_price
    assert str(derived.amount) == amount
    assert str(derived.discount) == discount_total
    assert derived.amount_without_tax == derived.amount
    assert derived.list_price - derived.amount == derived.discount


@pytest.mark.parametrize(
    ("kind", "discount", "field"),
    [(P, "100.01", "inline_discount_per_unit"), (P, "-1", "inline_discount_per_unit"),
     (F, "-0.01", "inline_discount_per_unit"), (F, "20", "inline_discount_per_unit")],
)  # fmt: skip
def test_impossible_discounts(kind: InlineDiscountType, discount: str, field: str) -> None:
    with pytest.raises(PriceError) as raised:
        derive(Price(D(1), D("19.99"), kind, D(discount)), "USD")
    assert raised.value.field == field


# The sale: 89.96 for 5. Returns in turn -> what each credits, by hand:
# round(89.96 x r/5) for r = returned so far: 2 -> 35.98 (35.984), 3 -> 53.98 (53.976),
# 4 -> 71.97 (71.968), 5 -> 89.96.
RETURNS = [
    ([2, 3], ["35.98", "53.98"]),
    ([1, 1, 1, 1, 1], ["17.99", "17.99", "18.00", "17.99", "17.99"]),
    ([4, 1], ["71.97", "17.99"]),
    ([5], ["89.96"]),
]


@pytest.mark.parametrize(("quantities", "credits"), RETURNS)
def test_returns_credit_exactly_what_the_sale_charged(
    quantities: list[int], credits: list[str]
) -> None:
    before = D(0)
    got = []
    for q in quantities:
        got.append(str(returned_amount(D("89.96"), D(5), before, D(q), "USD")))
        before += q
    assert got == credits
    assert sum(D(c) for c in got) == D("89.96")
