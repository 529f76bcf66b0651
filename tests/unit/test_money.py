from decimal import Decimal

import pytest

from zorders.domain.money import minor_units, quantize


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("146.665", "USD", "146.67"),  # half up, not half even
        ("145.165", "EUR", "145.17"),
        ("0.005", "USD", "0.01"),
        ("-0.005", "USD", "-0.01"),
        ("2.5", "JPY", "3"),
        ("1.2345", "KWD", "1.235"),
        ("10", "usd", "10.00"),
    ],
)
def test_quantize(amount: str, currency: str, expected: str) -> None:
    assert str(quantize(Decimal(amount), currency)) == expected


def test_minor_units() -> None:
    assert minor_units("USD") == 2
    assert minor_units("JPY") == 0
    assert minor_units("BHD") == 3
