import pytest

from zorders.domain.numbering import NumberKind, format_number


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (NumberKind.ACCOUNT, 1, "A00000001"),
        (NumberKind.ORDER, 1, "O-00000001"),
        (NumberKind.SUBSCRIPTION, 42, "A-S00000042"),
        (NumberKind.CHARGE, 12345678, "C-12345678"),
        (NumberKind.INVOICE, 7, "INV00000007"),
        (NumberKind.PAYMENT, 10, "P-00000010"),
        (NumberKind.CREDIT_MEMO, 3, "CM00000003"),
        (NumberKind.REFUND, 9564, "R-00009564"),
        # Past eight digits the number grows rather than wraps or truncates.
        (NumberKind.ACCOUNT, 123456789, "A123456789"),
    ],
)
def test_format_number(kind: NumberKind, value: int, expected: str) -> None:
    assert format_number(kind, value) == expected


def test_sequence_values_start_at_one() -> None:
    with pytest.raises(ValueError):
        format_number(NumberKind.ACCOUNT, 0)
