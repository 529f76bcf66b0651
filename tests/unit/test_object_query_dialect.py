"""The Object Query dialect of the selection machinery: the same parser as v2 with
lowerCamel names matched whatever their case, `<object>.fields[]`, `pageSize` 1..50 and
v1 errors naming the parameter."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from zorders.api.object_query.customers import ACCOUNTS
from zorders.api.object_query.dialect import for_object
from zorders.api.object_query.objects import cursor_value
from zorders.api.selection.query import Filter, Kind, Query, SortKey, parse_query
from zorders.api.v2.query import V2
from zorders.domain.errors import DomainError, ErrorCode

OQ = for_object("account")


def q(*items: tuple[str, str], listing: bool = True) -> Query:
    return parse_query(items, ACCOUNTS.resource, listing=listing, dialect=OQ)


def test_defaults() -> None:
    query = q()
    assert query.page_size == 10
    assert query.sort == (SortKey("createdDate", True),)
    assert query.fields is None


@pytest.mark.parametrize(
    ("items", "fields"),
    [
        ((("fields[]", "accountNumber"),), {"accountNumber"}),
        ((("fields[]", "ACCOUNTNUMBER,Name"),), {"accountNumber", "name"}),
        ((("account.fields[]", "balance"),), {"balance"}),
        ((("Account.fields[]", "balance"), ("fields[]", "name")), {"balance", "name"}),
    ],
)
def test_fields_fold_case(items: tuple[tuple[str, str], ...], fields: set[str]) -> None:
    assert q(*items).fields == frozenset(fields)


def test_related_fields_and_expand_fold_case() -> None:
    query = q(("expand[]", "billto,SUBSCRIPTIONS"), ("billto.fields[]", "firstname"))
    assert query.expand == frozenset({"billTo", "subscriptions"})
    assert query.related_fields == {"billTo": frozenset({"firstName"})}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("accountnumber.EQ:A00000001", Filter("accountNumber", "EQ", "A00000001", Kind.STRING)),
        ("balance.GE:10.50", Filter("balance", "GE", Decimal("10.50"), Kind.NUMBER)),
        ("billCycleDay.IN:[1,15]", Filter("billCycleDay", "IN", (1, 15), Kind.INTEGER)),
        ("autoPay.EQ:true", Filter("autoPay", "EQ", True, Kind.BOOLEAN)),
        ("crmId.NE:null", Filter("crmId", "NE", None, Kind.STRING)),
        ("name.SW:Ac", Filter("name", "SW", "Ac", Kind.STRING)),
        (
            "createdDate.LT:2025-01-01T00:00:00Z",
            Filter("createdDate", "LT", datetime(2025, 1, 1, tzinfo=UTC), Kind.DATETIME),
        ),
    ],
)
def test_filters(spec: str, expected: Filter) -> None:
    assert q(("filter[]", spec)).filters == (expected,)


def test_sort_directions() -> None:
    assert q(("sort[]", "accountnumber.ASC"), ("sort[]", "balance.desc")).sort == (
        SortKey("accountNumber", False),
        SortKey("balance", True),
    )


@pytest.mark.parametrize(
    ("items", "parameter"),
    [
        ((("fields[]", "nope"),), "fields[]"),
        ((("filter[]", "name.XX:a"),), "filter[]"),
        ((("filter[]", "notes.EQ:a"),), "filter[]"),  # no column: not filterable
        ((("sort[]", "name"),), "sort[]"),
        ((("pageSize", "51"),), "pageSize"),
        ((("pageSize", "x"),), "pageSize"),
        ((("cursor", "%%%"),), "cursor"),
        ((("expand[]", "usages"),), "expand[]"),
    ],
)
def test_bad_parameters_are_invalid_query_parameters(
    items: tuple[tuple[str, str], ...], parameter: str
) -> None:
    with pytest.raises(DomainError) as caught:
        q(*items)
    assert caught.value.code is ErrorCode.INVALID_QUERY_PARAMETER
    assert caught.value.field == parameter


def test_v2_keeps_its_own_spelling() -> None:
    """The same Resource through the v2 dialect: exact case, `page_size` up to 99."""
    query = parse_query((("page_size", "99"),), ACCOUNTS.resource, listing=True, dialect=V2)
    assert query.page_size == 99
    with pytest.raises(Exception) as caught:
        parse_query((("fields[]", "ACCOUNTNUMBER"),), ACCOUNTS.resource, listing=True, dialect=V2)
    assert type(caught.value).__name__ == "V2Error"


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("10.50", Kind.NUMBER, Decimal("10.50")),
        ("2025-01-01T10:00:00.000000", Kind.DATETIME, datetime(2025, 1, 1, 10, tzinfo=UTC)),
        (None, Kind.STRING, None),
        (7, Kind.INTEGER, 7),
    ],
)
def test_cursor_values_read_back(text: object, kind: Kind, value: object) -> None:
    assert cursor_value(text, kind) == value
