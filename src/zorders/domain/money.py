"""Money: Decimal amounts with a currency; rounding is explicit (decisions.md #4).

Amounts are rounded to the currency's minor unit, half up, only where an item's amount
is fixed; everything before that keeps full precision. Rounding never depends on the
ambient decimal context.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

# Billing arithmetic and rounding run in this context, never the caller's: 60 digits hold
# the exact product of a price and a quantity inside the limits (18 + 9 digits each).
MONEY_CONTEXT = Context(prec=60)

# ISO 4217 minor units for currencies whose minor unit is not 2.
_MINOR_UNITS: dict[str, int] = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0,
    "XPF": 0, "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip


def minor_units(currency: str) -> int:
    return _MINOR_UNITS.get(currency.upper(), 2)


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's minor unit, half up."""
    exponent = Decimal(1).scaleb(-minor_units(currency))
    return amount.quantize(exponent, rounding=ROUND_HALF_UP, context=MONEY_CONTEXT)
