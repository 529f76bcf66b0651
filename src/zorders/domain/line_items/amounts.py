"""Derived amounts of a line item (spec §8.3; decision LI2).

- `amountPerUnit` = listPricePerUnit x (1 - percent / 100), or listPricePerUnit - the
  fixed amount per unit; exact (a finite decimal), never rounded. Without an inline
  discount it is the amount per unit the client sent, or the list price per unit.
- `listPrice` = listPricePerUnit x quantity and `amount` = amountPerUnit x quantity,
  each rounded once to the currency's minor unit, half up.
- `discount` = listPrice - amount, so the three always agree to the cent.
- `amountWithoutTax` = amount: no tax engine, so tax is 0 in either tax mode.

A return takes back part of a sale's amount: the credit for returning q more units when
r were returned before is round(amount x (r + q) / quantity) - round(amount x r /
quantity), so returning every unit, in any number of returns, credits exactly the sale's
amount (never a cent more or less).
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from zorders.domain.line_items.model import Amounts, InlineDiscountType, Price
from zorders.domain.money import MONEY_CONTEXT, quantize

HUNDRED = Decimal(100)


class PriceError(ValueError):
    """A price whose derived amounts make no sense; `field` names the price field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def amount_per_unit(price: Price) -> Decimal:
    with localcontext(MONEY_CONTEXT):
        if price.discount_type is InlineDiscountType.PERCENTAGE:
            percent = price.discount_per_unit or Decimal(0)
            if not Decimal(0) <= percent <= HUNDRED:
                raise PriceError(
                    "inline_discount_per_unit",
                    "A percentage inline discount must be between 0 and 100.",
                )
            return (price.list_price_per_unit * (HUNDRED - percent) / HUNDRED).normalize()
        if price.discount_type is InlineDiscountType.FIXED_AMOUNT:
            fixed = price.discount_per_unit or Decimal(0)
            if fixed < 0:
                raise PriceError(
                    "inline_discount_per_unit", "A fixed inline discount cannot be negative."
                )
            if fixed > price.list_price_per_unit:
                raise PriceError(
                    "inline_discount_per_unit",
                    "A fixed inline discount cannot exceed the list price per unit.",
                )
            return price.list_price_per_unit - fixed
        if price.amount_per_unit is not None:
            return price.amount_per_unit
        return price.list_price_per_unit


def derive(price: Price, currency: str) -> Amounts:
    if price.quantity < 0:
        raise PriceError("quantity", "The quantity of an order line item cannot be negative.")
    per_unit = amount_per_unit(price)
    with localcontext(MONEY_CONTEXT):
        list_price = quantize(price.list_price_per_unit * price.quantity, currency)
        amount = quantize(per_unit * price.quantity, currency)
    return Amounts(
        amount_per_unit=per_unit,
        list_price=list_price,
        amount=amount,
        discount=list_price - amount,
        amount_without_tax=amount,
    )


def returned_amount(
    sale_amount: Decimal,
    sale_quantity: Decimal,
    returned_before: Decimal,
    quantity: Decimal,
    currency: str,
) -> Decimal:
    """What returning `quantity` more units of a sale credits (see the module doc)."""
    return allocated_amount(sale_amount, sale_quantity, returned_before, quantity, currency)


def allocated_amount(
    total: Decimal, total_quantity: Decimal, before: Decimal, quantity: Decimal, currency: str
) -> Decimal:
    """The share of `total` (for `total_quantity` units) that `quantity` more units are
    when `before` units were allocated already: cumulative, so allocating every unit, in
    any number of parts, allocates exactly `total` (returns, LI3; fulfillments, OB4)."""
    if total_quantity == 0:
        return Decimal(0)
    with localcontext(MONEY_CONTEXT):
        after = quantize(total * (before + quantity) / total_quantity, currency)
        earlier = quantize(total * before / total_quantity, currency)
    return after - earlier
