"""DecimalType keeps every digit and the scale, on SQLite and on PostgreSQL."""

from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.exc import StatementError

from zorders.bootstrap import Container
from zorders.storage.types import DecimalType

VALUES = [
    "0",
    "1.10",
    "-0.10",
    "146.67",
    "0.000000000000000001",
    "12345678901234567890.123456789012345678",
    "99999999999999999999999999999999.99",
    "-1234.5000",
    "1E+2",
]


@pytest.fixture
def table(container: Container) -> Iterator[Table]:
    metadata = MetaData()
    t = Table(
        "decimal_roundtrip_probe",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("amount", DecimalType()),
    )
    metadata.create_all(container.engine)
    yield t
    metadata.drop_all(container.engine)


def test_round_trip_is_lossless(container: Container, table: Table) -> None:
    with container.engine.begin() as conn:
        conn.execute(insert(table), [{"id": i, "amount": Decimal(v)} for i, v in enumerate(VALUES)])
        conn.execute(insert(table).values(id=100, amount=None))
        conn.execute(insert(table).values(id=101, amount=7))
    with container.engine.connect() as conn:
        rows = dict(conn.execute(select(table.c.id, table.c.amount)).all())
    for i, v in enumerate(VALUES):
        assert isinstance(rows[i], Decimal)
        assert rows[i] == Decimal(v), v
    # The scale survives: amounts read back exactly as written.
    assert str(rows[VALUES.index("1.10")]) == "1.10"
    assert str(rows[VALUES.index("-1234.5000")]) == "-1234.5000"
    assert rows[100] is None
    assert rows[101] == Decimal(7)


@pytest.mark.parametrize("bad", [1.5, "1.5", Decimal("NaN"), Decimal("Infinity"), True])
def test_floats_strings_and_non_finite_values_are_refused(
    container: Container, table: Table, bad: object
) -> None:
    with pytest.raises(StatementError), container.engine.begin() as conn:
        conn.execute(insert(table).values(id=1, amount=bad))
