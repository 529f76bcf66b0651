"""ZOQL's grammar and its compilation onto the engine's query (issue 14): each operator,
precedence, quoting, dates, case, and the refusals with Zuora's fault codes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from zorders.api.zoql.compile import ZoqlError, compile_zoql, like_pattern, wire_value
from zorders.api.zoql.objects import OBJECTS
from zorders.services.query.model import (
    Comparator,
    Comparison,
    IsNull,
    Junction,
    Query,
    condition_from_json,
    condition_to_json,
)


def where(text: str, zone: str | None = None) -> object:
    return compile_zoql(f"select Id from Account where {text}", time_zone=zone).query.where


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Name = 'Acme'", Comparison("name", Comparator.EQ, "Acme")),
        ("Name != 'Acme'", Comparison("name", Comparator.NE, "Acme")),
        ("BillCycleDay < 5", Comparison("bill_cycle_day", Comparator.LT, 5)),
        ("BillCycleDay > 5", Comparison("bill_cycle_day", Comparator.GT, 5)),
        ("BillCycleDay <= 5", Comparison("bill_cycle_day", Comparator.LE, 5)),
        ("BillCycleDay >= 5", Comparison("bill_cycle_day", Comparator.GE, 5)),
        ("Balance > 10.50", Comparison("balance", Comparator.GT, Decimal("10.50"))),
        ("Balance > -1", Comparison("balance", Comparator.GT, Decimal("-1"))),
        ("Name like 'Ac%'", Comparison("name", Comparator.LIKE, "Ac%")),
        ("Notes is null", IsNull("notes")),
        ("Notes is not null", IsNull("notes", negated=True)),
        ("AutoPay = true", Comparison("auto_pay", Comparator.EQ, True)),
        ("AutoPay = false", Comparison("auto_pay", Comparator.EQ, False)),
        ("Notes = null", Comparison("notes", Comparator.EQ, None)),
    ],
)
def test_each_operator(text: str, expected: object) -> None:
    assert where(text) == expected


def test_and_binds_tighter_than_or() -> None:
    a = Comparison("name", Comparator.EQ, "a")
    b = Comparison("name", Comparator.EQ, "b")
    c = Comparison("name", Comparator.EQ, "c")
    assert where("Name = 'a' or Name = 'b' and Name = 'c'") == Junction(
        False, (a, Junction(True, (b, c)))
    )
    assert where("Name = 'a' and Name = 'b' or Name = 'c'") == Junction(
        False, (Junction(True, (a, b)), c)
    )
    assert where("(Name = 'a' or Name = 'b') and Name = 'c'") == Junction(
        True, (Junction(False, (a, b)), c)
    )


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        (r"'O\'Brien'", "O'Brien"),
        (r"'back\\slash'", "back\\slash"),
        ("'a \"quoted\" word'", 'a "quoted" word'),
        ("''", ""),
        ("'and or where'", "and or where"),
    ],
)
def test_string_quoting(literal: str, value: str) -> None:
    assert where(f"Name = {literal}") == Comparison("name", Comparator.EQ, value)


@pytest.mark.parametrize(
    ("pattern", "sql"),
    [("Ac%", "Ac%"), ("100\\%", "100\\%"), ("a_b", "a\\_b"), ("x\\\\y", "x\\\\y")],
)
def test_like_patterns(pattern: str, sql: str) -> None:
    assert like_pattern(pattern) == sql


@pytest.mark.parametrize(
    ("text", "zone", "value"),
    [
        ("CreatedDate > '2024-01-01T00:00:00Z'", None, datetime(2024, 1, 1, tzinfo=UTC)),
        (
            "CreatedDate > '2024-01-01T00:00:00.000-08:00'",
            None,
            datetime(2024, 1, 1, 8, tzinfo=UTC),
        ),
        # Without an offset: the tenant's local time (ZQ2).
        (
            "CreatedDate > '2024-01-01T00:00:00'",
            "America/Los_Angeles",
            datetime(2024, 1, 1, 8, tzinfo=UTC),
        ),
        ("CreatedDate > 2024-01-01T00:00:00+01:00", None, datetime(2023, 12, 31, 23, tzinfo=UTC)),
        ("CreatedDate >= '2024-06-01'", "Europe/Paris", datetime(2024, 5, 31, 22, tzinfo=UTC)),
    ],
)
def test_datetimes(text: str, zone: str | None, value: datetime) -> None:
    found = where(text, zone)
    assert isinstance(found, Comparison)
    assert found.value == value


def test_dates() -> None:
    query = compile_zoql(
        "select Id from Invoice where InvoiceDate = '2025-02-01' or TargetDate < 2025-03-01",
        time_zone=None,
    ).query
    assert query.where == Junction(
        False,
        (
            Comparison("document_date", Comparator.EQ, date(2025, 2, 1)),
            Comparison("target_date", Comparator.LT, date(2025, 3, 1)),
        ),
    )


def test_names_and_keywords_are_case_insensitive() -> None:
    compiled = compile_zoql("select accountnumber, NAME from account", time_zone=None)
    assert compiled.query == Query("account", ("account_number", "name"))
    # Answered in Zuora's spelling.
    assert [f.name for f in compiled.fields] == ["AccountNumber", "Name"]
    upper = compile_zoql(
        "SELECT Id FROM Account WHERE Name LIKE 'A%' AND Balance IS NOT NULL OR AutoPay = TRUE",
        time_zone=None,
    )
    lower = compile_zoql(
        "select Id from Account where Name like 'A%' and Balance is not null or AutoPay = true",
        time_zone=None,
    )
    assert upper.query == lower.query


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("select * from Account", "fns:MALFORMED_QUERY"),
        ("select Id from Account where", "fns:MALFORMED_QUERY"),
        ("select Id from Account where Name = 'x", "fns:MALFORMED_QUERY"),
        ("select Id, from Account", "fns:MALFORMED_QUERY"),
        ("select Id from Account where Name = 'x' and", "fns:MALFORMED_QUERY"),
        ("select Id from Account where (Name = 'x'", "fns:MALFORMED_QUERY"),
        ("select Id from Nothing", "fns:INVALID_TYPE"),
        ("select Foo from Account", "fns:INVALID_FIELD"),
        ("select Id from Account where Foo = 1", "fns:INVALID_FIELD"),
        ("select Id from Account where BillCycleDay = 'x'", "fns:INVALID_VALUE"),
        ("select Id from Account where BillCycleDay = 1.5", "fns:INVALID_VALUE"),
        ("select Id from Account where CreatedDate > 'yesterday'", "fns:INVALID_VALUE"),
        ("select Id from Account where AutoPay = 1", "fns:INVALID_VALUE"),
        ("select Id from Account where Balance like '1%'", "fns:INVALID_VALUE"),
    ],
)
def test_refusals(text: str, code: str) -> None:
    with pytest.raises(ZoqlError) as caught:
        compile_zoql(text, time_zone=None)
    assert caught.value.code == code


def test_enumerations_in_zoql_spelling() -> None:
    query = compile_zoql(
        "select Id from ProductRatePlanCharge where ChargeType = 'One-Time' "
        "and ChargeModel = 'Flat Fee Pricing'",
        time_zone=None,
    ).query
    assert query.where == Junction(
        True,
        (
            Comparison("charge_type", Comparator.EQ, "OneTime"),
            Comparison("charge_model", Comparator.EQ, "FlatFee"),
        ),
    )
    charge = OBJECTS["productrateplancharge"]
    model = charge.field("ChargeModel")
    assert model is not None
    assert wire_value(model, "PerUnit", UTC) == "Per Unit Pricing"  # type: ignore[arg-type]


def test_conditions_survive_json() -> None:
    found = where(
        "(Name = 'a' or Balance >= 1.5) and CreatedDate < '2024-01-01T00:00:00Z' and Notes is null"
    )
    assert condition_from_json(condition_to_json(found)) == found  # type: ignore[arg-type]


def test_every_field_reads_a_stored_column() -> None:
    from zorders.storage.query_documents import sources_for

    for dialect in ("sqlite", "postgresql"):
        sources = sources_for(dialect)
        for zobject in OBJECTS.values():
            source = sources[zobject.source]
            for zfield in zobject.fields.values():
                assert zfield.attr in source.attrs, (zobject.name, zfield.name)
